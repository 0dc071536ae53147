package runner

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tally-book/tally/runner/chapter"
)

// TestBookFonts runs a chapter whose figure has a Hangul title twice: with
// no fonts folder beside the chapters, the figure is published all the
// same and an error at the Publish line says which text needs which font
// and where to put it; with a font that has the syllables in the fonts
// folder (the test font of package figures), there is no error, and the
// cache key changes with the font.
func TestBookFonts(t *testing.T) {
	root := moduleRoot(t)
	src := "```go\n" +
		"p := figures.New(\"손실\", \"x\", \"y\")\n" +
		"figures.Publish(\"loss\", p, \"\", \"An empty plot.\")\n" +
		"```\n"
	r, err := New(Config{Root: root, Work: filepath.Join(root, "_tally", "test", "fonts"), Force: true})
	if err != nil {
		t.Fatal(err)
	}
	run := func(dir string) (string, string) {
		b := chapter.NewBook(map[string][]byte{"f.md": []byte(src)})
		b.Dir = dir
		res := r.RunBook(context.Background(), b)
		return Report(res), res.Chapters[0].Key
	}

	none := t.TempDir()
	report, key := run(none)
	want := `problem f.md:3: figures: figure loss.png: no font has Hangul 손 실, in "손실": add a font (.ttf or .otf) that has them to ` +
		filepath.ToSlash(filepath.Join(none, "fonts"))
	if !strings.Contains(report, want) || !strings.Contains(report, "figure loss loss.png") {
		t.Errorf("without fonts, report:\n%s\nwant the figure and: %s", report, want)
	}

	with := t.TempDir()
	font, err := os.ReadFile(filepath.Join(root, "figures", "testdata", "fonts", "NotoSansCJKkr-test.otf"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.Mkdir(filepath.Join(with, "fonts"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(with, "fonts", "kr.otf"), font, 0o644); err != nil {
		t.Fatal(err)
	}
	report2, key2 := run(with)
	if strings.Contains(report2, "problem") || !strings.Contains(report2, "figure loss loss.png") {
		t.Errorf("with the font, report:\n%s\nwant the figure and no problem", report2)
	}
	if key2 == key {
		t.Errorf("the cache key %s does not change with the fonts folder's font", key)
	}
}
