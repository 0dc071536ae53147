package main

import (
	"compress/gzip"
	"context"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"time"

	"github.com/tally-book/tally/runner"
	"github.com/tally-book/tally/runner/chapter"
	"github.com/tally-book/tally/site"
)

// siteWasm is what the static re-run adds to a site: the book's program
// built for the browser, and wasm_exec.js.
type siteWasm struct {
	program *site.Wasm
	size    int64             // bytes of the program, unpacked
	exec    string            // the Go distribution's wasm_exec.js
	data    map[string]string // the chapters' data files: front matter name → file on disk
	dataLen int64             // their bytes
	timeout time.Duration     // limit of a run when the chapter's front matter sets none (-timeout), which the page applies too
}

// rerunsInBrowser reports whether the page of ch re-runs it in the
// browser: it has parameters (and so a parameter panel), and its front
// matter does not say rerun: serve-only.
func rerunsInBrowser(ch *chapter.Chapter) bool {
	return len(ch.Meta.Params) > 0 && ch.Meta.Rerun != chapter.RerunServeOnly
}

// buildWasm builds the book's program for the browser, with every chapter
// whose page re-runs it in the browser and whose run succeeded. A
// chapter whose code does not build for the browser is a problem, at its
// lines.
func buildWasm(ctx context.Context, r *runner.Runner, b *chapter.Book, res *runner.Results) (*siteWasm, chapter.ErrorList, error) {
	var chs []*chapter.Chapter
	for _, cr := range res.Chapters {
		if ch := cr.Chapter; ch != nil && rerunsInBrowser(ch) && cr.OK() {
			chs = append(chs, ch)
		}
	}
	if len(chs) == 0 {
		return nil, nil, nil
	}
	p, err := r.BuildWasm(ctx, b, chs)
	if err != nil {
		if l, ok := err.(chapter.ErrorList); ok {
			for _, e := range l {
				e.Msg += " (the chapter's page re-runs it in the browser; write rerun: serve-only in its front matter to re-run it only in tally serve)"
			}
			return nil, l, nil
		}
		return nil, nil, err
	}
	w := &siteWasm{program: &site.Wasm{File: p.Path, Sum: p.Sum, Chapters: map[string]bool{}}, size: p.Size, data: map[string]string{}}
	for _, s := range p.Chapters {
		w.program.Chapters[s] = true
	}
	var probs chapter.ErrorList
	for _, ch := range chs {
		files, err := r.DataFiles(ch)
		if err != nil {
			probs.Add(chapter.Pos{File: ch.Path, Line: 1}, "%v", err)
			continue
		}
		for _, f := range files {
			if _, ok := w.data[f.Name]; !ok {
				w.data[f.Name] = f.Path
				w.dataLen += f.Size
			}
		}
	}
	if len(probs) > 0 {
		return nil, probs, nil
	}
	exec, err := r.WasmExec(ctx)
	if err != nil {
		return nil, nil, err
	}
	w.exec = exec
	return w, nil, nil
}

// wasmSizes says what the site ships for the re-run in the browser: the
// program (gzip-compressed, in a byte script that file:// loads and
// http(s) fetches, with its unpacked size) and the data files' scripts
// (packed where that is smaller, see site.Build), each on disk and as a
// server would send it gzipped; and the bytes of the whole site on disk.
func wasmSizes(out string, w *siteWasm) string {
	name := w.program.Name()
	js, err := os.ReadFile(filepath.Join(out, "wasm", name+".js"))
	if err != nil {
		return "re-run in the browser: the program's file is missing"
	}
	line := fmt.Sprintf("re-run in the browser (%d chapters): wasm/%s.js %s (%s gzipped, %s unpacked)",
		len(w.program.Chapters), name, mb(int64(len(js))), mb(gzipSize(js)), mb(w.size))
	if len(w.data) > 0 {
		var disk, zipped int64
		for n := range w.data {
			b, err := os.ReadFile(filepath.Join(out, filepath.FromSlash(site.DataPath(n))+".js"))
			if err != nil {
				return line + "; its data files are missing"
			}
			disk += int64(len(b))
			zipped += gzipSize(b)
		}
		line += fmt.Sprintf("; data: %d files of %s, as scripts %s (%s gzipped)", len(w.data), mb(w.dataLen), mb(disk), mb(zipped))
	}
	return line + fmt.Sprintf("; the whole site: %s on disk", mb(treeBytes(out)))
}

// treeBytes is the size of the regular files under dir.
func treeBytes(dir string) int64 {
	var n int64
	_ = filepath.WalkDir(dir, func(_ string, d fs.DirEntry, err error) error {
		if err == nil && d.Type().IsRegular() {
			if fi, err := d.Info(); err == nil {
				n += fi.Size()
			}
		}
		return nil // a file that went away counts for nothing
	})
	return n
}

// gzipSize is the size of data compressed as a web server would send it.
func gzipSize(data []byte) int64 {
	var n counter
	zw, _ := gzip.NewWriterLevel(&n, gzip.DefaultCompression)
	// Writes into a counter cannot fail.
	_, _ = zw.Write(data)
	_ = zw.Close()
	return int64(n)
}

type counter int64

func (c *counter) Write(p []byte) (int, error) { *c += counter(len(p)); return len(p), nil }

var _ io.Writer = (*counter)(nil)

// mb formats bytes in megabytes.
func mb(n int64) string { return fmt.Sprintf("%.1f MB", float64(n)/1e6) }
