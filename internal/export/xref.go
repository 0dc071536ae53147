package export

import (
	"fmt"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"

	"github.com/tally-book/tally/runner"
	"github.com/tally-book/tally/runner/chapter"
	"github.com/yuin/goldmark/ast"
)

// References. A blog post stands alone, so an export numbers the labels
// of each post on their own (runner/chapter's "Numbered references"): its
// published figures in order, Figure 1, Figure 2; its labelled equations,
// Equation (1); and, when the book is numbered, its sections, 1, 1.1, 2
// (the export then starts each heading of levels 2 and 3 with its
// number, as the site does). A reference [](#fig:NAME) becomes a link
// with the words of the book's language, [Figure 2](#fig-NAME) or
// [그림 2](#fig-NAME); to a section of a book that is not numbered, the
// words are the heading's title. A reference to a label of another post
// names that post, [Figure 2 in The mean](LINK#fig-NAME), LINK being the
// engine's own link to it: {% link PATH %} for Jekyll, {{< relref PATH >}}
// for Hugo.
//
// The targets get anchors the engines keep: a heading that is referred
// to, labelled or numbered ends with {#ID} (a label {#sec:NAME} becomes
// {#NAME}); an equation label
// <!--#eq:NAME--> becomes <span id="eq-NAME"></span>, and its display
// math ends with \tag{N}, which MathJax and KaTeX show at its right; and
// when a figure of the post is referred to, each figure of the post is
// preceded by <span id="fig-NAME"></span>, and the caption of each
// inlined one starts with its number, "Figure 2: ". Hugo drops raw HTML
// unless its configuration sets markup.goldmark.renderer.unsafe = true,
// as it must for the claims' comments too.

// words are the words of references in one language.
type words struct {
	fig, eq, sec string // with the number: "Figure %s"
	in           string // a label in another post: "%[1]s in %[2]s", the reference and the post's title
	caption      string // before a figure's caption: "Figure %s: "
}

var wordsOf = map[string]words{
	"en": {fig: "Figure %s", eq: "Equation (%s)", sec: "Section %s", in: "%[1]s in %[2]s", caption: "Figure %s: "},
	"ko": {fig: "그림 %s", eq: "식 (%s)", sec: "%s절", in: "%[2]s의 %[1]s", caption: "그림 %s: "},
}

// wordsFor returns the words of the language code lang (ko, ko-KR), English
// when there are none.
func wordsFor(lang string) words {
	base, _, _ := strings.Cut(strings.ToLower(lang), "-")
	if w, ok := wordsOf[base]; ok {
		return w
	}
	return wordsOf["en"]
}

// xtarget is a label's place: its post, its words and its anchor.
type xtarget struct {
	post   *xpost
	text   string // "Figure 2", "Equation (3)", "Section 2.1" or a heading's title
	anchor string
}

// xpost is what the references of a book need to know of one of its
// posts.
type xpost struct {
	title  string
	dst    string                  // where the post goes
	figs   map[string]string       // figure name → number
	labels map[string]xtarget      // "eq:central", "sec:gd", "fig:x" → its target
	heads  map[int]xheading        // a heading's line → its number and anchor
	eqs    map[int]chapter.EqLabel // the line of an equation label → the label
	eqNum  map[string]string       // equation name → number
	refs   map[int][]chapter.Ref   // line → the references on it
	// numberFigures is set (by rewrite) when a post refers to a figure
	// of this one: its figures then get anchors and numbered captions.
	numberFigures bool
}

// xheading is a heading of levels 2 and 3: its number (numbered books
// only), its anchor and its title.
type xheading struct {
	num, id, title string
}

// xrefs numbers the labels of a book's posts.
type xrefs struct {
	w        words
	numbered bool
	posts    map[*chapter.Chapter]*xpost
	order    []*xpost
}

var headingRE = regexp.MustCompile(`^( {0,3}#{2,3}[ \t]+)(.*?)(?:[ \t]+#+)?[ \t]*$`)

// postOf returns the numbered labels of the chapter of res: those
// Index made, or those of the post alone (in English, its sections not
// numbered) when Index was not called.
func (e *Exporter) postOf(bookDir string, res *runner.ChapterResult) (*xrefs, *xpost) {
	if x := e.xrefs; x != nil && x.posts[res.Chapter] != nil {
		return x, x.posts[res.Chapter]
	}
	x := &xrefs{w: wordsFor("en"), posts: map[*chapter.Chapter]*xpost{}}
	return x, x.add(e, bookDir, res)
}

