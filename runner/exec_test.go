package runner

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tally-book/tally/runner/chapter"
)

// TestDemuxForgedMarker feeds the demultiplexer markers with the right
// nonce but in an order book.Snippet never writes: they are ignored and
// reported, and the output stays with the snippet that printed it.
func TestDemuxForgedMarker(t *testing.T) {
	d := newDemux("n0", 1000, nil)
	in := "pre\x00tally:n0:0\x00a\x00tally:n0:3\x00b\x00tally:n0:1\x00c\x00tally:n0:x\x00" +
		"\x00tally:n1:5\x00d\x00tally:n0:-2\x00e\x00tally:n0:4\x00f"
	for i := 0; i < len(in); i += 7 { // in pieces, as a pipe delivers them
		d.Write([]byte(in[i:min(i+7, len(in))]))
	}
	d.flush()
	want := map[int]string{-1: "pre", 0: "a", 3: "bc\x00tally:n1:5\x00d", -2: "ef"}
	for i, w := range want {
		got := ""
		if s := d.parts[i]; s != nil {
			got = s.buf.String()
		}
		if got != w {
			t.Errorf("part %d = %q, want %q", i, got, w)
		}
	}
	if len(d.parts) != len(want) {
		t.Errorf("%d parts, want %d", len(d.parts), len(want))
	}
	if got := d.forged; len(got) != 3 || got[0] != 3 || got[1] != 3 || got[2] != -2 {
		t.Errorf("forged markers during snippets %v, want [3 3 -2]", got)
	}
}

// problems runs chapter src (as c.md) with a fresh cache and returns its
// problems, one "c.md:LINE: message" a line.
func problems(t *testing.T, src string) string {
	t.Helper()
	root := moduleRoot(t)
	work := filepath.Join(root, "_tally", "test", "exec-"+strings.ReplaceAll(t.Name(), "/", "-"))
	if err := os.RemoveAll(work); err != nil {
		t.Fatal(err)
	}
	r, err := New(Config{Root: root, Work: work})
	if err != nil {
		t.Fatal(err)
	}
	b := chapter.NewBook(map[string][]byte{"c.md": []byte(src)})
	res := r.Run(context.Background(), b, b.Chapters[0])
	var lines []string
	for _, e := range res.Problems() {
		lines = append(lines, e.Error())
	}
	return strings.Join(lines, "\n")
}

// TestMemoryLimitInInit reserves 1 GiB in a snippet's func init() under
// memory: 64MiB: the limit is already set (by the book package's init),
// so the program runs out of memory at the line of the allocation.
func TestMemoryLimitInInit(t *testing.T) {
	const src = "---\nmemory: 64MiB\n---\n# Init\n\n```go\nfunc init() {\n\tsink := make([]byte, 1<<30)\n\truntime.KeepAlive(sink)\n}\n```\n\n```go\nfmt.Println(\"ran\")\n```\n"
	got := problems(t, src)
	if want := "c.md:8: out of memory"; !strings.Contains(got, want) {
		t.Errorf("problems:\n%s\nwant %q", got, want)
	}
}

// TestForgedRecords has a snippet's init() write made-up records (a value
// and the end) everywhere the runner's records could go: the file named
// by TALLY_RECORDS, and every descriptor from 3 to 9. Then it exits with
// status 0 before the chapter's end. The run fails: the forged lines are
// reported and ignored, the exit is reported, and the value stays
// unpublished.
func TestForgedRecords(t *testing.T) {
	const src = "# Forged\n\n```go\nfunc init() {\n\tconst forged = `{\"kind\":\"snippet\",\"snippet\":0}` + \"\\n\" + `{\"kind\":\"value\",\"snippet\":0,\"name\":\"x\",\"value\":{\"kind\":\"number\",\"num\":1},\"pos\":\"c.md:9\"}` + \"\\n\" + `{\"kind\":\"snippet\",\"snippet\":-2}` + \"\\n\" + `{\"kind\":\"end\",\"snippet\":-2}` + \"\\n\"\n\tif p := os.Getenv(\"TALLY_RECORDS\"); p != \"\" {\n\t\tf, _ := os.OpenFile(p, os.O_WRONLY|os.O_APPEND, 0)\n\t\tf.WriteString(forged)\n\t}\n\tfor fd := 3; fd < 10; fd++ {\n\t\tsyscall.Write(fd, []byte(forged))\n\t}\n\tos.Exit(0)\n}\n```\n\nThe value is 1<!--=x-->.\n"
	got := problems(t, src)
	for _, want := range []string{
		"c.md: a record that the book package did not write came through the runner's channel",
		"program exited during this snippet",
		"names a value that was never published",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("problems:\n%s\nwant %q", got, want)
		}
	}
}

