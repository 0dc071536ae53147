package site

import (
	"bytes"
	"errors"
	"flag"
	"html"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/tally-book/tally/book"
	"github.com/tally-book/tally/internal/katexdist"
	"github.com/tally-book/tally/internal/testkit"
	"github.com/tally-book/tally/runner"
	"github.com/tally-book/tally/runner/chapter"
)

// TestLinks builds the test book, both editions, and follows every link,
// image, script and style sheet of every page, and every url() of the
// style sheets: each must name a file of the site, and each #fragment an
// id of its page. The language switcher's data-anchors, which its script
// appends as #fragment, must be ids of the page it links to.
func TestLinks(t *testing.T) {
	f := loadFixture(t, "book")
	out := f.mustBuild(t)
	ids := checkLinks(t, out)
	if len(ids) < 8 {
		t.Fatalf("found %d pages: the walk is broken", len(ids))
	}
	for _, page := range []string{"index.html", "01-losses.html", "ko/index.html", "ko/01-losses.html", "ko/02-gradients.html"} {
		if ids[page] == nil {
			t.Errorf("%s was not built", page)
		}
	}
}

var siteFlag = flag.String("site", "", "TestSiteLinks checks the links of the site built in this folder (go run . build -out DIR)")

// TestSiteLinks checks the links of a site built by tally build, such as
// the book's: go test ./site -run TestSiteLinks -site DIR.
func TestSiteLinks(t *testing.T) {
	if *siteFlag == "" {
		t.Skip("no -site folder")
	}
	ids := checkLinks(t, *siteFlag)
	t.Logf("%d pages checked", len(ids))
}

