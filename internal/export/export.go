// Package export writes the chapters of a book back as Markdown for a blog
// engine, with what tally adds inlined: every shown snippet's output, and
// its figures as image files. The front matter and the prose stay byte for
// byte as the author wrote them, but for references to figures, equations
// and sections, which become numbered links (see xref.go).
package export

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"

	"github.com/tally-book/tally/internal/fsutil"
	"github.com/tally-book/tally/runner"
	"github.com/tally-book/tally/runner/chapter"
)

// Formats are the formats Plan writes: the values of tally export -format.
var Formats = []string{"jekyll", "hugo"}

// File is a file that an export writes: a post, or a file it
// copies (a figure, or a resource of a page bundle).
type File struct {
	Dst     string // where it goes
	Data    []byte // a post's Markdown
	Figures int    // a post's number of figures
	From    string // the file copied, or ""
	What    string // what it is, for messages: "figure answer.png of content/x.md"
}

// Write writes the files of an export (Plan's, which Check passed),
// making their folders, and says on w which posts it wrote.
func Write(files []File, w io.Writer) error {
	for _, f := range files {
		if err := os.MkdirAll(filepath.Dir(f.Dst), 0o755); err != nil {
			return err
		}
		var err error
		if f.From != "" {
			err = fsutil.CopyFile(f.From, f.Dst)
		} else {
			err = os.WriteFile(f.Dst, f.Data, 0o644)
		}
		if err != nil {
			return err
		}
		if f.From == "" {
			fmt.Fprintf(w, "wrote %s (%d figures)\n", f.Dst, f.Figures)
		}
	}
	return nil
}

// Options says what an export writes, and where.
type Options struct {
	Format string // one of Formats
	Out    string // the folder of the posts
	Assets string // jekyll: the folder of the figures, in a folder per post; DefaultAssets(Out) when empty
}

// Exporter plans the files of an export.
type Exporter struct {
	opts  Options
	url   string // jekyll: the path of Assets from the site's root, for links
	xrefs *xrefs // the book's numbered labels (Index)
}

// New checks opts and returns an Exporter. A Jekyll export's figures
// must go to a folder that Jekyll publishes (see SiteOf).
func New(opts Options) (*Exporter, error) {
	if !slices.Contains(Formats, opts.Format) {
		return nil, fmt.Errorf("format %q: want one of %s", opts.Format, strings.Join(Formats, ", "))
	}
	e := &Exporter{opts: opts}
	if opts.Format != "jekyll" {
		if opts.Assets != "" {
			return nil, fmt.Errorf("-assets is for -format jekyll: a Hugo page bundle holds its figures")
		}
		return e, nil
	}
	if e.opts.Assets == "" {
		e.opts.Assets = DefaultAssets(opts.Out)
	}
	url, err := assetsURL(opts.Out, e.opts.Assets)
	if err != nil {
		return nil, err
	}
	e.url = url
	return e, nil
}

// Plan returns the files of a chapter's export, bookDir being the book's
// folder: its post, its figures and, for a page bundle written as a Hugo
// bundle, the bundle's other files (images and such, which its prose
// links relatively).
func (e *Exporter) Plan(bookDir string, res *runner.ChapterResult) ([]File, error) {
	format := e.opts.Format
	ch := res.Chapter
	rel, err := filepath.Rel(bookDir, filepath.FromSlash(ch.Path))
	if err != nil {
		return nil, err
	}
	post, figDir, link := e.paths(rel, ch.Slug)
	if same(post, ch.Path) {
		return nil, fmt.Errorf("%s: the export would overwrite the post it reads; export into another folder (-out)", ch.Path)
	}
	x, xp := e.postOf(bookDir, res)
	md, figs := withRun(ch, res, link, format == "jekyll", func(lines []string) { x.rewrite(e, xp, lines) }, x.w, xp)
	files := []File{{Dst: post, Data: md, Figures: len(figs), What: "the post of " + ch.Path}}
	for _, f := range figs {
		files = append(files, File{Dst: filepath.Join(figDir, f.File), From: f.Path, What: "figure " + f.File + " of " + ch.Path})
	}
	if format != "hugo" || filepath.Base(rel) != "index.md" || filepath.Dir(rel) == "." {
		return files, nil
	}
	bundle := filepath.Dir(filepath.FromSlash(ch.Path))
	err = filepath.WalkDir(bundle, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if p != bundle && strings.HasPrefix(d.Name(), ".") {
			if d.IsDir() {
				return filepath.SkipDir
			}
			return nil // hidden files stay behind
		}
		if d.IsDir() || p == filepath.FromSlash(ch.Path) || !d.Type().IsRegular() {
			return nil
		}
		r, err := filepath.Rel(bundle, p)
		if err != nil {
			return err
		}
		files = append(files, File{Dst: filepath.Join(figDir, r), From: p, What: filepath.ToSlash(p)})
		return nil
	})
	return files, err
}

