package site

import (
	"encoding/base64"
	"fmt"
	"os"
	"sort"
	"strconv"
)

// writeWasm writes the chapters' programs built for the browser, each as
// wasm/SLUG.js, and the Go distribution's wasm_exec.js as
// assets/wasm_exec.js. A program is a script that hands its bytes, in
// base64, to tallyWasmData (defined by assets/rerun-wasm.js): a script
// loads from file:// too, where Chromium refuses to fetch a .wasm file.
func writeWasm(out *writer, opts Options) error {
	if len(opts.Wasm) == 0 {
		return nil
	}
	exec, err := os.ReadFile(opts.WasmExec)
	if err != nil {
		return fmt.Errorf("site: wasm_exec.js: %w", err)
	}
	if err := out.write("assets/wasm_exec.js", exec); err != nil {
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
		bin, err := os.ReadFile(opts.Wasm[slug])
		if err != nil {
			return fmt.Errorf("site: the program of %s for the browser: %w", slug, err)
		}
		js := make([]byte, 0, base64.StdEncoding.EncodedLen(len(bin))+len(slug)+32)
		js = append(js, "tallyWasmData("...)
		js = strconv.AppendQuote(js, slug)
		js = append(js, `,"`...)
		js = base64.StdEncoding.AppendEncode(js, bin)
		js = append(js, "\");\n"...)
		if err := out.write("wasm/"+slug+".js", js); err != nil {
			return err
		}
	}
	return nil
}
