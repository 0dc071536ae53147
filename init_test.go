package main

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/tools/txtar"
)

// shell runs commands for the tests that use tally as a user does.
type shell struct {
	t *testing.T
}

// run runs name with args in dir and fails the test unless it succeeds
// (or, with wantOK false, fails); it returns the combined output. The
// commands see the test's environment as it is: no GOFLAGS of their own.
func (s shell) run(dir string, wantOK bool, name string, args ...string) string {
	s.t.Helper()
	cmd := exec.Command(name, args...)
	cmd.Dir = dir
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	err := cmd.Run()
	if (err == nil) != wantOK {
		s.t.Fatalf("%s %s in %s: %v\n%s", filepath.Base(name), strings.Join(args, " "), dir, err, out.String())
	}
	return out.String()
}

// newShell builds tally into a temporary folder and returns it, the
// folder, this checkout and a shell.
func newShell(t *testing.T) (bin, tmp, repo string, s shell) {
	if testing.Short() {
		t.Skip("builds tally and a book outside this module")
	}
	repo, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	tmp = t.TempDir()
	bin = filepath.Join(tmp, "tally")
	s = shell{t}
	s.run(repo, true, "go", "build", "-o", bin, ".")
	return bin, tmp, repo, s
}

// siteTitle returns the <title> of a page of a site.
func siteTitle(t *testing.T, page string) string {
	t.Helper()
	src, err := os.ReadFile(page)
	if err != nil {
		t.Fatal(err)
	}
	_, rest, _ := strings.Cut(string(src), "<title>")
	title, _, _ := strings.Cut(rest, "</title>")
	return title
}

