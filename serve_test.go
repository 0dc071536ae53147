package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/tally-book/tally/runner"
	"github.com/tally-book/tally/site"
)

// squaresChapter is the small book of the re-run tests: n squared, a
// figure of it, a panic at n = 13 and a sleep that outlasts the limit.
const squaresChapter = `---
title: Squares
timeout: 3s
params:
  n: {value: 4, min: 1, max: 100}
  nap: {value: 0, min: 0, max: 60}
  word: {value: four, choices: [four, five]}
  rate: {value: 0.1, min: 0.001, max: 10, log: true}
---
# Squares

` + "```go" + `
if n == 13 {
	panic("unlucky")
}
time.Sleep(time.Duration(nap) * time.Second)
book.Publish("sq", n*n)
book.Publish("two", 2)
fmt.Println(n * n)
` + "```" + `

` + "```output" + `
16
` + "```" + `

Four squared is 16<!--=sq-->, and two is 2<!--=two-->.
`

// squaresBook writes the test book into a folder of its own, so that the
// runner's cache keys it apart from other tests' books.
func squaresBook(t testing.TB) string {
	t.Helper()
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "01-squares.md"), []byte(squaresChapter), 0o644); err != nil {
		t.Fatal(err)
	}
	return dir
}

func TestServeRerun(t *testing.T) {
	t.Parallel()
	rs := &reruns{dir: squaresBook(t), timeout: time.Minute}
	ctx := context.Background()
	res, err := rs.run(ctx, site.RerunRequest{Chapter: "01-squares", Params: map[string]string{"n": "5"}})
	if err != nil {
		t.Fatal(err)
	}
	if res.Error != "" {
		t.Fatalf("run failed: %s", res.Error)
	}
	if res.Summary != "under n=5: 1 claim holds, 1 changed" {
		t.Errorf("summary %q", res.Summary)
	}
	want := []runner.RerunClaim{
		{Index: 0, Name: "sq", Written: "16", Value: "25.00", Status: "changed", Note: "the text says 16, this run gives 25"},
		{Index: 1, Name: "two", Written: "2", Value: "2.00", Status: "holds"},
	}
	if fmt.Sprint(res.Claims) != fmt.Sprint(want) {
		t.Errorf("claims\n got %+v\nwant %+v", res.Claims, want)
	}
	if len(res.Snippets) != 1 || res.Snippets[0].Stdout != "25\n" || res.Snippets[0].Output != "changed" {
		t.Errorf("snippets %+v", res.Snippets)
	}

	for _, tc := range []struct {
		name string
		req  site.RerunRequest
		bad  string // the ErrBadRerun message
		err  string // the run's error, in the result
	}{
		{"unknown parameter", site.RerunRequest{Chapter: "01-squares", Params: map[string]string{"m": "5"}}, "has no parameter m", ""},
		{"not a number", site.RerunRequest{Chapter: "01-squares", Params: map[string]string{"n": "five"}}, "n=five: want an integer, like 4", ""},
		{"out of range", site.RerunRequest{Chapter: "01-squares", Params: map[string]string{"n": "101"}}, "n=101: must be at most 100", ""},
		{"not a choice", site.RerunRequest{Chapter: "01-squares", Params: map[string]string{"word": "six"}}, "word=six: must be one of four, five", ""},
		{"unknown chapter", site.RerunRequest{Chapter: "../01-squares", Params: map[string]string{"n": "5"}}, `no chapter "../01-squares"`, ""},
		{"unknown translation", site.RerunRequest{Chapter: "01-squares", Lang: "ko", Params: map[string]string{"n": "5"}}, `no translation in "ko"`, ""},
		{"panic", site.RerunRequest{Chapter: "01-squares", Params: map[string]string{"n": "13"}}, "", "01-squares.md:14: panic: unlucky"},
		{"time limit", site.RerunRequest{Chapter: "01-squares", Params: map[string]string{"nap": "30"}}, "", "01-squares.md:13: timed out: the chapter's limit of 3s was reached"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res, err := rs.run(ctx, tc.req)
			if tc.bad != "" {
				if !errors.Is(err, site.ErrBadRerun) || !strings.Contains(err.Error(), tc.bad) {
					t.Errorf("err = %v, want ErrBadRerun with %q", err, tc.bad)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(res.Error, tc.err) || len(res.Claims) != 0 || len(res.Snippets) != 0 {
				t.Errorf("result %+v, want only the error %q", res, tc.err)
			}
		})
	}
}

// serveRerunBook builds the test book's site and serves it as tally serve
// does, with re-runs; it returns the site's URL.
func serveRerunBook(t testing.TB, dir string) string {
	t.Helper()
	out := filepath.Join(t.TempDir(), "_site")
	c := &common{timeout: time.Minute, quiet: true}
	ctx, cancel := context.WithCancel(context.Background())
	if err := build(ctx, c, dir, out, true, false, io.Discard, io.Discard); err != nil {
		t.Fatal(err)
	}
	rs := &reruns{dir: dir, timeout: time.Minute}
	ready := make(chan string, 1)
	served := make(chan error, 1)
	go func() {
		served <- site.Serve(ctx, site.ServeOptions{Dir: out, Addr: "127.0.0.1:0", Rerun: rs.run, Ready: func(u string) { ready <- u }})
	}()
	t.Cleanup(func() {
		cancel()
		if err := <-served; err != nil {
			t.Errorf("serve: %v", err)
		}
	})
	select {
	case u := <-ready:
		return u
	case err := <-served:
		t.Fatalf("serve: %v", err)
	}
	return ""
}

// BenchmarkRerunServe measures a re-run of chapter 5 with lr=0.5 through
// tally serve's endpoint, from request to response: "cold" runs the
// chapter (each iteration with a value of its own, so that the runner's
// cache has none; the Go build cache is warm after the first), "cached"
// asks again for a run the cache has.
func BenchmarkRerunServe(b *testing.B) {
	root, _ := os.Getwd()
	u := serveRerunBook(b, filepath.Join(root, "chapters"))
	post := func(lr string) {
		body := `{"chapter":"05-gradient-descent","params":{"lr":"` + lr + `"}}`
		req, _ := http.NewRequest(http.MethodPost, u+"__tally/rerun", strings.NewReader(body))
		req.Header.Set("Origin", strings.TrimSuffix(u, "/"))
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			b.Fatal(err)
		}
		defer resp.Body.Close()
		var res runner.RerunResult
		if err := json.NewDecoder(resp.Body).Decode(&res); err != nil || resp.StatusCode != 200 || res.Error != "" {
			b.Fatalf("%s: %d %v %s", lr, resp.StatusCode, err, res.Error)
		}
	}
	post("0.5") // the build, and the cache entry of lr=0.5
	base := time.Now().UnixNano()
	b.Run("cold", func(b *testing.B) {
		for i := 0; b.Loop(); i++ {
			post(fmt.Sprintf("0.5%d%d", base, i))
		}
	})
	b.Run("cached", func(b *testing.B) {
		for b.Loop() {
			post("0.5")
		}
	})
}

