package check

import (
	"strings"
	"testing"
)

// TestRange checks range claims from the prose before the comment to the
// status, the message and the rule in English and Korean.
func TestRange(t *testing.T) {
	tests := []struct {
		before, body string
		v            float64
		want         string // op status: message | English rule | Korean rule, or the error
	}{
		{"between 0.4–0.6", "acc", 0.5, "– pass:  | between 0.4 and 0.6 | 0.4 이상 0.6 이하"},
		{"0.4-0.6", "acc", 0.4, "– pass:  | between 0.4 and 0.6 | 0.4 이상 0.6 이하"},
		{"0.4–0.6", "acc", 0.6, "– pass:  | between 0.4 and 0.6 | 0.4 이상 0.6 이하"},
		{"0.4–0.6", "acc", 0.61, "– fail: claim acc between 0.4 and 0.6 fails: computed 0.610 | between 0.4 and 0.6 | 0.4 이상 0.6 이하"},
		{"0.45–0.6", "acc", 0.3, "– fail: claim acc between 0.45 and 0.6 fails: computed 0.3000 | between 0.45 and 0.6 | 0.45 이상 0.6 이하"},
		{"40–60%", "acc", 0.55, "– pass:  | between 40 and 60% | 40 이상 60% 이하"},
		{"40%–60%", "acc", 0.39, "– fail: claim acc between 40% and 60% fails: computed 39.00% | between 40% and 60% | 40% 이상 60% 이하"},
		{"−0.6–−0.4", "g[1]", -0.5, "– pass:  | between −0.6 and −0.4 | −0.6 이상 −0.4 이하"},
		{"-0.6--0.4", "g", -0.7, "– fail: claim g between -0.6 and -0.4 fails: computed -0.700 | between -0.6 and -0.4 | -0.6 이상 -0.4 이하"},
		{"1e-3–2e-3", "lr", 0.0015, "– pass:  | between 1e-3 and 2e-3 | 1e-3 이상 2e-3 이하"},
		{"0.6–0.4", "acc", 0.5, "claim acc: the range 0.6–0.4 runs from its larger end (write the smaller first)"},
		// Not ranges: a rounded number, a tolerance, an exponent, a word.
		{"6.11e-10", "tiny", 6.11e-10, " pass:  | rounded to 3 significant digits | 유효숫자 3자리로 반올림"},
		{"0.4–0.6", "acc ±0.1", 0.55, "± pass:  | within ±0.1 of 0.6 | 0.6 ± 0.1 이내"},
		{"0.4–0.6", "acc >", 0.55, "> fail: claim acc > 0.6 fails: computed 0.550 | > 0.6 | 0.6 초과"},
		{"x-0.6", "acc", 0.6, " pass:  | rounded to 1 decimal | 소수점 아래 1자리로 반올림"},
		{"40%–0.6", "acc", 0.6, " pass:  | rounded to 1 decimal | 소수점 아래 1자리로 반올림"},
		{"0.4 – 0.6", "acc", 0.6, " pass:  | rounded to 1 decimal | 소수점 아래 1자리로 반올림"},
	}
	for _, tt := range tests {
		c, err := ParseClaim(tt.body)
		if err != nil {
			t.Fatal(err)
		}
		var got string
		if _, err := c.Follow(tt.before); err != nil {
			got = err.Error()
		} else {
			r := Check(c, map[string]fuzzValue{c.Name: {tt.v, tt.v}}, false)
			got = c.Op + " " + string(r.Status) + ": " + r.Message + " | " + c.Rule() + " | " + c.Describe(Korean)
		}
		if got != tt.want {
			t.Errorf("%s<!--=%s--> at %v:\n got %s\nwant %s", tt.before, tt.body, tt.v, got, tt.want)
		}
	}
}

// TestRangeMark checks a range as the browser's re-run receives it: the
// whole range is the written text, and a range is never half of one.
func TestRangeMark(t *testing.T) {
	values := map[string]fuzzValue{"acc": {0.55}}
	for text, want := range map[string]string{
		"0.4–0.6":   "pass",
		"0.5–0.52":  "fail",
		"0.4–":      `"0.4–" is not a number`,
		"a 0.4–0.6": `"a 0.4–0.6" is not a number`,
	} {
		c, err := ParseMark("acc", text)
		got := ""
		if err != nil {
			got = err.Error()
		} else {
			got = string(Check(c, values, false).Status)
			if c.Written.Text != text {
				t.Errorf("ParseMark(acc, %q): written %q", text, c.Written.Text)
			}
		}
		if !strings.Contains(got, want) {
			t.Errorf("ParseMark(acc, %q) = %s, want %s", text, got, want)
		}
	}
}
