package chapter

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tally-book/tally/internal/testkit"
	"golang.org/x/tools/txtar"
)

// TestLayout loads the folder of each testdata/layout/*.txtar with
// LoadBook and compares what it found (chapters with their slugs,
// translations with their sources, problems, or the error that stopped
// it) with the case's want section. The "root" file names the folder
// to load; the other files are written to a temporary folder.
func TestLayout(t *testing.T) {
	files, err := filepath.Glob("testdata/layout/*.txtar")
	if err != nil || len(files) == 0 {
		t.Fatalf("no layout cases: %v", err)
	}
	for _, file := range files {
		file, err := filepath.Abs(file)
		if err != nil {
			t.Fatal(err)
		}
		name := strings.TrimSuffix(filepath.Base(file), ".txtar")
		t.Run(name, func(t *testing.T) {
			ar, err := txtar.ParseFile(file)
			if err != nil {
				t.Fatal(err)
			}
			dir := t.TempDir()
			root, wantIdx := ".", -1
			for i, f := range ar.Files {
				switch f.Name {
				case "root":
					root = strings.TrimSpace(string(f.Data))
					continue
				case "want":
					wantIdx = i
					continue
				}
				p := filepath.Join(dir, filepath.FromSlash(f.Name))
				if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(p, f.Data, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			t.Chdir(dir)
			got := describeBook(LoadBook(root))
			folders, err := BookFolders(root)
			if err != nil {
				t.Fatal(err)
			}
			got += "folders " + strings.Join(folders, " ") + "\n"
			testkit.GoldenTxtar(t, file, ar, wantIdx, got, "layout differs (go test -run TestLayout/"+name+" -update to accept)")
		})
	}
}

// describeBook lists what LoadBook found, one line each.
func describeBook(b *Book, err error) string {
	if err != nil {
		return "error " + err.Error() + "\n"
	}
	var s strings.Builder
	for _, ch := range b.Chapters {
		fmt.Fprintf(&s, "chapter %s %s\n", ch.Slug, ch.Path)
	}
	for _, tr := range b.Translations {
		src := "(none)"
		if tr.Source != nil {
			src = tr.Source.Path
		}
		fmt.Fprintf(&s, "translation %s %s of %s\n", tr.Lang, tr.Ch.Path, src)
	}
	for _, ch := range b.Chapters {
		for _, e := range b.Errors[ch] {
			fmt.Fprintf(&s, "problem %s\n", e)
		}
	}
	for _, tr := range b.Translations {
		for _, e := range b.Errors[tr.Ch] {
			fmt.Fprintf(&s, "problem %s\n", e)
		}
	}
	return s.String()
}

func TestSlugOf(t *testing.T) {
	for _, tt := range []struct{ path, want string }{
		{"chapters/01-losses.md", "01-losses"},
		{"01-losses.md", "01-losses"},
		{"01-losses", "01-losses"},
		{"content/posts/my-post/index.md", "my-post"},
		{"my-post/index.md", "my-post"},
		{"index.md", "index"},
		{"content/posts/2024/foo.ko.md", "foo"},
		{"content/posts/my-post/index.pt-BR.md", "my-post"},
		{"v1.2.md", "v1.2"}, // not a language: an invalid slug, reported by Parse
		{"_posts/2023/2023-05-01-x.md", "2023-05-01-x"},
		{`content\posts\b\index.md`, "b"},
	} {
		p := tt.path
		if strings.Contains(p, `\`) && filepath.Separator != '\\' {
			continue // a Windows path
		}
		if got := SlugOf(p); got != tt.want {
			t.Errorf("SlugOf(%q) = %q, want %q", tt.path, got, tt.want)
		}
	}
}

// TestNewBookLayout checks that NewBook lays out its files as LoadBook
// lays out a folder: a bundle is named by its folder, _index.md is no
// chapter, and a language folder whose files translate nothing is a
// section.
func TestNewBookLayout(t *testing.T) {
	b := NewBook(map[string][]byte{
		"content/_index.md":               []byte("# Home\n"),
		"content/posts/my-post/index.md":  []byte("# Post\n"),
		"content/posts/my-post/notes.md":  []byte("# A resource of the bundle\n"),
		"content/ml/2024-01-01-a.md":      []byte("# In section ml\n"),
		"content/ko/my-post/index.md":     []byte("# 글\n"),
		"content/.hidden/x.md":            []byte("# Hidden\n"),
		"content/posts/2024/last-word.md": []byte("# Last\n"),
	})
	var got []string
	for _, ch := range b.Chapters {
		got = append(got, ch.Slug+"="+ch.Path)
	}
	want := []string{
		"2024-01-01-a=content/ml/2024-01-01-a.md",
		"last-word=content/posts/2024/last-word.md",
		"my-post=content/posts/my-post/index.md",
	}
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("chapters %q, want %q", got, want)
	}
	if len(b.Translations) != 1 || b.Translations[0].Source != b.Chapter("my-post") {
		t.Errorf("translations %v, want ko/my-post/index.md of my-post", b.Translations)
	}
	for _, name := range []string{"my-post", "my-post/index.md", "content/posts/my-post/index.md", "posts/my-post/index.md"} {
		if ch := b.Chapter(name); ch == nil || ch.Slug != "my-post" {
			t.Errorf("Chapter(%q) = %v, want my-post", name, ch)
		}
	}
}

func TestLoadBookCollision(t *testing.T) {
	dir := t.TempDir()
	for _, f := range []string{"2024/foo.md", "2025/foo.md"} {
		p := filepath.Join(dir, f)
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, []byte("# Foo\n"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	_, err := LoadBook(dir)
	want := fmt.Sprintf("%s:1: chapter name \"foo\" is also %s", filepath.ToSlash(filepath.Join(dir, "2025/foo.md")), filepath.ToSlash(filepath.Join(dir, "2024/foo.md")))
	if err == nil || !strings.HasPrefix(err.Error(), want) {
		t.Errorf("LoadBook = %v, want %s…", err, want)
	}
	if errors.Is(err, ErrNoChapters) {
		t.Errorf("a collision is not ErrNoChapters")
	}
}

// TestLoadBookNoChapters checks the error of a book's folder without
// chapters: it names the folder, says it is a book's, and what a chapter
// is, since a folder of notes alone is no book.
func TestLoadBookNoChapters(t *testing.T) {
	for _, tc := range []struct {
		name  string
		files []string
	}{
		{"empty", nil},
		{"notes only", []string{"README.md", "_index.md", "drafts/_wip.md", ".hidden/a.md"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			for _, f := range tc.files {
				p := filepath.Join(dir, f)
				if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(p, []byte("# Notes\n"), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			_, err := LoadBook(dir)
			if !errors.Is(err, ErrNoChapters) {
				t.Fatalf("LoadBook = %v, want ErrNoChapters", err)
			}
			want := dir + ": chapter: the book's folder has no chapters (a chapter is a *.md file other than README.md and _*.md)"
			if err.Error() != want {
				t.Errorf("LoadBook = %q\nwant %q", err, want)
			}
		})
	}
}

func TestBookOf(t *testing.T) {
	for _, tt := range []struct{ file, want string }{
		{"chapters/01-losses.md", "chapters"},
		{"chapters/ko/01-losses.md", "chapters"},
		{"content/posts/my-post/index.md", "content"},
		{"content/ko/posts/my-post/index.md", "content"},
		{"content/posts/2024/foo.md", "content"},
		{"site/_posts/2023/2023-05-01-x.md", "site/_posts"},
		{"_posts/ml/2023-06-01-nets.md", "_posts"},
		{"book/02-b.md", "book"},
		{"book/ko/02-b.md", "book"},
		{"book/my-post/index.md", "book"},
		{"book/ko/my-post/index.md", "book"},
		{"notes.md", "."},
		{"../other/chapters/01-a.md", "../other/chapters"},
		{"../x.md", ".."},
		{"/tmp/blog/content/posts/2024/foo.md", "/tmp/blog/content"},
		{"/tmp/book/ko/01-a.md", "/tmp/book"},
	} {
		if got := filepath.ToSlash(BookOf(filepath.FromSlash(tt.file))); got != tt.want {
			t.Errorf("BookOf(%q) = %q, want %q", tt.file, got, tt.want)
		}
	}
}
