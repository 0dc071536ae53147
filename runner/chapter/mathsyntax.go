package chapter

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/BurntSushi/toml"
	"github.com/gohugoio/hugo-goldmark-extensions/passthrough"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
	"gopkg.in/yaml.v3"
)

// MathSyntax is how the prose of a chapter sets TeX apart: the delimiters
// of inline math and of display math. Text between them is kept from
// Markdown (so that a_1 * b_2 is not emphasis) and rendered as math by the
// site. A dollar sign that no delimiter pair matches is text.
type MathSyntax struct {
	Inline []passthrough.Delimiters
	Block  []passthrough.Delimiters
	// AloneIsBlock makes inline math that is the whole of its paragraph
	// display math, as kramdown does (its Block is empty).
	AloneIsBlock bool
	From         string // where the syntax comes from, such as "tally" or "hugo.toml"
}

// tallyMath is the syntax of tally's own chapters: $…$ inline, $$…$$ as a
// display block.
var tallyMath = MathSyntax{
	Inline: []passthrough.Delimiters{{Open: "$", Close: "$"}},
	Block:  []passthrough.Delimiters{{Open: "$$", Close: "$$"}},
	From:   "tally",
}

// kramdownMath is the syntax of kramdown, Jekyll's Markdown: $$…$$ only,
// display math when it stands alone as a paragraph and inline math inside
// one. A single $ is text, as in "a coffee costs $5".
var kramdownMath = MathSyntax{
	Inline:       []passthrough.Delimiters{{Open: "$$", Close: "$$"}},
	AloneIsBlock: true,
	From:         "kramdown",
}

// extender returns the goldmark extension that keeps the math of this
// syntax away from Markdown.
func (m MathSyntax) extender() goldmark.Extender {
	return mathExt{m}
}

type mathExt struct{ m MathSyntax }

func (e mathExt) Extend(md goldmark.Markdown) {
	passthrough.New(passthrough.Config{InlineDelimiters: e.m.Inline, BlockDelimiters: e.m.Block}).Extend(md)
	if e.m.AloneIsBlock {
		// After passthrough's own transformer (priority 0).
		md.Parser().AddOptions(parser.WithASTTransformers(util.Prioritized(aloneIsBlock{}, 10)))
	}
}

// aloneIsBlock turns a paragraph whose only content is inline math into a
// block of display math.
type aloneIsBlock struct{}

func (aloneIsBlock) Transform(doc *ast.Document, reader text.Reader, pc parser.Context) {
	src := reader.Source()
	var paras []*ast.Paragraph
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) { // the walker returns no error
		if p, ok := n.(*ast.Paragraph); ok && entering {
			paras = append(paras, p)
			return ast.WalkSkipChildren, nil
		}
		return ast.WalkContinue, nil
	})
	for _, p := range paras {
		var math *passthrough.PassthroughInline
		alone := true
		for c := p.FirstChild(); c != nil && alone; c = c.NextSibling() {
			switch c := c.(type) {
			case *passthrough.PassthroughInline:
				alone = math == nil
				math = c
			case *ast.Text:
				alone = len(bytes.TrimSpace(c.Segment.Value(src))) == 0
			default:
				alone = false
			}
		}
		if !alone || math == nil {
			continue
		}
		block := &passthrough.PassthroughBlock{Delimiters: math.Delimiters}
		block.Lines().Append(math.Segment)
		block.SetPos(math.Pos())
		p.Parent().ReplaceChild(p.Parent(), p, block)
	}
}

// mathFor returns the math syntax of a chapter by its path, for a chapter
// outside a book that says otherwise: kramdown's for a post of a Jekyll
// site (a file under a folder named _posts), tally's for the others.
func mathFor(path string) MathSyntax {
	if isJekyllPost(path) {
		return kramdownMath
	}
	return tallyMath
}

// hugoConfigs are the names of a Hugo site's configuration file, in the
// order Hugo looks for them.
var hugoConfigs = []string{
	"hugo.toml", "hugo.yaml", "hugo.yml", "hugo.json",
	"config.toml", "config.yaml", "config.yml", "config.json",
	"config/_default/hugo.toml", "config/_default/hugo.yaml", "config/_default/hugo.yml", "config/_default/hugo.json",
	"config/_default/config.toml", "config/_default/config.yaml", "config/_default/config.yml", "config/_default/config.json",
}

