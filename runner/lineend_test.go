package runner

import (
	"bytes"
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tally-book/tally/internal/testkit"
	"github.com/tally-book/tally/runner/chapter"
	"golang.org/x/tools/txtar"
)

// TestLineEndings runs fixtures whose chapters were saved with CRLF line
// endings, with a UTF-8 byte order mark, or both: the report (claims
// checked, outputs compared, every problem's line) must be the fixture's
// golden report, word for word.
func TestLineEndings(t *testing.T) {
	variants := []struct {
		name string
		conv func([]byte) []byte
	}{
		{"crlf", func(b []byte) []byte { return bytes.ReplaceAll(b, []byte("\n"), []byte("\r\n")) }},
		{"bom", func(b []byte) []byte { return append([]byte("\xef\xbb\xbf"), b...) }},
		{"bom_crlf", func(b []byte) []byte {
			return append([]byte("\xef\xbb\xbf"), bytes.ReplaceAll(b, []byte("\n"), []byte("\r\n"))...)
		}},
		{"cr", func(b []byte) []byte { return bytes.ReplaceAll(b, []byte("\n"), []byte("\r")) }},
	}
	root := moduleRoot(t)
	for _, fixture := range []string{"basic", "false_claim", "panic", "bad_yaml", "claim_errors", "translation"} {
		ar, err := txtar.ParseFile(filepath.Join("testdata", fixture+".txtar"))
		if err != nil {
			t.Fatal(err)
		}
		for _, v := range variants {
			t.Run(fixture+"/"+v.name, func(t *testing.T) {
				t.Parallel()
				chapters := map[string][]byte{}
				cfg := Config{Root: root, Work: filepath.Join(root, "_tally", "test", "lineend_"+fixture+"_"+v.name), Force: true}
				var want string
				for _, f := range ar.Files {
					switch {
					case strings.HasSuffix(f.Name, ".md"):
						chapters[f.Name] = v.conv(f.Data)
					case f.Name == "config":
						applyConfig(t, &cfg, f.Data)
					case f.Name == "want":
						want = string(f.Data)
					}
				}
				r, err := New(cfg)
				if err != nil {
					t.Fatal(err)
				}
				got := Report(r.RunBook(context.Background(), chapter.NewBook(chapters)))
				if got != want {
					t.Errorf("report differs from testdata/%s.txtar with %s line endings\n%s", fixture, v.name, testkit.Diff(want, got))
				}
			})
		}
	}
}

func TestNormalize(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"a\nb\n", "a\nb\n"},
		{"a\r\nb\r\n", "a\nb\n"},
		{"a\rb\r", "a\nb\n"},
		{"\xef\xbb\xbfa\r\n\r\nb", "a\n\nb"},
		{"a\r\r\nb", "a\n\nb"},
		{"\xef\xbb\xbf", ""},
		{"a\xef\xbb\xbf", "a\xef\xbb\xbf"}, // a BOM only counts at the start
	} {
		if got := string(chapter.Normalize([]byte(tc.in))); got != tc.want {
			t.Errorf("Normalize(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}
