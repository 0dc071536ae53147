package site

import (
	"slices"
	"testing"

	"github.com/tally-book/tally/check"
	"github.com/tally-book/tally/runner/chapter"
)

// TestFrontMatterView checks what a page's view takes from the front
// matter: the tags from every key that gives them, once each; the
// description from the first key that has one; the table of contents.
func TestFrontMatterView(t *testing.T) {
	for _, tt := range []struct {
		name  string
		extra map[string]any
		tags  []string
		desc  string
		toc   bool
	}{
		{"none", nil, nil, "", false},
		{"string", map[string]any{"tags": "loss  basics"}, []string{"loss", "basics"}, "", false},
		{"list and categories, once each", map[string]any{"tags": []any{"loss", " basics ", 3, ""}, "tag": "loss", "categories": "ml", "category": []any{"basics"}},
			[]string{"loss", "basics", "3", "ml"}, "", false},
		{"description first", map[string]any{"summary": "S", "description": "D", "excerpt": "E"}, nil, "D", false},
		{"summary when no description", map[string]any{"description": "", "summary": "S", "excerpt": "E"}, nil, "S", false},
		{"toc", map[string]any{"toc": true}, nil, "", true},
		{"toc not a bool", map[string]any{"toc": "yes"}, nil, "", false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if got := tags(tt.extra); !slices.Equal(got, tt.tags) {
				t.Errorf("tags = %q, want %q", got, tt.tags)
			}
			if got := description(tt.extra); got != tt.desc {
				t.Errorf("description = %q, want %q", got, tt.desc)
			}
			if got := wantsTOC(tt.extra); got != tt.toc {
				t.Errorf("wantsTOC = %v, want %v", got, tt.toc)
			}
		})
	}
}

// TestCountClaims checks the claim count of a page: unchecked claims are
// all Other; an error counts as a failure.
func TestCountClaims(t *testing.T) {
	checks := []chapter.ClaimResult{{Status: check.Pass}, {Status: check.Fail}, {Status: check.Error}, {Status: check.Info}}
	if got, want := countClaims(4, checks), (claimCount{Total: 4, Pass: 1, Fail: 2, Other: 1}); got != want {
		t.Errorf("countClaims(checked) = %+v, want %+v", got, want)
	}
	if got, want := countClaims(3, nil), (claimCount{Total: 3, Other: 3}); got != want {
		t.Errorf("countClaims(unchecked) = %+v, want %+v", got, want)
	}
}
