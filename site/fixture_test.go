package site

import (
	"bytes"
	"encoding/json"
	"image"
	"image/color"
	"image/png"
	"math"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/tally-book/tally/book"
	"github.com/tally-book/tally/runner"
	"github.com/tally-book/tally/runner/chapter"
	"golang.org/x/tools/txtar"
)

// fixture is a test case of testdata: chapters, the spec of a pretend run,
// build options and the golden pages.
type fixture struct {
	name  string
	file  string
	arch  *txtar.Archive
	book  *chapter.Book
	res   *runner.Results
	opts  Options // Out is set by build
	want  map[string][]byte
	figFS string
}

// runSpec is run.json: what a pretend run of each chapter gave. The
// translations (chapters/LANG/*.md) are checked against it by the
// runner's own CheckTranslations.
type runSpec struct {
	GoVersion string `json:"go_version"`
	Chapters  map[string]struct {
		RanAt     time.Time         `json:"ran_at"`
		Duration  float64           `json:"duration"`
		Cache     string            `json:"cache"`
		Values    map[string]any    `json:"values"`
		Stdout    map[string]string `json:"stdout"`
		Stderr    map[string]string `json:"stderr"`
		Overrides map[string]string `json:"overrides"`
		Errors    []string          `json:"errors"`
		Figures   []struct {
			Name    string `json:"name"`
			File    string `json:"file"`
			Caption string `json:"caption"`
			Alt     string `json:"alt"`
			Snippet int    `json:"snippet"`
			Line    int    `json:"line"`
		} `json:"figures"`
	} `json:"chapters"`
}

// loadFixture reads testdata/name.txtar and makes its book and results.
func loadFixture(t *testing.T, name string) *fixture {
	t.Helper()
	file := filepath.Join("testdata", name+".txtar")
	arch, err := txtar.ParseFile(file)
	if err != nil {
		t.Fatal(err)
	}
	f := &fixture{name: name, file: file, arch: arch, want: map[string][]byte{}, figFS: t.TempDir()}
	chapters := map[string][]byte{}
	var spec *runSpec
	for _, af := range arch.Files {
		switch {
		case strings.HasPrefix(af.Name, "want/"):
			f.want[strings.TrimPrefix(af.Name, "want/")] = af.Data
		case af.Name == "run.json":
			spec = new(runSpec)
			if err := json.Unmarshal(af.Data, spec); err != nil {
				t.Fatalf("%s: run.json: %v", file, err)
			}
		case af.Name == "options.json":
			if err := json.Unmarshal(af.Data, &f.opts); err != nil {
				t.Fatalf("%s: options.json: %v", file, err)
			}
		case strings.HasSuffix(af.Name, ".md"):
			chapters[af.Name] = af.Data
		}
	}
	f.book = chapter.NewBook(chapters)
	if spec != nil {
		f.res = makeResults(t, f, spec)
	}
	return f
}

