package site

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/tally-book/tally/runner/chapter"
)

// TestWriteWasm checks the files of the static re-run: the book's
// program, gzip-compressed, once, as wasm/book-HASH.js, a byte script that
// hands its bytes to tallyWasmData (no wasm/book-HASH.wasm.gz beside it:
// http(s) fetches the same file), and wasm_exec.js as a script that hands
// its text to tallyWasmExec, as a string literal that cannot end a script
// element.
func TestWriteWasm(t *testing.T) {
	dir := t.TempDir()
	prog := filepath.Join(dir, "prog.wasm")
	bin := []byte("\x00asm\x01\x00\x00\x00 not really")
	exec := filepath.Join(dir, "wasm_exec.js")
	for p, data := range map[string][]byte{prog: bin, exec: []byte("// wasm_exec.js\n\"a\\b\" </script> \u2028")} {
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	out := &writer{root: filepath.Join(dir, "site"), done: map[string]bool{}}
	w := writeProgram(t, prog, string(bin))
	if err := writeWasm(out, Options{Wasm: w, WasmExec: exec}); err != nil {
		t.Fatal(err)
	}
	if files, _ := filepath.Glob(filepath.Join(dir, "site", "wasm", "*")); len(files) != 1 {
		t.Errorf("wasm/ holds %q, want the program's script only", files)
	}
	js, err := os.ReadFile(filepath.Join(dir, "site", "wasm", w.Name()+".js"))
	if err != nil {
		t.Fatal(err)
	}
	name, gz, sum := unscript(t, js)
	if got := gunzip(t, gz); got != string(bin) || name != w.Name() || sum != "" {
		t.Errorf("wasm/%s.js hands %q (sum %q) bytes that unpack to %q, want %q", w.Name(), name, sum, got, bin)
	}
	wantExec := "// Go's wasm_exec.js, as text, for the Web Worker of assets/rerun-wasm.js.\n" +
		`tallyWasmExec("// wasm_exec.js\n\"a\\b\" \u003c/script\u003e \u2028");` + "\n"
	if b, err := os.ReadFile(filepath.Join(dir, "site", "assets", "wasm_exec.js")); err != nil || string(b) != wantExec {
		t.Errorf("assets/wasm_exec.js = %q, %v; want %q", b, err, wantExec)
	}
}

// TestRerunTimeout checks the meta tally-timeout of pages that re-run
// their chapter in the browser: the chapter's timeout: in seconds, or
// Options.Timeout, or runner.DefaultTimeout; none on a page without a
// browser program.
func TestRerunTimeout(t *testing.T) {
	dir := t.TempDir()
	prog := filepath.Join(dir, "prog.wasm")
	exec := filepath.Join(dir, "wasm_exec.js")
	for p, data := range map[string][]byte{exec: []byte("// wasm_exec.js\n")} {
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	withFront := func(front string) []byte {
		return []byte("---\nparams:\n  n: {value: 1}\n" + front + "---\n# N\n\n```go\nfmt.Println(n)\n```\n")
	}
	b := chapter.NewBook(map[string][]byte{
		"chapters/01-limit.md":   withFront("timeout: 1m30s\n"),
		"chapters/02-default.md": withFront(""),
		"chapters/03-serve.md":   withFront("rerun: serve-only\n"),
		"chapters/04-half.md":    withFront("timeout: 500ms\n"),
	})
	progs := writeProgram(t, prog, "\x00asm\x01\x00\x00\x00")
	progs.Chapters = map[string]bool{"01-limit": true, "02-default": true, "04-half": true}
	for _, c := range []struct {
		opts Options
		want map[string]string // page → content of its meta, "" for none
	}{
		{Options{Wasm: progs, WasmExec: exec, Timeout: 5 * time.Minute},
			map[string]string{"01-limit": "90", "02-default": "300", "03-serve": "", "04-half": "0.5"}},
		{Options{Wasm: progs, WasmExec: exec},
			map[string]string{"01-limit": "90", "02-default": "600", "03-serve": "", "04-half": "0.5"}},
		{Options{Timeout: time.Minute}, // tally serve: no browser programs
			map[string]string{"01-limit": "", "02-default": "", "03-serve": "", "04-half": ""}},
	} {
		c.opts.Out = filepath.Join(t.TempDir(), "site")
		if err := Build(b, nil, c.opts); err != nil {
			t.Fatal(err)
		}
		for page, want := range c.want {
			html, err := os.ReadFile(filepath.Join(c.opts.Out, page+".html"))
			if err != nil {
				t.Fatal(err)
			}
			got := ""
			if _, rest, ok := strings.Cut(string(html), `<meta name="tally-timeout" content="`); ok {
				got, _, _ = strings.Cut(rest, `"`)
			}
			if got != want {
				t.Errorf("Timeout %v: %s.html: tally-timeout %q, want %q", c.opts.Timeout, page, got, want)
			}
		}
	}
}
