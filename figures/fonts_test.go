package figures

import (
	"errors"
	"image"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/image/font/sfnt"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
)

// titleInk draws an empty plot with the given title and counts the dark
// pixels in the band above the plot area, where the title goes.
func titleInk(t *testing.T, p *plot.Plot, title string) int {
	t.Helper()
	p.Title.Text = title
	img := rasterize(p, DefaultWidth, DefaultHeight).Image()
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

// TestHangulIsDrawn checks that a Hangul title puts about as much ink on
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

// TestGlyphs checks that every character the book's labels use has a glyph
// in the face that draws it, and that runes Noto Sans CJK lacks fall back
// to DejaVu Sans.
func TestGlyphs(t *testing.T) {
	mustLoadFonts()
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
					t.Errorf("%q: no glyph for %q in %s", s, c, r.face.Font.Typeface)
				}
			}
		}
	}
	var got []string
	for _, r := range houseText.runs("x₀ = η∇f", fnt) {
		got = append(got, string(r.face.Font.Typeface)+":"+r.text)
	}
	want := "Noto Sans CJK KR:x|DejaVu:₀|Noto Sans CJK KR: = η∇f"
	if s := strings.Join(got, "|"); s != want {
		t.Errorf("runs = %s, want %s", s, want)
	}
}

func TestMissingFont(t *testing.T) {
	missing := filepath.Join(t.TempDir(), "NotoSansCJK-Regular.ttc")
	err := registerFonts([]string{missing})
	if !errors.Is(err, ErrNoFont) || !strings.Contains(err.Error(), "apt-get install fonts-noto-cjk") || !strings.Contains(err.Error(), missing) {
		t.Errorf("registerFonts(missing) = %v, want ErrNoFont naming the package and the path", err)
	}

	broken := filepath.Join(t.TempDir(), "broken.ttc")
	if err := os.WriteFile(broken, []byte("not a font"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := registerFonts([]string{broken}); err == nil || !strings.Contains(err.Error(), broken) {
		t.Errorf("registerFonts(broken) = %v, want an error naming %s", err, broken)
	}
}
