package testkit

import (
	"flag"
	"fmt"
	"strings"
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
