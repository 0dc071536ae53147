package figures_test

import (
	"bytes"
	"fmt"
	"image/png"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/tally-book/tally/book"
	"github.com/tally-book/tally/figures"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
)

func TestPublishFigure(t *testing.T) { checkFigure(t, ExamplePublish, "loss_functions.png") }

// serial makes names unique across runs of a test (go test -count=2), since
// the book refuses a name published twice in one process.
var serial atomic.Int64

func uniq(base string) string { return fmt.Sprintf("%s_%d", base, serial.Add(1)) }

// here returns the position of its caller's next line, as the book records
// positions.
func here() string {
	_, file, line, _ := runtime.Caller(1)
	return file + ":" + strconv.Itoa(line+1)
}

// tree lists the files under the test's root folder, except the records.
func tree(t *testing.T) []string {
	t.Helper()
	var files []string
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err == nil && path != filepath.Join(root, "records.jsonl") {
			files = append(files, path)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

// linePlot returns a small house-style plot.
func linePlot(title string) *plot.Plot {
	p := figures.New(title, "x", "y")
	figures.AddLine(p, 0, "", plotter.XYs{{X: 0, Y: 0}, {X: 1, Y: 1}})
	return p
}

func TestPublishRecordsFigure(t *testing.T) {
	name := uniq("recorded")
	pos := here()
	figures.Publish(name, linePlot("recorded"), "A caption.", "Alt text.")
	r := lastRecord(t)
	want := book.Record{Kind: book.KindFigure, Name: name, File: name + ".png", Caption: "A caption.", Alt: "Alt text.", Pos: pos}
	r.Snippet, r.T = 0, 0
	if r != want {
		t.Fatalf("record = %+v\nwant %+v", r, want)
	}
	checkSize(t, filepath.Join(book.FigureDir(), r.File), 1152, 768)

	name = uniq("sized")
	figures.Publish(name, linePlot("sized"), "", "Alt text.", figures.WithSize(3*vg.Inch, 2*vg.Inch))
	checkSize(t, filepath.Join(book.FigureDir(), name+".png"), 576, 384)
}

func checkSize(t *testing.T, path string, w, h int) {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	cfg, err := png.DecodeConfig(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Width != w || cfg.Height != h {
		t.Errorf("%s is %d×%d, want %d×%d", path, cfg.Width, cfg.Height, w, h)
	}
}

func TestPublishRejectsBadName(t *testing.T) {
	for _, name := range []string{"../x", "A", "", "a/b", "x.png", "/tmp/x", "2x", "a-b"} {
		before := tree(t)
		pos := here()
		figures.Publish(name, linePlot("bad"), "Caption.", "Alt text.")
		if after := tree(t); !slices.Equal(before, after) {
			t.Errorf("Publish(%q) wrote files: before %v, after %v", name, before, after)
		}
		r := lastRecord(t)
		want := fmt.Sprintf("figures: name %q is not a lower-case identifier ([a-z][a-z0-9_]*)", name)
		if r.Kind != "error" || r.Pos != pos || r.Msg != want {
			t.Errorf("Publish(%q) recorded %+v, want an error at %s: %s", name, r, pos, want)
		}
	}
}

func TestPublishNeedsAlt(t *testing.T) {
	for _, alt := range []string{"", " \n\t"} {
		name := uniq("no_alt")
		pos := here()
		figures.Publish(name, linePlot("no alt"), "Caption.", alt)
		if _, err := os.Stat(filepath.Join(book.FigureDir(), name+".png")); err == nil {
			t.Errorf("figure without alt text %q was written", alt)
		}
		r := lastRecord(t)
		want := fmt.Sprintf("figures: figure %q has no alt text", name)
		if r.Kind != "error" || r.Pos != pos || r.Msg != want {
			t.Errorf("alt %q: recorded %+v, want an error at %s: %s", alt, r, pos, want)
		}
	}
}

func TestPublishTwice(t *testing.T) {
	name := uniq("twice")
	path := filepath.Join(book.FigureDir(), name+".png")
	first := here()
	figures.Publish(name, linePlot("first"), "", "Alt text.")
	firstPNG, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	pos := here()
	figures.Publish(name, linePlot("second"), "", "Alt text.")
	r := lastRecord(t)
	want := fmt.Sprintf("figures: figure %q published twice (first at %s)", name, first)
	if r.Kind != "error" || r.Pos != pos || r.Msg != want {
		t.Errorf("recorded %+v, want an error at %s: %s", r, pos, want)
	}
	if got, _ := os.ReadFile(path); !bytes.Equal(got, firstPNG) {
		t.Error("the second figure overwrote the first")
	}
}

func TestPublishReportsDrawPanic(t *testing.T) {
	p := figures.New("", "x", "loss")
	figures.LogY(p)
	figures.AddLine(p, 0, "", plotter.XYs{{X: 0, Y: 1}, {X: 1, Y: 0}})
	name := uniq("log_zero")
	pos := here()
	figures.Publish(name, p, "", "Alt text.")
	r := lastRecord(t)
	prefix := fmt.Sprintf("figures: figure %q: drawing: ", name)
	if r.Kind != "error" || r.Pos != pos || !strings.HasPrefix(r.Msg, prefix) {
		t.Errorf("recorded %+v, want an error at %s: %s…", r, pos, prefix)
	}
	if _, err := os.Stat(filepath.Join(book.FigureDir(), name+".png")); err == nil {
		t.Error("a figure that panicked was written")
	}
}

func TestPublishSVG(t *testing.T) {
	name := uniq("svg")
	figures.Publish(name, linePlot("손실 η₀"), "", "Alt text.", figures.WithSVG())
	r := lastRecord(t)
	if r.Kind != "figure" || r.File != name+".svg" {
		t.Fatalf("recorded %+v, want figure %s.svg", r, name)
	}
	data, err := os.ReadFile(filepath.Join(book.FigureDir(), r.File))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"<svg", "font-family:Noto Sans CJK KR", ">손실 η</text>", "font-family:DejaVu Sans", ">₀</text>"} {
		if !bytes.Contains(data, []byte(want)) {
			t.Errorf("SVG lacks %q", want)
		}
	}
}

// TestPublishByHand runs the test binary as a program started by hand: the
// figure goes into the current folder and the record to standard error.
func TestPublishByHand(t *testing.T) {
	if os.Getenv(byHandEnv) != "" {
		figures.Publish("by_hand", linePlot("by hand"), "", "Alt text.")
		return
	}
	dir, stderr := runByHand(t)
	checkSize(t, filepath.Join(dir, "by_hand.png"), 1152, 768)
	if want := `book: {"kind":"figure"`; !strings.Contains(stderr.String(), want) {
		t.Errorf("stderr = %q, want it to contain %q", stderr.String(), want)
	}
}

// runByHand runs the test binary again, as a program started by hand, to
// run only the calling test with byHandEnv set and no TALLY_ variable, in
// a new folder: it returns the folder and what the program wrote to
// standard error.
func runByHand(t *testing.T) (dir string, stderr *bytes.Buffer) {
	t.Helper()
	dir = t.TempDir()
	cmd := exec.Command(os.Args[0], "-test.run=^"+t.Name()+"$")
	cmd.Dir = dir
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "TALLY_") {
			cmd.Env = append(cmd.Env, kv)
		}
	}
	cmd.Env = append(cmd.Env, byHandEnv+"=1")
	stderr = new(bytes.Buffer)
	cmd.Stderr = stderr
	if out, err := cmd.Output(); err != nil {
		t.Fatalf("%v\n%s%s", err, out, stderr.Bytes())
	}
	return dir, stderr
}

