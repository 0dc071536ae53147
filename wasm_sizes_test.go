package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tally-book/tally/site"
)

// TestWasmSizes wants the build's line on the static re-run to give the
// program's one script and the data scripts, on disk and gzipped, and
// the whole site's bytes, measured from the files written.
func TestWasmSizes(t *testing.T) {
	out := t.TempDir()
	w := &siteWasm{program: &site.Wasm{Sum: strings.Repeat("ab", 32), Chapters: map[string]bool{"01-a": true}},
		size: 3_000_000, data: map[string]string{"m//d/x.gz": "/src/x.gz"}, dataLen: 2_000_000}
	files := map[string]int{
		"wasm/" + w.program.Name() + ".js": 1_200_000,
		"data/m/d/x.gz.js":                 900_000,
		"index.html":                       400_000,
	}
	for name, n := range files {
		p := filepath.Join(out, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(strings.Repeat("x", n)), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	got := wasmSizes(out, w)
	for _, want := range []string{
		"re-run in the browser (1 chapters): wasm/" + w.program.Name() + ".js 1.2 MB (0.0 MB gzipped, 3.0 MB unpacked)",
		"data: 1 files of 2.0 MB, as scripts 0.9 MB (0.0 MB gzipped)",
		"the whole site: 2.5 MB on disk",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("wasmSizes = %q, want it to say %q", got, want)
		}
	}
	if err := os.Remove(filepath.Join(out, "wasm", w.program.Name()+".js")); err != nil {
		t.Fatal(err)
	}
	if got := wasmSizes(out, w); !strings.Contains(got, "missing") {
		t.Errorf("without the program's script: %q", got)
	}
}
