package site

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
)

// mathSchema names the form of a math cache entry and the KaTeX options
// of katex.go (display mode aside). Change it when either changes, so that
// no entry rendered the old way is read.
const mathSchema = "tally-math-v1"

// mathCache puts a cache on disk in front of KaTeX: the HTML of every
// formula it renders is kept in a file of dir, named by a hash of the TeX,
// the display mode and KaTeX's version (the version katex.min.js states
// and a hash of that file), so that a later build, in this process or
// another, takes an unchanged formula from there and does not start
// KaTeX at all. Each file holds the SHA-256 of its HTML: a truncated or
// altered entry is detected, ignored and written again. Formulas KaTeX
// refuses are not kept, so their error is always KaTeX's own.
type mathCache struct {
	*katex
	dir     string // "" for no disk cache
	version string // KaTeX's version and script hash, "" until known or when unknown
	checked bool
	memo    map[mathKey]string
}

func newMathCache(k *katex, dir string) *mathCache {
	return &mathCache{katex: k, dir: dir, memo: map[mathKey]string{}}
}

// katexVersionRE finds the version katex.min.js states.
var katexVersionRE = regexp.MustCompile(`version:"([0-9A-Za-z.+-]+)"`)

// katexVersion returns the version of the KaTeX that c renders with and the SHA-256
// of its katex.min.js, as "0.19.1+9f86d081…", or "" when it cannot be read.
func (c *mathCache) katexVersion() string {
	if c.checked {
		return c.version
	}
	c.checked = true
	src, err := fs.ReadFile(c.katex.fsys, "katex.min.js")
	if err != nil {
		return ""
	}
	v := "unknown"
	if m := katexVersionRE.FindSubmatch(src); m != nil {
		v = string(m[1])
	}
	sum := sha256.Sum256(src)
	c.version = v + "+" + hex.EncodeToString(sum[:])
	return c.version
}

// Render returns the HTML of tex, from the cache when it was rendered
// before with the same KaTeX, else from KaTeX. A TeX error is a
// *MathError.
func (c *mathCache) Render(tex string, display bool) (string, error) {
	key := mathKey{tex, display}
	if h, ok := c.memo[key]; ok {
		return h, nil
	}
	file := c.file(tex, display)
	if file != "" {
		if h, ok := readMathEntry(file); ok {
			c.memo[key] = h
			return h, nil
		}
	}
	h, err := c.katex.Render(tex, display)
	if err != nil {
		return "", err
	}
	c.memo[key] = h
	if file != "" {
		// A failure to write costs the next build a KaTeX run, nothing more.
		_ = writeMathEntry(file, h)
	}
	return h, nil
}

// file returns the cache file of a formula, or "" without a cache.
func (c *mathCache) file(tex string, display bool) string {
	if c.dir == "" {
		return ""
	}
	v := c.katexVersion()
	if v == "" {
		return ""
	}
	h := sha256.New()
	for _, part := range []string{mathSchema, v, strconv.FormatBool(display), tex} {
		h.Write([]byte(part))
		h.Write([]byte{0})
	}
	return filepath.Join(c.dir, hex.EncodeToString(h.Sum(nil)))
}

// A math cache entry is a line "sha256 HEX" with the hash of the HTML,
// then the HTML.
const mathEntryPrefix = "sha256 "

// readMathEntry returns the HTML of the entry in file, and false when the
// file is missing or its HTML does not match its hash.
func readMathEntry(file string) (string, bool) {
	b, err := os.ReadFile(file)
	if err != nil {
		return "", false
	}
	head, body, ok := bytes.Cut(b, []byte{'\n'})
	if !ok || !bytes.HasPrefix(head, []byte(mathEntryPrefix)) {
		return "", false
	}
	sum := sha256.Sum256(body)
	if string(head[len(mathEntryPrefix):]) != hex.EncodeToString(sum[:]) {
		return "", false
	}
	return string(body), true
}

// writeMathEntry writes an entry into a temporary file and renames it into
// place, so that a reader sees a whole entry or none.
func writeMathEntry(file, html string) error {
	if err := os.MkdirAll(filepath.Dir(file), 0o755); err != nil {
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(file), ".tmp-")
	if err != nil {
		return err
	}
	sum := sha256.Sum256([]byte(html))
	_, err = tmp.WriteString(mathEntryPrefix + hex.EncodeToString(sum[:]) + "\n" + html)
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp.Name(), file)
	}
	if err != nil {
		os.Remove(tmp.Name())
	}
	return err
}
