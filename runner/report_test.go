package runner

import "testing"

func TestPrintable(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"plain\ttext\nnext", "plain\ttext\nnext"},
		{"손실 0.51 − π", "손실 0.51 − π"},
		{"\x1b[2J\x1b[1;31mred\x1b[0m", `\x1b[2J\x1b[1;31mred\x1b[0m`},
		{"\x1b]0;owned\x07", `\x1b]0;owned\x07`},
		{"50%\r100%", `50%\r100%`},
		{"\x00tally:ab:3\x00", `\x00tally:ab:3\x00`},
		{"csi \u009b2J", `csi \u009b2J`},
		{"bad \xff byte", `bad \xff byte`},
		{"keep \ufffd", "keep \ufffd"},
		{"del \x7f", `del \x7f`},
	} {
		if got := Printable(tc.in); got != tc.want {
			t.Errorf("Printable(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}
