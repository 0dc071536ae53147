package runner

import (
	"bytes"
	"os"
	"path/filepath"
	"regexp"
	"testing"
)

// TestProgress wants the progress lines of a first build in a fresh work
// folder (the note on the first build, building, built and ran with their
// times, the snippets), then of a build from the cache, without the note.
func TestProgress(t *testing.T) {
	root := moduleRoot(t)
	work := filepath.Join(root, "_tally", "test", "progress")
	if err := os.RemoveAll(work); err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	r, err := New(Config{Root: root, Work: work, Progress: &buf})
	if err != nil {
		t.Fatal(err)
	}
	runOnce(t, r, cacheChapter)
	first := regexp.MustCompile(`^tally: a first build compiles the chapters' programs and the packages they use \(gonum, plot\):
tally: a few minutes on 2 cores; later builds take unchanged chapters from the cache in \S+
c\.md: building
c\.md: built in (\d+ min )?\d+(\.\d+)? s
c\.md:\d+: snippet 1 of 1
c\.md: ran in (\d+ min )?\d+(\.\d+)? s
$`)
	if !first.Match(buf.Bytes()) {
		t.Errorf("first build, progress:\n%s", buf.Bytes())
	}

	buf.Reset()
	r, err = New(Config{Root: root, Work: work, Progress: &buf})
	if err != nil {
		t.Fatal(err)
	}
	runOnce(t, r, cacheChapter)
	if got := buf.String(); got != "c.md: from the cache\n" {
		t.Errorf("build from the cache, progress:\n%s", got)
	}
}