// hugoMath looks for the configuration of a Hugo site in dir and the
// folders above it, up to the first that holds a go.mod or a .git (the
// root of the repository) and returns the math syntax it gives Hugo's
// passthrough extension (markup.goldmark.extensions.passthrough), or
// false when there is no Hugo configuration or it does not enable
// passthrough. A hugo.* file that cannot be read is an error naming it; a
// config.* file that cannot be read may be another tool's, and is left
// alone.
func hugoMath(dir string) (MathSyntax, bool, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return MathSyntax{}, false, err
	}
	for d := abs; ; d = filepath.Dir(d) {
		for _, name := range hugoConfigs {
			file := filepath.Join(d, filepath.FromSlash(name))
			src, err := os.ReadFile(file)
			if err != nil {
				continue
			}
			rel := file
			if r, err := filepath.Rel(abs, file); err == nil {
				rel = filepath.Join(dir, r)
			}
			m, ok, err := parseHugoMath(filepath.ToSlash(rel), src)
			if err != nil && strings.HasPrefix(filepath.Base(name), "config.") {
				// config.* may be another tool's: only hugo.* must be Hugo's.
				return MathSyntax{}, false, nil
			}
			return m, ok, err
		}
		if exists(filepath.Join(d, "go.mod")) || exists(filepath.Join(d, ".git")) || filepath.Dir(d) == d {
			return MathSyntax{}, false, nil
		}
	}
}

func exists(path string) bool {
	_, err := os.Stat(path)
	return err == nil
}

// hugoConfig is the part of a Hugo configuration that says how math is
// delimited.
type hugoConfig struct {
	Markup struct {
		Goldmark struct {
			Extensions struct {
				Passthrough struct {
					Enable     bool `toml:"enable" yaml:"enable" json:"enable"`
					Delimiters struct {
						Inline [][]string `toml:"inline" yaml:"inline" json:"inline"`
						Block  [][]string `toml:"block" yaml:"block" json:"block"`
					} `toml:"delimiters" yaml:"delimiters" json:"delimiters"`
				} `toml:"passthrough" yaml:"passthrough" json:"passthrough"`
			} `toml:"extensions" yaml:"extensions" json:"extensions"`
		} `toml:"goldmark" yaml:"goldmark" json:"goldmark"`
	} `toml:"markup" yaml:"markup" json:"markup"`
}

// parseHugoMath reads the math syntax of the Hugo configuration src, named
// file in messages.
func parseHugoMath(file string, src []byte) (MathSyntax, bool, error) {
	var c hugoConfig
	if err := decodeHugoConfig(file, src, &c); err != nil {
		line, msg := 1, err.Error()
		var te toml.ParseError
		if errors.As(err, &te) {
			line, msg = te.Position.Line, te.Message
		} else if m := yamlLineRE.FindStringSubmatch(msg); m != nil {
			line, _ = strconv.Atoi(m[1])
		}
		return MathSyntax{}, false, fmt.Errorf("%s:%d: %s", file, line, msg)
	}
	p := c.Markup.Goldmark.Extensions.Passthrough
	if !p.Enable {
		return MathSyntax{}, false, nil
	}
	m := MathSyntax{From: file}
	for _, d := range []struct {
		key  string
		in   [][]string
		dest *[]passthrough.Delimiters
	}{{"inline", p.Delimiters.Inline, &m.Inline}, {"block", p.Delimiters.Block, &m.Block}} {
		for _, pair := range d.in {
			if len(pair) != 2 || strings.TrimSpace(pair[0]) == "" || strings.TrimSpace(pair[1]) == "" {
				return MathSyntax{}, false, fmt.Errorf("%s: markup.goldmark.extensions.passthrough.delimiters.%s: %q is not a pair of an opening and a closing delimiter", file, d.key, pair)
			}
			*d.dest = append(*d.dest, passthrough.Delimiters{Open: pair[0], Close: pair[1]})
		}
	}
	return m, true, nil
}

// decodeHugoConfig decodes a Hugo configuration file into v, in the format
// its extension names: TOML, JSON or (any other) YAML.
func decodeHugoConfig(file string, src []byte, v any) error {
	switch filepath.Ext(file) {
	case ".toml":
		_, err := toml.Decode(string(src), v)
		return err
	case ".json":
		return json.Unmarshal(src, v)
	default:
		return yaml.Unmarshal(src, v)
	}
}