// Check reports two files of an export that would go to one place,
// such as a figure named like an image of its bundle.
func Check(files []File) error {
	seen := map[string]File{}
	for _, f := range files {
		if g, ok := seen[f.Dst]; ok {
			return fmt.Errorf("%s: %s and %s would both be written there; nothing exported", f.Dst, g.What, f.What)
		}
		seen[f.Dst] = f
	}
	return nil
}

// paths returns where the chapter at rel (its path relative to the
// book's folder) goes, the folder of its figures, and the link of a
// figure file in the post. The posts keep the book's layout: a post of a
// section (2024/foo.md) stays in it (OUT/2024/), and a page bundle
// (posts/my-post/index.md) is its folder. A Jekyll post's figures go to
// ASSETS/SLUG/.
func (e *Exporter) paths(rel, slug string) (post, figDir string, link func(file string) string) {
	out := e.opts.Out
	unit := strings.TrimSuffix(rel, ".md") // the post's path without .md
	if filepath.Base(rel) == "index.md" {
		unit = filepath.Dir(rel)
	}
	if unit == "." {
		unit = slug // the book is a bundle
	}
	d := filepath.Join(out, unit)
	if e.opts.Format == "hugo" {
		// A page bundle: the figures are resources of the page.
		return filepath.Join(d, "index.md"), d, func(file string) string { return file }
	}
	return d + ".md", filepath.Join(e.opts.Assets, slug), func(file string) string { return jekyllLink(e.url+"/"+slug, file) }
}