// TestInitBuildTest does what a new user does, in a temporary folder
// outside this module: tally init mybook (with go.mod replacing tally by
// this checkout, since the module may not be published yet), go mod tidy,
// tally build, go test ./..., then breaks a claim and sees go test fail at
// its line. The site is titled after the folder. Then it undoes what
// tally did for go mod tidy (the imports file) and sees the build name the
// module to get at the chapter line, and a build without go.sum say to run
// go mod tidy.
func TestInitBuildTest(t *testing.T) {
	t.Parallel()
	bin, tmp, repo, s := newShell(t)
	sh := s.run

	out := sh(tmp, true, bin, "init", "-replace", repo, "mybook")
	if !strings.Contains(out, "next: cd mybook && tally build && go test ./...") || !strings.Contains(out, "wrote "+filepath.Join("mybook", "tally_imports_test.go")) {
		t.Errorf("init says:\n%s", out)
	}
	book := filepath.Join(tmp, "mybook")
	sh(book, true, "go", "mod", "tidy")
	mod, _ := os.ReadFile(filepath.Join(book, "go.mod"))
	if !strings.Contains(string(mod), "module mybook\n") || !strings.Contains(string(mod), "replace github.com/tally-book/tally => "+filepath.ToSlash(repo)) ||
		!strings.Contains(string(mod), "\tgonum.org/v1/gonum v") {
		t.Errorf("go.mod after go mod tidy:\n%s", mod)
	}
	for _, f := range []string{".gitignore", "README.md", "book_test.go", "chapters/01-first.md", "chapters/book.yaml", "go.sum", "tally_imports_test.go"} {
		if _, err := os.Stat(filepath.Join(book, f)); err != nil {
			t.Error(err)
		}
	}

	// Built from a folder inside the module, the site lands at its root
	// (named from where tally runs), with the math rendered by the
	// embedded KaTeX (no node_modules here).
	out = sh(filepath.Join(book, "chapters"), true, bin, "build")
	if !strings.Contains(out, "wrote "+filepath.Join("..", "_site")+": 1 chapters") {
		t.Errorf("tally build says:\n%s", out)
	}
	page, err := os.ReadFile(filepath.Join(book, "_site", "01-first.html"))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`class="katex"`, `figures/01-first/draws.png`, `10.04`} {
		if !bytes.Contains(page, []byte(want)) {
			t.Errorf("01-first.html lacks %s", want)
		}
	}
	if got := siteTitle(t, filepath.Join(book, "_site", "index.html")); got != "Mybook" {
		t.Errorf("the site's title is %q, want the folder's name, Mybook", got)
	}
	if _, err := os.Stat(filepath.Join(book, "_site", "assets", "katex", "fonts", "KaTeX_Main-Regular.woff2")); err != nil {
		t.Error(err)
	}
	out = sh(book, true, "go", "test", "./...")
	if !strings.Contains(out, "ok  \tmybook") {
		t.Errorf("go test ./... says:\n%s", out)
	}

	// A false claim fails go test at its line.
	chapter := filepath.Join(book, "chapters", "01-first.md")
	src, _ := os.ReadFile(chapter)
	i := bytes.Index(src, []byte("10.04<!--=mean-->"))
	if i < 0 {
		t.Fatal("the first chapter has no claim of 10.04")
	}
	line := bytes.Count(src[:i], []byte("\n")) + 1
	os.WriteFile(chapter, bytes.Replace(src, []byte("10.04<!--=mean-->"), []byte("10.4<!--=mean-->"), 1), 0o644)
	out = sh(book, false, "go", "test", "./...")
	if want := fmt.Sprintf("chapters/01-first.md:%d: claim 10.4 ≠ computed", line); !strings.Contains(out, want) {
		t.Errorf("go test on a false claim lacks %q:\n%s", want, out)
	}
	os.WriteFile(chapter, src, 0o644)

	// Without the imports file, go mod tidy drops gonum, which only the
	// chapter uses: the build rewrites the file and names the module at
	// the line of the chapter's first use of stat; go mod tidy mends it.
	os.Remove(filepath.Join(book, "tally_imports_test.go"))
	sh(book, true, "go", "mod", "tidy")
	out = sh(book, false, bin, "build")
	statLine := bytes.Count(src[:bytes.Index(src, []byte("stat.MeanStdDev"))], []byte("\n")) + 1
	if want := fmt.Sprintf(`chapters/01-first.md:%d: package gonum.org/v1/gonum/stat: go.mod requires no module that provides it: run "go get gonum.org/v1/gonum"`, statLine); !strings.Contains(out, want) {
		t.Errorf("a build after tidy dropped gonum lacks %q:\n%s", want, out)
	}
	sh(book, true, "go", "mod", "tidy")
	sh(book, true, bin, "build")

	// A build before go mod tidy says to run it.
	sum, _ := os.ReadFile(filepath.Join(book, "go.sum"))
	os.Remove(filepath.Join(book, "go.sum"))
	out = sh(book, false, bin, "build", "-force")
	if want := `has no go.sum yet: run "go mod tidy" there`; !strings.Contains(out, want) || strings.Contains(out, "cache key") {
		t.Errorf("a build without go.sum lacks %q:\n%s", want, out)
	}
	os.WriteFile(filepath.Join(book, "go.sum"), sum, 0o644)

	out = sh(tmp, false, bin, "init", "mybook")
	if !strings.Contains(out, "file exists: mybook/go.mod") {
		t.Errorf("init over a book says:\n%s", out)
	}
	bare := filepath.Join(tmp, "bare")
	os.Mkdir(bare, 0o755)
	out = sh(bare, false, bin, "build")
	if !strings.Contains(out, `no go.mod here or in any folder above (run "tally init" to start a book)`) {
		t.Errorf("build without go.mod says:\n%s", out)
	}
}

