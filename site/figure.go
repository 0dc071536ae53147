package site

import (
	"bytes"
	"fmt"
	"html"
	"image"
	_ "image/png" // figure sizes
	"os"
	"path"
	"path/filepath"
	"sort"
	"strconv"
	"strings"

	"github.com/tally-book/tally/runner"
	"github.com/tally-book/tally/runner/chapter"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/util"
)

// figures is the figure feature of a page: the published figures and
// where they go (its state), placing them (place), and drawing figure
// nodes and inline figure references (its node renderer).
type figures struct {
	p      *page
	all    []*figure
	byName map[string]*figure
	after  map[int][]*figure // snippet index → figures shown after it
	tail   []*figure         // figures no snippet of the chapter published
}

func newFigures(p *page) *figures {
	return &figures{p: p, byName: map[string]*figure{}, after: map[int][]*figure{}}
}

// figurePrefix is the destination prefix of an image that places a
// published figure: ![alt](figure:loss).
const figurePrefix = "figure:"

// figure is a published figure of a page.
type figure struct {
	res    runner.FigureResult
	num    int    // 1-based number in the chapter
	rel    string // path in the site, e.g. "figures/01-losses/loss.png"
	data   []byte // the file
	w, h   int    // CSS size (PNG pixels at 2×), 0 when unknown
	placed bool   // shown by an explicit ![…](figure:NAME)
	err    string // why the file is missing, for the page
}

// figureDensity is how many PNG pixels make one CSS pixel: package figures
// renders at 192 dpi, twice the 96 of a CSS inch.
const figureDensity = 2

// place reads the published figures, marks those the prose places
// with ![alt](figure:NAME) (in a paragraph of their own, the runner made
// it a chapter.FigureNode), and puts every other figure after the snippet
// that published it.
func (fs *figures) place() {
	p := fs.p
	if p.res != nil {
		for i, fr := range p.res.Figures {
			f := &figure{res: fr, num: i + 1}
			if err := safeName("figure", fr.Name); err != nil {
				fs.runErrorf(fr.Pos.Line, "%v", err)
				continue
			}
			if _, dup := p.fig.byName[fr.Name]; dup {
				fs.runErrorf(fr.Pos.Line, "figure %q published twice", fr.Name)
				continue
			}
			fs.load(f)
			p.fig.all = append(p.fig.all, f)
			p.fig.byName[fr.Name] = f
		}
	}
	var images []*ast.Image
	_ = ast.Walk(p.ch.Doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if img, ok := n.(*ast.Image); ok && entering && strings.HasPrefix(string(img.Destination), figurePrefix) {
			images = append(images, img)
		}
		return ast.WalkContinue, nil
	})
	for _, img := range images {
		name := strings.TrimPrefix(string(img.Destination), figurePrefix)
		line := nodeLine(p.ch, img)
		f, ok := p.fig.byName[name]
		if ok {
			f.placed = true
		} else if p.res != nil {
			p.errorf(line, "figure %q: no figure of that name was published%s", name, fs.names())
		}
	}
	for _, f := range p.fig.all {
		if f.placed {
			continue
		}
		if s := fs.snippetAt(f.res.Pos); s != nil && p.ed.showsSnippet(s.Index) {
			p.fig.after[s.Index] = append(p.fig.after[s.Index], f)
		} else {
			p.fig.tail = append(p.fig.tail, f)
		}
	}
}

// names lists the published figures for a message.
func (fs *figures) names() string {
	p := fs.p
	if len(p.fig.all) == 0 {
		return " (the chapter published none)"
	}
	names := make([]string, len(p.fig.all))
	for i, f := range p.fig.all {
		names[i] = f.res.Name
	}
	sort.Strings(names)
	return " (published: " + strings.Join(names, ", ") + ")"
}

// snippetAt returns the snippet of the page's code whose lines hold pos.
func (fs *figures) snippetAt(pos chapter.Pos) *chapter.Snippet {
	p := fs.p
	if pos.File != p.code.Path {
		return nil
	}
	for _, s := range p.code.Snippets {
		last := s.Line + countLines(s.Code) // the closing fence
		if pos.Line >= s.FenceLine && pos.Line <= last {
			return s
		}
	}
	return nil
}

// load reads the figure file and works out its site path and size.
func (fs *figures) load(f *figure) {
	p := fs.p
	ext := strings.ToLower(path.Ext(f.res.File))
	if ext != ".png" && ext != ".svg" {
		f.err = fmt.Sprintf("figure %q: file %q is not .png or .svg", f.res.Name, f.res.File)
		fs.runErrorf(f.res.Pos.Line, "%s", f.err)
		return
	}
	f.rel = "figures/" + p.code.Slug + "/" + f.res.Name + ext
	file := f.res.Path
	if p.tr != nil {
		// A translation shows the figure drawn with its own text, when
		// the chapter published one (figures.PublishText).
		// Its file is NAME.LANG.png, and nothing else is accepted.
		if v, ok := f.res.Variants[p.tr.Lang]; ok && v == f.res.Name+"."+p.tr.Lang+ext && safeName("language", p.tr.Lang) == nil {
			f.rel = "figures/" + p.code.Slug + "/" + v
			file = filepath.Join(filepath.Dir(f.res.Path), v)
		}
	}
	data, err := os.ReadFile(file)
	if f.res.Path == "" {
		err = fmt.Errorf("no file in the results")
	}
	if err != nil {
		f.err = fmt.Sprintf("figure %q: %v", f.res.Name, err)
		fs.runErrorf(f.res.Pos.Line, "%s", f.err)
		f.rel = ""
		return
	}
	f.data = data
	if ext == ".png" {
		if cfg, _, err := image.DecodeConfig(bytes.NewReader(data)); err == nil {
			f.w, f.h = cfg.Width/figureDensity, cfg.Height/figureDensity
		} else {
			f.err = fmt.Sprintf("figure %q: %s is not a PNG: %v", f.res.Name, filepath.Base(f.res.Path), err)
			fs.runErrorf(f.res.Pos.Line, "%s", f.err)
			f.rel = ""
		}
	}
}