// Index numbers the labels of the posts of the book b, as ran in
// results, for the references of Plan: one post may refer to another.
// Without it, Plan numbers each post's labels from that post alone.
func (e *Exporter) Index(b *chapter.Book, results []*runner.ChapterResult) {
	x := &xrefs{w: wordsFor(b.Settings.Language), numbered: b.Settings.Numbered, posts: map[*chapter.Chapter]*xpost{}}
	for _, res := range results {
		x.add(e, b.Dir, res)
	}
	e.xrefs = x
}

// add numbers the labels of one post.
func (x *xrefs) add(e *Exporter, bookDir string, res *runner.ChapterResult) *xpost {
	ch := res.Chapter
	p := &xpost{title: ch.Meta.Title, figs: map[string]string{}, labels: map[string]xtarget{},
		heads: map[int]xheading{}, eqs: map[int]chapter.EqLabel{}, eqNum: map[string]string{}, refs: map[int][]chapter.Ref{}}
	if rel, err := filepath.Rel(bookDir, filepath.FromSlash(ch.Path)); err == nil {
		p.dst, _, _ = e.paths(rel, ch.Slug)
	}
	for i, f := range res.Figures {
		n := strconv.Itoa(i + 1)
		p.figs[f.Name] = n
		p.labels["fig:"+f.Name] = xtarget{p, fmt.Sprintf(x.w.fig, n), "fig-" + f.Name}
	}
	eqs, _ := chapter.EqLabels(ch)
	for i, l := range eqs {
		n := strconv.Itoa(i + 1)
		p.eqs[l.Line] = l
		p.eqNum[l.Name] = n
		if _, dup := p.labels["eq:"+l.Name]; !dup {
			p.labels["eq:"+l.Name] = xtarget{p, fmt.Sprintf(x.w.eq, n), "eq-" + l.Name}
		}
	}
	lines := strings.SplitAfter(string(ch.Source), "\n")
	var sec, sub int
	_ = ast.Walk(ch.Doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		h, ok := n.(*ast.Heading)
		if !entering || !ok {
			return ast.WalkContinue, nil
		}
		num := ""
		switch h.Level {
		case 2:
			sec, sub = sec+1, 0
			num = strconv.Itoa(sec)
		case 3:
			sub++
			num = strconv.Itoa(sec) + "." + strconv.Itoa(sub)
		default:
			return ast.WalkSkipChildren, nil
		}
		id := ""
		if v, ok := h.AttributeString("id"); ok {
			if b, ok := v.([]byte); ok {
				id = string(b)
			}
		}
		if id == "" || h.Lines().Len() == 0 {
			return ast.WalkSkipChildren, nil
		}
		line := lineAt(ch.Source, h.Lines().At(0).Start)
		title := ""
		if line >= 1 && line <= len(lines) {
			if m := headingRE.FindStringSubmatch(strings.TrimRight(lines[line-1], "\r\n")); m != nil {
				title = strings.TrimSpace(secLabelRE.ReplaceAllString(m[2], ""))
			}
		}
		if title == "" {
			return ast.WalkSkipChildren, nil // a setext heading, say: no anchor the export can add
		}
		text := title
		if x.numbered {
			text = fmt.Sprintf(x.w.sec, num)
		} else {
			num = ""
		}
		p.heads[line] = xheading{num: num, id: id, title: title}
		if _, dup := p.labels["sec:"+id]; !dup {
			p.labels["sec:"+id] = xtarget{p, text, id}
		}
		return ast.WalkSkipChildren, nil
	})
	for _, r := range chapter.Refs(ch) {
		p.refs[r.Line] = append(p.refs[r.Line], r)
	}
	x.posts[ch] = p
	x.order = append(x.order, p)
	return p
}

// secLabelRE matches a heading's section label, {#sec:NAME}.
var secLabelRE = regexp.MustCompile(`[ \t]*\{#sec:[a-z][a-z0-9_-]*\}[ \t]*$`)

