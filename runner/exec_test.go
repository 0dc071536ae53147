package runner

import "testing"

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