// TestInitBlog checks an existing Jekyll blog: tally init -posts adds
// go.mod, book_test.go and the imports file, and adds tally's files to
// the blog's exclude:; go mod tidy keeps the modules of the posts'
// implicit imports (floats, stat), then tally test, tally build and go
// test check the posts, which stay byte for byte as they were. The site
// has the blog's title, and a Korean post is a Korean page.
func TestInitBlog(t *testing.T) {
	t.Parallel()
	bin, tmp, repo, s := newShell(t)
	blog := filepath.Join(tmp, "blog")
	ar, err := txtar.ParseFile("runner/testdata/jekyll.txtar")
	if err != nil {
		t.Fatal(err)
	}
	posts := map[string][]byte{}
	for _, f := range ar.Files {
		if f.Name == "_posts/2024-01-15-mean.md" { // the post that holds
			posts[f.Name] = f.Data
		}
	}
	posts["_posts/2023-12-01-prose.md"] = []byte("---\nlayout: post\ntitle: Words\n---\nNo numbers here. {% include note.html %}\n")
	posts["_posts/2024-03-01-spread.md"] = []byte("---\nlayout: post\ntitle: 퍼짐\nlang: ko\n---\n" +
		"## 분산 (*)\n\n```go\nxs := []float64{1, 2, 3, 4}\nbook.Publish(\"sum\", floats.Sum(xs))\nbook.Publish(\"var\", stat.Variance(xs, nil))\n```\n\n" +
		"합은 10<!--=sum-->이고 분산은 1.667<!--=var-->입니다.\n")
	posts["_config.yml"] = []byte("title: A blog\n")
	for name, data := range posts {
		os.MkdirAll(filepath.Dir(filepath.Join(blog, name)), 0o755)
		if err := os.WriteFile(filepath.Join(blog, name), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	out := s.run(blog, true, bin, "init", "-posts", "_posts", "-replace", repo)
	if !strings.Contains(out, "next: tally test _posts && go test ./...") || !strings.Contains(out, "_config.yml: exclude: go.mod, go.sum, book_test.go") || !strings.Contains(out, "wrote tally_imports_test.go") {
		t.Errorf("init -posts says:\n%s", out)
	}
	// The blog's config keeps tally's files out of the site.
	config := posts["_config.yml"]
	delete(posts, "_config.yml")
	if got, _ := os.ReadFile(filepath.Join(blog, "_config.yml")); !bytes.HasPrefix(got, config) || !bytes.Contains(got, []byte("\nexclude:\n  - go.mod\n")) {
		t.Errorf("_config.yml after init -posts:\n%s", got)
	}
	s.run(blog, true, "go", "mod", "tidy")
	out = s.run(filepath.Join(blog, "_posts"), true, bin, "test", ".")
	if !strings.Contains(out, "3 chapters: 3 passed, 0 failed") {
		t.Errorf("tally test says:\n%s", out)
	}
	s.run(blog, true, bin, "build", "-out", "tally-site", "_posts")
	page, err := os.ReadFile(filepath.Join(blog, "tally-site", "2024-01-15-mean.html"))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(page, []byte(`class="katex"`)) || bytes.Contains(page, []byte("{: .")) || !bytes.Contains(page, []byte("{{ site.baseurl }}")) {
		t.Errorf("the post's page lacks math, shows kramdown attributes, or lost its Liquid")
	}
	if got := siteTitle(t, filepath.Join(blog, "tally-site", "index.html")); got != "A blog" {
		t.Errorf("the site's title is %q, want the blog's, A blog", got)
	}
	ko, _ := os.ReadFile(filepath.Join(blog, "tally-site", "2024-03-01-spread.html"))
	for _, want := range []string{`<html lang="ko">`, `>심화<`, `수치 2개 중 2개를 실행 결과로 검증`} {
		if !bytes.Contains(ko, []byte(want)) {
			t.Errorf("the Korean post's page lacks %s", want)
		}
	}
	s.run(blog, true, "go", "test", "./...")
	for name, data := range posts {
		if got, _ := os.ReadFile(filepath.Join(blog, name)); !bytes.Equal(got, data) {
			t.Errorf("%s changed", name)
		}
	}
}

// TestInitHugo checks a Hugo site as its author would, with no GOFLAGS:
// tally init -posts content/posts, plain go mod tidy (which keeps the
// modules of the post's implicit floats and plotter through the imports
// file), tally test, tally build under the title of hugo.toml, go test,
// and tally export -format hugo, which writes the post as a page bundle
// with its figure and its output. (Hugo itself is not run.) A second
// book in the same module, built in turn with the posts, leaves the
// imports file as it is, and go mod tidy then keeps both books' modules.
func TestInitHugo(t *testing.T) {
	t.Parallel()
	bin, tmp, repo, s := newShell(t)
	site := filepath.Join(tmp, "site")
	files := map[string]string{
		"hugo.toml": "baseURL = \"https://example.org/\"\nlanguageCode = \"en-us\"\ntitle = \"Sums, checked\"\n",
		"content/posts/sums.md": "+++\ntitle = \"Sums\"\ndate = 2024-01-01T10:00:00Z\n+++\n\n" +
			"{{< figure src=\"/images/logo.png\" title=\"Logo\" >}}\n\n" +
			"```go\nxs := []float64{3, 1, 4, 1, 5}\nbook.Publish(\"sum\", floats.Sum(xs))\nfmt.Println(\"max\", floats.Max(xs))\n" +
			"p := figures.New(\"Five numbers\", \"i\", \"x\")\npts := make(plotter.XYs, len(xs))\nfor i, x := range xs {\n\tpts[i] = plotter.XY{X: float64(i), Y: x}\n}\n" +
			"l, err := plotter.NewLine(pts)\nif err != nil {\n\tpanic(err)\n}\np.Add(l)\nfigures.Publish(\"five\", p, \"Five numbers.\", \"A line through five points.\")\n```\n\n" +
			"The five numbers sum to 14<!--=sum-->.\n",
		"notes/01-spread.md": "# Spread\n\n```go\nbook.Publish(\"var\", stat.Variance([]float64{1, 2, 3, 4}, nil))\n```\n\nThe variance is 1.667<!--=var-->.\n",
	}
	for name, data := range files {
		f := filepath.Join(site, filepath.FromSlash(name))
		os.MkdirAll(filepath.Dir(f), 0o755)
		if err := os.WriteFile(f, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	out := s.run(site, true, bin, "init", "-posts", "content/posts", "-replace", repo)
	if !strings.Contains(out, "next: tally test content/posts && go test ./...") || !strings.Contains(out, "wrote tally_imports_test.go") {
		t.Errorf("init -posts says:\n%s", out)
	}
	s.run(site, true, "go", "mod", "tidy")
	if mod, _ := os.ReadFile(filepath.Join(site, "go.mod")); !bytes.Contains(mod, []byte("\tgonum.org/v1/gonum v")) || !bytes.Contains(mod, []byte("\tgonum.org/v1/plot v")) {
		t.Errorf("go.mod after go mod tidy lacks gonum or plot:\n%s", mod)
	}
	out = s.run(filepath.Join(site, "content", "posts"), true, bin, "test", ".")
	if !strings.Contains(out, "1 chapters: 1 passed, 0 failed") {
		t.Errorf("tally test says:\n%s", out)
	}
	s.run(site, true, bin, "build", "-out", "tally-site", "content/posts")
	if got := siteTitle(t, filepath.Join(site, "tally-site", "index.html")); got != "Sums, checked" {
		t.Errorf("the site's title is %q, want hugo.toml's, Sums, checked", got)
	}
	page, err := os.ReadFile(filepath.Join(site, "tally-site", "sums.html"))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(page, []byte(`<html lang="en-us">`)) || !bytes.Contains(page, []byte("figures/sums/five.png")) {
		t.Errorf("the post's page lacks hugo.toml's language or the figure")
	}
	s.run(site, true, "go", "test", "./...")

	out = s.run(site, true, bin, "export", "-format", "hugo", "-out", "exported", "content/posts")
	post, err := os.ReadFile(filepath.Join(site, "exported", "sums", "index.md"))
	if err != nil {
		t.Fatalf("%v; export says:\n%s", err, out)
	}
	for _, want := range []string{"title = \"Sums\"", "{{< figure src=\"/images/logo.png\"", "max 5", "(five.png)"} {
		if !bytes.Contains(post, []byte(want)) {
			t.Errorf("the exported post lacks %s:\n%s", want, post)
		}
	}
	if _, err := os.Stat(filepath.Join(site, "exported", "sums", "five.png")); err != nil {
		t.Errorf("the exported bundle lacks its figure: %v", err)
	}

	// A second book in the module: building the two in turn leaves the
	// imports file as it is, and it keeps the modules of both.
	imports := filepath.Join(site, "tally_imports_test.go")
	s.run(site, true, bin, "build", "-out", "notes-site", "notes")
	both, _ := os.ReadFile(imports)
	if !bytes.Contains(both, []byte("\t// notes/\n")) || !bytes.Contains(both, []byte("\t// content/posts/\n")) {
		t.Errorf("%s after building both books:\n%s", imports, both)
	}
	s.run(site, true, bin, "build", "-out", "tally-site", "content/posts")
	s.run(site, true, bin, "build", "-out", "notes-site", "notes")
	if got, _ := os.ReadFile(imports); !bytes.Equal(got, both) {
		t.Errorf("building the books in turn changed %s:\n%s\nwas:\n%s", imports, got, both)
	}
	// Each book keeps its full results under _tally/results (there used
	// to be one _tally/results.json, the last book's).
	for file, want := range map[string]string{"notes.json": "01-spread.md", "content/posts.json": "sums.md"} {
		res, err := os.ReadFile(filepath.Join(site, "_tally", "results", filepath.FromSlash(file)))
		if err != nil || !bytes.Contains(res, []byte(want)) {
			t.Errorf("_tally/results/%s: %v, want the results of %s:\n%s", file, err, want, res)
		}
	}
	s.run(site, true, "go", "mod", "tidy")
	s.run(site, true, bin, "test", "notes")
	s.run(site, true, "go", "test", "./...")
}
