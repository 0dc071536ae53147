package runner

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/tally-book/tally/runner/book"
)

// Book is the chapters of a folder, in file-name order.
type Book struct {
	Dir          string
	Chapters     []*Chapter
	Translations []*Translation         // chapters of DIR/<lang>/, such as chapters/ko/01-losses.md
	Errors       map[*Chapter]ErrorList // problems found while parsing, per chapter or translation
	bySlug       map[string]*Chapter
	math         *MathSyntax // the math syntax of every chapter; by path (MathFor) when nil
}

// LoadBook parses every *.md file of dir. A chapter with problems is kept,
// with its problems in Errors, so that the others can still run. An empty
// folder is ErrNoChapters.
func LoadBook(dir string) (*Book, error) {
	files, err := filepath.Glob(filepath.Join(dir, "*.md"))
	if err != nil {
		return nil, err
	}
	if _, err := os.Stat(dir); err != nil {
		return nil, fmt.Errorf("%s: %w", dir, err)
	}
	var chapters []string
	for _, f := range files {
		if b := filepath.Base(f); strings.EqualFold(b, "README.md") || strings.HasPrefix(b, "_") {
			continue // folder notes and drafts are not chapters
		}
		chapters = append(chapters, f)
	}
	if len(chapters) == 0 {
		return nil, fmt.Errorf("%s: %w (no *.md files)", dir, ErrNoChapters)
	}
	sort.Strings(chapters)
	b := &Book{Dir: dir, Errors: map[*Chapter]ErrorList{}, bySlug: map[string]*Chapter{}}
	if m, ok, err := hugoMath(dir); err != nil {
		return nil, err
	} else if ok {
		b.math = &m
	}
	for _, f := range chapters {
		src, err := os.ReadFile(f)
		if err != nil {
			return nil, err
		}
		if err := b.Add(filepath.ToSlash(f), src); err != nil {
			return nil, err
		}
	}
	b.resolve()
	subs, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	for _, sub := range subs {
		if !sub.IsDir() || !book.ValidLang(sub.Name()) {
			continue
		}
		files, _ := filepath.Glob(filepath.Join(dir, sub.Name(), "*.md"))
		sort.Strings(files)
		for _, f := range files {
			if strings.EqualFold(filepath.Base(f), "README.md") {
				continue
			}
			src, err := os.ReadFile(f)
			if err != nil {
				return nil, err
			}
			b.AddTranslation(sub.Name(), filepath.ToSlash(f), src)
		}
	}
	return b, nil
}

// AddTranslation parses a translation into the book: a chapter of language
// lang whose file name (or front matter translates:) names its source.
func (b *Book) AddTranslation(lang, path string, src []byte) *Translation {
	ch, err := b.parse(path, src)
	var errs ErrorList
	if err != nil {
		errs = err.(ErrorList)
	}
	name := ch.Slug
	if t, ok := ch.Meta.Extra["translates"].(string); ok {
		name = t
	}
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
// in messages; tests and tools that do not read a folder use it. A path in
// a folder named by a language code (ko/01-losses.md) is a translation.
func NewBook(files map[string][]byte) *Book {
	b := &Book{Errors: map[*Chapter]ErrorList{}, bySlug: map[string]*Chapter{}}
	names := make([]string, 0, len(files))
	for n := range files {
		names = append(names, n)
	}
	sort.Strings(names)
	var translations []string
	for _, n := range names {
		if dir := filepath.Dir(n); dir != "." && book.ValidLang(filepath.Base(dir)) {
			translations = append(translations, n)
			continue
		}
		_ = b.Add(n, files[n])
	}
	b.resolve()
	for _, n := range translations {
		b.AddTranslation(filepath.Base(filepath.Dir(n)), n, files[n])
	}
	return b
}

// Add parses a chapter into the book. It fails only when the slug is taken.
func (b *Book) Add(path string, src []byte) error {
	ch, err := b.parse(path, src)
	if other, ok := b.bySlug[ch.Slug]; ok {
		return fmt.Errorf("%s: chapter name %q is also %s", path, ch.Slug, other.Path)
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

// Chapter returns the chapter with the given slug ("01-losses"), file name
// ("01-losses.md") or path.
func (b *Book) Chapter(name string) *Chapter {
	name = filepath.ToSlash(name)
	if ch, ok := b.bySlug[strings.TrimSuffix(filepath.Base(name), ".md")]; ok {
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