// withRun returns the Markdown of a chapter with its run inlined:
// after each shown go snippet, its output (unless an output block already
// follows) and the figures it published (unless the prose places them
// with ![alt](figure:NAME), which then links the file). Hidden snippets
// are left out, and attributes are dropped from info strings (go norun
// becomes go). For Jekyll, a code or output block that holds {{ or {%
// goes in {% raw %}, so that Liquid leaves it alone, unless the author
// wrapped it already; what is added after a block the author wrapped goes
// after its {% endraw %}. rewrite writes references, anchors and numbers
// into the lines; when post's figures are referred to, each gets an
// anchor and an inlined one's caption starts with its number, in the
// words w. Everything else, front matter included, is kept
// as written.
func withRun(ch *chapter.Chapter, res *runner.ChapterResult, link func(file string) string, jekyll bool, rewrite func(lines []string), w words, post *xpost) ([]byte, []runner.FigureResult) {
	lines := strings.SplitAfter(string(ch.Source), "\n")
	starts := make([]int, len(lines)+1) // byte offset of each line in the source, 1-based
	for i, l := range lines {
		starts[i+1] = starts[i] + len(l)
	}
	// References, anchors and numbers (xref.go), in place.
	rewrite(lines)
	var raw [][2]int // the author's {% raw %} blocks
	if jekyll {
		raw = chapter.LiquidRaw(ch.Source)
	}
	// rawAt reports whether text at the start of line l is inside a raw
	// block (a block ends where its {% endraw %} starts); with atEnd, text
	// inserted right before the {% endraw %} counts too. It returns where
	// the block ends.
	rawAt := func(l int, atEnd bool) (int, bool) {
		if l < 1 || l > len(lines) {
			return 0, false
		}
		off := starts[l-1]
		for _, sp := range raw {
			if off >= sp[0] && (off < sp[1] || atEnd && off == sp[1]) {
				return sp[1], true
			}
		}
		return 0, false
	}
	lineOf := func(off int) int { // the line holding byte off
		return sort.Search(len(lines), func(i int) bool { return starts[i+1] > off }) + 1
	}

	placed := map[string]bool{}
	for _, ref := range ch.FigRefs {
		placed[ref.Name] = true
	}
	byName := map[string]runner.FigureResult{}
	for _, f := range res.Figures {
		byName[f.Name] = f
	}
	type edit struct {
		from, to int    // lines [from, to) replaced (1-based); from == to inserts
		text     string // the new text
	}
	var edits []edit
	for i, s := range ch.Snippets { // output blocks are not snippets: each is its snippet's Want
		end := closingFence(lines, s)
		if s.Lang == "go" && s.Has("hide") {
			to := end + 1
			if s.Want != nil {
				to = closingFence(lines, &chapter.Snippet{Line: s.Want.Line, Code: s.Want.Text}) + 1
			}
			if to <= len(lines) && strings.TrimSpace(lines[to-1]) == "" {
				to++ // and the blank line after it
			}
			edits = append(edits, edit{s.FenceLine, to, ""})
			continue
		}
		if len(s.Attrs) > 0 {
			fence := lines[s.FenceLine-1]
			indent := fence[:len(fence)-len(strings.TrimLeft(fence, " "))]
			marks := strings.TrimLeft(fence, " ")
			marks = marks[:len(marks)-len(strings.TrimLeft(marks, "`~"))]
			edits = append(edits, edit{s.FenceLine, s.FenceLine + 1, indent + marks + s.Lang + "\n"})
		}
		_, inRaw := rawAt(s.FenceLine, false)
		raw := jekyll && chapter.HasLiquid(s.Code) && !inRaw
		if raw {
			edits = append(edits, edit{s.FenceLine, s.FenceLine, "{% raw %}\n"})
		}
		if s.Lang != "go" || i >= len(res.Snippets) {
			if raw {
				edits = append(edits, edit{end + 1, end + 1, "{% endraw %}\n"})
			}
			continue
		}
		var add strings.Builder
		after := end
		var wantRaw []edit // {% raw %} around the author's output block
		if s.Want != nil {
			after = closingFence(lines, &chapter.Snippet{Line: s.Want.Line, Code: s.Want.Text})
			if _, in := rawAt(s.Want.Line-1, false); jekyll && chapter.HasLiquid(s.Want.Text) && !in {
				wantRaw = []edit{{s.Want.Line - 1, s.Want.Line - 1, "{% raw %}\n"}, {after + 1, after + 1, "{% endraw %}\n"}}
			}
		} else if out := res.Snippets[i].Stdout; out != "" {
			open, close := "", ""
			if jekyll && chapter.HasLiquid(out) {
				open, close = "{% raw %}\n", "{% endraw %}\n"
			}
			fmt.Fprintf(&add, "\n%s```text\n%s", open, out)
			if !strings.HasSuffix(out, "\n") {
				add.WriteString("\n")
			}
			add.WriteString("```\n" + close)
		}
		if end, in := rawAt(after+1, true); in && len(wantRaw) == 0 {
			after = lineOf(end) // after the author's {% endraw %}
		}
		for _, f := range res.Figures {
			if !placed[f.Name] && snippetOf(ch, f.Pos) == i {
				if !post.numberFigures {
					fmt.Fprintf(&add, "\n![%s](%s)\n", f.Alt, link(f.File))
					if f.Caption != "" {
						fmt.Fprintf(&add, "\n*%s*\n", f.Caption)
					}
					continue
				}
				fmt.Fprintf(&add, "\n<span id=\"fig-%s\"></span>![%s](%s)\n", f.Name, f.Alt, link(f.File))
				caption := fmt.Sprintf(w.fig, post.figs[f.Name]) // numbered, for its references
				if f.Caption != "" {
					caption = fmt.Sprintf(w.caption, post.figs[f.Name]) + f.Caption
				}
				fmt.Fprintf(&add, "\n*%s*\n", caption)
			}
		}
		if add.Len() > 0 {
			edits = append(edits, edit{after + 1, after + 1, add.String()})
		}
		edits = append(edits, wantRaw...) // the {% endraw %} goes before what is added
		if raw {
			edits = append(edits, edit{end + 1, end + 1, "{% endraw %}\n"})
		}
	}
	// Figures the prose places: figure:NAME becomes the file.
	for _, ref := range ch.FigRefs {
		if f, ok := byName[ref.Name]; ok && ref.Line >= 1 && ref.Line <= len(lines) {
			l := strings.Replace(lines[ref.Line-1], "(figure:"+ref.Name+")", "("+link(f.File)+")", 1)
			if post.numberFigures {
				l = `<span id="fig-` + f.Name + `"></span>` + l
			}
			edits = append(edits, edit{ref.Line, ref.Line + 1, l})
		}
	}
	sort.SliceStable(edits, func(i, j int) bool { return edits[i].from > edits[j].from })
	for _, e := range edits {
		from, to := e.from-1, e.to-1
		if from > len(lines) {
			from = len(lines)
		}
		if to > len(lines) {
			to = len(lines)
		}
		if e.text != "" && from == len(lines) && len(lines) > 0 && !strings.HasSuffix(lines[len(lines)-1], "\n") {
			lines[len(lines)-1] += "\n"
		}
		lines = append(lines[:from], append([]string{e.text}, lines[to:]...)...)
	}
	return []byte(strings.Join(lines, "")), res.Figures
}

// closingFence returns the line of the fence that closes a block whose
// code starts at s.Line.
func closingFence(lines []string, s *chapter.Snippet) int {
	n := 0
	if s.Code != "" {
		n = strings.Count(strings.TrimSuffix(s.Code, "\n"), "\n") + 1
	}
	for l := s.Line + n; l <= len(lines); l++ {
		t := strings.TrimLeft(lines[l-1], " ")
		if strings.HasPrefix(t, "```") || strings.HasPrefix(t, "~~~") {
			return l
		}
	}
	return len(lines)
}

// snippetOf returns the index of the snippet of ch that holds pos, or -1.
func snippetOf(ch *chapter.Chapter, pos chapter.Pos) int {
	best := -1
	for i, s := range ch.Snippets {
		if s.Lang == "go" && filepath.ToSlash(pos.File) == filepath.ToSlash(ch.Path) && s.Line <= pos.Line {
			best = i
		}
	}
	return best
}

// same reports whether the paths a and b name one file.
func same(a, b string) bool {
	a, errA := filepath.Abs(a)
	b, errB := filepath.Abs(filepath.FromSlash(b))
	return errA == nil && errB == nil && a == b
}