// makeResults turns a run spec into results, with the runner's own checks
// of claims and outputs.
func makeResults(t *testing.T, f *fixture, spec *runSpec) *runner.Results {
	t.Helper()
	res := &runner.Results{GoVersion: spec.GoVersion}
	for _, ch := range f.book.Chapters {
		cs, ok := spec.Chapters[ch.Path]
		if !ok {
			continue
		}
		cr := &runner.ChapterResult{Path: ch.Path, Slug: ch.Slug, Title: ch.Meta.Title, Cache: cs.Cache,
			RanAt: cs.RanAt, Duration: cs.Duration, Chapter: ch, Overrides: cs.Overrides,
			Snippets: []runner.SnippetResult{}, Values: []runner.ValueResult{}, Claims: []chapter.ClaimResult{}, Figures: []runner.FigureResult{}}
		cr.Errors = append(cr.Errors, f.book.Errors[ch]...)
		for _, e := range cs.Errors {
			line, msg, _ := strings.Cut(e, ": ")
			n, _ := strconv.Atoi(line)
			cr.Errors.Add(chapter.Pos{File: ch.Path, Line: n}, "%s", msg)
		}
		for i, s := range ch.Snippets {
			sr := runner.SnippetResult{Index: s.Index, Line: s.Line, Lang: s.Lang, Ran: s.Runs() && len(cr.Errors) == 0}
			if sr.Ran {
				sr.Stdout = cs.Stdout[strconv.Itoa(i)]
				if _, set := cs.Stdout[strconv.Itoa(i)]; !set && s.Want != nil {
					sr.Stdout = s.Want.Text
				}
				sr.Stderr = cs.Stderr[strconv.Itoa(i)]
			}
			if s.Want != nil {
				oc := &runner.OutputCheck{Line: s.Want.Line, Status: "pass"}
				if err := chapter.CompareOutput(sr.Stdout, s.Want.Text, s.Want.Unordered); err != nil {
					oc.Status, oc.Message = "fail", err.Error()
				}
				sr.Output = oc
			}
			cr.Snippets = append(cr.Snippets, sr)
		}
		names := make([]string, 0, len(cs.Values))
		for n := range cs.Values {
			names = append(names, n)
		}
		sort.Strings(names)
		vals := map[string]book.Value{}
		for _, n := range names {
			v := cs.Values[n]
			if list, ok := v.([]any); ok {
				fs := make([]float64, len(list))
				for i, x := range list {
					fs[i] = x.(float64)
				}
				v = fs
			}
			bv, err := book.NewValue(v)
			if err != nil {
				t.Fatalf("%s: value %s: %v", f.file, n, err)
			}
			vals[n] = bv
			cr.Values = append(cr.Values, runner.ValueResult{Name: n, Value: bv, Pos: chapter.Pos{File: ch.Path, Line: 1}})
		}
		for _, c := range ch.Claims {
			cres := c.Check(vals, false)
			if len(cs.Overrides) > 0 && cres.Status == "fail" {
				cres.Status = "info"
			}
			cr.Claims = append(cr.Claims, cres)
		}
		for _, fs := range cs.Figures {
			line := fs.Line
			if line == 0 {
				line = ch.Snippets[fs.Snippet].Line
			}
			file := fs.File
			if file == "" {
				file = fs.Name + ".png"
			}
			path := filepath.Join(f.figFS, ch.Slug+"-"+strings.ReplaceAll(fs.Name, "/", "_")+".png")
			writeTestPNG(t, path, fs.Name)
			cr.Figures = append(cr.Figures, runner.FigureResult{Name: fs.Name, File: file, Caption: fs.Caption, Alt: fs.Alt,
				Pos: chapter.Pos{File: ch.Path, Line: line}, Path: path})
		}
		res.Chapters = append(res.Chapters, cr)
	}
	res.Translations = runner.CheckTranslations(f.book, res.Chapters)
	runner.CheckRefs(f.book, res.Chapters, res.Translations)
	return res
}

// writeTestPNG draws a small plot-like picture, the same for the same
// name, at twice the CSS size as package figures does.
func writeTestPNG(t *testing.T, path, name string) {
	t.Helper()
	const w, h = 720, 440
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			img.Set(x, y, color.White)
		}
	}
	axis := color.RGBA{60, 60, 60, 255}
	for x := 60; x < w-30; x++ {
		img.Set(x, h-50, axis)
		img.Set(x, h-49, axis)
	}
	for y := 30; y < h-50; y++ {
		img.Set(60, y, axis)
		img.Set(61, y, axis)
	}
	line := color.RGBA{31, 119, 180, 255}
	seed := 0.0
	for _, c := range name {
		seed += float64(c)
	}
	for x := 62; x < w-30; x++ {
		u := float64(x-62) / float64(w-92)
		v := math.Exp(-4*u)*0.85 + 0.1 + 0.02*math.Sin(u*40+seed)
		y := int(float64(h-50) - v*float64(h-90))
		for d := -2; d <= 2; d++ {
			img.Set(x, y+d, line)
		}
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
}

// build builds the fixture's site into a new folder and returns it and
// Build's error.
func (f *fixture) build(t *testing.T) (string, error) {
	t.Helper()
	out := filepath.Join(t.TempDir(), "site")
	opts := f.opts
	opts.Out = out
	if opts.Title == "" {
		opts.Title = "A test book"
	}
	return out, Build(f.book, f.res, opts)
}

// mustBuild builds the fixture's site and fails on any error.
func (f *fixture) mustBuild(t *testing.T) string {
	t.Helper()
	out, err := f.build(t)
	if err != nil {
		t.Fatalf("%s: %v", f.file, err)
	}
	return out
}
