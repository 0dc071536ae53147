package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/tally-book/tally/internal/fsutil"
	"github.com/tally-book/tally/internal/testkit"
)

// copyBook copies the book in chapters/ (chapters and translations) into
// dir, which it empties first.
func copyBook(tb testing.TB, dir string) {
	tb.Helper()
	if err := os.RemoveAll(dir); err != nil {
		tb.Fatal(err)
	}
	err := filepath.WalkDir("chapters", func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel("chapters", p)
		if d.IsDir() {
			return os.MkdirAll(filepath.Join(dir, rel), 0o755)
		}
		return fsutil.CopyFile(p, filepath.Join(dir, rel))
	})
	if err != nil {
		tb.Fatal(err)
	}
}

// serveState is an event of /__tally/events.
type serveState struct {
	Gen      int    `json:"gen"`
	Problems string `json:"problems"`
}

// startServe runs tally serve on book into out, as the command line does,
// and returns its URL and the events of its builds. It stops when the
// test ends.
func startServe(tb testing.TB, book, out string) (url string, events <-chan serveState) {
	tb.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	var stderr syncBuffer
	served := make(chan int, 1)
	go func() {
		served <- run(ctx, []string{"serve", "-q", "-addr", "127.0.0.1:0", "-out", out, book}, io.Discard, &stderr)
	}()
	tb.Cleanup(func() {
		cancel()
		<-served
	})
	for url == "" {
		if _, u, ok := strings.Cut(stderr.String(), " on http://"); ok {
			url, _, _ = strings.Cut("http://"+u, "\n")
			break
		}
		select {
		case code := <-served:
			tb.Fatalf("tally serve = %d\n%s", code, stderr.String())
		case <-time.After(20 * time.Millisecond):
		}
	}
	resp, err := http.Get(url + "__tally/events")
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { resp.Body.Close() })
	ch := make(chan serveState, 16)
	go func() {
		sc := bufio.NewScanner(resp.Body)
		for sc.Scan() {
			var st serveState
			if d, ok := strings.CutPrefix(sc.Text(), "data: "); ok && json.Unmarshal([]byte(d), &st) == nil {
				ch <- st
			}
		}
		close(ch)
	}()
	return url, ch
}

// nextBuild returns the state after the build that follows build gen
// (-1 for the state at hand).
func nextBuild(tb testing.TB, events <-chan serveState, gen int) serveState {
	tb.Helper()
	for {
		select {
		case st, ok := <-events:
			if !ok {
				tb.Fatal("the events ended")
			}
			if st.Gen > gen {
				return st
			}
		case <-time.After(2 * time.Minute): // a guard, not a measure
			tb.Fatalf("no build after build %d", gen)
		}
	}
}

