package chapter

import (
	"fmt"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"
)

// Book is the chapters below a folder, in path order, and their
// translations.
type Book struct {
	Dir          string
	Chapters     []*Chapter
	Translations []*Translation         // chapters of DIR/<lang>/, such as chapters/ko/01-losses.md
	Errors       map[*Chapter]ErrorList // problems found while parsing, per chapter or translation
	Settings     *Settings              // the book file's, or the blog's configuration's; LoadBook reads them
	bySlug       map[string]*Chapter
	math         *MathSyntax // the math syntax of every chapter; by path (mathFor) when nil
}

// LoadBook parses the chapters below dir: its *.md files, those of its
// subfolders (a page bundle's index.md, a section's posts) and the
// translations of its language folders, laid out as "Blog posts" in the
// package documentation says. A chapter with problems is kept, with its
// problems in Errors, so that the others can still run. A folder without
// chapters is ErrNoChapters; two chapters of one slug are an error that
// names both files.
func LoadBook(dir string) (*Book, error) {
	if _, err := os.Stat(dir); err != nil {
		return nil, fmt.Errorf("%s: %w", dir, err)
	}
	l, err := readLayout(dir)
	if err != nil {
		return nil, err
	}
	b := newBook(dir)
	if m, ok, err := hugoMath(dir); err != nil {
		return nil, err
	} else if ok {
		b.math = &m
	}
	// After hugoMath, which names a broken hugo.* file at its line.
	if b.Settings, err = loadSettings(dir); err != nil {
		return nil, err
	}
	// Chapters are read through an os.Root on the book's folder: a
	// symbolic link may point within the book, never out of it.
	root, err := os.OpenRoot(dir)
	if err != nil {
		return nil, err
	}
	defer func() { _ = root.Close() }() // read only
	read := func(rel string) ([]byte, error) {
		src, err := root.ReadFile(filepath.FromSlash(rel))
		if err != nil {
			return nil, fmt.Errorf("%s: %w", filepath.Join(dir, filepath.FromSlash(rel)), err)
		}
		return src, nil
	}
	if err := b.load(filepath.ToSlash(dir), l, read); err != nil {
		return nil, err
	}
	if len(b.Chapters) == 0 {
		return nil, fmt.Errorf("%s: %w (a chapter is a *.md file other than README.md and _*.md)", dir, ErrNoChapters)
	}
	return b, nil
}

func newBook(dir string) *Book {
	return &Book{Dir: dir, Errors: map[*Chapter]ErrorList{}, bySlug: map[string]*Chapter{},
		Settings: &Settings{Language: "en", lines: map[string]int{}}}
}

// load adds the chapters and translations of layout l, whose paths are
// relative to root, reading each file with read. A language folder holds
// translations when one of its files translates a chapter of the book
// (by its name, or front matter translates:); otherwise it is a section
// of chapters like any other folder, such as a blog's ml/ or go/.
func (b *Book) load(root string, l layout, read func(rel string) ([]byte, error)) error {
	full := func(rel string) string {
		if root == "." || root == "" {
			return rel
		}
		return path.Join(root, rel)
	}
	srcs := map[string][]byte{}
	get := func(rel string) ([]byte, error) {
		if src, ok := srcs[rel]; ok {
			return src, nil
		}
		src, err := read(rel)
		srcs[rel] = src
		return src, err
	}
	slugs := map[string]bool{}
	for _, f := range l.files {
		slugs[SlugOf(full(f))] = true
	}
	type parsed struct {
		lang string
		ch   *Chapter
		err  error
	}
	var translations []parsed
	files := append([]string(nil), l.files...)
	var langs []string
	for lang := range l.langs {
		langs = append(langs, lang)
	}
	for lang := range l.named {
		if _, ok := l.langs[lang]; !ok {
			langs = append(langs, lang)
		}
	}
	sort.Strings(langs)
	for _, lang := range langs {
		var trs []parsed
		// A file named NAME.LANG.md is a translation wherever it is.
		for _, f := range l.named[lang] {
			src, err := get(f)
			if err != nil {
				return err
			}
			ch, perr := b.parse(full(f), src)
			translations = append(translations, parsed{lang, ch, perr})
		}
		translates := false
		for _, f := range l.langs[lang] {
			src, err := get(f)
			if err != nil {
				return err
			}
			ch, perr := b.parse(full(f), src)
			// LANG/index.md is named by its folder, a language code, and
			// so translates nothing by its name: foo/index.md is a bundle.
			if f != lang+"/index.md" || ch.Meta.Extra["translates"] != nil {
				translates = translates || slugs[translatedName(ch)]
			}
			trs = append(trs, parsed{lang, ch, perr})
		}
		if translates {
			translations = append(translations, trs...)
		} else {
			files = append(files, l.langs[lang]...)
		}
	}
	sort.Strings(files)
	for _, f := range files {
		src, err := get(f)
		if err != nil {
			return err
		}
		if err := b.add(full(f), src); err != nil {
			return err
		}
	}
	b.resolve()
	for _, t := range translations {
		b.addTranslation(t.lang, t.ch, t.err)
	}
	return nil
}

