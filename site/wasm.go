package site

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
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
const wasmSchema = "tally-wasm-site-v3"

// writeWasm writes the book's program built for the browser once,
// gzip-compressed, as wasm/NAME.js: a byte script (see byteScript) that
// hands its bytes to tallyWasmData (defined by assets/rerun-wasm.js). A
// page opened from file://, where Chromium refuses fetch, loads it as a
// script; a page served over http(s) fetches the same file, takes the
// bytes out of it, unpacks them and compiles the program while it streams
// in. It writes the Go distribution's wasm_exec.js too, as a script that
// hands its text to tallyWasmExec, in assets/wasm_exec.js (see Static
// re-run).
//
// The program is read once and its SHA-256 compared with Wasm.Sum: a
// program damaged since it was built is an error, not a site. With a cache
// folder, the script is kept in cache/wasm under a hash of the program's
// SHA-256, with a record of its own SHA-256, and reused only when it still
// has it.
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
	js, err := wasmFiles(opts.Cache, w)
	if err != nil {
		return fmt.Errorf("site: the book's program for the browser: %w", err)
	}
	if err := writeData(out, opts.Data, opts.Cache); err != nil {
		return err
	}
	if js.path != "" {
		return out.copy("wasm/"+name+".js", js.path)
	}
	return out.write("wasm/"+name+".js", js.data)
}

// cachedFile is a file of the site: a file of the cache to copy, or bytes.
type cachedFile struct {
	path string
	data []byte
}

// wasmFiles returns the script of the gzip-compressed program.
func wasmFiles(cache string, w *Wasm) (js cachedFile, err error) {
	var dir string
	if cache != "" {
		h := sha256.Sum256([]byte(wasmSchema + "\x00" + w.Sum))
		dir = filepath.Join(cache, "wasm", hex.EncodeToString(h[:])[:32])
		jsPath := filepath.Join(dir, "program.js")
		if verified(jsPath) {
			return cachedFile{path: jsPath}, nil
		}
	}
	bin, err := os.ReadFile(w.File)
	if err != nil {
		return js, err
	}
	if sum := sha256.Sum256(bin); hex.EncodeToString(sum[:]) != w.Sum {
		return js, fmt.Errorf("%s is not the program that was built (its SHA-256 differs): build again with tally build -force", w.File)
	}
	var buf bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression) // a valid level
	if _, err := zw.Write(bin); err != nil {                 // into memory: cannot fail
		return js, err
	}
	if err := zw.Close(); err != nil {
		return js, err
	}
	js.data = byteScript(w.Name(), buf.Bytes(), "")
	if dir != "" {
		pruneWasm(filepath.Dir(dir), filepath.Base(dir))
		if keep(filepath.Join(dir, "program.js"), js.data) == nil {
			return cachedFile{path: filepath.Join(dir, "program.js")}, nil
		}
	}
	return js, nil
}

// byteScript is a byte script: the JavaScript statement
//
//	tallyWasmData("NAME","BYTES");              (the program)
//	tallyWasmData("NAME","BYTES","SHA256");     (a data file)
//
// whose BYTES are the data themselves, one byte a character, except that
// the four bytes a string literal cannot hold as they are, ", \, LF and
// CR, are written \", \\, \n and \r: about 1.6% more bytes than the
// data, where base64 has 33%. A page loads it as a script in the encoding
// x-user-defined (the script element's charset), which maps bytes 0x00 to
// 0x7F to themselves and 0x80 to 0xFF to U+F780 to U+F7FF, so that each
// character's code, modulo 256, is its byte; over http(s), where a
// server's Content-Type may name another encoding, it fetches the file
// and reads the string's bytes itself. NAME is quoted in ASCII, as
// strconv.QuoteToASCII does (a site path has no control characters, whose
// Go escapes JavaScript may read otherwise).
func byteScript(name string, data []byte, sum string) []byte {
	head := strconv.AppendQuoteToASCII([]byte("tallyWasmData("), name)
	head = append(head, `,"`...)
	js := make([]byte, 0, len(head)+len(data)+len(data)/32+len(sum)+8)
	js = append(js, head...)
	for _, b := range data {
		switch b {
		case '"', '\\':
			js = append(js, '\\', b)
		case '\n':
			js = append(js, '\\', 'n')
		case '\r':
			js = append(js, '\\', 'r')
		default:
			js = append(js, b)
		}
	}
	js = append(js, '"')
	if sum != "" {
		js = append(js, `,"`+sum+`"`...)
	}
	return append(js, ");\n"...)
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
