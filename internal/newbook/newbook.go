// Package newbook writes the files of a new tally book, for tally init: a
// go.mod that requires tally, chapters/book.yaml (the book file: title,
// description, language), chapters/01-first.md (one snippet, one figure,
// two claims), a .gitignore, a book_test.go that checks the book with go
// test, and a README with the two commands. For an existing blog
// (Config.Posts) it writes only go.mod and book_test.go, and adds tally's
// folders to the .gitignore.
package newbook

import (
	"bytes"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"text/template"
	"unicode"

	"golang.org/x/mod/module"
)

//go:embed files
var files embed.FS

// ZeroVersion is the version a book requires of tally when go.mod
// replaces tally with a folder, as go mod does for an unpublished module.
const ZeroVersion = "v0.0.0-00010101000000-000000000000"

// Config describes the book to write.
type Config struct {
	Module  string // module path, such as example.com/mybook
	Version string // version of tally to require
	Replace string // folder of a tally checkout to use instead of the published module; optional
	Go      string // go directive, such as 1.26
	Posts   string // folder of an existing blog's posts (_posts, content/posts) to check instead of a new chapters/; optional
	Title   string // the book's title; made from the module path when empty
}

// ErrExists is returned when a file that Write would write exists.
var ErrExists = errors.New("newbook: file exists")

// layout maps each file of a book to the embedded file it comes from.
var layout = []struct{ dst, src string }{
	{"go.mod", "go.mod.tmpl"},
	{".gitignore", "gitignore"},
	{"book_test.go", "book_test.go.tmpl"},
	{"README.md", "README.md.tmpl"},
	{"chapters/book.yaml", "book.yaml.tmpl"},
	{"chapters/01-first.md", "01-first.md"},
}

// Files lists the files Write writes with cfg, relative to the book's
// folder.
func Files(cfg Config) []string {
	var out []string
	for _, l := range written(cfg) {
		out = append(out, filepath.FromSlash(l.dst))
	}
	return out
}

// written returns the part of layout that cfg writes.
func written(cfg Config) []struct{ dst, src string } {
	if cfg.Posts == "" {
		return layout
	}
	return layout[:3] // go.mod, .gitignore (added to), book_test.go
}

// Write writes a new book into dir, which may exist but must not hold any
// of the book's files. It writes nothing when one of them exists.
func Write(dir string, cfg Config) error {
	if err := module.CheckImportPath(cfg.Module); err != nil {
		return fmt.Errorf("newbook: %w", err)
	}
	if cfg.Version == "" || cfg.Go == "" {
		return errors.New("newbook: Config needs Version and Go")
	}
	for _, l := range written(cfg) {
		if _, err := os.Stat(filepath.Join(dir, l.dst)); err == nil && !(cfg.Posts != "" && l.dst == ".gitignore") {
			return fmt.Errorf("%w: %s", ErrExists, filepath.Join(dir, l.dst))
		}
	}
	data := struct {
		Config
		Package, Title, Dir string
	}{cfg, packageName(cfg.Module), cfg.Title, "chapters"}
	if data.Title == "" {
		data.Title = title(cfg.Module)
	}
	if cfg.Posts != "" {
		data.Dir = filepath.ToSlash(cfg.Posts)
	}
	for _, l := range written(cfg) {
		if cfg.Posts != "" && l.dst == ".gitignore" {
			if err := addIgnores(filepath.Join(dir, l.dst)); err != nil {
				return err
			}
			continue
		}
		src, err := fs.ReadFile(files, "files/"+l.src)
		if err != nil {
			return err
		}
		if strings.HasSuffix(l.src, ".tmpl") {
			t, err := template.New(l.src).Parse(string(src))
			if err != nil {
				return err
			}
			var b bytes.Buffer
			if err := t.Execute(&b, data); err != nil {
				return err
			}
			src = b.Bytes()
			if !bytes.HasSuffix(src, []byte("\n")) {
				src = append(src, '\n')
			}
		}
		dst := filepath.Join(dir, filepath.FromSlash(l.dst))
		if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(dst, src, 0o644); err != nil {
			return err
		}
	}
	return nil
}

// addIgnores adds tally's folders to a blog's .gitignore, or writes one.
func addIgnores(file string) error {
	old, err := os.ReadFile(file)
	if err != nil && !errors.Is(err, os.ErrNotExist) {
		return err
	}
	add := ""
	if !bytes.Contains(old, []byte("/_tally/")) {
		add = "# tally's cache of chapter runs\n/_tally/\n"
	}
	if add == "" {
		return nil
	}
	if len(old) > 0 && !bytes.HasSuffix(old, []byte("\n")) {
		old = append(old, '\n')
	}
	return os.WriteFile(file, append(old, add...), 0o644)
}

// packageName turns the last element of a module path into a package
// name: example.com/my-book → mybook.
func packageName(mod string) string {
	last := mod[strings.LastIndex(mod, "/")+1:]
	var b strings.Builder
	for _, r := range strings.ToLower(last) {
		if r < unicode.MaxASCII && (unicode.IsLetter(r) || unicode.IsDigit(r) && b.Len() > 0) {
			b.WriteRune(r)
		}
	}
	if b.Len() == 0 {
		return "book"
	}
	return b.String()
}

// Title turns a folder's name, or the last element of a module path, into
// a title: example.com/my-book → My book.
func Title(mod string) string { return title(mod) }

func title(mod string) string {
	last := mod[strings.LastIndex(mod, "/")+1:]
	last = strings.NewReplacer("-", " ", "_", " ", ".", " ").Replace(last)
	r := []rune(last)
	if len(r) == 0 {
		return "A book"
	}
	return string(unicode.ToUpper(r[0])) + string(r[1:])
}