// checkLinks follows the links of the site in out (see TestLinks) and
// returns the ids of each page.
func checkLinks(t *testing.T, out string) map[string]map[string]bool {
	t.Helper()
	ids := map[string]map[string]bool{} // page → ids
	type ref struct{ from, to string }
	var refs []ref
	err := filepath.WalkDir(out, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(out, p)
		rel = filepath.ToSlash(rel)
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		switch filepath.Ext(p) {
		case ".html":
			ids[rel] = map[string]bool{}
			for _, a := range htmlAttrs(data) {
				switch a[0] {
				case "id":
					if ids[rel][a[1]] {
						t.Errorf("%s: id %q twice", rel, a[1])
					}
					ids[rel][a[1]] = true
				case "href", "src", "data-search-index":
					refs = append(refs, ref{rel, a[1]})
				case "data-anchors":
					// on the switcher's link, after its href
					last := refs[len(refs)-1].to
					for _, id := range strings.Fields(a[1]) {
						refs = append(refs, ref{rel, last + "#" + url.PathEscape(id)})
					}
				case "aria-describedby", "aria-controls", "aria-labelledby":
					refs = append(refs, ref{rel, "#" + a[1]})
				}
			}
		case ".css":
			for _, m := range regexp.MustCompile(`url\(([^)]+)\)`).FindAllSubmatch(data, -1) {
				refs = append(refs, ref{rel, strings.Trim(string(m[1]), `"'`)})
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(ids) < 2 || len(refs) < 50 {
		t.Fatalf("found %d pages and %d links: the walk is broken", len(ids), len(refs))
	}
	for _, r := range refs {
		u, err := url.Parse(r.to)
		if err != nil {
			t.Errorf("%s: bad link %q", r.from, r.to)
			continue
		}
		if u.Scheme == "data" {
			continue
		}
		if u.Scheme != "" || u.Host != "" {
			t.Errorf("%s: link %q leaves the site", r.from, r.to)
			continue
		}
		target := r.from
		if u.Path != "" {
			target = filepath.ToSlash(filepath.Join(filepath.Dir(r.from), u.Path))
			if _, err := os.Stat(filepath.Join(out, target)); err != nil {
				t.Errorf("%s: broken link %q", r.from, r.to)
				continue
			}
		}
		if u.Fragment != "" {
			if pageIDs, ok := ids[target]; !ok || !pageIDs[u.Fragment] {
				t.Errorf("%s: link %q: no id %q in %s", r.from, r.to, u.Fragment, target)
			}
		}
	}
	// The search indexes link to the sections too, each to its edition's
	// pages.
	indexes, _ := filepath.Glob(filepath.Join(out, "assets", "search-*.js"))
	if len(indexes) == 0 {
		t.Errorf("no search index")
	}
	for _, file := range indexes {
		lang := strings.TrimSuffix(strings.TrimPrefix(filepath.Base(file), "search-"), ".js")
		prefix := lang + "/"
		if _, err := os.Stat(filepath.Join(out, lang)); err != nil {
			prefix = "" // the edition at the root
		}
		idx, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		docs := regexp.MustCompile(`\["([^"#]+\.html)(?:#([^"]+))?"`).FindAllSubmatch(idx, -1)
		if len(docs) < 3 {
			t.Errorf("search-%s.js: %d sections", lang, len(docs))
		}
		for _, m := range docs {
			page := string(m[1])
			if strings.Count(page, "/") != strings.Count(prefix, "/") || !strings.HasPrefix(page, prefix) {
				t.Errorf("search-%s.js links to %s, outside its edition", lang, page)
			}
			if ids[page] == nil || (len(m[2]) > 0 && !ids[page][string(m[2])]) {
				t.Errorf("search-%s.js: no id %q in %s", lang, m[2], page)
			}
		}
	}
	return ids
}

// tagRE and attrRE find the attributes of the start tags of a page. The
// pages are the site's own, which quotes every attribute; a comment or
// script holding a tag-like text would confuse them, and the site has
// neither.
var (
	tagRE  = regexp.MustCompile(`<[a-zA-Z][a-zA-Z0-9-]*(\s[^<>]*)?>`)
	attrRE = regexp.MustCompile(`\s([a-zA-Z][a-zA-Z0-9_:-]*)="([^"]*)"`)
)

// htmlAttrs returns the name and unescaped value of every double-quoted
// attribute of a page.
func htmlAttrs(page []byte) [][2]string {
	var out [][2]string
	for _, tag := range tagRE.FindAll(page, -1) {
		for _, m := range attrRE.FindAllSubmatch(tag, -1) {
			out = append(out, [2]string{string(m[1]), html.UnescapeString(string(m[2]))})
		}
	}
	return out
}

// TestEscapedOutput checks that what a snippet prints is shown as text,
// while the author's raw HTML passes through.
func TestEscapedOutput(t *testing.T) {
	src := "# Escape\n\n```go\nfmt.Println(x)\n```\n\n<div class=\"note\">Raw <em>HTML</em>.</div>\n"
	b := chapter.NewBook(map[string][]byte{"chapters/01-x.md": []byte(src)})
	res := &runner.Results{Chapters: []*runner.ChapterResult{{Path: "chapters/01-x.md", Slug: "01-x", Cache: "miss",
		Snippets: []runner.SnippetResult{{Index: 0, Line: 4, Lang: "go", Ran: true,
			Stdout: "<script>alert(1)</script> & <b>not bold</b>\n", Stderr: "<img src=x onerror=alert(2)>\n"}}}}}
	out := t.TempDir()
	if err := Build(b, res, Options{Out: out}); err != nil {
		t.Fatal(err)
	}
	page, err := os.ReadFile(filepath.Join(out, "01-x.html"))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		`<pre class="stdout">&lt;script&gt;alert(1)&lt;/script&gt; &amp; &lt;b&gt;not bold&lt;/b&gt;`,
		`&lt;img src=x onerror=alert(2)&gt;`,
		`<div class="note">Raw <em>HTML</em>.</div>`,
	} {
		if !bytes.Contains(page, []byte(want)) {
			t.Errorf("page lacks %s", want)
		}
	}
	for _, bad := range []string{"<script>alert", "<b>not bold", "<img src=x"} {
		if bytes.Contains(page, []byte(bad)) {
			t.Errorf("page holds %s", bad)
		}
	}
}

// TestDeterministic builds the same book twice: the sites must be the
// same bytes.
func TestDeterministic(t *testing.T) {
	f := loadFixture(t, "book")
	a, b := f.mustBuild(t), f.mustBuild(t)
	files := func(dir string) map[string][]byte {
		m := map[string][]byte{}
		filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
			if err == nil && !d.IsDir() {
				rel, _ := filepath.Rel(dir, p)
				m[rel], _ = os.ReadFile(p)
			}
			return err
		})
		return m
	}
	fa, fb := files(a), files(b)
	if len(fa) < 30 || len(fa) != len(fb) {
		t.Fatalf("%d and %d files", len(fa), len(fb))
	}
	for name, data := range fa {
		if !bytes.Equal(data, fb[name]) {
			t.Errorf("%s differs between two builds: %s", name, testkit.Diff(string(fb[name]), string(data)))
		}
	}
}

