package site

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tally-book/tally/runner/chapter"
)

// TestBookSettings builds a book from a folder: its book file titles the
// site and names its language (fr, with French words it adds), a post
// whose front matter says lang: ko is a Korean page (lang attribute and
// badges), and a word the site does not have is a problem at its line of
// the book file.
func TestBookSettings(t *testing.T) {
	root := t.TempDir()
	files := map[string]string{
		"go.mod":             "module example.com/livre\n",
		"chapters/book.yaml": "title: Un livre\ndescription: Des nombres vérifiés.\nlanguage: fr\nwords:\n  fr:\n    search: Chercher dans le livre\n    optional: facultatif\n",
		"chapters/01-un.md":  "# Un\n\nTexte.\n\n## Plus loin (*)\n\nDétails.\n",
		"chapters/02-ko.md":  "---\nlang: ko\n---\n# 둘\n\n본문.\n\n## 더 깊이 (*)\n\n자세히.\n",
	}
	for name, src := range files {
		f := filepath.Join(root, filepath.FromSlash(name))
		os.MkdirAll(filepath.Dir(f), 0o755)
		if err := os.WriteFile(f, []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	b, err := chapter.LoadBook(filepath.Join(root, "chapters"))
	if err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(t.TempDir(), "site")
	if err := Build(b, nil, Options{Out: out}); err != nil {
		t.Fatal(err)
	}
	read := func(name string) string {
		src, err := os.ReadFile(filepath.Join(out, name))
		if err != nil {
			t.Fatal(err)
		}
		return string(src)
	}
	for name, wants := range map[string][]string{
		"index.html": {`<html lang="fr">`, `<title>Un livre</title>`, `Des nombres vérifiés.`, `placeholder="Chercher dans le livre"`},
		"01-un.html": {`<html lang="fr">`, `Un · Un livre`, `>facultatif<`},
		"02-ko.html": {`<html lang="ko">`, `placeholder="책에서 검색"`, `>심화<`, `<a href="01-un.html" lang="fr">Un</a>`},
	} {
		page := read(name)
		for _, want := range wants {
			if !strings.Contains(page, want) {
				t.Errorf("%s lacks %s", name, want)
			}
		}
	}
	if page := read("02-ko.html"); strings.Contains(page, ">facultatif<") || strings.Contains(page, `<article class="chapter" lang=`) {
		t.Errorf("02-ko.html has French badges, or an article in another language than the page's")
	}

	os.WriteFile(filepath.Join(root, "chapters", "book.yaml"), []byte("title: Un livre\nwords:\n  fr:\n    serch: Chercher\n"), 0o644)
	b, err = chapter.LoadBook(filepath.Join(root, "chapters"))
	if err != nil {
		t.Fatal(err)
	}
	err = Build(b, nil, Options{Out: filepath.Join(t.TempDir(), "site")})
	want := filepath.ToSlash(filepath.Join(root, "chapters", "book.yaml")) + `:4: words: fr: "serch" is not a word of the site`
	if !errors.Is(err, ErrProblems) || !strings.Contains(err.Error(), want) {
		t.Errorf("Build with an unknown word: %v, want %s", err, want)
	}
}
