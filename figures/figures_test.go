package figures_test

import (
	"bufio"
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"os"
	"path/filepath"
	"testing"

	"github.com/tally-book/tally/book"
	"github.com/tally-book/tally/figures"
	"github.com/tally-book/tally/internal/testkit"
)

// root holds the figure folder and the records file of this test run.
var root string

// byHandEnv, when set, makes the test binary run as a program started by
// hand: no book.Start, no environment from the runner.
const byHandEnv = "FIGURES_TEST_BY_HAND"

func TestMain(m *testing.M) {
	flag.Parse()
	if os.Getenv(byHandEnv) != "" {
		os.Exit(m.Run())
	}
	var err error
	root, err = os.MkdirTemp("", "figures-test-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	if err := os.Mkdir(filepath.Join(root, "fig"), 0o755); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	// The tests draw with a small subset of Noto Sans CJK KR (see
	// testdata/fonts/subset.sh), as a book's figures draw with the fonts of
	// its fonts folder.
	fonts, err := filepath.Abs(filepath.Join("testdata", "fonts"))
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	os.Setenv(book.EnvFonts, fonts)
	os.Setenv(book.EnvFigDir, filepath.Join(root, "fig"))
	os.Setenv(book.EnvRecords, filepath.Join(root, "records.jsonl"))
	book.Start()
	code := m.Run()
	os.RemoveAll(root)
	os.Exit(code)
}

// records returns the records written so far.
func records(t *testing.T) []book.Record {
	t.Helper()
	f, err := os.Open(filepath.Join(root, "records.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var rs []book.Record
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		var r book.Record
		if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
			t.Fatalf("records: %v", err)
		}
		rs = append(rs, r)
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return rs
}

// lastRecord returns the last record, failing if there is none.
func lastRecord(t *testing.T) book.Record {
	t.Helper()
	rs := records(t)
	if len(rs) == 0 {
		t.Fatal("no records")
	}
	return rs[len(rs)-1]
}

// runFigure runs example, which publishes file, and returns the file's
// contents.
func runFigure(t *testing.T, example func(), file string) []byte {
	t.Helper()
	path := filepath.Join(book.FigureDir(), file)
	os.Remove(path)
	figures.ResetPublished()
	example()
	got, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("example did not publish %s: %v", file, err)
	}
	return got
}

// checkFigure runs example, which publishes file, and compares the figure
// with testdata/file. PNGs may differ in a few pixels (font rasterisation
// may change between library versions); anything else must match exactly.
// With -update it rewrites the golden instead.
func checkFigure(t *testing.T, example func(), file string) {
	t.Helper()
	got := runFigure(t, example, file)
	golden := filepath.Join("testdata", file)
	if testkit.Update() {
		if err := os.WriteFile(golden, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if filepath.Ext(file) != ".png" {
		if !bytes.Equal(got, want) {
			t.Errorf("%s differs from %s", file, golden)
		}
		return
	}
	diff, n, err := compareImages(got, want)
	if err != nil {
		t.Fatal(err)
	}
	if diff == nil {
		return
	}
	dir := t.ArtifactDir()
	for name, data := range map[string][]byte{"got_" + file: got, "diff_" + file: diff} {
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	t.Errorf("%s differs from %s in %d pixels; see got_%s and diff_%s in %s (run go test -update if the change is intended)",
		file, golden, n, file, file, dir)
}

// Tolerance of compareImages: a pixel differs when a channel is off by more
// than pixelTolerance, and images differ when more than 1 in
// differentPixels pixels differ.
const (
	pixelTolerance  = 24
	differentPixels = 10000
)

// compareImages compares two PNGs. It returns nil if they are the same
// within tolerance, or else a PNG that shows the differing pixels in red
// over a faded copy of want, and their number.
func compareImages(got, want []byte) ([]byte, int, error) {
	g, err := png.Decode(bytes.NewReader(got))
	if err != nil {
		return nil, 0, fmt.Errorf("got: %w", err)
	}
	w, err := png.Decode(bytes.NewReader(want))
	if err != nil {
		return nil, 0, fmt.Errorf("golden: %w", err)
	}
	if g.Bounds() != w.Bounds() {
		return nil, 0, fmt.Errorf("got a %v image, want %v", g.Bounds().Size(), w.Bounds().Size())
	}
	b := w.Bounds()
	out := image.NewRGBA(b)
	n := 0
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			gc := color.RGBAModel.Convert(g.At(x, y)).(color.RGBA)
			wc := color.RGBAModel.Convert(w.At(x, y)).(color.RGBA)
			if far(gc.R, wc.R) || far(gc.G, wc.G) || far(gc.B, wc.B) || far(gc.A, wc.A) {
				n++
				out.SetRGBA(x, y, color.RGBA{R: 0xFF, A: 0xFF})
				continue
			}
			l := uint8((uint32(wc.R) + uint32(wc.G) + uint32(wc.B)) / 3 / 4)
			out.SetRGBA(x, y, color.RGBA{R: 0xBF + l, G: 0xBF + l, B: 0xBF + l, A: 0xFF})
		}
	}
	if n*differentPixels <= b.Dx()*b.Dy() {
		return nil, n, nil
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, out); err != nil {
		return nil, n, err
	}
	return buf.Bytes(), n, nil
}

func far(a, b uint8) bool { return max(a, b)-min(a, b) > pixelTolerance }