// TestProblems checks that a false claim, a differing output and a missing
// figure fail the build with their chapter lines, and that KeepGoing lets
// the run's problems through but not the site's.
func TestProblems(t *testing.T) {
	f := loadFixture(t, "fail")
	f.opts.KeepGoing = false
	out, err := f.build(t)
	if !errors.Is(err, ErrProblems) {
		t.Fatalf("Build: %v, want ErrProblems", err)
	}
	var list chapter.ErrorList
	if !errors.As(err, &list) {
		t.Fatalf("Build: %v is not a chapter.ErrorList", err)
	}
	var got []string
	for _, e := range list {
		got = append(got, e.Pos.String())
	}
	want := []string{"chapters/01-wrong.md:7", "chapters/01-wrong.md:8", "chapters/01-wrong.md:16", "chapters/01-wrong.md:20", "chapters/01-wrong.md:22",
		"chapters/ko/01-wrong.md:7", "chapters/ko/01-wrong.md:8", "chapters/ko/01-wrong.md:13"}
	if !slices.Equal(got, want) {
		t.Errorf("problems at %v, want %v\n%v", got, want, err)
	}
	for _, page := range []string{"01-wrong.html", "ko/01-wrong.html"} {
		if _, err := os.Stat(filepath.Join(out, page)); err != nil {
			t.Errorf("the site was not written: %v", err)
		}
	}

	f.opts.KeepGoing = true
	_, err = f.build(t)
	if !errors.As(err, &list) || len(list) != 1 || !strings.Contains(list[0].Error(), `chapters/01-wrong.md:20: figure "nothere"`) {
		t.Errorf("KeepGoing: %v, want only the figure reference", err)
	}
}

// TestInvalidTeX checks that TeX that KaTeX refuses fails the build at its
// chapter line, also inside a display formula.
func TestInvalidTeX(t *testing.T) {
	src := "# Bad math\n\nFine: $x^2$.\n\nBroken: $\\frac{1}{$ here.\n\n$$\na = b \\\\\nc = \\badmacro{d}\n$$\n"
	b := chapter.NewBook(map[string][]byte{"chapters/01-bad.md": []byte(src)})
	err := Build(b, nil, Options{Out: t.TempDir()})
	var list chapter.ErrorList
	if !errors.As(err, &list) || len(list) != 2 {
		t.Fatalf("Build: %v, want two errors", err)
	}
	if s := list[0].Error(); !strings.HasPrefix(s, "chapters/01-bad.md:5: math: KaTeX parse error") {
		t.Errorf("first error %q", s)
	}
	if s := list[1].Error(); !strings.HasPrefix(s, "chapters/01-bad.md:9: math: KaTeX parse error") || !strings.Contains(s, `\badmacro`) {
		t.Errorf("second error %q", s)
	}
}

// TestNoKaTeX checks the message when a chapter has math and KaTeX is not
// installed.
func TestNoKaTeX(t *testing.T) {
	b := chapter.NewBook(map[string][]byte{"chapters/01-m.md": []byte("# M\n\nSee $x$ and $y$.\n")})
	err := Build(b, nil, Options{Out: t.TempDir(), KaTeXDir: t.TempDir()})
	var list chapter.ErrorList
	if !errors.As(err, &list) || len(list) != 1 || !strings.Contains(list[0].Error(), "chapters/01-m.md:3: math: site: KaTeX not found (looked in") {
		t.Errorf("Build: %v", err)
	}
}

