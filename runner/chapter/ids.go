package chapter

import (
	"regexp"
	"strconv"
	"strings"
	"unicode"

	"github.com/yuin/goldmark/ast"
)

// headingIDs makes the anchors of headings: the heading's words in lower
// case, joined by '-', with letters of every script kept (so Korean
// headings get Korean anchors), and without comments (stamps, claims) or
// the (*) mark of an optional section. A repeated anchor gets -1, -2 and so on.
type headingIDs struct{ used map[string]bool }

var commentRE = regexp.MustCompile(`<!--[\s\S]*?-->`)

func newHeadingIDs() *headingIDs { return &headingIDs{used: map[string]bool{}} }

// headingID returns the anchor of a heading's text, before duplicates are
// numbered.
func headingID(text string) string {
	s := commentRE.ReplaceAllString(text, "")
	s = strings.TrimSuffix(strings.TrimSpace(s), "(*)")
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(s) {
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			b.WriteRune(r)
			dash = false
		case r == '-' || r == '_' || unicode.IsSpace(r):
			if b.Len() > 0 && !dash {
				b.WriteByte('-')
				dash = true
			}
		}
	}
	id := strings.TrimRight(b.String(), "-")
	if id == "" {
		id = "section"
	}
	return id
}

// Generate implements parser.IDs.
func (h *headingIDs) Generate(value []byte, _ ast.NodeKind) []byte {
	id := headingID(string(value))
	if h.used[id] {
		for n := 1; ; n++ {
			if c := id + "-" + strconv.Itoa(n); !h.used[c] {
				id = c
				break
			}
		}
	}
	h.used[id] = true
	return []byte(id)
}

// Put implements parser.IDs.
func (h *headingIDs) Put(value []byte) { h.used[string(value)] = true }
