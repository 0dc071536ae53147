package site

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
)

// Wasm is the book's program built for the browser (runner.BuildWasm),
// which the pages of its chapters run for their re-run.
type Wasm struct {
	File     string          // the .wasm file
	Sum      string          // its SHA-256, hex, as the runner recorded it: checked before the file is shipped
	Chapters map[string]bool // slugs of the chapters it re-runs
}

// Name is the name the program has in the site, without extension:
// "book-" and the first 16 hex digits of its SHA-256, so that a browser
// may keep it as long as it likes and a new program is a new file.
func (w *Wasm) Name() string { return "book-" + w.Sum[:16] }

// wasmSchema names the form of the cached files of writeWasm. Change it
// when their bytes change.
const wasmSchema = "tally-wasm-site-v2"

// writeWasm writes the book's program built for the browser twice, both
// gzip-compressed: as wasm/NAME.wasm.gz, which a page served over HTTP
// fetches, decompresses and compiles while it streams in, and as
// wasm/NAME.js, a script that hands the same bytes, in base64, to
// tallyWasmData (defined by assets/rerun-wasm.js), for a page opened from
// file://, where Chromium refuses fetch but loads a script. It writes the
// Go distribution's wasm_exec.js too, as a script that hands its text to
// tallyWasmExec, in assets/wasm_exec.js (see Static re-run).
//
// The program is read once and its SHA-256 compared with Wasm.Sum: a
// program damaged since it was built is an error, not a site. With a cache
// folder, the two files are kept in cache/wasm under a hash of the
// program's SHA-256, each with a record of its own SHA-256, and reused
// only when they still have it.
func writeWasm(out *writer, opts Options) error {
	w := opts.Wasm
	if w == nil {
		return nil
	}
	if len(w.Sum) < 16 {
		return fmt.Errorf("site: the browser program %s has no SHA-256", w.File)
	}
	exec, err := os.ReadFile(opts.WasmExec)
	if err != nil {
		return fmt.Errorf("site: wasm_exec.js: %w", err)
	}
	if err := out.write("assets/wasm_exec.js", execScript(exec)); err != nil {
		return err
	}
	name := w.Name()
	if err := safeName("program", name); err != nil {
		return err
	}
	gz, js, err := wasmFiles(opts.Cache, w)
	if err != nil {
		return fmt.Errorf("site: the book's program for the browser: %w", err)
	}
	if err := writeData(out, opts.Data); err != nil {
		return err
	}
	for _, f := range []struct {
		rel  string
		file cachedFile
	}{{"wasm/" + name + ".wasm.gz", gz}, {"wasm/" + name + ".js", js}} {
		if f.file.path != "" {
			err = out.copy(f.rel, f.file.path)
		} else {
			err = out.write(f.rel, f.file.data)
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// cachedFile is a file of the site: a file of the cache to copy, or bytes.
type cachedFile struct {
	path string
	data []byte
}

// wasmFiles returns the gzip-compressed program and its script.
func wasmFiles(cache string, w *Wasm) (gz, js cachedFile, err error) {
	var dir string
	if cache != "" {
		h := sha256.Sum256([]byte(wasmSchema + "\x00" + w.Sum))
		dir = filepath.Join(cache, "wasm", hex.EncodeToString(h[:])[:32])
		gzPath, jsPath := filepath.Join(dir, "program.wasm.gz"), filepath.Join(dir, "program.js")
		if verified(gzPath) && verified(jsPath) {
			return cachedFile{path: gzPath}, cachedFile{path: jsPath}, nil
		}
	}
	bin, err := os.ReadFile(w.File)
	if err != nil {
		return gz, js, err
	}
	if sum := sha256.Sum256(bin); hex.EncodeToString(sum[:]) != w.Sum {
		return gz, js, fmt.Errorf("%s is not the program that was built (its SHA-256 differs): build again with tally build -force", w.File)
	}
	var buf bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression) // a valid level
	if _, err := zw.Write(bin); err != nil {                 // into memory: cannot fail
		return gz, js, err
	}
	if err := zw.Close(); err != nil {
		return gz, js, err
	}
	gz.data = buf.Bytes()
	js.data = wasmScript(w.Name(), gz.data)
	if dir != "" {
		pruneWasm(filepath.Dir(dir), filepath.Base(dir))
		if keep(filepath.Join(dir, "program.wasm.gz"), gz.data) == nil && keep(filepath.Join(dir, "program.js"), js.data) == nil {
			return cachedFile{path: filepath.Join(dir, "program.wasm.gz")}, cachedFile{path: filepath.Join(dir, "program.js")}, nil
		}
	}
	return gz, js, nil
}

// wasmScript is wasm/NAME.js: a script that hands name and data, in
// base64, to tallyWasmData.
func wasmScript(name string, data []byte) []byte {
	head := strconv.AppendQuote([]byte("tallyWasmData("), name)
	head = append(head, `,"`...)
	js := make([]byte, 0, len(head)+base64.StdEncoding.EncodedLen(len(data))+4)
	js = append(js, head...)
	js = base64.StdEncoding.AppendEncode(js, data)
	return append(js, "\");\n"...)
}

// fileRecord is the record of a cached file: its size and SHA-256.
type fileRecord struct {
	Size int64  `json:"size"`
	Sum  string `json:"sum"`
}

// keep writes a cached file and its record (file.sum).
func keep(file string, data []byte) error {
	sum := sha256.Sum256(data)
	rec, _ := json.Marshal(fileRecord{Size: int64(len(data)), Sum: hex.EncodeToString(sum[:])})
	if err := writeFileAtomic(file, data); err != nil {
		return err
	}
	return writeFileAtomic(file+".sum", rec)
}

// verified reports whether a cached file has the size and SHA-256 of its
// record: a truncated file, or one with a byte changed, has not.
func verified(file string) bool {
	b, err := os.ReadFile(file + ".sum")
	if err != nil {
		return false
	}
	var rec fileRecord
	if json.Unmarshal(b, &rec) != nil {
		return false
	}
	f, err := os.Open(file)
	if err != nil {
		return false
	}
	defer f.Close() //nolint:errcheck // read only
	if fi, err := f.Stat(); err != nil || !fi.Mode().IsRegular() || fi.Size() != rec.Size {
		return false
	}
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return false
	}
	return hex.EncodeToString(h.Sum(nil)) == rec.Sum
}

// DataPath is the site path of a data file named name in a chapter's
// front matter (chapter.CheckDataName): data/PATH, or data/MODULE/PATH for
// MODULE//PATH. The page loads DataPath(name)+".js".
func DataPath(name string) string { return "data/" + strings.Replace(name, "//", "/", 1) }

// writeData writes each data file as DataPath(name)+".js": a script that
// hands its site path, its bytes in base64 and their SHA-256 to
// tallyWasmData. One form serves both file:// and http(s); the page checks
// the SHA-256 before the program reads the bytes.
func writeData(out *writer, data map[string]string) error {
	names := make([]string, 0, len(data))
	for n := range data {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		b, err := os.ReadFile(data[n])
		if err != nil {
			return fmt.Errorf("site: data file %s: %w", n, err)
		}
		sum := sha256.Sum256(b)
		js := wasmScript(DataPath(n), b)
		js = append(js[:len(js)-len(");\n")], `,"`+hex.EncodeToString(sum[:])+`");`+"\n"...)
		if err := out.write(DataPath(n)+".js", js); err != nil {
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

// pruneWasm removes from dir, the cache folder of the programs' files,
// every entry but keep: each weighs megabytes, and only the newest
// program is worth keeping.
func pruneWasm(dir, keep string) {
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if e.Name() != keep {
			_ = os.RemoveAll(filepath.Join(dir, e.Name()))
		}
	}
}
