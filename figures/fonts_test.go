package figures

import (
	"image"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"codeberg.org/go-fonts/dejavu/dejavusans"
	"golang.org/x/image/font/opentype"
	"golang.org/x/image/font/sfnt"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
)

// titleInk draws an empty plot with the given title and counts the dark
// pixels in the band above the plot area, where the title goes.
func titleInk(t *testing.T, p *plot.Plot, title string) int {
	t.Helper()
	p.Title.Text = title
	c, _ := rasterize(p, DefaultWidth, DefaultHeight)
	img := c.Image()
	band := image.Rect(0, 0, img.Bounds().Dx(), DPI/3) // the top third of an inch
	n := 0
	for y := band.Min.Y; y < band.Max.Y; y++ {
		for x := band.Min.X; x < band.Max.X; x++ {
			r, g, b, _ := img.At(x, y).RGBA()
			if (r+g+b)/3 < 0x8000 {
				n++
			}
		}
	}
	return n
}

// TestHangulIsDrawn checks that a Hangul title, drawn with the font of the
// fonts folder (testdata/fonts, see TestMain), puts about as much ink on
// the page as a Latin title of the same width (about 1000 and 800 dark
// pixels), not an empty box or nothing.
func TestHangulIsDrawn(t *testing.T) {
	hangul := titleInk(t, New("", "", ""), "손실 함수")
	latin := titleInk(t, New("", "", ""), "Loss fun")
	t.Logf("dark pixels: Hangul %d, Latin %d", hangul, latin)
	if latin < 500 {
		t.Fatalf("the Latin title has only %d dark pixels; is the band in the right place?", latin)
	}
	if hangul < latin*2/3 || hangul > latin*3 {
		t.Errorf("Hangul title has %d dark pixels, Latin title %d: want comparable amounts", hangul, latin)
	}
	// Control: gonum's default font (Liberation) has no Hangul and draws
	// at most empty boxes (about 80 dark pixels against 1000), so the test
	// above does tell drawn glyphs from missing ones.
	plain := titleInk(t, plot.New(), "손실 함수")
	t.Logf("control, Liberation: %d", plain)
	if plain > latin/5 {
		t.Errorf("control: Liberation drew %d dark pixels for Hangul; the test cannot tell drawn from dropped", plain)
	}
}

// family returns the family name of a face, such as "DejaVu Sans".
func family(t *testing.T, f font.Face) string {
	t.Helper()
	var buf sfnt.Buffer
	name, err := f.Face.Name(&buf, sfnt.NameIDFamily)
	if err != nil {
		t.Fatal(err)
	}
	return name
}

// TestGlyphs checks that every character the book's labels use has a glyph
// in the face that draws it, that runes the font of the fonts folder (Noto
// Sans CJK KR) lacks fall back to DejaVu Sans, and that all super- and
// subscripts come from the one face that has them all.
func TestGlyphs(t *testing.T) {
	useFonts(0)
	fnt := font.From(textFont, 10)
	var buf sfnt.Buffer
	for _, s := range []string{
		"손실 함수 학습 정확도 경사 하강법 기울기 가중치",
		"Loss accuracy (1 − y)² η ∇ θ ∂ ≈ ∑ ± × · → ≤ ≥ ∞ α β λ σ μ ε Δ ℓ √ ∈ ⊙ …",
		"x₀ x₁ w₂ 10⁻³ 10⁴ e⁻ˣ",
	} {
		for _, r := range houseText.runs(s, fnt) {
			for _, c := range r.text {
				if !has(&buf, r.face, c) {
					t.Errorf("%q: no glyph for %q in %s", s, c, family(t, r.face))
				}
			}
		}
	}
	var got []string
	for _, r := range houseText.runs("x₀ = η∇f, 10³ and 10⁴", fnt) {
		got = append(got, family(t, r.face)+":"+r.text)
	}
	want := "Noto Sans CJK KR:x|DejaVu Sans:₀|Noto Sans CJK KR: = η∇f, 10|DejaVu Sans:³|Noto Sans CJK KR: and 10|DejaVu Sans:⁴"
	if s := strings.Join(got, "|"); s != want {
		t.Errorf("runs = %s,\nwant   %s", s, want)
	}
}

// TestReadFonts checks which files of a fonts folder are read, in which
// order, and that a broken one is reported by name without losing the
// others.
func TestReadFonts(t *testing.T) {
	good, err := os.ReadFile(filepath.Join("testdata", "fonts", "NotoSansCJKkr-test.otf"))
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	for name, data := range map[string][]byte{
		"b.OTF":      good,
		"a.ttf":      good,
		"broken.otf": []byte("not a font"),
		"OFL.txt":    []byte("the licence"),
	} {
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Mkdir(filepath.Join(dir, "sub.ttf"), 0o755); err != nil {
		t.Fatal(err)
	}
	faces, err := readFonts(dir)
	if len(faces) != 2 {
		t.Errorf("read %d faces, want 2 (a.ttf, b.OTF)", len(faces))
	}
	if err == nil || !strings.Contains(err.Error(), filepath.Join(dir, "broken.otf")) || strings.Contains(err.Error(), "a.ttf") {
		t.Errorf("readFonts = %v, want an error naming broken.otf alone", err)
	}

	for _, d := range []string{"", filepath.Join(dir, "missing")} {
		if faces, err := readFonts(d); len(faces) != 0 || err != nil {
			t.Errorf("readFonts(%q) = %d faces, %v; want none and no error", d, len(faces), err)
		}
	}
}

// TestScriptsFromOneFace checks that super- and subscripts come from the
// first face that has them all, the text face itself when it does: with
// DejaVu Sans as the text face (a book without fonts) and Liberation Sans
// as the fallback, 10⁻⁴ and x₁ are all DejaVu, though Liberation has ⁴ and
// ₁ too.
func TestScriptsFromOneFace(t *testing.T) {
	dv, err := opentype.Parse(dejavusans.TTF)
	if err != nil {
		t.Fatal(err)
	}
	lib := font.DefaultCache.Lookup(liberationSans, 10)
	if lib.Face == nil {
		t.Fatal("gonum registered no Liberation Sans")
	}
	var buf sfnt.Buffer
	if !has(&buf, lib, '⁴') || !has(&buf, lib, '₁') {
		t.Fatal("Liberation Sans lacks ⁴ or ₁: the test proves nothing")
	}
	text, other := font.Font{Typeface: "text"}, font.Font{Typeface: "other"}
	h := fallbackText{
		fonts:     font.NewCache(font.Collection{{Font: text, Face: dv}, {Font: other, Face: lib.Face}}),
		fallbacks: []font.Font{other},
	}
	var got []string
	for _, r := range h.runs("10⁻⁴ x₁", font.From(text, 10)) {
		got = append(got, family(t, r.face)+":"+r.text)
	}
	if s, want := strings.Join(got, "|"), "DejaVu Sans:10⁻⁴ x₁"; s != want {
		t.Errorf("runs = %s, want %s", s, want)
	}
}
