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

	"github.com/tally-book/tally/internal/fsutil"
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

// proseEdit returns src with a paragraph that names edit i after its
// first heading: prose only, so every run comes from the cache.
func proseEdit(src string, i int) string {
	head, rest, _ := strings.Cut(src, "\n# ")
	title, body, _ := strings.Cut(rest, "\n")
	return fmt.Sprintf("%s\n# %s\n\nEdit <span id=\"bench-edit-%d\">%d</span> of the prose.\n%s", head, title, i, i, body)
}

// BenchmarkServeProseEdit measures what a writer of the book waits for in
// tally serve after a prose-only edit of a chapter: from the write of the
// file to the reload event that the open pages get, the edited page
// served by then. The book is a copy of chapters/ under _tally/, at a
// fixed path so that the runner's cache (keyed by the chapters' paths)
// serves its runs after the first benchmark; the first serve of a new
// checkout runs the whole book. Target (issue 10): ≤ 150 ms.
func BenchmarkServeProseEdit(b *testing.B) {
	book := filepath.Join("_tally", "bench", "serve-book")
	copyBook(b, book)
	out := filepath.Join(b.TempDir(), "_site")
	url, events := startServe(b, book, out)
	next := func() serveState {
		select {
		case st, ok := <-events:
			if !ok {
				b.Fatal("the events ended")
			}
			return st
		case <-time.After(2 * time.Minute): // a guard, not a measure
			b.Fatal("no event")
		}
		return serveState{}
	}
	gen := next().Gen
	file := filepath.Join(book, "01-losses.md")
	src, err := os.ReadFile(file)
	if err != nil {
		b.Fatal(err)
	}
	for i := 0; b.Loop(); i++ {
		if err := os.WriteFile(file, []byte(proseEdit(string(src), i)), 0o644); err != nil {
			b.Fatal(err)
		}
		st := next()
		for st.Gen == gen {
			st = next()
		}
		gen = st.Gen
		if st.Problems != "" {
			b.Fatalf("edit %d: problems: %s", i, st.Problems)
		}
		resp, err := http.Get(url + "01-losses.html")
		if err != nil {
			b.Fatal(err)
		}
		page, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if want := fmt.Sprintf(`id="bench-edit-%d"`, i); !strings.Contains(string(page), want) {
			b.Fatalf("edit %d: the page served after the reload event has no %s", i, want)
		}
	}
}