// TestForgedMarker has a snippet's init() look for the marker nonce where
// a snippet could find it (the file named by TALLY_NONCE, the runner's
// descriptors 3 to 9) and print a marker with every candidate, so that
// what the snippet prints after it would count as the output block's
// (index 2, where no snippet runs) and the block would hold. It finds none: the block fails.
func TestForgedMarker(t *testing.T) {
	const src = "# Marker\n\n```go\nfunc init() {\n\tvar nonces []string\n\tif b, err := os.ReadFile(os.Getenv(\"TALLY_NONCE\")); err == nil {\n\t\tnonces = append(nonces, strings.TrimSpace(string(b)))\n\t}\n\tfor fd := 3; fd < 10; fd++ {\n\t\tbuf := make([]byte, 64)\n\t\tif n, err := syscall.Read(fd, buf); err == nil && n >= 8 {\n\t\t\tnonces = append(nonces, hex.EncodeToString(buf[:8]))\n\t\t}\n\t}\n\tos.Setenv(\"FORGE\", strings.Join(nonces, \" \"))\n}\n```\n\n```go\nfmt.Println(\"good\")\nfor _, n := range strings.Fields(os.Getenv(\"FORGE\")) {\n\tfmt.Print(\"\\x00tally:\" + n + \":2\\x00\")\n}\nfmt.Println(\"bad\")\n```\n\n```output\ngood\n```\n\n```go\nfmt.Println(\"next\")\n```\n"
	got := problems(t, src)
	if want := "c.md:28: output differs"; !strings.Contains(got, want) {
		t.Errorf("problems:\n%s\nwant %q", got, want)
	}
}

// TestCrashAfterLongStderr has a snippet print 2 MiB to standard error,
// past the 1 MiB kept, and then panic in a goroutine (which book.Start
// does not recover): the panic is still reported at its line.
func TestCrashAfterLongStderr(t *testing.T) {
	const src = "# Crash\n\n```go\nos.Stderr.Write(bytes.Repeat([]byte(\"x\\n\"), 1<<20))\nvar wg sync.WaitGroup\nwg.Add(1)\ngo func() {\n\tdefer wg.Done()\n\tvar m map[string]int\n\tm[\"a\"] = 1\n}()\nwg.Wait()\n```\n"
	got := problems(t, src)
	if want := "c.md:10: panic: assignment to entry in nil map"; !strings.Contains(got, want) {
		t.Errorf("problems:\n%s\nwant %q", got, want)
	}
}

// TestLongParam runs a chapter with a string parameter set to 200 KB, past
// what one environment variable may hold (128 KiB on Linux): the program
// gets it whole, since the overrides come through the runner's channel.
func TestLongParam(t *testing.T) {
	const src = "---\nparams:\n  s: \"short\"\n---\n# Long\n\n```go\nbook.Publish(\"n\", len(s))\n```\n"
	root := moduleRoot(t)
	work := filepath.Join(root, "_tally", "test", "exec-long-param")
	if err := os.RemoveAll(work); err != nil {
		t.Fatal(err)
	}
	r, err := New(Config{Root: root, Work: work, Set: map[string]string{"s": strings.Repeat("x", 200_000)}})
	if err != nil {
		t.Fatal(err)
	}
	res := runOnce(t, r, src)
	if v, ok := res.Value("n"); !ok || v.String() != "200000" {
		t.Errorf("n = %v, want 200000", v)
	}
}
