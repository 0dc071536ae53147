package site

import (
	"encoding/base64"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestWriteWasm checks the files of the static re-run: each program as a
// script that hands its bytes in base64 to tallyWasmData, and
// wasm_exec.js; a slug that is no file name is refused.
func TestWriteWasm(t *testing.T) {
	dir := t.TempDir()
	prog := filepath.Join(dir, "prog.wasm")
	bin := []byte("\x00asm\x01\x00\x00\x00 not really")
	exec := filepath.Join(dir, "wasm_exec.js")
	for p, data := range map[string][]byte{prog: bin, exec: []byte("// wasm_exec.js\n")} {
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	out := &writer{root: filepath.Join(dir, "site"), done: map[string]bool{}}
	if err := writeWasm(out, Options{Wasm: map[string]string{"05-descent": prog}, WasmExec: exec}); err != nil {
		t.Fatal(err)
	}
	js, err := os.ReadFile(filepath.Join(dir, "site", "wasm", "05-descent.js"))
	if err != nil {
		t.Fatal(err)
	}
	want := `tallyWasmData("05-descent","` + base64.StdEncoding.EncodeToString(bin) + "\");\n"
	if string(js) != want {
		t.Errorf("wasm/05-descent.js = %q, want %q", js, want)
	}
	if b, err := os.ReadFile(filepath.Join(dir, "site", "assets", "wasm_exec.js")); err != nil || !strings.Contains(string(b), "wasm_exec.js") {
		t.Errorf("assets/wasm_exec.js: %v %q", err, b)
	}
	err = writeWasm(out, Options{Wasm: map[string]string{"../x": prog}, WasmExec: exec})
	if !errors.Is(err, ErrUnsafePath) {
		t.Errorf("slug ../x: error %v, want ErrUnsafePath", err)
	}
}
