package site

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"os"
	"runtime/debug"
	"strconv"
	"strings"
	"sync"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/util"
)

// codeSchema names the form of a highlighted-code entry and the options of
// the highlighter (snippet.go). Change it when they change, so that no
// entry highlighted the old way is read.
const codeSchema = "tally-code-v2" // v2: plainSpans

// codeCache keeps the highlighted HTML of fenced code blocks: in memory
// for one build (a translation shows its source's code again), and in a
// diskCache between builds, named by a hash of the block's info string,
// its lines and the highlighter's identity (highlighterID).
type codeCache struct {
	disk *diskCache // nil for no disk cache
	memo map[string]string
}

func newCodeCache(dir string) *codeCache {
	return &codeCache{disk: newDiskCache(dir), memo: map[string]string{}}
}

// highlight writes the HTML that the highlighter f gives for the fenced
// code block n of src, from the cache when the same block was highlighted
// before by the same highlighter.
func (c *codeCache) highlight(w util.BufWriter, f renderer.NodeRendererFunc, src []byte, n ast.Node) error {
	fb, ok := n.(*ast.FencedCodeBlock)
	if !ok {
		_, err := f(w, src, n, true)
		return err
	}
	var k strings.Builder
	if fb.Info != nil {
		k.Write(fb.Info.Segment.Value(src))
	}
	lines := fb.Lines()
	for i := range lines.Len() {
		seg := lines.At(i)
		k.WriteString("\x00" + strconv.Itoa(seg.Padding) + "\x00")
		k.Write(seg.Value(src))
	}
	key := k.String()
	if h, ok := c.memo[key]; ok {
		_, err := w.WriteString(h)
		return err
	}
	var file string
	if id := highlighterID(); c.disk != nil && id != "" {
		file = c.disk.file(codeSchema, id, key)
		if h, ok := c.disk.read(file); ok {
			c.memo[key] = h
			_, err := w.WriteString(h)
			return err
		}
	}
	var buf bytes.Buffer
	bw := bufio.NewWriter(&buf)
	if _, err := f(bw, src, n, true); err != nil {
		return err
	}
	if err := bw.Flush(); err != nil {
		return err
	}
	h := buf.String()
	c.memo[key] = h
	if file != "" {
		c.disk.write(file, []byte(h))
	}
	_, err := w.WriteString(h)
	return err
}

// highlighterModules are the modules whose code decides how code is
// highlighted.
var highlighterModules = []string{"github.com/alecthomas/chroma/v2", "github.com/yuin/goldmark-highlighting/v2", "github.com/yuin/goldmark"}

// highlighterID identifies the highlighter of this tally: the versions
// and sums of highlighterModules, from the build information of the
// binary, or where it lists no dependencies (a test binary), a hash of the
// executable itself. It is "" when neither can be found: no disk cache.
var highlighterID = sync.OnceValue(func() string {
	if bi, ok := debug.ReadBuildInfo(); ok {
		var id []string
		for _, m := range highlighterModules {
			for _, d := range bi.Deps {
				if d.Path == m {
					if d.Replace != nil {
						d = d.Replace
					}
					id = append(id, d.Path+"@"+d.Version+" "+d.Sum)
				}
			}
		}
		if len(id) == len(highlighterModules) {
			return strings.Join(id, "\n")
		}
	}
	exe, err := os.Executable()
	if err != nil {
		return ""
	}
	f, err := os.Open(exe)
	if err != nil {
		return ""
	}
	defer f.Close() //nolint:errcheck // read only: its Close cannot lose data
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return ""
	}
	return "exe " + hex.EncodeToString(h.Sum(nil))
})