// examples are the examples that publish a figure, and the figure's file.
var examples = []struct {
	example func()
	file    string
}{
	{ExamplePublish, "loss_functions.png"},
	{ExampleQuiver, "quiver.png"},
	{ExampleAddContour, "contour.png"},
	{ExampleAddSmoothed, "smoothed_loss.png"},
	{ExampleLogLog, "diff_error.png"},
	{ExampleTiles, "tiles.png"},
	{ExampleNewDigits, "digits.png"},
}

func TestDeterministic(t *testing.T) {
	for _, ex := range examples {
		a := runFigure(t, ex.example, ex.file)
		b := runFigure(t, ex.example, ex.file)
		if !bytes.Equal(a, b) {
			t.Errorf("%s: two runs gave different PNGs", ex.file)
		}
	}
}

// TestMissingGlyphs checks that a figure whose text has characters no font
// has is written and recorded all the same, with an error at the Publish
// line that names the figure, the characters and their script, the text
// and the fonts folder. The test font (testdata/fonts) has Latin, Greek
// and a few Hangul syllables; DejaVu Sans has no kana nor Hangul.
func TestMissingGlyphs(t *testing.T) {
	name := uniq("glyphs")
	pos := here()
	figures.Publish(name, linePlot("カナ 🜁 x₀ 손실 똠"), "", "Alt text.")
	rs := records(t)
	if len(rs) < 2 {
		t.Fatalf("%d records, want a figure and an error", len(rs))
	}
	fig, e := rs[len(rs)-2], rs[len(rs)-1]
	if fig.Kind != "figure" || fig.File != name+".png" {
		t.Errorf("recorded %+v, want figure %s.png", fig, name)
	}
	want := fmt.Sprintf(`figures: figure %s.png: no font has Katakana カ ナ, U+1F701 🜁, Hangul 똠, in "カナ 🜁 x₀ 손실 똠": add a font (.ttf or .otf) that has them to testdata/fonts`, name)
	if e.Kind != "error" || e.Pos != pos || e.Msg != want {
		t.Errorf("recorded %+v,\nwant an error at %s: %s", e, pos, want)
	}
	if _, err := os.Stat(filepath.Join(book.FigureDir(), name+".png")); err != nil {
		t.Errorf("the figure was not written: %v", err)
	}
}

