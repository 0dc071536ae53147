package site

import (
	"bytes"
	"compress/flate"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"math/rand/v2"
	"strconv"
	"strings"
	"testing"
)

// TestDataScript wants a gzip data file whose content is mostly zeros
// packed (smaller than the file, its content back from the mask and the
// values as rerun-wasm.js puts it together, with the content's SHA-256),
// and a file that is no gzip, or whose packing saves nothing, shipped as
// it is with its own SHA-256.
func TestDataScript(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	sparse := make([]byte, 300_000) // like MNIST's images: a fifth not zero, in strokes
	for i := 0; i < len(sparse); i += 28 {
		for j := rng.IntN(10); j < 28 && j < 6+rng.IntN(20); j++ {
			if i+j < len(sparse) {
				sparse[i+j] = byte(128 + rng.IntN(128))
			}
		}
	}
	dense := make([]byte, 300_000)
	for i := range dense {
		dense[i] = byte(1 + rng.IntN(255))
	}
	gz := func(b []byte) []byte {
		var buf bytes.Buffer
		zw, _ := gzip.NewWriterLevel(&buf, gzip.BestSpeed)
		_, _ = zw.Write(b)
		_ = zw.Close()
		return buf.Bytes()
	}
	for _, tc := range []struct {
		name   string
		file   []byte
		packed []byte // the content, when packed
	}{
		{"sparse.gz", gz(sparse), sparse},
		{"dense.gz", gz(dense), nil},
		{"plain.csv", []byte(strings.Repeat("0,0,0,1\n", 40_000)), nil},
	} {
		js := dataScript("data/"+tc.name, tc.file)
		name, data, tail := unscriptTail(t, js)
		if name != "data/"+tc.name {
			t.Errorf("%s: the script names %q", tc.name, name)
		}
		if tc.packed == nil {
			sum := sha256.Sum256(tc.file)
			if !bytes.Equal(data, tc.file) || tail != `,"`+hex.EncodeToString(sum[:])+`");`+"\n" {
				t.Errorf("%s: shipped %d bytes, tail %q; want the file as it is, with its SHA-256", tc.name, len(data), tail)
			}
			continue
		}
		sum := sha256.Sum256(tc.packed)
		var length, maskLen int
		rest, ok := strings.CutPrefix(tail, `,"`+hex.EncodeToString(sum[:])+`","sparse",`)
		if ok {
			l, m, _ := strings.Cut(strings.TrimSuffix(rest, ");\n"), ",")
			length, _ = strconv.Atoi(l)
			maskLen, _ = strconv.Atoi(m)
		}
		if !ok || length != len(tc.packed) || maskLen <= 0 || maskLen >= len(data) {
			t.Fatalf("%s: tail %q, want the content's SHA-256, sparse, %d and the mask's length", tc.name, tail, len(tc.packed))
		}
		if len(data) >= len(tc.file) {
			t.Errorf("%s: packed in %d bytes, the file has %d", tc.name, len(data), len(tc.file))
		}
		if got := unpackData(t, data, length, maskLen); !bytes.Equal(got, tc.packed) {
			t.Errorf("%s: the packed content does not come back", tc.name)
		}
	}
}

// unpackData puts a packed content together as rerun-wasm.js's unpack.
func unpackData(t *testing.T, packed []byte, length, maskLen int) []byte {
	t.Helper()
	inflate := func(b []byte) []byte {
		out, err := io.ReadAll(flate.NewReader(bytes.NewReader(b)))
		if err != nil {
			t.Fatal(err)
		}
		return out
	}
	mask, values := inflate(packed[:maskLen]), inflate(packed[maskLen:])
	out := make([]byte, length)
	k := 0
	for i := range out {
		if mask[i/8]&(1<<(i%8)) != 0 {
			out[i] = values[k]
			k++
		}
	}
	if k != len(values) {
		t.Fatalf("%d values for a mask of %d", len(values), k)
	}
	return out
}

// unscriptTail is unscript, with what follows the string as it is.
func unscriptTail(t *testing.T, js []byte) (name string, data []byte, tail string) {
	t.Helper()
	i := bytes.Index(js, []byte(`,"`))
	name, err := strconv.Unquote(string(bytes.TrimPrefix(js[:i], []byte("tallyWasmData("))))
	if err != nil {
		t.Fatal(err)
	}
	rest := js[i+2:]
	for i = 0; rest[i] != '"'; i++ {
		b := rest[i]
		if b == '\\' {
			i++
			b = map[byte]byte{'n': '\n', 'r': '\r', '"': '"', '\\': '\\'}[rest[i]]
		}
		data = append(data, b)
	}
	return name, data, string(rest[i+1:])
}
