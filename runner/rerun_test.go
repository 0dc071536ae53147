package runner

import (
	"testing"

	"github.com/tally-book/tally/check"
	"github.com/tally-book/tally/runner/chapter"
)

func TestSummary(t *testing.T) {
	claims := func(statuses ...check.Status) []chapter.ClaimResult {
		var out []chapter.ClaimResult
		for _, s := range statuses {
			out = append(out, chapter.ClaimResult{Status: s})
		}
		return out
	}
	for _, tc := range []struct {
		set    map[string]string
		claims []chapter.ClaimResult
		want   string
	}{
		{map[string]string{"lr": "0.5"}, claims("pass", "pass", "info"), "under lr=0.5: 2 claims hold, 1 changed"},
		{map[string]string{"steps": "10", "lr": "0.5"}, claims("pass", "info", "error"), "under lr=0.5, steps=10: 1 claim holds, 1 changed, 1 error"},
		{map[string]string{"lr": "0.5"}, claims("pass"), "under lr=0.5: 1 claim holds, 0 changed"},
		{nil, claims("pass", "pass", "fail"), "under the book's parameters: 2 claims hold, 1 false"},
	} {
		if got := Summary(tc.set, tc.claims); got != tc.want {
			t.Errorf("Summary(%v) = %q, want %q", tc.set, got, tc.want)
		}
	}
}