// write writes a figure with its caption; alt and caption, when not
// empty, replace the published alt text and caption. On a translation's
// page, the published ones are marked as in the book's language.
func (fs *figures) write(w util.BufWriter, f *figure, alt, caption string) {
	p := fs.p
	altLang, capLang := "", ""
	if p.tr != nil && p.b.opts.Lang != p.lang {
		altLang, capLang = ` lang="`+html.EscapeString(p.b.opts.Lang)+`"`, ` lang="`+html.EscapeString(p.b.opts.Lang)+`"`
	}
	// A translation's figure_text translates the published alt text and
	// caption too, as it translates the text inside the figure.
	if alt == "" && p.tr != nil {
		if t, ok := p.tr.FigureText[f.res.Alt]; ok && t != "" {
			alt = t
		}
	}
	if caption == "" && p.tr != nil {
		if t, ok := p.tr.FigureText[f.res.Caption]; ok && t != "" {
			caption = t
		}
	}
	if alt == "" {
		alt = f.res.Alt
	} else {
		altLang = ""
	}
	if caption == "" {
		caption = f.res.Caption
	} else {
		capLang = ""
	}
	fmt.Fprintf(w, `<figure class="figure" id="fig-%s">`, f.res.Name)
	if f.rel == "" {
		fmt.Fprintf(w, `<div class="figure-missing">%s</div>`, html.EscapeString(f.err))
	} else {
		src := html.EscapeString(p.b.url(p, f.rel))
		size := ""
		if f.w > 0 && f.h > 0 {
			size = fmt.Sprintf(` width="%d" height="%d"`, f.w, f.h)
		}
		fmt.Fprintf(w, `<a class="figure-img" href="%s"><img src="%s" alt="%s"%s%s data-figure="%s"></a>`,
			src, src, html.EscapeString(alt), altLang, size, f.res.Name)
	}
	text := html.EscapeString(caption)
	if capLang != "" {
		text = `<span` + capLang + `>` + text + `</span>`
	}
	fmt.Fprintf(w, `<figcaption><span class="figure-num">%s</span> %s</figcaption></figure>`+"\n",
		html.EscapeString(p.msg().F("figure", p.fig.number(f))), text)
}

// number is a figure's number in the book: "3.2", after its chapter's
// place in the book.
func (fs *figures) number(f *figure) string {
	if ch := fs.p.num.chapter; ch != "" {
		return ch + "." + strconv.Itoa(f.num)
	}
	return strconv.Itoa(f.num)
}

// runErrorf records a problem of the run of the page's code, such as a
// figure file that is missing; a translation's page leaves it to its
// source's page, which reports it at the source's line.
func (fs *figures) runErrorf(line int, format string, args ...any) {
	if fs.p.tr == nil {
		fs.p.errorf(line, format, args...)
	}
}

// RegisterFuncs registers the renderers of figure nodes, and of inline
// figure references that share a paragraph with text.
func (fs *figures) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(chapter.KindFigure, fs.block)
	reg.Register(ast.KindImage, fs.image)
}

func (fs *figures) block(w util.BufWriter, src []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkSkipChildren, nil
	}
	fb := n.(*chapter.FigureNode)
	f, ok := fs.p.fig.byName[fb.Name]
	if !ok {
		fmt.Fprintf(w, `<div class="figure-missing">%s</div>`+"\n", html.EscapeString(fs.p.msg().F("figure.none", fb.Name)))
		return ast.WalkSkipChildren, nil
	}
	fs.write(w, f, fb.Alt, fb.Caption)
	return ast.WalkSkipChildren, nil
}

func (fs *figures) image(w util.BufWriter, src []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkSkipChildren, nil
	}
	img := n.(*ast.Image)
	dest := string(img.Destination)
	alt := chapter.PlainText(img, src)
	if name, ok := strings.CutPrefix(dest, figurePrefix); ok {
		f, found := fs.p.fig.byName[name]
		if !found || f.rel == "" {
			fmt.Fprintf(w, `<span class="figure-missing">%s</span>`, html.EscapeString(fs.p.msg().F("figure.none", name)))
			return ast.WalkSkipChildren, nil
		}
		if alt == "" {
			alt = f.res.Alt
		}
		fmt.Fprintf(w, `<img class="figure-inline" src="%s" alt="%s" data-figure="%s">`, html.EscapeString(fs.p.b.url(fs.p, f.rel)), html.EscapeString(alt), f.res.Name)
		return ast.WalkSkipChildren, nil
	}
	fs.p.links.writeImage(w, img, alt)
	return ast.WalkSkipChildren, nil
}
