package testkit

import (
	"flag"
	"fmt"
	"os"
	"strings"
	"testing"

	"golang.org/x/tools/txtar"
)

// update is the -update flag of every test binary with golden files.
var update = flag.Bool("update", false, "rewrite the golden files (testdata/) with what the tests produce now")

// Update reports whether the test run was asked to rewrite its golden
// files (go test -update) instead of comparing with them.
func Update() bool { return *update }

// Diff shows the lines of two texts that differ, with their numbers, up
// to 40 of them.
func Diff(want, got string) string {
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	var b strings.Builder
	shown := 0
	for i := 0; i < max(len(w), len(g)) && shown < 40; i++ {
		var wl, gl string
		if i < len(w) {
			wl = w[i]
		}
		if i < len(g) {
			gl = g[i]
		}
		if wl != gl {
			fmt.Fprintf(&b, "line %d:\n\twant %q\n\tgot  %q\n", i+1, wl, gl)
			shown++
		}
	}
	if shown == 0 {
		return "(same lines)"
	}
	return b.String()
}

// GoldenTxtar compares got with the file of the archive ar at wantIdx
// (-1 when ar has none), ar having been read from file; on a difference
// the test fails with msg and a diff. With -update it writes got into
// the archive (adding a "want" file if there is none) instead.
func GoldenTxtar(t testing.TB, file string, ar *txtar.Archive, wantIdx int, got, msg string) {
	t.Helper()
	if Update() {
		if wantIdx < 0 {
			ar.Files = append(ar.Files, txtar.File{Name: "want"})
			wantIdx = len(ar.Files) - 1
		}
		ar.Files[wantIdx].Data = []byte(got)
		if err := os.WriteFile(file, txtar.Format(ar), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	if wantIdx < 0 {
		t.Fatalf("no want section; run go test -update")
	}
	if want := string(ar.Files[wantIdx].Data); got != want {
		t.Errorf("%s\n%s", msg, Diff(want, got))
	}
}
