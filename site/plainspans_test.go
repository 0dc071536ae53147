package site

import (
	"os"
	"regexp"
	"strings"
	"testing"
)

func TestPlainSpans(t *testing.T) {
	for _, tc := range []struct{ name, in, want string }{
		{"name and punctuation", `<span class="nx">fmt</span><span class="p">.</span><span class="nf">Println</span>`, `fmt.<span class="nf">Println</span>`},
		{"whitespace", `<span class="kd">func</span><span class="w"> </span><span class="nf">f</span>`, `<span class="kd">func</span> <span class="nf">f</span>`},
		{"whitespace with a newline and tabs", "<span class=\"p\">{</span><span class=\"w\">\n</span></span><span class=\"w\">\t\t</span>", "{\n</span>\t\t"},
		{"escaped text kept", `<span class="p">&lt;-</span>`, `&lt;-`},
		{"w around text stays", `<span class="w">x</span>`, `<span class="w">x</span>`},
		{"other classes stay", `<span class="s">&#34;a b&#34;</span><span class="mi">1</span><span class="nxx">y</span>`, `<span class="s">&#34;a b&#34;</span><span class="mi">1</span><span class="nxx">y</span>`},
		{"nested markup stays", `<span class="nx"><b>y</b></span>`, `<span class="nx"><b>y</b></span>`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := string(plainSpans([]byte(tc.in))); got != tc.want {
				t.Errorf("plainSpans(%q)\n= %q\nwant %q", tc.in, got, tc.want)
			}
		})
	}
}

// TestPlainClasses checks what plainSpans relies on: in the light style,
// each plain class has no rule or only the code colour of the site's CSS
// (w: only a colour, which whitespace does not show); in the dark style,
// nx and p have no rule, so chromaCSS resets them to inherit the code
// colour.
func TestPlainClasses(t *testing.T) {
	css, err := os.ReadFile("static/tally.css")
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`--code-fg: (#[0-9a-fA-F]+);`).FindSubmatch(css)
	if m == nil {
		t.Fatal("static/tally.css sets no --code-fg")
	}
	codeFg := string(m[1])
	light, _ := chromaRules(chromaStyle)
	dark, _ := chromaRules(chromaDarkStyle)
	for _, class := range plainClasses {
		sel := ".chroma ." + class
		l, inLight := light[sel]
		d, inDark := dark[sel]
		if class == "w" {
			for _, decl := range []string{l, d} {
				if decl != "" && !regexp.MustCompile(`^color: #[0-9a-fA-F]+$`).MatchString(decl) {
					t.Errorf("%s: %q, want at most a colour", sel, decl)
				}
			}
			continue
		}
		if inLight && !strings.EqualFold(l, "color: "+codeFg) {
			t.Errorf("%s in %s: %q, want none or color: %s (--code-fg)", sel, chromaStyle, l, codeFg)
		}
		if inDark {
			t.Errorf("%s in %s: %q, want none", sel, chromaDarkStyle, d)
		}
	}
}
