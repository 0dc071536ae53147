package chapter

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gohugoio/hugo-goldmark-extensions/passthrough"
	"github.com/yuin/goldmark/ast"
)

// mathNodes lists the math of a parsed chapter, in order, as "inline TEX"
// or "block TEX" with the delimiters.
func mathNodes(ch *Chapter) []string {
	var out []string
	ast.Walk(ch.Doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *passthrough.PassthroughInline:
			out = append(out, "inline "+string(n.Segment.Value(ch.Source)))
		case *passthrough.PassthroughBlock:
			var b strings.Builder
			for i := range n.Lines().Len() {
				seg := n.Lines().At(i)
				b.Write(seg.Value(ch.Source))
			}
			out = append(out, "block "+strings.TrimSpace(b.String()))
		}
		return ast.WalkContinue, nil
	})
	return out
}

func TestMathSyntax(t *testing.T) {
	const prose = "# Prices\n\nA coffee costs $5 and a sandwich $10.\n\nInline $$x^2$$ here, and $y$.\n\n$$\n\\sum_i x_i\n$$\n\n$$z$$\n"
	hugo := MathSyntax{
		Inline: []passthrough.Delimiters{{Open: `\(`, Close: `\)`}},
		Block:  []passthrough.Delimiters{{Open: `\[`, Close: `\]`}, {Open: "$$", Close: "$$"}},
	}
	tests := []struct {
		name   string
		syntax MathSyntax
		src    string
		want   []string
	}{
		{"tally", tallyMath, prose, []string{
			"inline $5 and a sandwich $", "block $$x^2$$", "inline $y$", "block $$\n\\sum_i x_i\n$$", "block $$z$$"}},
		{"kramdown", kramdownMath, prose, []string{
			"inline $$x^2$$", "block $$\n\\sum_i x_i\n$$", "block $$z$$"}},
		{"hugo", hugo, prose + "\nInline \\(a_1 * b_2\\) and\n\n\\[\nc\n\\]\n", []string{
			"block $$x^2$$", "block $$\n\\sum_i x_i\n$$", "block $$z$$", `inline \(a_1 * b_2\)`, "block \\[\nc\n\\]"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ch, err := ParseWith(Markdown(tt.syntax), tt.syntax, "c.md", []byte(tt.src))
			if err != nil {
				t.Fatal(err)
			}
			got := mathNodes(ch)
			if strings.Join(got, "\n|") != strings.Join(tt.want, "\n|") {
				t.Errorf("math %q\nwant %q", got, tt.want)
			}
		})
	}
}

func TestMathFor(t *testing.T) {
	tests := []struct {
		path string
		want string
	}{
		{"chapters/01-losses.md", "tally"},
		{"_posts/2024-01-15-mean.md", "kramdown"},
		{"blog/_posts/2023/2023-05-01-x.md", "kramdown"},
		{"/home/a/blog/_posts/ml/2023-05-01-x.md", "kramdown"},
		{"content/posts/x.md", "tally"},
		{"posts/_drafts/x.md", "tally"},
	}
	for _, tt := range tests {
		if got := mathFor(tt.path).From; got != tt.want {
			t.Errorf("mathFor(%q) = %s, want %s", tt.path, got, tt.want)
		}
	}
}

