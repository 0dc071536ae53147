package chapter

import (
	"io/fs"
	"path"
	"path/filepath"
	"sort"
	"strings"

	"github.com/tally-book/tally/book"
)

// The layout of a book's folder: which Markdown files below it are
// chapters, which are translations, and which are neither. A flat folder
// of chapters (chapters/NN-name.md) is the simplest case; the posts of a
// blog are often nested, as Hugo's page bundles and sections are, and as
// Jekyll's _posts may be. See "Blog posts" in the package documentation.

// SlugOf returns the slug of the chapter at path, the name of its page
// and program: the file name without its extension, or for index.md (a
// Hugo page bundle, my-post/index.md) the name of its folder. A
// translation named as Hugo names them, foo.ko.md or my-post/index.ko.md,
// has the slug of the chapter it translates.
func SlugOf(p string) string {
	p = filepath.ToSlash(p)
	name := path.Base(p)
	if lang := fileLang(name); lang != "" {
		name = strings.TrimSuffix(name, "."+lang+".md") + ".md"
	}
	if name == "index.md" {
		if dir := path.Base(path.Dir(p)); dir != "." && dir != "/" && dir != ".." {
			return dir
		}
	}
	return strings.TrimSuffix(name, path.Ext(name))
}

// fileLang returns the language of a Markdown file named as Hugo names
// translations, NAME.LANG.md (index.ko.md, foo.pt-BR.md), or "".
func fileLang(name string) string {
	rest, ok := strings.CutSuffix(name, ".md")
	if !ok {
		return ""
	}
	if i := strings.LastIndex(rest, "."); i > 0 && book.ValidLang(rest[i+1:]) {
		return rest[i+1:]
	}
	return ""
}

// isIndex reports whether name is the page of a bundle: index.md, or a
// translation of it such as index.ko.md.
func isIndex(name string) bool {
	if lang := fileLang(name); lang != "" {
		return name == "index."+lang+".md"
	}
	return name == "index.md"
}

// skipFile reports whether a Markdown file of a book's folder is not a
// chapter: folder notes (README.md), drafts and Hugo's section pages
// (_index.md, and any name that starts with '_').
func skipFile(name string) bool {
	return strings.EqualFold(name, "README.md") || strings.HasPrefix(name, "_")
}

// skipDir reports whether a folder below a book's root is left out: hidden
// folders (.git), folders that start with '_' (tally's _tally, a site's
// _site, Jekyll's _drafts) and node_modules.
func skipDir(name string) bool {
	return strings.HasPrefix(name, ".") || strings.HasPrefix(name, "_") || name == "node_modules"
}

// layout is the Markdown files of a book, as slash-separated paths
// relative to its root, sorted.
type layout struct {
	files   []string            // chapters
	langs   map[string][]string // candidate translations, by language folder
	named   map[string][]string // translations named NAME.LANG.md, by language
	folders []string            // every folder read, the root first
}

// bookLayout sorts the Markdown files below a book's root (given as
// slash-separated paths relative to it, with the folders that hold them)
// into chapters and candidate translations:
//
//   - a folder that holds index.md is a leaf bundle: index.md is a chapter
//     and everything else in the folder, below it included, is the
//     bundle's resources;
//   - a file named NAME.LANG.md (index.ko.md) is a translation, as in Hugo;
//   - a direct subfolder of the root named like a language code (ko,
//     pt-BR) holds candidate translations, laid out as the root is
//     (Book.load decides whether they are);
//   - every other *.md file is a chapter, except those skipFile names and
//     those in a folder skipDir names.
func bookLayout(paths []string) layout {
	sort.Strings(paths)
	l := layout{langs: map[string][]string{}, named: map[string][]string{}}
	bundles := map[string]bool{} // folders (below a root) that hold index.md
	for _, p := range paths {
		// The root and a language folder's root are never bundles.
		if d := path.Dir(p); path.Base(p) == "index.md" && d != "." && !book.ValidLang(d) {
			bundles[d] = true
		}
	}
	// inBundle reports whether p is a resource of a bundle: below a
	// bundle's folder, and not its index.md. A bundle inside a bundle is
	// a resource of the outer one, as in Hugo.
	inBundle := func(p string) bool {
		for d := path.Dir(p); d != "."; d = path.Dir(d) {
			if bundles[d] && (path.Dir(p) != d || !isIndex(path.Base(p))) {
				return true
			}
		}
		return false
	}
	for _, p := range paths {
		if skipFile(path.Base(p)) || inBundle(p) {
			continue
		}
		parts := strings.Split(p, "/")
		hidden := false
		for _, d := range parts[:len(parts)-1] {
			if skipDir(d) {
				hidden = true
			}
		}
		if hidden {
			continue
		}
		if lang := fileLang(parts[len(parts)-1]); lang != "" {
			l.named[lang] = append(l.named[lang], p)
			continue
		}
		if len(parts) > 1 && book.ValidLang(parts[0]) {
			l.langs[parts[0]] = append(l.langs[parts[0]], p)
			continue
		}
		l.files = append(l.files, p)
	}
	return l
}

// readLayout walks the folder dir of a book and returns its layout, with
// the folders it read (dir first) for tools that watch them.
func readLayout(dir string) (layout, error) {
	var paths, folders []string
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if p != dir && skipDir(d.Name()) {
				return filepath.SkipDir
			}
			folders = append(folders, p)
			return nil
		}
		if strings.HasSuffix(d.Name(), ".md") {
			rel, err := filepath.Rel(dir, p)
			if err != nil {
				return err
			}
			paths = append(paths, filepath.ToSlash(rel))
		}
		return nil
	})
	if err != nil {
		return layout{}, err
	}
	l := bookLayout(paths)
	l.folders = folders
	return l, nil
}

// BookFolders returns the folders of the book in dir that LoadBook reads,
// dir first, for tools that watch them for changes.
func BookFolders(dir string) ([]string, error) {
	l, err := readLayout(dir)
	return l.folders, err
}

// commonDir returns the longest folder that holds all the slash-separated
// paths, "." when they share none.
func commonDir(paths []string) string {
	if len(paths) == 0 {
		return "."
	}
	dir := path.Dir(paths[0])
	for _, p := range paths[1:] {
		for dir != "." && dir != "/" && !strings.HasPrefix(p, dir+"/") {
			dir = path.Dir(dir)
		}
	}
	return dir
}

// BookOf returns the folder of the book that holds the chapter or
// translation at file (tally run and tally test load a chapter with its
// whole book, so that uses: finds the chapters it names): the nearest
// folder above file named chapters,
// content (Hugo's) or _posts (Jekyll's); otherwise file's own folder,
// or for index.md the folder above its bundle, and above that a language
// folder's parent.
func BookOf(file string) string {
	file = filepath.Clean(file)
	for d := filepath.Dir(file); ; d = filepath.Dir(d) {
		switch filepath.Base(d) {
		case "chapters", "content", "_posts":
			return d
		case ".", "..", string(filepath.Separator):
		default:
			continue
		}
		break
	}
	dir := filepath.Dir(file)
	if filepath.Base(file) == "index.md" {
		dir = filepath.Dir(dir)
	}
	if book.ValidLang(filepath.Base(dir)) {
		dir = filepath.Dir(dir)
	}
	return dir
}