// get returns the body of the page at url.
func get(url string) (string, error) {
	resp, err := http.Get(url)
	if err != nil {
		return "", err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err == nil && resp.StatusCode != http.StatusOK {
		err = fmt.Errorf("GET %s: %s", url, resp.Status)
	}
	return string(b), err
}

// proseEdit returns src with a paragraph that names edit i after its
// first heading: prose only, so every run comes from the cache.
func proseEdit(src string, i int) string {
	h := strings.Index("\n"+src, "\n# ") // where the heading starts in src
	if h < 0 {
		panic("proseEdit: no first-level heading")
	}
	end := h + strings.IndexByte(src[h:], '\n') + 1
	return fmt.Sprintf("%s\nEdit <span id=\"bench-edit-%d\">%d</span> of the prose.\n%s", src[:end], i, i, src[end:])
}

// BenchmarkServeProseEdit measures what a writer of the book waits for in
// tally serve after a prose-only edit of a chapter: from the write of the
// file to the reload event that the open pages get, the edited page
// served by then. The book is a copy of chapters/ under _tally/, at a
// fixed path so that the runner's cache (keyed by the chapters' paths)
// serves its runs after the first benchmark; the first serve of a new
// checkout runs the whole book. Target (issue 10): ≤ 150 ms. cpu-ms/op is
// the processor time of the process per edit (serve's and the
// benchmark's), which a busy machine does not stretch as it does the
// wall time.
func BenchmarkServeProseEdit(b *testing.B) {
	book := filepath.Join("_tally", "bench", "serve-book")
	copyBook(b, book)
	out := filepath.Join(b.TempDir(), "_site")
	url, events := startServe(b, book, out)
	gen := nextBuild(b, events, -1).Gen
	file := filepath.Join(book, "01-losses.md")
	src, err := os.ReadFile(file)
	if err != nil {
		b.Fatal(err)
	}
	cpu0, cpuOK := cpuTime()
	n := 0
	for i := 0; b.Loop(); i++ {
		n++
		if err := os.WriteFile(file, []byte(proseEdit(string(src), i)), 0o644); err != nil {
			b.Fatal(err)
		}
		// A build may start between the truncation and the write of
		// the file, when the machine is busy: the edit shows with the
		// build after it, which the writer waits for too.
		want := fmt.Sprintf(`id="bench-edit-%d"`, i)
		for tries := 0; ; tries++ {
			st := nextBuild(b, events, gen)
			gen = st.Gen
			page, err := get(url + "01-losses.html")
			if err != nil {
				b.Fatal(err)
			}
			if strings.Contains(page, want) {
				if st.Problems != "" {
					b.Fatalf("edit %d: problems: %s", i, st.Problems)
				}
				break
			}
			if tries == 10 {
				b.Fatalf("edit %d: %d builds and the page has no %s", i, tries+1, want)
			}
		}
	}
	if cpu1, ok := cpuTime(); ok && cpuOK && n > 0 {
		b.ReportMetric(float64((cpu1-cpu0).Milliseconds())/float64(n), "cpu-ms/op")
	}
}

// Chapters of TestServeIncremental: a page with math, code, an output, a
// claim and a figure, its translation, and a second chapter.
const (
	incSquares = "# Squares\n\nThe area of a square of side $n$ is\n\n$$A = n^2.$$\n\n" +
		"```go\nn := 3\nxs := plotter.XYs{}\nfor i := range n + 1 {\n\txs = append(xs, plotter.XY{X: float64(i), Y: float64(i * i)})\n}\n" +
		"plt := figures.New(\"Squares\", \"side\", \"area\")\nfigures.AddLine(plt, 0, \"\", xs)\nfigures.Publish(\"squares\", plt, \"The area of squares\", \"A parabola\")\n" +
		"book.Publish(\"area\", n*n)\nfmt.Println(n * n)\n```\n\n```output\n9\n```\n\nThree squared is 9<!--=area-->.\n"
	incSquaresKo = "# 제곱 <!--from squares-->\n\n한 변이 $n$인 정사각형의 넓이는\n\n$$A = n^2$$\n\n```go\n```\n\n3의 제곱은 9<!--=area-->입니다.\n"
	incCubes     = "# Cubes\n\nThe volume of a cube of side $s$ is $s^3$.\n\n```go\nbook.Publish(\"v\", 27)\nfmt.Println(27)\n```\n\n" +
		"```output\n27\n```\n\nA cube of side 3 holds 27<!--=v-->.\n"
)

// TestServeIncremental edits a book under tally serve and wants, after
// each rebuild, the very bytes that tally build writes for the same
// sources, in every file of the site: serve links the files that did not
// change from the previous site (site.Memo) and must never keep one that
// did. The edits: prose, a translation, a title that every page's menu
// shows, a snippet that breaks (the site with the problem marked, as
// -keep-going writes it) and its repair. A file that no edit changes
// stays the same file.
func TestServeIncremental(t *testing.T) {
	t.Parallel()
	book := writeBook(t, map[string]string{"01-squares.md": incSquares, "02-cubes.md": incCubes})
	if err := os.Mkdir(filepath.Join(book, "ko"), 0o755); err != nil {
		t.Fatal(err)
	}
	// Each edit is written aside and renamed into place, as many
	// editors save, so that no build reads half of it (serve skips
	// hidden files).
	write := func(name, src string) {
		t.Helper()
		file := filepath.Join(book, name)
		tmp := filepath.Join(filepath.Dir(file), "."+filepath.Base(file)+".new")
		if err := os.WriteFile(tmp, []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.Rename(tmp, file); err != nil {
			t.Fatal(err)
		}
	}
	write("ko/01-squares.md", incSquaresKo)
	out := filepath.Join(t.TempDir(), "_site")
	_, events := startServe(t, book, out)
	gen := nextBuild(t, events, -1).Gen
	css, err := os.Stat(filepath.Join(out, "assets", "tally.css"))
	if err != nil {
		t.Fatal(err)
	}
	full := filepath.Join(t.TempDir(), "full")
	for _, step := range []struct {
		name, file, src string
		problems        bool
	}{
		{"prose", "01-squares.md", proseEdit(incSquares, 1), false},
		{"translation", "ko/01-squares.md", strings.Replace(incSquaresKo, "넓이는", "넓이는 언제나", 1), false},
		{"title", "02-cubes.md", strings.Replace(incCubes, "# Cubes", "# Cubes and volumes", 1), false},
		{"broken", "01-squares.md", strings.Replace(proseEdit(incSquares, 1), "n*n)", "n*n", 1), true},
		{"repaired", "01-squares.md", proseEdit(incSquares, 2), false},
	} {
		write(step.file, step.src)
		st := nextBuild(t, events, gen)
		gen = st.Gen
		if (st.Problems != "") != step.problems {
			t.Fatalf("%s: problems %q", step.name, st.Problems)
		}
		served := readTree(t, out)
		args := []string{"build", "-q", "-out", full, book}
		if step.problems {
			args = append(args[:1], append([]string{"-keep-going"}, args[1:]...)...)
		}
		if code, o, e := tally(t, args...); code != 0 && !step.problems {
			t.Fatalf("%s: tally build = %d\n%s%s", step.name, code, o, e)
		}
		if diff := diffTrees(readTree(t, full), served); diff != "" {
			t.Errorf("%s: the site of tally serve differs from tally build's: %s", step.name, diff)
		}
	}
	if now, err := os.Stat(filepath.Join(out, "assets", "tally.css")); err != nil || !os.SameFile(css, now) {
		t.Errorf("assets/tally.css was written again (%v): serve rewrote files that did not change", err)
	}
}

// BenchmarkServeProseEditBrowser measures the same edit as
// BenchmarkServeProseEdit to the end: from the write of the file to the
// edited page, reloaded in Chromium, having the edit in its document
// (polled through the DevTools protocol every 2 ms). It is skipped
// without Chromium, as the browser tests are.
func BenchmarkServeProseEditBrowser(b *testing.B) {
	bin := testkit.Chromium(b)
	book := filepath.Join("_tally", "bench", "serve-book")
	copyBook(b, book)
	url, events := startServe(b, book, filepath.Join(b.TempDir(), "_site"))
	nextBuild(b, events, -1)
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(bin), chromedp.NoSandbox, chromedp.WindowSize(1280, 900),
		chromedp.Flag("host-resolver-rules", "MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"),
		chromedp.Flag("proxy-server", "127.0.0.1:9"),
	)
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	defer cancelAlloc()
	ctx, cancel := chromedp.NewContext(actx)
	defer cancel()
	if err := chromedp.Do(ctx, chromedp.Navigate(url+"01-losses.html"), chromedp.WaitReady(chromedp.CSS("article"))); err != nil {
		b.Fatalf("%s: %v", bin, err)
	}
	file := filepath.Join(book, "01-losses.md")
	src, err := os.ReadFile(file)
	if err != nil {
		b.Fatal(err)
	}
	for i := 0; b.Loop(); i++ {
		if err := os.WriteFile(file, []byte(proseEdit(string(src), i)), 0o644); err != nil {
			b.Fatal(err)
		}
		js := fmt.Sprintf(`document.readyState !== "loading" && !!document.getElementById("bench-edit-%d")`, i)
		deadline := time.Now().Add(2 * time.Minute) // a guard, not a measure
		for {
			ectx, done := context.WithTimeout(ctx, 5*time.Second)
			ok, err := chromedp.Run(ectx, chromedp.Evaluate[bool](js))
			done()
			if err == nil && ok {
				break
			}
			if time.Now().After(deadline) {
				b.Fatalf("edit %d: the page did not show it (%v)", i, err)
			}
			time.Sleep(2 * time.Millisecond)
		}
	}
}