// TestCLIRunSummary checks the summary that tally run -set ends with.
func TestCLIRunSummary(t *testing.T) {
	t.Parallel()
	dir := squaresBook(t)
	code, out, errOut := tally(t, "run", filepath.Join(dir, "01-squares.md"), "-set", "n=5", "-q")
	if code != 0 {
		t.Fatalf("tally run = %d\n%s%s", code, out, errOut)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	want := filepath.Join(dir, "01-squares.md") + ": under n=5: 1 claim holds, 1 changed"
	if last := lines[len(lines)-1]; last != want {
		t.Errorf("last line %q, want %q", last, want)
	}
}

// TestCodeFolders wants serve to watch the folders of the module's Go
// packages, and not those the go command leaves out, the site, or a nested
// module.
func TestCodeFolders(t *testing.T) {
	t.Parallel()
	root := t.TempDir()
	for _, f := range []string{
		"go.mod", "book_test.go", "chapters/01-a.md",
		"stats/stats.go", "stats/stats_test.go", "internal/model/net.go", "internal/model/testdata/x.go",
		"_site/wasm/x.go", "out/y.go", ".git/hooks/z.go", "_tally/gen/01-a/main.go", "node_modules/k/k.go",
		"vendor/v/v.go", "tools/go.mod", "tools/gen.go", "docs/notes.md",
	} {
		p := filepath.Join(root, filepath.FromSlash(f))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte("package x\n"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	var got []string
	for _, d := range codeFolders(root, filepath.Join(root, "out"), 100) {
		rel, err := filepath.Rel(root, d)
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, filepath.ToSlash(rel))
	}
	if want := ". internal/model stats"; strings.Join(got, " ") != want {
		t.Errorf("codeFolders = %q, want %q", got, want)
	}
	if got := codeFolders(root, filepath.Join(root, "out"), 2); len(got) != 2 {
		t.Errorf("codeFolders with at most 2: %q", got)
	}
}