// TestMissingGlyphsTranslated checks the same for a figure variant drawn
// with a translation's text: the error names the variant's file.
func TestMissingGlyphsTranslated(t *testing.T) {
	dict := filepath.Join(t.TempDir(), "figtext.json")
	if err := os.WriteFile(dict, []byte(`{"ko": {"loss": "똠"}}`), 0o644); err != nil {
		t.Fatal(err)
	}
	t.Setenv(book.EnvFigText, dict)
	name := uniq("glyphs_ko")
	pos := here()
	figures.PublishText(name, func(tr figures.Text) figures.Drawer { return linePlot(tr("loss")) }, "", "Alt text.")
	var variant, errs []book.Record
	for _, r := range records(t) {
		switch {
		case r.Kind == book.KindFigureVariant && r.Name == name:
			variant = append(variant, r)
		case r.Kind == book.KindError && strings.Contains(r.Msg, name):
			errs = append(errs, r)
		}
	}
	if len(variant) != 1 || variant[0].File != name+".ko.png" {
		t.Errorf("variants %+v, want %s.ko.png", variant, name)
	}
	want := fmt.Sprintf(`figures: figure %s.ko.png: no font has Hangul 똠, in "똠": add a font (.ttf or .otf) that has them to testdata/fonts`, name)
	if len(errs) != 1 || errs[0].Pos != pos || errs[0].Msg != want {
		t.Errorf("errors %+v,\nwant one at %s: %s", errs, pos, want)
	}
}

// TestNoFontsFolder runs the test binary as a program started by hand with
// no fonts folder: a Hangul title does not panic, the figure is written
// with DejaVu Sans, and the error says which text needs which font and
// how to give one.
func TestNoFontsFolder(t *testing.T) {
	if os.Getenv(byHandEnv) != "" {
		figures.Publish("no_fonts", linePlot("손실 (loss)"), "", "Alt text.")
		return
	}
	dir, stderr := runByHand(t)
	checkSize(t, filepath.Join(dir, "no_fonts.png"), 1152, 768)
	want := `no font has Hangul 손 실, in \"손실 (loss)\": add a font (.ttf or .otf) that has them to a folder named by $TALLY_FONTS`
	if !strings.Contains(stderr.String(), want) {
		t.Errorf("stderr = %q, want it to contain %q", stderr.String(), want)
	}
}
