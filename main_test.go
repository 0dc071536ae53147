package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/tally-book/tally/internal/report"
	"github.com/tally-book/tally/runner/chapter"
)

const okChapter = "---\nparams:\n  n: 4\n---\n# OK\n\n```go\nbook.Publish(\"sq\", n*n)\nfmt.Println(n * n)\n```\n\n```output\n16\n```\n\nFour squared is 16<!--=sq-->.\n"

func writeBook(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, src := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func tally(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var o, e bytes.Buffer
	code = run(context.Background(), args, &o, &e)
	return code, o.String(), e.String()
}

func TestCLITest(t *testing.T) {
	t.Parallel()
	dir := writeBook(t, map[string]string{"cli-ok.md": okChapter})
	code, out, errOut := tally(t, "test", dir)
	if code != 0 || !strings.Contains(out, "1 chapters: 1 passed, 0 failed") {
		t.Fatalf("tally test = %d\n%s%s", code, out, errOut)
	}

	bad := strings.Replace(okChapter, "is 16<!--", "is 17<!--", 1)
	dir = writeBook(t, map[string]string{"cli-bad.md": bad})
	code, out, _ = tally(t, "test", dir)
	want := filepath.Join(dir, "cli-bad.md") + ":16: claim 17 ≠ computed 16"
	if code != 1 || !strings.Contains(out, want) {
		t.Fatalf("tally test on a false claim = %d, want 1 and %q in\n%s", code, want, out)
	}
}

// TestCLITestUnclaimed wants tally test -unclaimed to list the decimals of
// the prose that no claim checks, as notices that fail nothing, and to say
// which ones the code writes too.
func TestCLITestUnclaimed(t *testing.T) {
	t.Parallel()
	src := okChapter + "\nAbout 0.25 of the time, with a step of 0.5 and $x = 0.75$, `y := 0.125`.\n"
	src = strings.Replace(src, "book.Publish(\"sq\", n*n)", "step := 0.5\nbook.Publish(\"sq\", n*n)\n_ = step", 1)
	dir := writeBook(t, map[string]string{"cli-unclaimed.md": src})
	file := filepath.Join(dir, "cli-unclaimed.md")
	code, out, errOut := tally(t, "test", "-unclaimed", dir)
	if code != 0 {
		t.Fatalf("tally test -unclaimed = %d\n%s%s", code, out, errOut)
	}
	for _, want := range []string{
		file + ":20: 0.25 carries no claim\n",
		file + ":20: 0.5 carries no claim (the code writes it too: an input?)\n",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("want %q in\n%s", want, out)
		}
	}
	for _, not := range []string{"16 carries", "0.75", "0.125"} {
		if strings.Contains(out, not) {
			t.Errorf("%q listed: a claim, math and code carry no unclaimed number\n%s", not, out)
		}
	}
	if _, out, _ := tally(t, "test", dir); strings.Contains(out, "carries no claim") {
		t.Errorf("tally test without -unclaimed lists numbers:\n%s", out)
	}
}

func TestCLIRunWithOverride(t *testing.T) {
	t.Parallel()
	dir := writeBook(t, map[string]string{"cli-set.md": okChapter})
	ch := filepath.Join(dir, "cli-set.md")
	// Flags after the chapter, as in tally run CHAPTER -set n=5.
	code, out, errOut := tally(t, "run", ch, "-set", "n=5", "-q")
	if code != 0 {
		t.Fatalf("tally run -set = %d\n%s%s", code, out, errOut)
	}
	if !strings.Contains(out, "the text says 16, this run gives 25") {
		t.Errorf("override not reported:\n%s", out)
	}
	code, _, errOut = tally(t, "run", ch, "-set", "nope=1")
	if code != 2 || !strings.Contains(errOut, "no chapter has a parameter nope") {
		t.Errorf("unknown parameter: code %d, %s", code, errOut)
	}
	code, out, _ = tally(t, "run", ch, "-set", "n=x")
	if code != 1 || !strings.Contains(out, "-set n=x: want an integer, like 4") {
		t.Errorf("bad value: code %d\n%s", code, out)
	}
}

