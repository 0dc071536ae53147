package chapter

import (
	"bytes"
	"fmt"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"go.abhg.dev/goldmark/frontmatter"
	"gopkg.in/yaml.v3"
)

// Chapter is a parsed chapter: its front matter, its snippets and the claims
// of its prose.
type Chapter struct {
	Path     string     // file name as given, used in every message
	Slug     string     // file name without extension, e.g. "01-losses", or a page bundle's folder name (SlugOf)
	Source   []byte     // the whole file
	Meta     Meta       // front matter
	Snippets []*Snippet // fenced code blocks, in order (only Go ones run)
	Claims   []*Claim   // numbers of the prose bound to published values
	FigRefs  []FigRef   // figures placed by ![alt](figure:NAME)
	Doc      ast.Node   // goldmark document, for renderers
	Math     MathSyntax // how the prose delimits TeX

	lines lineIndex // where the lines of Source start, made by the parse
}

// Line returns the 1-based line of the byte offset off of the chapter's
// Source.
func (ch *Chapter) Line(off int) int { return ch.lineIndex().line(off) }

// lineIndex returns where the lines of the chapter's Source start: the
// parse's, or for a chapter it did not make, a new one.
func (ch *Chapter) lineIndex() lineIndex {
	if ch.lines != nil {
		return ch.lines
	}
	return newLineIndex(ch.Source)
}

// Meta is the front matter of a chapter. Keys it does not know are kept in
// Extra.
type Meta struct {
	Title   string         `yaml:"title" json:"title"`
	Uses    []string       `yaml:"uses" json:"uses,omitempty"`                 // chapters whose definitions this one uses
	Timeout Duration       `yaml:"timeout" json:"timeout,omitempty"`           // run limit, e.g. "2m"
	Memory  Bytes          `yaml:"memory" json:"memory,omitempty"`             // memory limit of the program, e.g. "2GiB"
	Inputs  []string       `yaml:"inputs" json:"inputs,omitempty"`             // data files (globs, module-relative) in the cache key
	GoExp   string         `yaml:"goexperiment" json:"goexperiment,omitempty"` // GOEXPERIMENT for building the program, e.g. "simd"
	Rerun   string         `yaml:"rerun" json:"rerun,omitempty"`               // "serve-only": pages re-run the chapter only under tally serve
	Data    []string       `yaml:"data" json:"data,omitempty"`                 // files the program reads through book.Open, shipped with the site for the browser (see CheckDataName)
	Unsafe  bool           `yaml:"unsafe" json:"unsafe,omitempty"`             // run the program without the Landlock sandbox (see Runs, limits and the cache)
	Params  []Param        `yaml:"-" json:"params,omitempty"`                  // from the "params" mapping, in order
	Extra   map[string]any `yaml:",inline" json:"extra,omitempty"`             // every other key (tags, toc, …)
}

// Duration is a time.Duration written as "90s" or "2m" in YAML.
type Duration time.Duration

// UnmarshalYAML implements yaml.Unmarshaler.
func (d *Duration) UnmarshalYAML(n *yaml.Node) error {
	v, err := time.ParseDuration(n.Value)
	if err != nil || v <= 0 {
		return fmt.Errorf("line %d: timeout %q is not a positive duration such as 90s or 5m", n.Line, n.Value)
	}
	*d = Duration(v)
	return nil
}

// MarshalJSON writes the duration as a string.
func (d Duration) MarshalJSON() ([]byte, error) {
	return []byte(strconv.Quote(time.Duration(d).String())), nil
}

// Bytes is a size written as "512MiB", "2GiB", "1.5G" or a number of
// bytes in YAML and flags.
type Bytes int64

