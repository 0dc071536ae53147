package figures

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"

	"codeberg.org/go-fonts/dejavu/dejavusans"
	"github.com/tally-book/tally/book"
	"golang.org/x/image/font/opentype"
	"gonum.org/v1/plot/font"
)

// The faces of the house style are registered in font.DefaultCache under
// the typeface "figures": textFont, the face that sets the text and gives
// its metrics, is the first; the others are its fallbacks, in order.
const houseTypeface = "figures"

// textFont is the font of every text of the house style.
var textFont = faceFont(0)

// faceFont is the name under which face i of the house style is registered.
func faceFont(i int) font.Font {
	if i == 0 {
		return font.Font{Typeface: houseTypeface}
	}
	return font.Font{Typeface: houseTypeface, Variant: font.Variant(strconv.Itoa(i))}
}

// The faces that ship with tally, after the book's: DejaVu Sans (Latin,
// Greek, Cyrillic, math symbols, super- and subscripts), then Liberation
// Sans, gonum's own font, which gonum/plot registers.
var liberationSans = font.Font{Typeface: "Liberation", Variant: "Sans"}

// fontExts maps the extensions of the files read from the book's fonts
// folder to whether such a file is a collection, whose every face is
// read, in order. (The runner's cache key hashes the same files.)
var fontExts = map[string]bool{".ttf": false, ".otf": false, ".ttc": true, ".otc": true}

// houseText is the handler set on every text style of the house style;
// loadFonts sets its fallbacks.
var houseText = fallbackText{fonts: font.DefaultCache}

// loadFonts reads the fonts of the house style once, registers them in
// font.DefaultCache and sets houseText. A font file that cannot be read is
// left out and reported; the others are registered all the same.
var loadFonts = sync.OnceValue(func() error {
	if book.InBrowser() {
		// A chapter re-run in a browser, which has no font files: a
		// figure drawn there is an SVG whose text the browser sets in
		// its own fonts (vgsvg does not embed them), so the face only
		// measures the text.
		return registerFonts("")
	}
	return registerFonts(os.Getenv(book.EnvFonts))
})

// registerFonts registers the faces of the fonts in dir (none when dir is
// "" or does not exist), then DejaVu Sans and Liberation Sans, as the faces
// of the house style, and sets houseText's fallbacks to all but the first.
func registerFonts(dir string) error {
	faces, err := readFonts(dir)
	dv, derr := opentype.Parse(dejavusans.TTF)
	if derr != nil {
		return fmt.Errorf("figures: DejaVu Sans: %w", derr)
	}
	faces = append(faces, dv)
	var coll font.Collection
	for i, f := range faces {
		coll = append(coll, font.Face{Font: faceFont(i), Face: f})
	}
	font.DefaultCache.Add(coll)
	houseText.fallbacks = nil
	for i := 1; i < len(faces); i++ {
		houseText.fallbacks = append(houseText.fallbacks, faceFont(i))
	}
	houseText.fallbacks = append(houseText.fallbacks, liberationSans)
	return err
}

// readFonts parses the font files of dir, in name order, and returns their
// faces. A file that cannot be parsed is an error naming it; the faces of
// the others are returned all the same.
func readFonts(dir string) ([]*opentype.Font, error) {
	if dir == "" {
		return nil, nil
	}
	entries, err := os.ReadDir(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("figures: fonts: %w", err)
	}
	var (
		faces []*opentype.Font
		errs  []error
	)
	for _, e := range entries {
		coll, ok := fontExts[strings.ToLower(filepath.Ext(e.Name()))]
		if !ok || e.IsDir() {
			continue
		}
		name := filepath.Join(dir, e.Name())
		got, err := parseFont(name, coll)
		if err != nil {
			errs = append(errs, fmt.Errorf("figures: font %s: %w", name, err))
			continue
		}
		faces = append(faces, got...)
	}
	return faces, errors.Join(errs...)
}

// parseFont returns the face of the font file name, or every face of it
// when it is a collection.
func parseFont(name string, collection bool) ([]*opentype.Font, error) {
	data, err := os.ReadFile(name)
	if err != nil {
		return nil, err
	}
	if !collection {
		f, err := opentype.Parse(data)
		if err != nil {
			return nil, err
		}
		return []*opentype.Font{f}, nil
	}
	c, err := opentype.ParseCollection(data)
	if err != nil {
		return nil, err
	}
	var faces []*opentype.Font
	for i := range c.NumFonts() {
		f, err := c.Font(i)
		if err != nil {
			return nil, fmt.Errorf("face %d: %w", i, err)
		}
		faces = append(faces, f)
	}
	return faces, nil
}

// fontErrorReported is set once a font that could not be read has been
// reported: once per program is enough.
var fontErrorReported atomic.Bool

// useFonts loads the fonts of the house style. A font of the book that
// cannot be read is reported once, as an error at the line skip frames
// above useFonts's caller (the snippet that called New); the figures are
// drawn with the other fonts.
func useFonts(skip int) {
	if err := loadFonts(); err != nil && !fontErrorReported.Swap(true) {
		book.Errorf(skip+1, "%v", err)
	}
}

// fontsFolder says where the fonts of figures come from, for messages: the
// folder the runner names (relative to the working folder, which is the
// book's module root), or how to name one when the program runs by hand.
func fontsFolder() string {
	dir := os.Getenv(book.EnvFonts)
	if dir == "" {
		return "a folder named by $" + book.EnvFonts
	}
	if wd, err := os.Getwd(); err == nil {
		if rel, err := filepath.Rel(wd, dir); err == nil && !strings.HasPrefix(rel, "..") {
			dir = rel
		}
	}
	return filepath.ToSlash(dir)
}