// TestPathEscape checks that names from results cannot write outside the
// output folder.
func TestPathEscape(t *testing.T) {
	w := writer{root: t.TempDir()}
	for _, bad := range []string{"../x.html", "/etc/x", "a/../../x", "a/./b", `a\..\x`, "", "."} {
		if _, err := w.path(bad); !errors.Is(err, ErrUnsafePath) {
			t.Errorf("path(%q): %v, want ErrUnsafePath", bad, err)
		}
	}
	if p, err := w.path("figures/01-a/loss.png"); err != nil || !strings.HasPrefix(p, w.root) {
		t.Errorf("path(figures/01-a/loss.png) = %q, %v", p, err)
	}

	tmp := t.TempDir()
	png := filepath.Join(tmp, "fig.png")
	writeTestPNG(t, png, "x")
	b := chapter.NewBook(map[string][]byte{"chapters/01-a.md": []byte("# A\n\n```go\nx()\n```\n")})
	res := &runner.Results{Chapters: []*runner.ChapterResult{{
		Path: "chapters/01-a.md", Slug: "../../evil", Cache: "hit",
		Snippets: []runner.SnippetResult{{Index: 0, Line: 4, Lang: "go", Ran: true}},
		Figures: []runner.FigureResult{
			{Name: "../../escape", File: "../../escape.png", Alt: "a", Pos: chapter.Pos{File: "chapters/01-a.md", Line: 4}, Path: png},
			{Name: "ok", File: "../../../ok.png", Alt: "a", Pos: chapter.Pos{File: "chapters/01-a.md", Line: 4}, Path: png},
		},
	}}}
	out := filepath.Join(tmp, "site")
	err := Build(b, res, Options{Out: out})
	if !errors.Is(err, ErrProblems) || !strings.Contains(err.Error(), `unsafe file name: figure "../../escape"`) {
		t.Errorf("Build: %v, want an unsafe figure name", err)
	}
	filepath.WalkDir(tmp, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && p != png && !strings.HasPrefix(p, out+string(filepath.Separator)) {
			t.Errorf("Build wrote %s, outside %s", p, out)
		}
		return err
	})
	// The figure with a safe name is written under its own name.
	if _, err := os.Stat(filepath.Join(out, "figures", "01-a", "ok.png")); err != nil {
		t.Errorf("figure ok: %v", err)
	}
}