// parseBytes parses a size: a number with an optional unit B, KB, MB, GB,
// TB (powers of 1000), KiB, MiB, GiB, TiB (powers of 1024) or K, M, G, T
// (taken as KiB, MiB, GiB, TiB). It must be positive.
func parseBytes(s string) (Bytes, error) {
	t := strings.TrimSpace(s)
	i := strings.IndexFunc(t, func(r rune) bool { return (r < '0' || r > '9') && r != '.' })
	num, unit := t, ""
	if i >= 0 {
		num, unit = t[:i], strings.TrimSpace(t[i:])
	}
	mult, ok := byteUnits[strings.ToLower(unit)]
	f, err := strconv.ParseFloat(num, 64)
	if !ok || err != nil || f <= 0 || f*mult >= 1<<62 {
		return 0, fmt.Errorf("%q is not a positive size such as 512MiB or 2GiB", s)
	}
	return Bytes(f * mult), nil
}

var byteUnits = map[string]float64{
	"": 1, "b": 1,
	"kb": 1e3, "mb": 1e6, "gb": 1e9, "tb": 1e12,
	"k": 1 << 10, "m": 1 << 20, "g": 1 << 30, "t": 1 << 40,
	"kib": 1 << 10, "mib": 1 << 20, "gib": 1 << 30, "tib": 1 << 40,
}

// String writes the size in the largest binary unit that keeps it whole,
// or with one decimal: "512MiB", "1.5GiB".
func (b Bytes) String() string {
	for _, u := range []struct {
		name string
		n    int64
	}{{"TiB", 1 << 40}, {"GiB", 1 << 30}, {"MiB", 1 << 20}, {"KiB", 1 << 10}} {
		if int64(b) >= u.n {
			if int64(b)%u.n == 0 {
				return strconv.FormatInt(int64(b)/u.n, 10) + u.name
			}
			return strconv.FormatFloat(float64(b)/float64(u.n), 'f', 1, 64) + u.name
		}
	}
	return strconv.FormatInt(int64(b), 10) + "B"
}

// Set implements flag.Value.
func (b *Bytes) Set(s string) error {
	v, err := parseBytes(s)
	if err != nil {
		return err
	}
	*b = v
	return nil
}

// UnmarshalYAML implements yaml.Unmarshaler.
func (b *Bytes) UnmarshalYAML(n *yaml.Node) error {
	v, err := parseBytes(n.Value)
	if err != nil {
		return fmt.Errorf("line %d: memory %v", n.Line, err)
	}
	*b = v
	return nil
}

// MarshalJSON writes the size as a string.
func (b Bytes) MarshalJSON() ([]byte, error) { return []byte(strconv.Quote(b.String())), nil }

// Snippet is a fenced code block of a chapter.
type Snippet struct {
	Index     int      // position among the chapter's fenced blocks, output blocks left out
	Lang      string   // first word of the info string ("go", "python", …)
	Attrs     []string // the other words of the info string
	FenceLine int      // line of the opening fence
	Line      int      // line of the first code line
	Code      string   // the code, as written
	Want      *Want    // expected output block that follows, if any (its node: an OutputNode)
	Node      ast.Node // the fenced block
}

// Runs reports whether the snippet is Go code that the runner executes.
func (s *Snippet) Runs() bool { return s.Lang == "go" && !s.Has("norun") }

// Has reports whether the info string holds the attribute a.
func (s *Snippet) Has(a string) bool {
	for _, x := range s.Attrs {
		if x == a {
			return true
		}
	}
	return false
}

// FigRef is a figure placed in the prose with ![alt](figure:NAME).
type FigRef struct {
	Name string
	Line int
	Node *ast.Image
}

// Want is a fenced "output" block: what the snippet before it must print.
// Its node in the chapter's tree is an OutputNode.
type Want struct {
	Line      int    // line of the first expected line
	Text      string // expected output
	Unordered bool   // compare sorted lines
}

var snippetAttrs = map[string]bool{"norun": true, "hide": true}

