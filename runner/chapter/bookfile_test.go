package chapter

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// TestSettings reads the settings of books laid out in a temporary folder
// named "site": a book file, a Jekyll or Hugo configuration, both, or
// nothing, and book files with mistakes, reported at their line.
func TestSettings(t *testing.T) {
	const bookFile = `title: A book
description: About things.
language: fr
editions:
  ko: {name: 한국어, title: 책}
  de:
    name: Deutsch
imports:
  stats: example.com/stats/v2
words:
  fr:
    search: Chercher
`
	tests := []struct {
		name  string
		files map[string]string // relative to the site folder
		dir   string            // the book's folder
		want  Settings          // lines and File not compared
		err   string
	}{
		{name: "nothing", files: map[string]string{"go.mod": "module x\n", "chapters/01.md": ""}, dir: "chapters",
			want: Settings{Title: "site", Language: "en"}},
		{name: "book file", files: map[string]string{"go.mod": "module x\n", "chapters/book.yaml": bookFile}, dir: "chapters",
			want: Settings{Title: "A book", Description: "About things.", Language: "fr",
				Editions: []Edition{{Code: "de", Name: "Deutsch"}, {Code: "ko", Name: "한국어", Title: "책"}},
				Imports:  map[string]string{"stats": "example.com/stats/v2"},
				Words:    map[string]map[string]string{"fr": {"search": "Chercher"}}}},
		{name: "jekyll", files: map[string]string{"go.mod": "module x\n", "_config.yml": "title: My blog\ndescription: Notes.\nlang: ko\nplugins: [jekyll-feed]\n"}, dir: "_posts",
			want: Settings{Title: "My blog", Description: "Notes.", Language: "ko"}},
		{name: "jekyll without title", files: map[string]string{"go.mod": "module x\n", "_config.yml": "theme: minima\n"}, dir: "_posts",
			want: Settings{Title: "site", Language: "en"}},
		{name: "hugo toml", files: map[string]string{".git/HEAD": "", "hugo.toml": "title = 'Hugo site'\nlanguageCode = 'de-DE'\n[params]\ndescription = 'Ein Blog.'\n"}, dir: "content/posts",
			want: Settings{Title: "Hugo site", Description: "Ein Blog.", Language: "de-DE"}},
		{name: "hugo yaml", files: map[string]string{"go.mod": "module x\n", "hugo.yaml": "title: Y\ndefaultContentLanguage: ja\n"}, dir: "content",
			want: Settings{Title: "Y", Language: "ja"}},
		{name: "book file over blog", files: map[string]string{"go.mod": "module x\n", "_config.yml": "title: My blog\nlang: ko\n", "_posts/book.yaml": "title: Better\n"}, dir: "_posts",
			want: Settings{Title: "Better", Language: "ko"}},
		{name: "unknown key", files: map[string]string{"go.mod": "module x\n", "chapters/book.yaml": "title: T\n\ntitel: T\n"}, dir: "chapters",
			err: "chapters/book.yaml:3: unknown key titel (want title, description, language, editions, imports, numbered or words)"},
		{name: "numbered", files: map[string]string{"go.mod": "module x\n", "chapters/book.yaml": "title: T\nnumbered: true\n"}, dir: "chapters",
			want: Settings{Title: "T", Language: "en", Numbered: true}},
		{name: "numbered not a bool", files: map[string]string{"go.mod": "module x\n", "chapters/book.yaml": "numbered: often\n"}, dir: "chapters",
			err: "chapters/book.yaml:1: numbered: \"often\" is not true or false"},
		{name: "bad edition", files: map[string]string{"go.mod": "module x\n", "chapters/book.yaml": "editions:\n  ko:\n    nom: X\n"}, dir: "chapters",
			err: "chapters/book.yaml:3: editions.ko: unknown key nom (want name, title or description)"},
		{name: "bad import", files: map[string]string{"go.mod": "module x\n", "chapters/book.yaml": "imports:\n  my-pkg: example.com/p\n  q: \"bad path\"\n"}, dir: "chapters",
			err: "chapters/book.yaml:2: imports: \"my-pkg\" is not a package name\nchapters/book.yaml:3: imports.q: malformed import path"},
		{name: "not a mapping", files: map[string]string{"go.mod": "module x\n", "chapters/book.yaml": "- title\n"}, dir: "chapters",
			err: "chapters/book.yaml:1: the book file: want a mapping"},
		{name: "not yaml", files: map[string]string{"go.mod": "module x\n", "chapters/book.yaml": "title: [\n"}, dir: "chapters",
			err: "chapters/book.yaml: line 1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			site := filepath.Join(t.TempDir(), "site")
			for name, src := range tt.files {
				file := filepath.Join(site, filepath.FromSlash(name))
				os.MkdirAll(filepath.Dir(file), 0o755)
				if err := os.WriteFile(file, []byte(src), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			os.MkdirAll(filepath.Join(site, tt.dir), 0o755)
			t.Chdir(site)
			s, err := loadSettings(tt.dir)
			if tt.err != "" {
				if err == nil || !strings.Contains(err.Error(), tt.err) {
					t.Fatalf("error %v, want %q", err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			got := *s
			got.File, got.lines = "", nil
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("settings\n got %+v\nwant %+v", got, tt.want)
			}
		})
	}
}

// TestSettingsLines gives the line of a key of the book file, for messages
// of the site about it.
func TestSettingsLines(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "go.mod"), []byte("module x\n"), 0o644)
	os.WriteFile(filepath.Join(dir, BookFile), []byte("title: T\nwords:\n  fr:\n    search: Chercher\n"), 0o644)
	s, err := loadSettings(dir)
	if err != nil {
		t.Fatal(err)
	}
	if got := s.Pos("words.fr.search"); got.Line != 4 || got.File != filepath.ToSlash(filepath.Join(dir, BookFile)) {
		t.Errorf("Pos = %v", got)
	}
	if s.line("description") != 0 {
		t.Errorf("a missing key has line %d", s.line("description"))
	}
}
