package export

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// jekyllPost is a post whose export Jekyll builds: a figure the prose
// places, one it does not, and outputs that hold Liquid.
const jekyllPost = `---
title: Figures
---
The plot:

![An empty plot](figure:xs)

` + "```go" + `
p := figures.New("Draws", "x", "y")
figures.Publish("xs", p, "The numbers.", "An empty plot.")
q := figures.New("More", "x", "y")
figures.Publish("ys", q, "More numbers.", "Another empty plot.")
fmt.Println("drawn")
` + "```" + `

{% raw %}
` + "```go" + `
tmpl := "Hello, {{ .Name }}!"
fmt.Println(tmpl, "{%d}")
` + "```" + `
{% endraw %}
`

// TestJekyllBuild exports a post into a Jekyll site served under a
// baseurl, runs a real jekyll build, and wants every <img> of the built
// page to name a file of the built site, and the Liquid of the code and
// its output to come out as written. It is skipped without jekyll (CI
// installs Debian's).
func TestJekyllBuild(t *testing.T) {
	t.Parallel()
	jekyll, err := exec.LookPath("jekyll")
	if err != nil {
		t.Skip("jekyll is not installed (apt-get install jekyll): the exported post was not built")
	}
	book := filepath.Join(t.TempDir(), "_posts")
	if err := os.MkdirAll(book, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(book, "2024-01-15-figures.md"), []byte(jekyllPost), 0o644); err != nil {
		t.Fatal(err)
	}
	site := t.TempDir()
	config := "title: A blog\nbaseurl: /blog\npermalink: /:year/:title/\nexclude: [go.mod, go.sum, book_test.go, _tally, tally-site, checked]\n"
	if err := os.WriteFile(filepath.Join(site, "_config.yml"), []byte(config), 0o644); err != nil {
		t.Fatal(err)
	}
	exportBook(t, "jekyll", book, filepath.Join(site, "_posts"))

	cmd := exec.CommandContext(t.Context(), jekyll, "build", "--source", site, "--destination", filepath.Join(site, "_site"))
	cmd.Env = append(os.Environ(), "JEKYLL_ENV=production")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("jekyll build: %v\n%s", err, out)
	}
	page, err := os.ReadFile(filepath.Join(site, "_site", "2024", "figures", "index.html"))
	if err != nil {
		t.Fatal(err)
	}
	imgs := regexp.MustCompile(`<img [^>]*src="([^"]*)"`).FindAllStringSubmatch(string(page), -1)
	if len(imgs) != 2 {
		t.Fatalf("the page has %d images, want 2:\n%s", len(imgs), page)
	}
	for _, m := range imgs {
		src := m[1]
		rel, ok := strings.CutPrefix(src, "/blog/")
		if !ok {
			t.Errorf("<img src=%q> is not under the baseurl /blog/", src)
			continue
		}
		if fi, err := os.Stat(filepath.Join(site, "_site", filepath.FromSlash(rel))); err != nil || fi.Size() == 0 {
			t.Errorf("<img src=%q> names no file of the built site: %v", src, err)
		}
	}
	for _, want := range []string{"{{ .Name }}", "{%d}", "Hello, {{ .Name }}! {%d}"} {
		if !strings.Contains(string(page), want) {
			t.Errorf("the page lost %q:\n%s", want, page)
		}
	}
}

// TestAssets wants the figures of a Jekyll export in a folder the site
// publishes, by default assets/tally in the site above -out's _posts, and
// refused elsewhere with the reason.
func TestAssets(t *testing.T) {
	t.Parallel()
	site := t.TempDir()
	if err := os.WriteFile(filepath.Join(site, "_config.yml"), []byte("exclude:\n  - drafts/\n  - /vendor\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	posts := filepath.Join(site, "_posts")
	for _, tt := range []struct {
		out, assets string
		want        string // the folder's URL path, or the error
	}{
		{posts, "", "assets/tally"},
		{filepath.Join(posts, "2024"), "", "assets/tally"},
		{filepath.Join(site, "checked"), "", "assets/tally"},
		{posts, filepath.Join(site, "img", "posts"), "img/posts"},
		{posts, filepath.Join(site, "_assets"), "-assets " + filepath.Join(site, "_assets") + ": Jekyll does not publish _assets (a folder whose name starts with _); choose a folder it copies, such as assets/tally"},
		{posts, filepath.Join(posts, "figs"), "-assets " + filepath.Join(posts, "figs") + ": Jekyll does not publish _posts (a folder whose name starts with _); choose a folder it copies, such as assets/tally"},
		{posts, filepath.Join(site, "drafts", "f"), "-assets " + filepath.Join(site, "drafts", "f") + ": " + filepath.Join(site, "_config.yml") + " excludes drafts, so Jekyll would not publish the figures"},
		{posts, filepath.Join(site, "vendor"), "-assets " + filepath.Join(site, "vendor") + ": " + filepath.Join(site, "_config.yml") + " excludes vendor, so Jekyll would not publish the figures"},
		{posts, filepath.Dir(site), "-assets " + filepath.Dir(site) + ": not a folder inside the site " + site + ", where Jekyll would publish the figures"},
	} {
		assets := tt.assets
		if assets == "" {
			assets = DefaultAssets(tt.out)
		}
		got, err := assetsURL(tt.out, assets)
		if err != nil {
			got = err.Error()
		}
		if got != tt.want {
			t.Errorf("out %s, assets %s:\n got %s\nwant %s", tt.out, tt.assets, got, tt.want)
		}
	}
	if _, err := New(Options{Format: "hugo", Out: site, Assets: "x"}); err == nil {
		t.Error("-assets with -format hugo: no error")
	}
}