func TestCLIBuildKeepsPreviousSite(t *testing.T) {
	t.Parallel()
	dir := writeBook(t, map[string]string{"cli-site.md": okChapter})
	out := filepath.Join(t.TempDir(), "site")
	if code, o, e := tally(t, "build", "-out", out, dir); code != 0 {
		t.Fatalf("first build = %d\n%s%s", code, o, e)
	}
	results, err := os.ReadFile(filepath.Join(out, "results.json"))
	if err != nil || !bytes.Contains(results, []byte(`"sq"`)) {
		t.Fatalf("results.json: %v\n%s", err, results)
	}
	// The site's copy is compact JSON: one line.
	if !json.Valid(results) || bytes.Count(results, []byte("\n")) != 1 {
		t.Errorf("the site's results.json is not one line of JSON:\n%s", results)
	}
	// A false claim fails the build and leaves the previous site as it was.
	bad := strings.Replace(okChapter, "is 16<!--", "is 17<!--", 1)
	if err := os.WriteFile(filepath.Join(dir, "cli-site.md"), []byte(bad), 0o644); err != nil {
		t.Fatal(err)
	}
	code, _, e := tally(t, "build", "-out", out, dir)
	if code == 0 || !strings.Contains(e, "cli-site.md:16: claim 17 ≠ computed 16") {
		t.Fatalf("failing build = %d, stderr:\n%s", code, e)
	}
	after, err := os.ReadFile(filepath.Join(out, "results.json"))
	if err != nil || !bytes.Equal(after, results) {
		t.Fatalf("the failed build changed the previous site (%v)", err)
	}
	if left, _ := filepath.Glob(filepath.Join(filepath.Dir(out), ".site.tmp-*")); len(left) > 0 {
		t.Errorf("temporary folders left behind: %v", left)
	}
}

func TestCLIBuildRefusesForeignFolder(t *testing.T) {
	t.Parallel()
	dir := writeBook(t, map[string]string{"cli-foreign.md": okChapter})
	out := writeBook(t, map[string]string{"precious.txt": "keep me"})
	code, _, e := tally(t, "build", "-out", out, dir)
	if code == 0 || !strings.Contains(e, "not replacing a folder tally did not write") {
		t.Fatalf("build into a foreign folder = %d\n%s", code, e)
	}
	if _, err := os.Stat(filepath.Join(out, "precious.txt")); err != nil {
		t.Fatal("the foreign folder was touched")
	}
}

func TestCLIEmptyFolder(t *testing.T) {
	t.Parallel()
	code, _, e := tally(t, "test", t.TempDir())
	if code != 1 || !strings.Contains(e, "no chapters") {
		t.Fatalf("empty folder = %d\n%s", code, e)
	}
}

func TestCLIUsage(t *testing.T) {
	t.Parallel()
	if code, _, e := tally(t); code != 2 || !strings.Contains(e, "usage") {
		t.Errorf("no args = %d %s", code, e)
	}
	if code, _, e := tally(t, "frobnicate"); code != 2 || !strings.Contains(e, "unknown command") {
		t.Errorf("unknown command = %d %s", code, e)
	}
	if code, _, _ := tally(t, "run"); code != 2 {
		t.Errorf("run without chapters = %d", code)
	}
}

func TestCLITranslation(t *testing.T) {
	t.Parallel()
	dir := writeBook(t, map[string]string{"cli-tr.md": okChapter})
	if err := os.Mkdir(filepath.Join(dir, "ko"), 0o755); err != nil {
		t.Fatal(err)
	}
	ko := filepath.Join(dir, "ko", "cli-tr.md")
	koText := "# 확인 <!--from ok-->\n\n```go\n```\n\n4의 제곱은 16<!--=sq-->입니다.\n"
	if err := os.WriteFile(ko, []byte(koText), 0o644); err != nil {
		t.Fatal(err)
	}
	if code, out, e := tally(t, "stamp", ko); code != 0 || !strings.Contains(out, "stamped against") {
		t.Fatalf("stamp = %d\n%s%s", code, out, e)
	}
	code, out, _ := tally(t, "test", dir)
	if code != 0 || !strings.Contains(out, "0 stale sections") || !strings.Contains(out, "2 chapters: 2 passed, 0 failed") {
		t.Fatalf("test after stamp = %d\n%s", code, out)
	}
	// The translation changes a number: it fails at its own line.
	stamped, _ := os.ReadFile(ko)
	if err := os.WriteFile(ko, bytes.Replace(stamped, []byte("16<!--"), []byte("61<!--"), 1), 0o644); err != nil {
		t.Fatal(err)
	}
	code, out, _ = tally(t, "test", ko)
	if code != 1 || !strings.Contains(out, ko+":6: claim 61 ≠ computed 16") {
		t.Fatalf("test of a changed Korean number = %d\n%s", code, out)
	}
	// The source changes: the translation is stale, which is reported, not failed.
	os.WriteFile(ko, stamped, 0o644)
	src := strings.Replace(okChapter, "Four squared", "Four times four", 1)
	os.WriteFile(filepath.Join(dir, "cli-tr.md"), []byte(src), 0o644)
	code, out, _ = tally(t, "test", dir)
	if code != 0 || !strings.Contains(out, "stale: the source section \"OK\"") {
		t.Fatalf("test with a changed source = %d\n%s", code, out)
	}
}