func TestParseHugoMath(t *testing.T) {
	tests := []struct {
		file, src string
		ok        bool
		want      string // the delimiters, or the error
	}{
		{"hugo.toml", `
[markup.goldmark.extensions.passthrough]
enable = true
[markup.goldmark.extensions.passthrough.delimiters]
block = [['\[', '\]'], ['$$', '$$']]
inline = [['\(', '\)']]
`, true, `inline \( \) block \[ \] $$ $$`},
		{"hugo.yaml", `
markup:
  goldmark:
    extensions:
      passthrough:
        enable: true
        delimiters:
          inline: [["$", "$"]]
          block: [["$$", "$$"]]
`, true, `inline $ $ block $$ $$`},
		{"config.json", `{"markup": {"goldmark": {"extensions": {"passthrough": {"enable": true, "delimiters": {"inline": [["\\(", "\\)"]]}}}}}}`, true, `inline \( \) block`},
		{"hugo.toml", "title = 'A blog'\n", false, ""},
		{"hugo.toml", "[markup.goldmark.extensions.passthrough]\nenable = false\n[markup.goldmark.extensions.passthrough.delimiters]\ninline = [['$', '$']]\n", false, ""},
		{"hugo.toml", "title = 'A blog'\nenable = = true\n", false, "hugo.toml:2: "},
		{"hugo.toml", "[markup.goldmark.extensions.passthrough]\nenable = true\n[markup.goldmark.extensions.passthrough.delimiters]\ninline = [['$']]\n", false, `hugo.toml: markup.goldmark.extensions.passthrough.delimiters.inline: ["$"] is not a pair`},
		{"hugo.yaml", "markup:\n  goldmark: [\n", false, "hugo.yaml:"},
	}
	for _, tt := range tests {
		m, ok, err := parseHugoMath(tt.file, []byte(tt.src))
		var got string
		if err != nil {
			got = err.Error()
		} else if ok {
			got = "inline"
			for _, d := range m.Inline {
				got += " " + d.Open + " " + d.Close
			}
			got += " block"
			for _, d := range m.Block {
				got += " " + d.Open + " " + d.Close
			}
			if m.From != tt.file {
				t.Errorf("%s: From %q", tt.file, m.From)
			}
		}
		if ok != tt.ok || !strings.HasPrefix(got, tt.want) || (tt.want == "") != (got == "") {
			t.Errorf("%s %q:\ngot %v %q\nwant %v %q", tt.file, tt.src, ok, got, tt.ok, tt.want)
		}
	}
}

// TestLoadBookHugoMath wants the chapters of a Hugo site's content folder
// parsed with the math of the site's configuration, found above the
// folder, and a configuration that cannot be read reported at its line.
func TestLoadBookHugoMath(t *testing.T) {
	root := t.TempDir()
	write := func(name, src string) {
		t.Helper()
		file := filepath.Join(root, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(file), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(file, []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("go.mod", "module blog\n")
	write("hugo.toml", "[markup.goldmark.extensions.passthrough]\nenable = true\n[markup.goldmark.extensions.passthrough.delimiters]\ninline = [['\\(', '\\)']]\nblock = [['$$', '$$']]\n")
	write("content/posts/prices.md", "+++\ntitle = 'Prices'\n+++\nIt costs $5, or $6 with \\(x_1 * y_2\\).\n")
	write("content/posts/bundle/index.md", "+++\ntitle = 'A bundle'\n+++\n$$\na_1 * b_2\n$$\n")
	b, err := LoadBook(filepath.Join(root, "content", "posts"))
	if err != nil {
		t.Fatal(err)
	}
	if len(b.Chapters) != 2 {
		t.Fatalf("%d chapters, want the bundle and the post", len(b.Chapters))
	}
	ch := b.Chapter("prices")
	if got, want := mathNodes(ch), []string{`inline \(x_1 * y_2\)`}; strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("math %q, want %q", got, want)
	}
	if got, want := mathNodes(b.Chapter("bundle")), []string{"block $$\na_1 * b_2\n$$"}; strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("the bundle's math %q, want %q", got, want)
	}
	if !strings.HasSuffix(ch.Math.From, "hugo.toml") {
		t.Errorf("math from %q", ch.Math.From)
	}

	write("hugo.toml", "title = 'x'\nenable = = true\n")
	_, err = LoadBook(filepath.Join(root, "content", "posts"))
	if err == nil || !strings.Contains(err.Error(), "hugo.toml:2: ") {
		t.Errorf("a broken hugo.toml: %v", err)
	}

	// Without a Hugo configuration, a chapter has tally's math; a
	// config.json of another tool is no Hugo configuration.
	if err := os.Remove(filepath.Join(root, "hugo.toml")); err != nil {
		t.Fatal(err)
	}
	write("config.json", `["not", "hugo"]`)
	b, err = LoadBook(filepath.Join(root, "content", "posts"))
	if err != nil {
		t.Fatal(err)
	}
	if got := b.Chapter("prices").Math.From; got != "tally" {
		t.Errorf("without hugo.toml, math from %q", got)
	}
}
