package site

import (
	"bytes"
	"embed"
	"fmt"
	"html/template"
	"io/fs"
	"path"
	"regexp"
	"sort"
	"strings"

	chromahtml "github.com/alecthomas/chroma/v2/formatters/html"
	"github.com/alecthomas/chroma/v2/styles"
)

//go:embed templates/*.html
var templateFS embed.FS

//go:embed static
var staticFS embed.FS

// templates are the page templates: "chapter" and "index", which share the
// layout.
var templates = template.Must(template.New("").Funcs(template.FuncMap{
	"inc": func(i int) int { return i + 1 },
	// the samples of the legend on the index page
	"claimSample": func(word string) template.HTML {
		return template.HTML(`<span class="claim claim-pass"><span class="claim-num">` + template.HTMLEscapeString(word) +
			`</span><span class="claim-mark static" aria-hidden="true">✓</span></span>`)
	},
	"optionalSample": func(word string) template.HTML {
		return template.HTML(`<span class="badge-optional">` + template.HTMLEscapeString(word) + `</span>`)
	},
}).ParseFS(templateFS, "templates/*.html"))

// katexCSS is where KaTeX's style sheet goes in the site.
const katexCSS = "assets/katex/katex.min.css"

// writeAssets writes the style sheet (with the highlighting colours of both
// themes), the scripts, and KaTeX's CSS and fonts when a page has math.
func (b *builder) writeAssets(usesMath bool) error {
	err := fs.WalkDir(staticFS, "static", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := staticFS.ReadFile(p)
		if err != nil {
			return err
		}
		rel := "assets/" + strings.TrimPrefix(p, "static/")
		if rel == "assets/tally.css" {
			data = append(data, chromaCSS()...)
		}
		return b.out.write(rel, data)
	})
	if err != nil {
		return err
	}
	if usesMath && b.math.err == nil { // without KaTeX the pages already say so
		return b.copyKaTeX()
	}
	return nil
}

// woffRE matches the woff and ttf fallbacks of KaTeX's @font-face rules;
// the site ships only the woff2 files, which every current browser reads.
var woffRE = regexp.MustCompile(`,url\(fonts/[A-Za-z0-9_-]+\.(?:woff|ttf)\) format\("(?:woff|truetype)"\)`)

// copyKaTeX copies katex.min.css, without the woff and ttf fallbacks, and
// the woff2 fonts.
func (b *builder) copyKaTeX() error {
	fsys := b.math.fsys
	css, err := fs.ReadFile(fsys, "katex.min.css")
	if err != nil {
		return fmt.Errorf("%w: %v", ErrNoKaTeX, err)
	}
	css = woffRE.ReplaceAll(css, nil)
	if err := b.out.write(katexCSS, css); err != nil {
		return err
	}
	fonts, err := fs.Glob(fsys, "fonts/*.woff2")
	if err != nil {
		return err
	}
	if len(fonts) == 0 {
		return fmt.Errorf("%w: no fonts/*.woff2", ErrNoKaTeX)
	}
	sort.Strings(fonts)
	for _, f := range fonts {
		data, err := fs.ReadFile(fsys, f)
		if err != nil {
			return err
		}
		if err := b.out.write("assets/katex/fonts/"+path.Base(f), data); err != nil {
			return err
		}
	}
	return nil
}

// chromaCSS returns the highlighting rules of both themes. The light
// style applies unless the page is dark; the dark style applies when the
// theme toggle says dark, or when the system is dark and no choice was
// made. Every light rule has a dark counterpart, so no light colour leaks
// into the dark theme.
func chromaCSS() []byte {
	light, order := chromaRules(chromaStyle)
	dark, darkOrder := chromaRules(chromaDarkStyle)
	for _, sel := range darkOrder {
		if _, ok := light[sel]; !ok {
			order = append(order, sel)
		}
	}
	reset := "color: inherit; background-color: transparent; font-weight: inherit; font-style: inherit; text-decoration: inherit"
	var b bytes.Buffer
	b.WriteString("\n/* Syntax highlighting (chroma " + chromaStyle + " and " + chromaDarkStyle + "), generated */\n")
	for _, sel := range order {
		if d, ok := light[sel]; ok {
			fmt.Fprintf(&b, "html:not([data-theme=\"dark\"]) %s { %s }\n", sel, d)
		}
	}
	darkDecl := func(sel string) string {
		if d, ok := dark[sel]; ok {
			return d
		}
		return reset
	}
	for _, sel := range order {
		fmt.Fprintf(&b, "html[data-theme=\"dark\"] %s { %s }\n", sel, darkDecl(sel))
	}
	b.WriteString("@media (prefers-color-scheme: dark) {\n")
	for _, sel := range order {
		fmt.Fprintf(&b, "html:not([data-theme]) %s { %s }\n", sel, darkDecl(sel))
	}
	b.WriteString("}\n")
	return b.Bytes()
}

// chromaRules returns the token rules of a chroma style, selector →
// declarations, and the selectors in order. The background and wrapper
// rules are left out: the site's CSS styles code blocks.
func chromaRules(style string) (map[string]string, []string) {
	var buf bytes.Buffer
	_ = chromahtml.New(chromahtml.WithClasses(true)).WriteCSS(&buf, styles.Get(style))
	rules := map[string]string{}
	var order []string
	for _, line := range strings.Split(buf.String(), "\n") {
		_, rest, ok := strings.Cut(line, "*/ ")
		if !ok {
			continue
		}
		sel, decl, ok := strings.Cut(rest, "{")
		sel = strings.TrimSpace(sel)
		decl = strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(decl), "}"))
		if !ok || !strings.HasPrefix(sel, ".chroma .") || decl == "" {
			continue
		}
		if _, dup := rules[sel]; !dup {
			order = append(order, sel)
		}
		rules[sel] = strings.TrimSuffix(decl, ";")
	}
	return rules, order
}
