package site

import (
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strconv"
)

// writeWasm writes the chapters' programs built for the browser, each as
// wasm/SLUG.js, and the Go distribution's wasm_exec.js, as text, in
// assets/wasm_exec.js. A program is a script that hands its bytes, in
// base64, to tallyWasmData (defined by assets/rerun-wasm.js), and
// assets/wasm_exec.js one that hands the text of wasm_exec.js to
// tallyWasmExec: a script loads from file:// too, where Chromium refuses
// to fetch a .wasm file or a script's text, and the page puts the text
// into the Web Worker that runs the program (see Static re-run).
func writeWasm(out *writer, opts Options) error {
	if len(opts.Wasm) == 0 {
		return nil
	}
	exec, err := os.ReadFile(opts.WasmExec)
	if err != nil {
		return fmt.Errorf("site: wasm_exec.js: %w", err)
	}
	if err := out.write("assets/wasm_exec.js", execScript(exec)); err != nil {
		return err
	}
	slugs := make([]string, 0, len(opts.Wasm))
	for s := range opts.Wasm {
		slugs = append(slugs, s)
	}
	sort.Strings(slugs)
	for _, slug := range slugs {
		if err := safeName("chapter", slug); err != nil {
			return err
		}
		js, cached, err := wasmScript(opts.Cache, slug, opts.Wasm[slug])
		if err != nil {
			return fmt.Errorf("site: the program of %s for the browser: %w", slug, err)
		}
		if cached != "" {
			err = out.copy("wasm/"+slug+".js", cached)
		} else {
			err = out.write("wasm/"+slug+".js", js)
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// execScript returns assets/wasm_exec.js: a script that hands the text of
// the Go distribution's wasm_exec.js to tallyWasmExec, as a string
// literal (a JSON string, whose escapes JavaScript reads alike: <, > and &
// too, so that the text cannot end a script element, and U+2028 and
// U+2029).
func execScript(exec []byte) []byte {
	lit, _ := json.Marshal(string(exec)) // a string always marshals
	js := make([]byte, 0, len(lit)+64)
	js = append(js, "// Go's wasm_exec.js, as text, for the Web Worker of assets/rerun-wasm.js.\ntallyWasmExec("...)
	js = append(js, lit...)
	return append(js, ");\n"...)
}

// wasmSchema names the form of a cached wasm/SLUG.js. Change it when
// wasmScript's output changes.
const wasmSchema = "tally-wasm-js-v1"

// wasmScript returns wasm/SLUG.js for the program in file: with a cache
// folder, as the name of a file in cache/wasm that holds it, named by a
// hash of the slug and the program file's path, size and modification
// time, so that a build whose programs did not change copies megabytes
// instead of encoding them again; without one, or when the cache cannot
// be written, as bytes. A cached script is used only when its size is the
// one its program gives, which a truncated or extended file does not have.
func wasmScript(cache, slug, file string) (js []byte, cached string, err error) {
	fi, err := os.Stat(file)
	if err != nil {
		return nil, "", err
	}
	head := strconv.AppendQuote([]byte("tallyWasmData("), slug)
	head = append(head, `,"`...)
	const tail = "\");\n"
	size := int64(len(head)+base64.StdEncoding.EncodedLen(int(fi.Size()))) + int64(len(tail))
	if cache != "" {
		h := sha256.New()
		for _, p := range []string{wasmSchema, slug, file, strconv.FormatInt(fi.Size(), 10), strconv.FormatInt(fi.ModTime().UnixNano(), 10)} {
			h.Write([]byte(p))
			h.Write([]byte{0})
		}
		cached = filepath.Join(cache, "wasm", slug, hex.EncodeToString(h.Sum(nil))+".js")
		if ci, err := os.Stat(cached); err == nil && ci.Mode().IsRegular() && ci.Size() == size {
			return nil, cached, nil
		}
	}
	bin, err := os.ReadFile(file)
	if err != nil {
		return nil, "", err
	}
	if int64(len(bin)) != fi.Size() {
		cached = "" // the program changed while read: do not keep it under the old name
	}
	js = make([]byte, 0, size)
	js = append(js, head...)
	js = base64.StdEncoding.AppendEncode(js, bin)
	js = append(js, tail...)
	if cached != "" && writeFileAtomic(cached, js) == nil {
		pruneWasm(filepath.Dir(cached), filepath.Base(cached))
		return nil, cached, nil
	}
	return js, "", nil
}

// pruneWasm removes from dir, the cache folder of a chapter's scripts,
// every script but keep: a chapter's program changes with its code, and
// each script weighs megabytes, so only the newest is worth keeping.
func pruneWasm(dir, keep string) {
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if e.Name() != keep && e.Type().IsRegular() {
			_ = os.Remove(filepath.Join(dir, e.Name()))
		}
	}
}