// lineAt returns the line (from 1) of the byte offset off of src.
func lineAt(src []byte, off int) int {
	if off > len(src) {
		off = len(src)
	}
	return strings.Count(string(src[:off]), "\n") + 1
}

// target returns what the label of a reference in the post p points at:
// a label of p first, then the first post of the book that has it.
func (x *xrefs) target(p *xpost, label string) (xtarget, bool) {
	if t, ok := p.labels[label]; ok {
		return t, true
	}
	for _, q := range x.order {
		if t, ok := q.labels[label]; ok {
			return t, true
		}
	}
	return xtarget{}, false
}

// rewrite writes the references, anchors and numbers of the post p into
// its lines (lines[i] is line i+1, with its newline), in place: no line
// is added to or taken from the slice (a string may come to hold two
// lines), so that the line numbers of the other edits hold.
func (x *xrefs) rewrite(e *Exporter, p *xpost, lines []string) {
	for line, refs := range p.refs {
		if line < 1 || line > len(lines) {
			continue
		}
		l := lines[line-1]
		for _, r := range refs {
			t, ok := x.target(p, r.Label)
			if !ok {
				continue // the runner reports it, and nothing is exported
			}
			text, href := t.text, "#"+t.anchor
			if t.post != p {
				text = fmt.Sprintf(x.w.in, text, t.post.title)
				href = e.postLink(p.dst, t.post.dst, t.anchor)
			}
			l = strings.Replace(l, "[](#"+r.Label+")", "["+text+"]("+href+")", 1)
		}
		lines[line-1] = l
	}
	// The anchors of p's headings that a post refers to.
	referenced := map[string]bool{}
	for _, q := range x.order {
		for _, refs := range q.refs {
			for _, r := range refs {
				if t, ok := x.target(q, r.Label); ok && t.post == p {
					referenced[t.anchor] = true
					p.numberFigures = p.numberFigures || strings.HasPrefix(r.Label, "fig:")
				}
			}
		}
	}
	for line, h := range p.heads {
		if line < 1 || line > len(lines) {
			continue
		}
		l := lines[line-1]
		body := strings.TrimRight(l, "\r\n")
		nl := l[len(body):]
		m := headingRE.FindStringSubmatchIndex(body)
		if m == nil {
			continue
		}
		prefix, text := body[m[2]:m[3]], body[m[4]:m[5]]
		labelled := secLabelRE.MatchString(text)
		if h.num == "" && !labelled && !referenced[h.id] {
			continue // as written
		}
		text = secLabelRE.ReplaceAllString(text, "")
		if h.num != "" {
			text = h.num + " " + text
		}
		lines[line-1] = prefix + text + " {#" + h.id + "}" + nl
	}
	for line, l := range p.eqs {
		if line < 2 || line > len(lines) {
			continue
		}
		nl := lines[line-1][len(strings.TrimRight(lines[line-1], "\r\n")):]
		// A blank line first, so that the math block ends at its $$.
		lines[line-1] = nl + `<span id="eq-` + l.Name + `"></span>` + nl
		closing := lines[line-2]
		body := strings.TrimRight(closing, " \t\r\n")
		tag := `\tag{` + p.eqNum[l.Name] + "}"
		for _, delim := range []string{"$$", `\]`} {
			before, ok := strings.CutSuffix(body, delim)
			switch {
			case !ok:
				continue
			case strings.TrimSpace(before) == "": // the delimiter alone on its line
				lines[line-2] = before + tag + nl + closing
			default:
				lines[line-2] = before + " " + tag + delim + closing[len(body):]
			}
			break
		}
	}
}

// postLink returns the link, in the post at from, to the anchor of the
// post at to, as the engine resolves it.
func (e *Exporter) postLink(from, to, anchor string) string {
	if e.opts.Format == "hugo" {
		rel, err := filepath.Rel(filepath.Dir(from), to)
		if err != nil {
			rel = to
		}
		return `{{< relref "` + filepath.ToSlash(rel) + `" >}}#` + anchor
	}
	site, _ := filepath.Abs(SiteOf(e.opts.Out))
	abs, _ := filepath.Abs(to)
	rel, err := filepath.Rel(site, abs)
	if err != nil {
		rel = to
	}
	return "{% link " + filepath.ToSlash(rel) + " %}#" + anchor
}
