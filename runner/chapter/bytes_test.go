package chapter

import "testing"

func TestParseBytes(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want Bytes
		str  string
	}{
		{"512MiB", 512 << 20, "512MiB"},
		{"2GiB", 2 << 30, "2GiB"},
		{"2G", 2 << 30, "2GiB"},
		{"1.5 GiB", 3 << 29, "1.5GiB"},
		{"800MB", 800e6, "762.9MiB"},
		{"4096", 4096, "4KiB"},
		{"100", 100, "100B"},
	} {
		got, err := parseBytes(tc.in)
		if err != nil || got != tc.want || got.String() != tc.str {
			t.Errorf("parseBytes(%q) = %d (%v), %v; want %d (%s)", tc.in, got, got, err, tc.want, tc.str)
		}
	}
	for _, bad := range []string{"", "lots", "-1G", "0", "2 parsecs", "1e30", "9999999TiB"} {
		if _, err := parseBytes(bad); err == nil {
			t.Errorf("parseBytes(%q) succeeded", bad)
		}
	}
}