// translatedName returns the name of the chapter that a translation ch
// translates: its front matter's translates:, or its own slug.
func translatedName(ch *Chapter) string {
	if t, ok := ch.Meta.Extra["translates"].(string); ok {
		return t
	}
	return ch.Slug
}

// AddTranslation parses a translation into the book: a chapter of language
// lang whose file name (or front matter translates:) names its source.
func (b *Book) AddTranslation(lang, path string, src []byte) *Translation {
	ch, err := b.parse(path, src)
	return b.addTranslation(lang, ch, err)
}

func (b *Book) addTranslation(lang string, ch *Chapter, err error) *Translation {
	path := ch.Path
	var errs ErrorList
	if err != nil {
		errs = err.(ErrorList)
	}
	name := translatedName(ch)
	source := b.Chapter(name)
	if source == nil {
		errs.Add(Pos{path, 1}, "translates no chapter: there is no source chapter %s", name)
		tr := &Translation{Lang: lang, Ch: ch}
		b.Translations = append(b.Translations, tr)
		b.Errors[ch] = errs
		return tr
	}
	tr, terrs := newTranslation(lang, ch, source)
	errs = append(errs, terrs...)
	errs.Sort()
	b.Translations = append(b.Translations, tr)
	if len(errs) > 0 {
		b.Errors[ch] = errs
	}
	return tr
}

// NewBook makes a book of chapters given as sources, keyed by the path used
// in messages; tests and tools that do not read a folder use it. The
// folder that holds every path is the book's root, laid out as LoadBook
// reads a folder: a path in a language folder of the root (ko/01-losses.md)
// is a translation, and my-post/index.md is the chapter my-post. Two
// chapters of one slug keep the first.
func NewBook(files map[string][]byte) *Book {
	names := make([]string, 0, len(files))
	for n := range files {
		names = append(names, filepath.ToSlash(n))
	}
	root := commonDir(names)
	b := newBook(root)
	rels := make([]string, 0, len(names))
	for _, n := range names {
		if root != "." {
			n = strings.TrimPrefix(strings.TrimPrefix(n, root), "/")
		}
		rels = append(rels, n)
	}
	read := func(rel string) ([]byte, error) {
		if root == "." {
			return files[rel], nil
		}
		return files[path.Join(root, rel)], nil
	}
	_ = b.load(root, bookLayout(rels), read)
	return b
}

// add parses a chapter into the book. It fails only when the slug is
// taken, with an error at path:1 that names the other file.
func (b *Book) add(path string, src []byte) error {
	ch, err := b.parse(path, src)
	if other, ok := b.bySlug[ch.Slug]; ok {
		return fmt.Errorf("%s:1: chapter name %q is also %s (pages and programs are named by it)", path, ch.Slug, other.Path)
	}
	b.bySlug[ch.Slug] = ch
	b.Chapters = append(b.Chapters, ch)
	if err != nil {
		b.Errors[ch] = err.(ErrorList)
	}
	return nil
}

// parse parses a chapter or a translation with the book's math syntax.
func (b *Book) parse(path string, src []byte) (*Chapter, error) {
	if b.math == nil {
		return Parse(path, src)
	}
	return ParseWith(Markdown(*b.math), *b.math, path, src)
}

// Chapter returns the chapter with the given slug ("01-losses", "my-post"),
// file name ("01-losses.md") or path ("content/posts/my-post/index.md").
func (b *Book) Chapter(name string) *Chapter {
	name = filepath.ToSlash(name)
	for _, ch := range b.Chapters {
		if path.Clean(name) == path.Clean(ch.Path) {
			return ch
		}
	}
	if ch, ok := b.bySlug[SlugOf(name)]; ok {
		return ch
	}
	return nil
}

// resolve checks every uses: entry and reports unknown chapters and cycles.
func (b *Book) resolve() {
	for _, ch := range b.Chapters {
		for _, u := range ch.Meta.Uses {
			if b.Chapter(u) == nil {
				b.addError(ch, "uses: no chapter %q next to this one", u)
			}
		}
		if _, err := b.Deps(ch); err != nil {
			b.addError(ch, "%v", err)
		}
	}
}

func (b *Book) addError(ch *Chapter, format string, args ...any) {
	l := b.Errors[ch]
	l.Add(Pos{File: ch.Path, Line: 1}, format, args...)
	b.Errors[ch] = l
}

// Deps returns the chapters whose definitions ch uses, directly or not,
// each before the chapters that use it.
func (b *Book) Deps(ch *Chapter) ([]*Chapter, error) {
	var out []*Chapter
	state := map[*Chapter]int{} // 1: visiting, 2: done
	var visit func(c *Chapter, path []string) error
	visit = func(c *Chapter, path []string) error {
		switch state[c] {
		case 1:
			return fmt.Errorf("uses: cycle %s", strings.Join(append(path, c.Slug), " → "))
		case 2:
			return nil
		}
		state[c] = 1
		for _, u := range c.Meta.Uses {
			if d := b.Chapter(u); d != nil {
				if err := visit(d, append(path, c.Slug)); err != nil {
					return err
				}
			}
		}
		state[c] = 2
		if c != ch {
			out = append(out, c)
		}
		return nil
	}
	if err := visit(ch, nil); err != nil {
		return nil, err
	}
	return out, nil
}
