package check

import "testing"

func TestCompareOutput(t *testing.T) {
	tests := []struct {
		got, want string
		unordered bool
		ok        bool
	}{
		{"0.09750000000000003\n", "0.0975", false, true},
		{"0.09750000000000003\n", "0.097", false, false},
		{"[6.000000000012662 7.999999999990237]", "[6 8]", false, true},
		{"[6.000000000012662 7.999999999990237]", "[6.00 8.00]", false, true},
		{"[6.000000000012662 7.999999999990237]", "[6 8 9]", false, false},
		{"loss 2.302584092994546\n", "loss 2.30", false, true},
		{"loss 2.302584092994546\n", "Loss 2.30", false, false},
		{"  a\nb  \n\n", "a\nb", false, true},
		{"a 1\nb 2\n", "b 2\na 1", true, true},
		{"a 1\nb 2\n", "b 2\na 1", false, false},
		{"a 1.0001\nb 2\n", "b 2\na 1.000", true, true},
		{"x1 y-2", "x1 y-2", false, true},
		{"v1.2.3", "v1.2.3", false, true},
		{"-6.106226635438361e-10 8.141635513917814e-10", "-6.11e-10 8.14e-10", false, true},
		{"1e-50", "1e-50", false, true},
		{"0", "0", false, true},
		{"", "", false, true},
		{"x", "", false, false},
		{"a\r\nb\r\n", "a\nb", false, true},
		{"bytes: 00 00 08 03", "bytes: 00 00 08 03", false, true},
	}
	for _, tt := range tests {
		err := CompareOutput(tt.got, tt.want, tt.unordered)
		if (err == nil) != tt.ok {
			t.Errorf("CompareOutput(%q, %q, %v) = %v, want ok=%v", tt.got, tt.want, tt.unordered, err, tt.ok)
		}
	}
}

func TestSummary(t *testing.T) {
	tests := []struct {
		over                          map[string]string
		hold, changed, failed, errors int
		want                          string
	}{
		{map[string]string{"lr": "0.5"}, 74, 13, 0, 0, "under lr=0.5: 74 claims hold, 13 changed"},
		{map[string]string{"lr": "0.5"}, 87, 0, 0, 0, "under lr=0.5: 87 claims hold, 0 changed"},
		{nil, 87, 0, 0, 0, "under the book's parameters: 87 claims hold"},
		{nil, 84, 0, 3, 0, "under the book's parameters: 84 claims hold, 3 false"},
		{map[string]string{"steps": "10", "lr": "0.5"}, 1, 0, 0, 1, "under lr=0.5, steps=10: 1 claim holds, 0 changed, 1 error"},
		{map[string]string{"lr": "2"}, 0, 3, 0, 2, "under lr=2: 0 claims hold, 3 changed, 2 errors"},
	}
	for _, tt := range tests {
		if got := Summary(tt.over, tt.hold, tt.changed, tt.failed, tt.errors); got != tt.want {
			t.Errorf("Summary(%v, %d, %d, %d, %d) = %q, want %q", tt.over, tt.hold, tt.changed, tt.failed, tt.errors, got, tt.want)
		}
	}
}
