package site

import (
	"bytes"
	"compress/flate"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strconv"
)

// dataSchema names the form of the cached data scripts. Change it when
// their bytes change.
const dataSchema = "tally-data-site-v1"

// writeData writes each data file as DataPath(name)+".js": a byte script
// (see byteScript) that hands its site path, its bytes and a SHA-256 to
// tallyWasmData. One file serves both file:// (as a script) and http(s)
// (fetched); the page checks the SHA-256 before the program reads the
// bytes. A gzip file may ship packed (see packData); with a cache folder,
// the scripts are kept in cache/data, named by a hash of the file's
// SHA-256, and reused only while they have their recorded SHA-256.
func writeData(out *writer, data map[string]string, cache string) error {
	names := make([]string, 0, len(data))
	for n := range data {
		names = append(names, n)
	}
	sort.Strings(names)
	used := map[string]bool{}
	for _, n := range names {
		b, err := os.ReadFile(data[n])
		if err != nil {
			return fmt.Errorf("site: data file %s: %w", n, err)
		}
		var cached string
		if cache != "" {
			h := sha256.Sum256(append([]byte(dataSchema+"\x00"+DataPath(n)+"\x00"), b...))
			cached = filepath.Join(cache, "data", hex.EncodeToString(h[:])[:32]+".js")
			used[filepath.Base(cached)] = true
			if verified(cached) {
				if err := out.copy(DataPath(n)+".js", cached); err != nil {
					return err
				}
				continue
			}
		}
		js := dataScript(DataPath(n), b)
		if cached != "" {
			_ = os.MkdirAll(filepath.Dir(cached), 0o755)
			_ = keep(cached, js) // best effort: the next build makes it again
		}
		if err := out.write(DataPath(n)+".js", js); err != nil {
			return err
		}
	}
	if cache != "" {
		entries, _ := os.ReadDir(filepath.Join(cache, "data"))
		for _, e := range entries {
			if name := e.Name(); !used[name] && !used[trimSum(name)] {
				_ = os.Remove(filepath.Join(cache, "data", name)) // best effort
			}
		}
	}
	return nil
}

// trimSum is the name of the cached file whose record is name.
func trimSum(name string) string {
	if n := len(name) - len(".sum"); n > 0 && name[n:] == ".sum" {
		return name[:n]
	}
	return name
}

// dataScript is the byte script of a data file at site path name: the
// file's bytes and their SHA-256, or, where packData packs it smaller,
// the packed bytes, then the SHA-256 of the file's content, "sparse",
// the content's length and the length of the packed mask:
//
//	tallyWasmData("NAME","BYTES","SHA256");
//	tallyWasmData("NAME","PACKED","SHA256","sparse",LENGTH,MASKLENGTH);
func dataScript(name string, file []byte) []byte {
	if packed, content, maskLen, ok := packData(file); ok {
		sum := sha256.Sum256(content)
		js := byteScript(name, packed, hex.EncodeToString(sum[:]))
		tail := `,"sparse",` + strconv.Itoa(len(content)) + "," + strconv.Itoa(maskLen) + ");\n"
		return append(js[:len(js)-len(");\n")], tail...)
	}
	sum := sha256.Sum256(file)
	return byteScript(name, file, hex.EncodeToString(sum[:]))
}

// packData packs a gzip file whose content has many zero bytes (MNIST's
// images are four fifths zeros) as two raw DEFLATE streams: a mask of the
// content's bytes that are not zero (bit i%8 of byte i/8 set for byte
// i), then those bytes, in order. The page inflates both
// (DecompressionStream "deflate-raw"), puts the content together, checks
// its SHA-256, and hands the program a gzip file of the same content in
// stored blocks, which gzip.NewReader reads as it reads the original: the
// program reads the same content, not the same compressed bytes. ok is
// false, and the file ships as it is, when it is no gzip file or the
// packing does not save 5% of it.
func packData(file []byte) (packed, content []byte, maskLen int, ok bool) {
	if len(file) < 1<<16 || !bytes.HasPrefix(file, []byte{0x1f, 0x8b}) {
		return nil, nil, 0, false
	}
	zr, err := gzip.NewReader(bytes.NewReader(file))
	if err != nil {
		return nil, nil, 0, false
	}
	content, err = io.ReadAll(zr)
	if err != nil || len(content) == 0 {
		return nil, nil, 0, false
	}
	mask := make([]byte, (len(content)+7)/8)
	values := make([]byte, 0, len(content)/4)
	for i, b := range content {
		if b != 0 {
			mask[i>>3] |= 1 << (i & 7)
			values = append(values, b)
		}
	}
	m, v := deflate(mask), deflate(values)
	if len(m)+len(v) > len(file)*95/100 {
		return nil, nil, 0, false
	}
	return append(m, v...), content, len(m), true
}

// deflate compresses data as raw DEFLATE, at the best compression.
func deflate(data []byte) []byte {
	var buf bytes.Buffer
	zw, _ := flate.NewWriter(&buf, flate.BestCompression) // a valid level
	_, _ = zw.Write(data)                                 // into memory: cannot fail
	_ = zw.Close()
	return buf.Bytes()
}