// reproChapter has what a page takes from a run: an output, a claim, math
// and a figure.
const reproChapter = "---\nparams:\n  n: 3\n---\n# Squares\n\nThe area of a square of side $n$ is\n\n$$A = n^2.$$\n\n" +
	"```go\nxs := plotter.XYs{}\nfor i := range n + 1 {\n\txs = append(xs, plotter.XY{X: float64(i), Y: float64(i * i)})\n}\n" +
	"plt := figures.New(\"Squares\", \"side\", \"area\")\nfigures.AddLine(plt, 0, \"\", xs)\nfigures.Publish(\"squares\", plt, \"The area of squares\", \"A parabola\")\n" +
	"book.Publish(\"area\", n*n)\nfmt.Println(n * n)\n```\n\n```output\n9\n```\n\nThree squared is 9<!--=area-->.\n"

// TestBuildReproducible builds a book three times, from the cache, from
// the cache again and with -force, and wants the same bytes in every file
// of the three sites: the site depends on the sources and the results of
// the runs, never on how this build got them.
func TestBuildReproducible(t *testing.T) {
	t.Parallel()
	dir := writeBook(t, map[string]string{"cli-repro.md": reproChapter})
	if err := os.Mkdir(filepath.Join(dir, "ko"), 0o755); err != nil {
		t.Fatal(err)
	}
	ko := "# 제곱 <!--from squares-->\n\n한 변이 $n$인 정사각형의 넓이는\n\n$$A = n^2$$\n\n```go\n```\n\n3의 제곱은 9<!--=area-->입니다.\n"
	if err := os.WriteFile(filepath.Join(dir, "ko", "cli-repro.md"), []byte(ko), 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(t.TempDir(), "site")
	var sites []map[string][]byte
	for i, args := range [][]string{{"build"}, {"build"}, {"build", "-force"}} {
		code, o, e := tally(t, append(args, "-out", out, dir)...)
		if code != 0 {
			t.Fatalf("build %d (%v) = %d\n%s%s", i+1, args, code, o, e)
		}
		// The terminal says how the build got the run; the site does not.
		want := "(1 from cache)"
		if i == 2 {
			want = "(0 from cache)"
		}
		if i > 0 && !strings.Contains(o, want) {
			t.Errorf("build %d (%v): no %q in %q", i+1, args, want, o)
		}
		sites = append(sites, readTree(t, out))
	}
	for i, s := range sites[1:] {
		if diff := diffTrees(sites[0], s); diff != "" {
			t.Errorf("build %d differs from build 1: %s", i+2, diff)
		}
	}
	res := sites[0]["results.json"]
	for _, field := range []string{`"cache"`, `"ran_at"`, `"elapsed"`, `"duration"`} {
		if bytes.Contains(res, []byte(field)) {
			t.Errorf("the site's results.json has %s:\n%s", field, res)
		}
	}
}

// readTree returns every file under dir by its slash-separated path.
func readTree(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	files := map[string][]byte{}
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, err := filepath.Rel(dir, path)
		if err != nil {
			return err
		}
		b, err := os.ReadFile(path)
		files[filepath.ToSlash(rel)] = b
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(files) == 0 {
		t.Fatalf("%s: no files", dir)
	}
	return files
}

// diffTrees describes how two trees of files differ, or returns "".
func diffTrees(a, b map[string][]byte) string {
	var diffs []string
	for name, da := range a {
		db, ok := b[name]
		switch {
		case !ok:
			diffs = append(diffs, name+" is gone")
		case !bytes.Equal(da, db):
			i := 0
			for i < len(da) && i < len(db) && da[i] == db[i] {
				i++
			}
			lo := max(0, i-60)
			diffs = append(diffs, fmt.Sprintf("%s differs at byte %d: %q… became %q…", name, i, da[lo:min(len(da), i+60)], db[lo:min(len(db), i+60)]))
		}
	}
	for name := range b {
		if _, ok := a[name]; !ok {
			diffs = append(diffs, name+" is new")
		}
	}
	sort.Strings(diffs)
	return strings.Join(diffs, "\n")
}

// TestCLIBundle checks a Hugo content tree from the command line: tally
// test finds a page bundle and a post of a section, a chapter named by
// its path runs in its book (so that uses: finds the bundle), and a
// message names the bundle's index.md at its line.
func TestCLIBundle(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	bundle := filepath.Join(dir, "content", "posts", "cli-bundle", "index.md")
	later := filepath.Join(dir, "content", "posts", "2024", "cli-bundle-later.md")
	files := map[string]string{
		bundle: "+++\ntitle = \"Bundle\"\n+++\n\n```go\nfunc triple(x int) int { return 3 * x }\n\nbook.Publish(\"t\", triple(3))\n```\n\nThree threes are 9<!--=t-->.\n",
		later:  "---\nuses: [cli-bundle]\n---\n# Later\n\n```go\nbook.Publish(\"u\", triple(5))\n```\n\nFifteen: 15<!--=u-->.\n",
		filepath.Join(dir, "content", "posts", "_index.md"): "# Posts\n",
	}
	for p, src := range files {
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if code, out, e := tally(t, "test", filepath.Join(dir, "content")); code != 0 || !strings.Contains(out, "2 chapters: 2 passed, 0 failed") {
		t.Fatalf("test content = %d\n%s%s", code, out, e)
	}
	if code, out, e := tally(t, "run", later); code != 0 || !strings.Contains(out, "15") {
		t.Fatalf("run %s = %d\n%s%s", later, code, out, e)
	}
	wrong := strings.Replace(files[bundle], "are 9<!--", "are 10<!--", 1)
	if err := os.WriteFile(bundle, []byte(wrong), 0o644); err != nil {
		t.Fatal(err)
	}
	code, out, _ := tally(t, "test", bundle)
	if want := bundle + ":11: claim 10 ≠ computed 9"; code != 1 || !strings.Contains(out, want) {
		t.Fatalf("test of a wrong number = %d, want %s\n%s", code, want, out)
	}
}

func TestCLITestGitHub(t *testing.T) {
	t.Parallel()
	bad := strings.Replace(okChapter, "is 16<!--", "is 17<!--", 1)
	dir := writeBook(t, map[string]string{"cli-gh.md": bad})
	code, out, errOut := tally(t, "test", "-format", "github", dir)
	want := report.Annotation("error", chapter.Pos{File: filepath.Join(dir, "cli-gh.md"), Line: 16}, "claim 17 ≠ computed 16")
	if code != 1 || !strings.Contains(out, want) || !strings.Contains(out, "1 chapters: 0 passed, 1 failed") {
		t.Fatalf("tally test -format github = %d, want 1 and %q in\n%s%s", code, want, out, errOut)
	}
	if code, _, e := tally(t, "test", "-format", "xml", dir); code != 2 || !strings.Contains(e, "want one of text, json, github") {
		t.Errorf("-format xml = %d\n%s", code, e)
	}
}

// TestExportUnknownParam wants export, as build, to refuse a -set name
// that no chapter has, before running anything.
func TestExportUnknownParam(t *testing.T) {
	t.Parallel()
	dir := writeBook(t, map[string]string{"01-ok.md": okChapter})
	out := filepath.Join(t.TempDir(), "posts")
	code, _, stderr := tally(t, "export", "-format", "jekyll", "-out", out, "-set", "nope=1", dir)
	if code != 2 || !strings.Contains(stderr, "-set: no chapter has a parameter nope") {
		t.Errorf("export -set nope=1 = %d\n%s", code, stderr)
	}
	if _, err := os.Stat(out); err == nil {
		t.Error("export wrote posts under an unknown parameter")
	}
}
