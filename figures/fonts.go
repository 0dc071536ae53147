package figures

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"sync"

	"codeberg.org/go-fonts/dejavu/dejavusans"
	"github.com/tally-book/tally/runner/book"
	"golang.org/x/image/font/opentype"
	"golang.org/x/image/font/sfnt"
	"gonum.org/v1/plot/font"
)

// FontEnv names an environment variable that, when set, gives the path of
// the Noto Sans CJK collection to use instead of the system one.
const FontEnv = "TALLY_CJK_FONT"

// fontPaths are the places searched for the Noto Sans CJK collection, after
// $TALLY_CJK_FONT: Debian's fonts-noto-cjk, then Fedora's and Arch's
// google-noto-sans-cjk packages.
var fontPaths = []string{
	"/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
	"/usr/share/fonts/google-noto-cjk/NotoSansCJK-Regular.ttc",
	"/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc",
}

// cjkFamily is the family name of the face picked from the collection.
const cjkFamily = "Noto Sans CJK KR"

// The fonts of the house style, registered in font.DefaultCache. Text is set
// in Noto Sans CJK KR; runes it lacks (subscript digits, superscript minus)
// fall back to DejaVu Sans.
var (
	textFont     = font.Font{Typeface: cjkFamily}
	fallbackFont = font.Font{Typeface: "DejaVu", Variant: "Sans"}
)

// ErrNoFont is reported when the Noto Sans CJK collection cannot be found.
var ErrNoFont = errors.New("figures: Noto Sans CJK font not found (install it with `apt-get install fonts-noto-cjk`, or set " + FontEnv + ")")

// loadFonts reads the fonts of the house style once and registers them in
// font.DefaultCache.
var loadFonts = sync.OnceValue(func() error {
	if book.InBrowser() {
		return registerBrowserFonts()
	}
	paths := fontPaths
	if p := os.Getenv(FontEnv); p != "" {
		paths = []string{p}
	}
	return registerFonts(paths)
})

// registerFonts loads Noto Sans CJK KR from the first of paths that exists,
// and DejaVu Sans from its embedded copy, into font.DefaultCache.
func registerFonts(paths []string) error {
	cjk, err := readCJK(paths)
	if err != nil {
		return err
	}
	dv, err := opentype.Parse(dejavusans.TTF)
	if err != nil {
		return fmt.Errorf("figures: DejaVu Sans: %w", err)
	}
	font.DefaultCache.Add(font.Collection{
		{Font: textFont, Face: cjk},
		{Font: fallbackFont, Face: dv},
	})
	return nil
}

// registerBrowserFonts registers the embedded DejaVu Sans for the text
// face too, for a chapter re-run in a browser, which has no font files: a
// figure drawn there is an SVG whose text the browser sets in its own
// fonts (vgsvg does not embed them), so the face only measures the text.
func registerBrowserFonts() error {
	dv, err := opentype.Parse(dejavusans.TTF)
	if err != nil {
		return fmt.Errorf("figures: DejaVu Sans: %w", err)
	}
	font.DefaultCache.Add(font.Collection{
		{Font: textFont, Face: dv},
		{Font: fallbackFont, Face: dv},
	})
	return nil
}

// readCJK parses the collection at the first of paths that exists and returns
// its Noto Sans CJK KR face, found by family name.
func readCJK(paths []string) (*opentype.Font, error) {
	for _, p := range paths {
		data, err := os.ReadFile(p)
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err != nil {
			return nil, fmt.Errorf("figures: %w", err)
		}
		coll, err := opentype.ParseCollection(data)
		if err != nil {
			return nil, fmt.Errorf("figures: %s: %w", p, err)
		}
		var buf sfnt.Buffer
		for i := range coll.NumFonts() {
			f, err := coll.Font(i)
			if err != nil {
				return nil, fmt.Errorf("figures: %s: face %d: %w", p, i, err)
			}
			if name, err := f.Name(&buf, sfnt.NameIDFamily); err == nil && name == cjkFamily {
				return f, nil
			}
		}
		return nil, fmt.Errorf("figures: %s has no %q face", p, cjkFamily)
	}
	return nil, fmt.Errorf("%w; looked in %v", ErrNoFont, paths)
}

// mustLoadFonts panics with a clear message when the fonts are missing: a
// figure without them would silently drop every Hangul character.
func mustLoadFonts() {
	if err := loadFonts(); err != nil {
		panic(err)
	}
}
