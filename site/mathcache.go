package site

import (
	"crypto/sha256"
	"encoding/hex"
	"io/fs"
	"regexp"
	"strconv"
)

// mathSchema names the form of a math cache entry and the KaTeX options
// of katex.go (display mode aside). Change it when either changes, so that
// no entry rendered the old way is read.
const mathSchema = "tally-math-v1"

// mathCache puts a cache on disk (a diskCache) in front of KaTeX: the HTML
// of every formula it renders is kept in a file of dir, named by a hash of
// the TeX, the display mode and KaTeX's version (the version katex.min.js
// states and a hash of that file), so that a later build, in this process
// or another, takes an unchanged formula from there and does not start
// KaTeX at all. Formulas KaTeX refuses are not kept, so their error is
// always KaTeX's own.
type mathCache struct {
	*katex
	disk    *diskCache // nil for no disk cache
	version string     // KaTeX's version and script hash, "" until known or when unknown
	checked bool
	memo    map[mathKey]string
}

func newMathCache(k *katex, dir string) *mathCache {
	return &mathCache{katex: k, disk: newDiskCache(dir), memo: map[mathKey]string{}}
}

// katexVersionRE finds the version katex.min.js states.
var katexVersionRE = regexp.MustCompile(`version:"([0-9A-Za-z.+-]+)"`)

// katexVersion returns the version of the KaTeX that c renders with and
// the SHA-256 of its katex.min.js, as "0.19.1+9f86d081…", or "" when it
// cannot be read.
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
		if h, ok := c.disk.read(file); ok {
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
		c.disk.write(file, []byte(h))
	}
	return h, nil
}

// file returns the cache file of a formula, or "" without a cache.
func (c *mathCache) file(tex string, display bool) string {
	if c.disk == nil {
		return ""
	}
	v := c.katexVersion()
	if v == "" {
		return ""
	}
	return c.disk.file(mathSchema, v, strconv.FormatBool(display), tex)
}