var slugRE = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9_-]*$`)

// Markdown returns the goldmark converter the runner parses chapters with:
// front matter, GitHub Flavored Markdown, the math of syntax m kept away
// from Markdown (so that TeX such as a_1 * b_2 is not read as emphasis)
// and heading IDs; the zero MathSyntax is tally's own ($…$ inline, $$…$$
// display). Renderers add their extensions and parse with ParseWith,
// giving the chapter's Math, so that they see the same tree as the
// runner.
func Markdown(m MathSyntax, exts ...goldmark.Extender) goldmark.Markdown {
	if len(m.Inline) == 0 && len(m.Block) == 0 {
		m = tallyMath // the zero MathSyntax
	}
	return goldmark.New(goldmark.WithExtensions(append([]goldmark.Extender{
		&frontmatter.Extender{}, extension.GFM, m.extender(), kramdownExt{}, chapterNodes{},
	}, exts...)...), goldmark.WithParserOptions(parser.WithAutoHeadingID()))
}

// Parse parses a chapter, with the math syntax of its path: kramdown's
// for a post of a Jekyll site, tally's otherwise.
// path is the name used in messages. Every problem found is returned as
// an ErrorList; the chapter is returned as far as it could be parsed.
func Parse(path string, src []byte) (*Chapter, error) {
	m := mathFor(path)
	return ParseWith(Markdown(m), m, path, src)
}

// ParseWith is Parse with a given goldmark converter, which must be one
// that Markdown made with the math syntax m (plus a renderer's
// extensions): its front matter and the chapter's nodes are part of the
// parse.
func ParseWith(md goldmark.Markdown, m MathSyntax, path string, src []byte) (*Chapter, error) {
	src = Normalize(src)
	ch := &Chapter{Path: path, Source: src, Math: m}
	var errs ErrorList
	ch.Slug = SlugOf(path)
	if !slugRE.MatchString(ch.Slug) {
		what := "file name"
		if filepath.Base(path) == "index.md" {
			what = "folder name" // of a page bundle
		}
		errs.Add(Pos{File: path}, "%s %q must be letters, digits, '-' and '_' (it names the chapter's program)", what, ch.Slug)
	}
	if !utf8.Valid(src) {
		line := 1 + bytes.Count(src[:firstInvalidUTF8(src)], []byte("\n"))
		errs.Add(Pos{path, line}, "invalid UTF-8")
		ch.Doc = ast.NewDocument() // renderers and translations see an empty chapter
		return ch, errs
	}
	ch.lines = newLineIndex(src)
	lines := ch.lines
	ctx := parser.NewContext(parser.WithIDs(newHeadingIDs()))
	ch.Doc = md.Parser().Parse(text.NewReader(src), parser.WithContext(ctx))
	if fm := frontmatter.Get(ctx); fm != nil {
		parseMeta(ch, fm, &errs)
	}
	if ch.Meta.Title == "" {
		ch.Meta.Title = firstHeading(ch.Doc, src)
	}

	var prev *Snippet // Go snippet that an output block may follow
	lastOff := 0      // end of the last block seen, to find empty fences
	// block reads a fenced block: its info string's words, its text, the
	// line of its opening fence and of its first line.
	block := func(n *ast.FencedCodeBlock) (lang string, words []string, code string, fence, first int) {
		lang, words = infoWords(n, src)
		code, first = blockText(n, src, lines)
		switch {
		case n.Info != nil:
			fence = lines.line(n.Info.Segment.Start)
		case first > 0:
			fence = first - 1
		default: // an empty block with no info string
			fence = lines.line(nextFence(src, lastOff))
		}
		if first == 0 {
			first = fence + 1
		}
		if segs := n.Lines(); segs.Len() > 0 {
			lastOff = segs.At(segs.Len() - 1).Stop
		} else if n.Info != nil {
			lastOff = n.Info.Segment.Stop
		}
		return lang, words, code, fence, first
	}
	err := ast.Walk(ch.Doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			// A statement's comment ends the text it covers, claims included.
			if n, ok := n.(*StatementNode); ok {
				n.Index, n.Claim.Pos.File = len(ch.Claims), path
				ch.Claims = append(ch.Claims, n.Claim)
			}
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *OutputNode:
			fb := n.FirstChild().(*ast.FencedCodeBlock) // wrapOutput's
			_, words, code, fence, first := block(fb)
			w := &Want{Line: first, Text: code}
			n.Want = w
			for _, a := range words {
				if a == "unordered" {
					w.Unordered = true
				} else {
					errs.Add(Pos{path, fence}, "unknown output attribute %q (known: unordered)", a)
				}
			}
			if prev == nil || n.PreviousSibling() != prev.Node {
				errs.Add(Pos{path, fence}, "output block must follow a go snippet directly")
			} else if prev.Has("norun") {
				errs.Add(Pos{path, fence}, "output block follows a norun snippet, which never prints")
			} else {
				prev.Want, n.Snippet = w, prev.Index
			}
			prev = nil
			return ast.WalkSkipChildren, nil
		case *ast.FencedCodeBlock:
			lang, words, code, fence, first := block(n)
			s := &Snippet{Index: len(ch.Snippets), Lang: lang, Attrs: words, FenceLine: fence, Line: first, Code: code, Node: n}
			if lang == "go" {
				for _, a := range words {
					if !snippetAttrs[a] {
						errs.Add(Pos{path, fence}, "unknown snippet attribute %q (known: hide, norun)", a)
					}
				}
			}
			ch.Snippets = append(ch.Snippets, s)
			prev = nil
			if lang == "go" {
				prev = s
			}
			return ast.WalkSkipChildren, nil
		case *ast.CodeBlock:
			return ast.WalkSkipChildren, nil
		case *ast.HTMLBlock:
			if bytes.HasPrefix(bytes.TrimSpace(n.Lines().Value(src)), []byte(claimOpen)) {
				errs.Add(Pos{path, lines.line(n.Lines().At(0).Start)}, "claim comment starts a line, so it follows no number (write it right after the number, with no space)")
			}
			if bytes.HasPrefix(bytes.TrimSpace(n.Lines().Value(src)), []byte(statementOpen)) {
				errs.Add(Pos{path, lines.line(n.Lines().At(0).Start)}, "statement comment starts a line, so it covers no text (write it right after the statement)")
			}
			return ast.WalkSkipChildren, nil
		case *ast.Image:
			if name, ok := strings.CutPrefix(string(n.Destination), "figure:"); ok {
				line := inlineLine(n, lines)
				ch.FigRefs = append(ch.FigRefs, FigRef{Name: name, Line: line, Node: n})
			}
		case *ast.Text:
			// A ** that Markdown left as text is emphasis that did not
			// close, and the reader would see the asterisks.
			if bytes.Contains(n.Segment.Value(src), []byte("**")) {
				errs.Add(Pos{path, lines.line(n.Segment.Start)}, "%s", "** shows as text: this emphasis does not open or close (CommonMark closes ** after punctuation only before a space or punctuation, so **94.5%**를 fails; drop the ** or rephrase)")
			}
		case *ast.CodeSpan:
			return ast.WalkSkipChildren, nil
		case *ClaimNode:
			n.Index, n.Claim.Pos.File = len(ch.Claims), path
			ch.Claims = append(ch.Claims, n.Claim)
		case *ast.RawHTML:
			c, err := parseClaimNode(n, src, lines)
			if err != nil {
				errs.Add(Pos{path, err.line}, "%s", err.msg)
			} else if c != nil {
				c.Pos = Pos{path, c.Pos.Line}
				ch.Claims = append(ch.Claims, c)
			}
		}
		return ast.WalkContinue, nil
	})
	if err != nil {
		errs.Add(Pos{File: path}, "%v", err)
	}
	if isJekyllPost(path) {
		checkLiquid(ch, &errs)
	}
	errs.Sort()
	return ch, errs.Err()
}

// Normalize returns a chapter's text with a leading UTF-8 byte order mark
// removed and CRLF or lone CR line endings turned into LF, as an editor on
// Windows may write them. Lines keep their numbers, so every position
// reported for the normalized text is right for the file. Text that needs
// no change is returned as it is.
func Normalize(src []byte) []byte {
	src = bytes.TrimPrefix(src, []byte("\xef\xbb\xbf"))
	if bytes.IndexByte(src, '\r') < 0 {
		return src
	}
	out := make([]byte, 0, len(src))
	for i := 0; i < len(src); i++ {
		c := src[i]
		if c == '\r' {
			if i+1 < len(src) && src[i+1] == '\n' {
				continue
			}
			c = '\n'
		}
		out = append(out, c)
	}
	return out
}

func parseMeta(ch *Chapter, fm *frontmatter.Data, errs *ErrorList) {
	var doc yaml.Node
	if err := fm.Decode(&doc); err != nil {
		errs.Add(Pos{ch.Path, yamlLine(err)}, "front matter: %s", yamlMsg(err))
		return
	}
	if err := fm.Decode(&ch.Meta); err != nil {
		errs.Add(Pos{ch.Path, yamlLine(err)}, "front matter: %s", yamlMsg(err))
	}
	if len(doc.Content) == 0 {
		return
	}
	root := doc.Content[0]
	if root.Kind != yaml.MappingNode {
		errs.Add(Pos{ch.Path, root.Line + 1}, "front matter must be a mapping of keys to values")
		return
	}
	delete(ch.Meta.Extra, "params")
	for i := 0; i+1 < len(root.Content); i += 2 {
		if root.Content[i].Value != "params" {
			continue
		}
		m := root.Content[i+1]
		if m.Kind != yaml.MappingNode {
			errs.Add(Pos{ch.Path, m.Line + 1}, "params must be a mapping of names to values")
			continue
		}
		folded := map[string]Param{} // lower-cased name → the parameter
		for j := 0; j+1 < len(m.Content); j += 2 {
			k, v := m.Content[j], m.Content[j+1]
			p, err := parseParam(k, v)
			if err != nil {
				errs.Add(Pos{ch.Path, err.line}, "param %s: %s", k.Value, err.msg)
				continue
			}
			// Names that differ only in case (batchSize, batchsize) are
			// two Go variables but one name to a reader of the panel or
			// of -set.
			if q, ok := folded[strings.ToLower(p.Name)]; ok && q.Name != p.Name {
				errs.Add(Pos{ch.Path, p.Line}, "param %s: differs from param %s (line %d) only in case; name them apart", p.Name, q.Name, q.Line)
				continue
			}
			folded[strings.ToLower(p.Name)] = p
			ch.Meta.Params = append(ch.Meta.Params, p)
		}
	}
	if ch.Meta.Rerun != "" && ch.Meta.Rerun != RerunServeOnly {
		errs.Add(Pos{ch.Path, keyLine(root, "rerun")}, "rerun: %q is not a choice: the only value is %s", ch.Meta.Rerun, RerunServeOnly)
	}
	for _, d := range ch.Meta.Data {
		if err := CheckDataName(d); err != nil {
			errs.Add(Pos{ch.Path, keyLine(root, "data")}, "data: %v", err)
		}
	}
}

// keyLine returns the file line of a key of the front matter mapping.
func keyLine(root *yaml.Node, key string) int {
	for i := 0; i+1 < len(root.Content); i += 2 {
		if root.Content[i].Value == key {
			return root.Content[i].Line + 1
		}
	}
	return 1
}

var yamlLineRE = regexp.MustCompile(`line (\d+)`)

// yamlLine returns the file line of a yaml error: the front matter starts on
// the file's second line.
func yamlLine(err error) int {
	if m := yamlLineRE.FindStringSubmatch(err.Error()); m != nil {
		n, _ := strconv.Atoi(m[1])
		return n + 1
	}
	return 1
}

func yamlMsg(err error) string {
	s := strings.TrimPrefix(strings.TrimPrefix(err.Error(), "yaml: "), "toml: ")
	s = yamlLineRE.ReplaceAllString(s, "")
	s = strings.TrimPrefix(strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(s), ":")), "unmarshal errors:")
	return strings.Join(strings.Fields(s), " ")
}

func firstHeading(doc ast.Node, src []byte) string {
	for n := doc.FirstChild(); n != nil; n = n.NextSibling() {
		if h, ok := n.(*ast.Heading); ok && h.Level == 1 {
			return plainText(h, src)
		}
	}
	return ""
}

// plainText returns the text of a node's inline content.
func plainText(n ast.Node, src []byte) string {
	var b strings.Builder
	_ = ast.Walk(n, func(c ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch c := c.(type) {
		case *ast.Text:
			b.Write(c.Segment.Value(src))
			if c.SoftLineBreak() || c.HardLineBreak() {
				b.WriteByte(' ')
			}
		case *ast.String:
			b.Write(c.Value)
		case *ast.CodeSpan:
			for t := c.FirstChild(); t != nil; t = t.NextSibling() {
				if tt, ok := t.(*ast.Text); ok {
					b.Write(tt.Segment.Value(src))
				}
			}
			return ast.WalkSkipChildren, nil
		}
		return ast.WalkContinue, nil
	})
	return b.String()
}

// PlainText returns the text of a node's inline content, such as a heading.
func PlainText(n ast.Node, src []byte) string { return plainText(n, src) }

func blockText(n ast.Node, src []byte, li lineIndex) (string, int) {
	segs := n.Lines()
	if segs.Len() == 0 {
		return "", 0
	}
	var b strings.Builder
	for i := 0; i < segs.Len(); i++ {
		s := segs.At(i)
		b.Write(s.Value(src))
	}
	return b.String(), li.line(segs.At(0).Start)
}

// inlineLine finds the line of an inline node that has no segment of its
// own, from the text next to it or its block.
func inlineLine(n ast.Node, lines lineIndex) int {
	if t, ok := n.FirstChild().(*ast.Text); ok {
		return lines.line(t.Segment.Start)
	}
	for p := n.PreviousSibling(); p != nil; p = p.PreviousSibling() {
		if t, ok := p.(*ast.Text); ok {
			return lines.line(t.Segment.Stop - 1)
		}
	}
	for p := n.NextSibling(); p != nil; p = p.NextSibling() {
		if t, ok := p.(*ast.Text); ok {
			return lines.line(t.Segment.Start)
		}
	}
	for b := n.Parent(); b != nil; b = b.Parent() {
		if b.Type() == ast.TypeBlock && b.Lines().Len() > 0 {
			return lines.line(b.Lines().At(0).Start)
		}
	}
	return 1
}

// nextFence returns the offset of the first fence at or after off.
func nextFence(src []byte, off int) int {
	if off > len(src) {
		off = len(src)
	}
	best := len(src)
	for _, f := range []string{"```", "~~~"} {
		if i := bytes.Index(src[off:], []byte(f)); i >= 0 && off+i < best {
			best = off + i
		}
	}
	return best
}

func firstInvalidUTF8(b []byte) int {
	for i := 0; i < len(b); {
		r, size := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && size == 1 {
			return i
		}
		i += size
	}
	return len(b)
}

// lineIndex maps byte offsets to 1-based lines.
type lineIndex []int

func newLineIndex(src []byte) lineIndex {
	idx := lineIndex{0}
	for i, c := range src {
		if c == '\n' {
			idx = append(idx, i+1)
		}
	}
	return idx
}

func (li lineIndex) line(off int) int {
	lo, hi := 0, len(li)
	for lo+1 < hi {
		mid := (lo + hi) / 2
		if li[mid] <= off {
			lo = mid
		} else {
			hi = mid
		}
	}
	return lo + 1
}