func TestTokens(t *testing.T) {
	for _, c := range []struct {
		in   string
		want []string
	}{
		{"Cross-entropy drops to 0.31", []string{"cross", "entropy", "drops", "to", "0", "31"}},
		{"미니배치 학습과 SGD", []string{"미니", "니배", "배치", "학습", "습과", "sgd"}},
		{"손실 함수(loss)는 a 값", []string{"손실", "함수", "loss", "는", "값"}},
	} {
		if got := tokens(c.in); !slices.Equal(got, c.want) {
			t.Errorf("tokens(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

func TestKaTeX(t *testing.T) {
	k := newKaTeX(katexdist.FS)
	out, err := k.Render(`\underset{\theta}{\min} \left\| y - X\theta \right\|_2^2`, true)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`class="katex-display"`, "<math", `<annotation encoding="application/x-tex">`} {
		if !strings.Contains(out, want) {
			t.Errorf("display formula: no %s in %.200s", want, out)
		}
	}
	// Hangul in \text is fine.
	if _, err := k.Render(`\text{손실} = 1`, false); err != nil {
		t.Errorf("Hangul: %v", err)
	}
	_, err = k.Render(`a + \frac{1}{`, false)
	var me *MathError
	if !errors.As(err, &me) || !strings.Contains(me.Msg, "KaTeX parse error") {
		t.Errorf("bad TeX: %v", err)
	}
	_, err = k.Render(`ab \nosuch c`, false)
	if !errors.As(err, &me) || me.Offset != 3 {
		t.Errorf("bad macro: %v at %d, want offset 3", err, me.Offset)
	}
}

func TestReadingMinutes(t *testing.T) {
	src := []byte(strings.Repeat("word ", 660) + "\n\n" + strings.Repeat("가", 500) + "\n")
	ch, _ := chapter.Parse("x.md", src)
	if got := readingMinutes(ch.Doc, src, 0); got != 4 {
		t.Errorf("readingMinutes = %d, want 4 (660 words and 500 syllables)", got)
	}
	// An output block (an output node of the tree) is read as code: 45
	// lines of code and 45 of output are 3 minutes, 45 alone 2.
	lines := strings.Repeat("x\n", 45)
	src = []byte("```go\n" + lines + "```\n\n```output\n" + lines + "```\n")
	ch, _ = chapter.Parse("x.md", src)
	if got := readingMinutes(ch.Doc, src, 0); got != 3 {
		t.Errorf("readingMinutes = %d, want 3 (90 lines of code and output)", got)
	}
}

// TestLinksAndImages checks that links to chapter files go to their pages,
// that local images are copied, that remote ones become links, and that an
// image path leaving the chapter's folder is refused.
func TestLinksAndImages(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "chapters")
	if err := os.MkdirAll(filepath.Join(dir, "img"), 0o755); err != nil {
		t.Fatal(err)
	}
	writeTestPNG(t, filepath.Join(dir, "img", "logo.png"), "logo")
	a := "# A\n\nSee [the next chapter](02-b.md#part-two) and [Go](https://go.dev).\n\n" +
		"![A logo](img/logo.png)\n\n![A remote plot](https://example.com/plot.png)\n\n![x](../secret.png)\n"
	b := chapter.NewBook(map[string][]byte{
		filepath.Join(dir, "01-a.md"): []byte(a),
		filepath.Join(dir, "02-b.md"): []byte("# B\n\n## Part two\n"),
	})
	out := t.TempDir()
	err := Build(b, nil, Options{Out: out})
	if err == nil || !strings.Contains(err.Error(), `01-a.md:9: image "../secret.png": want a path inside the chapter's folder`) {
		t.Errorf("Build: %v, want the path outside the chapter's folder refused", err)
	}
	page, _ := os.ReadFile(filepath.Join(out, "01-a.html"))
	for _, want := range []string{
		`<a href="02-b.html#part-two">the next chapter</a>`,
		`<a href="https://go.dev">Go</a>`,
		`<img src="media/01-a/img/logo.png" alt="A logo">`,
		`<a class="external-image" href="https://example.com/plot.png">A remote plot <span class="muted">(image on example.com)</span></a>`,
	} {
		if !bytes.Contains(page, []byte(want)) {
			t.Errorf("page lacks %s", want)
		}
	}
	if bytes.Contains(page, []byte(`src="https://`)) {
		t.Error("the page loads a remote image")
	}
	if _, err := os.Stat(filepath.Join(out, "media", "01-a", "img", "logo.png")); err != nil {
		t.Errorf("image not copied: %v", err)
	}
}

// TestTranslationPage checks how a translation's page shows its source:
// the shown snippets' code and output where its empty go blocks stand,
// a hidden snippet's output and figure with the shown snippet before it,
// a caption given by the translation's figure reference, the source's
// ids on its headings, and a fallback page for the untranslated chapter.
func TestTranslationPage(t *testing.T) {
	src := "---\ntitle: Source\n---\n# Source\n\nIntro.\n\n## First part\n\n```go\nfmt.Println(\"shown\")\n```\n\n```go hide\nfmt.Println(\"hidden\")\nfigures.Publish(\"plot\", p, \"A plot.\", \"Alt.\")\n```\n\n## Second part\n\n```go\nfmt.Println(\"again\")\nfigures.Publish(\"other\", q, \"Another plot.\", \"Other alt.\")\n```\n\nThe value is 3<!--=v-->.\n"
	ko := "---\ntitle: 원문\nfigure_text:\n  \"A plot.\": \"그림 하나.\"\n---\n# 원문 <!--from source-->\n\n소개.\n\n## 첫째 <!--from first-part-->\n\n```go\n```\n\n## 둘째 <!--from second-part-->\n\n```go\n```\n\n![다른 그림](figure:other \"한국어 캡션\")\n\n값은 3<!--=v-->입니다.\n\n## 덧붙임\n"
	source, err := chapter.Parse("chapters/01-s.md", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	stamped := chapter.StampText([]byte(ko), source)
	b := chapter.NewBook(map[string][]byte{"chapters/01-s.md": []byte(src), "chapters/02-t.md": []byte("# T\n\nText.\n"), "chapters/ko/01-s.md": stamped})
	tmp := t.TempDir()
	png := filepath.Join(tmp, "fig.png")
	writeTestPNG(t, png, "x")
	ch := b.Chapters[0]
	v, _ := book.NewValue(3.0)
	run := &runner.ChapterResult{Path: ch.Path, Slug: ch.Slug, Cache: "hit", Chapter: ch,
		Values: []runner.ValueResult{{Name: "v", Value: v}},
		Claims: []chapter.ClaimResult{{Line: ch.Claims[0].Pos.Line, Status: "pass", Shown: "3"}},
		Figures: []runner.FigureResult{
			{Name: "plot", File: "plot.png", Caption: "A plot.", Alt: "Alt.", Pos: chapter.Pos{File: ch.Path, Line: ch.Snippets[1].Line + 1}, Path: png},
			{Name: "other", File: "other.png", Caption: "Another plot.", Alt: "Other alt.", Pos: chapter.Pos{File: ch.Path, Line: ch.Snippets[2].Line + 1}, Path: png,
				Variants: map[string]string{"ko": "other.ko.png"}},
		}}
	writeTestPNG(t, filepath.Join(tmp, "other.ko.png"), "y") // drawn with Korean text
	for i, s := range ch.Snippets {
		run.Snippets = append(run.Snippets, runner.SnippetResult{Index: i, Line: s.Line, Lang: "go", Ran: true, Stdout: []string{"shown\n", "hidden\n", "again\n"}[i]})
	}
	ch2 := b.Chapters[1]
	res := &runner.Results{Chapters: []*runner.ChapterResult{run, {Path: ch2.Path, Slug: ch2.Slug, Cache: "none", Chapter: ch2}}}
	res.Translations = runner.CheckTranslations(b, res.Chapters)
	out := filepath.Join(tmp, "site")
	if err := Build(b, res, Options{Out: out}); err != nil {
		t.Fatal(err)
	}
	page, err := os.ReadFile(filepath.Join(out, "ko", "01-s.html"))
	if err != nil {
		t.Fatal(err)
	}
	p := string(page)
	order := []string{
		`<h1 id="source">원문</h1>`,
		`<h2 id="first-part">첫째 `,
		`id="snippet-1"`, `shown`, `id="output-1"`,
		`id="output-2"`, `hidden`, `id="fig-plot"`, `</span> 그림 하나.</figcaption>`,
		`<h2 id="second-part">둘째 `,
		`id="snippet-3"`, `again`,
		`id="fig-other"`, `alt="다른 그림"`, `그림 1.2:</span> 한국어 캡션</figcaption>`,
		`claim-pass`,
		`<h2 id="덧붙임">덧붙임 <span class="stale-mark"`,
	}
	at := 0
	for _, want := range order {
		i := strings.Index(p[at:], want)
		if i < 0 {
			t.Fatalf("ko/01-s.html: no %q after byte %d:\n%s", want, at, p[at:])
		}
		at += i + len(want)
	}
	// The Korean page shows the figure drawn with Korean text; the English
	// page keeps its own.
	if !strings.Contains(p, `src="../figures/01-s/other.ko.png"`) {
		t.Errorf("ko/01-s.html does not show other.ko.png")
	}
	if _, err := os.Stat(filepath.Join(out, "figures", "01-s", "other.ko.png")); err != nil {
		t.Errorf("the Korean figure was not copied: %v", err)
	}
	if en, _ := os.ReadFile(filepath.Join(out, "01-s.html")); !strings.Contains(string(en), `src="figures/01-s/other.png"`) {
		t.Errorf("01-s.html does not show other.png")
	}
	for _, bad := range []string{"<!--from", `id="snippet-2"`, `<span lang="en">Another plot.</span>`, "stale-mark\" title=\"원문의"} {
		if strings.Contains(p, bad) {
			t.Errorf("ko/01-s.html holds %q", bad)
		}
	}
	fallback, err := os.ReadFile(filepath.Join(out, "ko", "02-t.html"))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`<html lang="ko">`, `<article class="chapter" lang="en">`, `class="notice notice-fallback"`, `<a href="../02-t.html" hreflang="en" lang="en" data-anchors="t">`} {
		if !strings.Contains(string(fallback), want) {
			t.Errorf("ko/02-t.html lacks %s", want)
		}
	}

	// Without results, the translation shows its source's code.
	out = filepath.Join(tmp, "prose")
	if err := Build(b, nil, Options{Out: out}); err != nil {
		t.Fatal(err)
	}
	page, err = os.ReadFile(filepath.Join(out, "ko", "01-s.html"))
	if err != nil || !strings.Contains(string(page), `id="snippet-3"`) || !strings.Contains(string(page), "claim-unchecked") {
		t.Errorf("ko/01-s.html without results: %v\n%s", err, page)
	}
}

// TestBundleLinksAndImages checks a Hugo content tree: a page bundle's
// images, next to its index.md, are copied into the site, and links to a
// bundle's index.md or to a post of another section go to their pages.
func TestBundleLinksAndImages(t *testing.T) {
	content := filepath.Join(t.TempDir(), "content")
	post := filepath.Join(content, "posts", "my-post")
	if err := os.MkdirAll(filepath.Join(post, "images"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Join(content, "notes"), 0o755); err != nil {
		t.Fatal(err)
	}
	writeTestPNG(t, filepath.Join(post, "banner.png"), "banner")
	writeTestPNG(t, filepath.Join(post, "images", "plot.png"), "plot")
	files := map[string]string{
		filepath.Join(post, "index.md"):              "# My post\n\n![A banner](banner.png)\n\n![A plot](images/plot.png)\n\nSee [a note](../../notes/bar.md#more).\n",
		filepath.Join(content, "notes", "bar.md"):    "# Bar\n\nBack to [the post](../posts/my-post/index.md).\n\n## More\n",
		filepath.Join(content, "posts", "_index.md"): "# Posts\n",
	}
	for p, src := range files {
		if err := os.WriteFile(p, []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	b, err := chapter.LoadBook(content)
	if err != nil {
		t.Fatal(err)
	}
	out := t.TempDir()
	if err := Build(b, nil, Options{Out: out}); err != nil {
		t.Fatal(err)
	}
	for page, wants := range map[string][]string{
		"my-post.html": {
			`<img src="media/my-post/banner.png" alt="A banner">`,
			`<img src="media/my-post/images/plot.png" alt="A plot">`,
			`<a href="bar.html#more">a note</a>`,
		},
		"bar.html": {`<a href="my-post.html">the post</a>`},
	} {
		html, err := os.ReadFile(filepath.Join(out, page))
		if err != nil {
			t.Fatal(err)
		}
		for _, want := range wants {
			if !bytes.Contains(html, []byte(want)) {
				t.Errorf("%s lacks %s", page, want)
			}
		}
	}
	for _, f := range []string{"media/my-post/banner.png", "media/my-post/images/plot.png"} {
		if _, err := os.Stat(filepath.Join(out, f)); err != nil {
			t.Errorf("image not copied: %v", err)
		}
	}
	if _, err := os.Stat(filepath.Join(out, "_index.html")); err == nil {
		t.Error("the section page _index.md became a page")
	}
}

// TestImageLinks checks images that are symbolic links: one to a file in
// the chapter's folder is copied, one to a file outside the book (in its
// folder's parent, or by an absolute path) is refused at its line and
// nothing of it reaches the site.
func TestImageLinks(t *testing.T) {
	tmp := t.TempDir()
	dir := filepath.Join(tmp, "chapters")
	if err := os.MkdirAll(filepath.Join(dir, "img"), 0o755); err != nil {
		t.Fatal(err)
	}
	writeTestPNG(t, filepath.Join(dir, "img", "logo.png"), "logo")
	writeTestPNG(t, filepath.Join(tmp, "secret.png"), "secret")
	for link, to := range map[string]string{
		"inside.png": "img/logo.png",
		"up.png":     "../secret.png",
		"abs.png":    filepath.Join(tmp, "secret.png"),
	} {
		if err := os.Symlink(to, filepath.Join(dir, link)); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Symlink(tmp, filepath.Join(dir, "outer")); err != nil {
		t.Fatal(err)
	}
	a := "# A\n\n![in](inside.png)\n\n![up](up.png)\n\n![abs](abs.png)\n\n![dir](outer/secret.png)\n"
	b := chapter.NewBook(map[string][]byte{filepath.Join(dir, "01-a.md"): []byte(a)})
	out := t.TempDir()
	err := Build(b, nil, Options{Out: out})
	for _, want := range []string{
		`01-a.md:5: image "up.png": up.png is a link to a file outside the chapter's folder`,
		`01-a.md:7: image "abs.png": abs.png is a link to a file outside the chapter's folder`,
		`01-a.md:9: image "outer/secret.png": outer/secret.png is a link to a file outside the chapter's folder`,
	} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("Build: %v\nwant %s", err, want)
		}
	}
	if _, err := os.Stat(filepath.Join(out, "media", "01-a", "inside.png")); err != nil {
		t.Errorf("the link inside the folder was not copied: %v", err)
	}
	for _, f := range []string{"up.png", "abs.png", "outer"} {
		if _, err := os.Stat(filepath.Join(out, "media", "01-a", f)); err == nil {
			t.Errorf("media/01-a/%s was copied from outside the book", f)
		}
	}
}

// TestOutputControlBytes builds a page whose snippet printed ANSI escapes,
// a NUL and bytes that are not UTF-8: the page is valid UTF-8 with none
// of those bytes in it, and shows them as Go escapes.
func TestOutputControlBytes(t *testing.T) {
	src := "# Bytes\n\n```go\nfmt.Print(\"x\")\n```\n"
	b := chapter.NewBook(map[string][]byte{"chapters/01-b.md": []byte(src)})
	ch := b.Chapters[0]
	run := &runner.ChapterResult{Path: ch.Path, Slug: ch.Slug, Cache: "hit", Chapter: ch,
		Snippets: []runner.SnippetResult{{Index: 0, Line: ch.Snippets[0].Line, Lang: "go", Ran: true,
			Stdout: "a\x1b[2Jb\xffc\x00d\r\n", Stderr: "e\x1b]0;title\x07\xc3\n"}}}
	out := filepath.Join(t.TempDir(), "site")
	if err := Build(b, &runner.Results{Chapters: []*runner.ChapterResult{run}}, Options{Out: out}); err != nil {
		t.Fatal(err)
	}
	page, err := os.ReadFile(filepath.Join(out, "01-b.html"))
	if err != nil {
		t.Fatal(err)
	}
	if !utf8.Valid(page) {
		t.Error("the page is not valid UTF-8")
	}
	for _, c := range []string{"\x1b", "\x00", "\x07", "\r"} {
		if bytes.Contains(page, []byte(c)) {
			t.Errorf("the page holds %q raw", c)
		}
	}
	for _, want := range []string{`a\x1b[2Jb\xffc\x00d\r`, `e\x1b]0;title\x07\xc3`} {
		if !bytes.Contains(page, []byte(want)) {
			t.Errorf("the page lacks %s", want)
		}
	}
}

// TestTranslatedComments: a translation's page shows the source's code
// with the line comments its code_text translates; the source's page,
// and comments the map lacks, keep the English.
func TestTranslatedComments(t *testing.T) {
	src := "# Source\n\n## Part\n\n```go\n// the loss\nx := 1 // one step\nfmt.Println(\"// the loss\", x)\n```\n"
	ko := "---\ncode_text:\n  the loss: 손실\n---\n# 원문 <!--from source-->\n\n## 부분 <!--from part-->\n\n```go\n```\n"
	b := chapter.NewBook(map[string][]byte{"chapters/01-s.md": []byte(src), "chapters/ko/01-s.md": []byte(ko)})
	out := t.TempDir()
	if err := Build(b, nil, Options{Out: out}); err != nil {
		t.Fatal(err)
	}
	read := func(name string) string {
		b, err := os.ReadFile(filepath.Join(out, name))
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	p, en := read("ko/01-s.html"), read("01-s.html")
	for _, want := range []string{"// 손실", "// one step", "&#34;// the loss&#34;"} {
		if !strings.Contains(p, want) {
			t.Errorf("ko/01-s.html lacks %q", want)
		}
	}
	if strings.Contains(p, "// the loss<") {
		t.Errorf("ko/01-s.html shows the English comment")
	}
	if !strings.Contains(en, "// the loss") || strings.Contains(en, "손실") {
		t.Errorf("01-s.html does not show the English comment")
	}
}
