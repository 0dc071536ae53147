package runner

import (
	"strings"
	"testing"

	"github.com/tally-book/tally/book"
	"github.com/tally-book/tally/runner/chapter"
)

const enSource = "# Losses\n\nThe loss is 0.51<!--=cee-->.\n\n## Batches\n\nTwo samples give 1.41<!--=mean-->.\n"

const koText = "# 손실 <!--from losses-->\n\n손실은 0.51<!--=cee-->입니다.\n\n## 배치 <!--from batches-->\n\n두 표본의 평균은 1.41<!--=mean-->입니다.\n"

// checkKo stamps the translation against the source as it was, then
// checks it against src, with the given values.
func checkKo(t *testing.T, stampedAgainst, src, ko string) *TranslationResult {
	t.Helper()
	old, err := chapter.Parse("01-losses.md", []byte(stampedAgainst))
	if err != nil {
		t.Fatal(err)
	}
	stamped := chapter.StampText([]byte(ko), old)
	b := chapter.NewBook(map[string][]byte{"01-losses.md": []byte(src), "ko/01-losses.md": stamped})
	if len(b.Translations) != 1 {
		t.Fatalf("translations: %d", len(b.Translations))
	}
	run := &ChapterResult{Chapter: b.Chapters[0], Values: []ValueResult{
		{Name: "cee", Value: book.Value{Kind: "number", Num: 0.5108}},
		{Name: "mean", Value: book.Value{Kind: "number", Num: 1.4142}},
	}}
	return CheckTranslations(b, []*ChapterResult{run})[0]
}

func TestTranslationUpToDate(t *testing.T) {
	r := checkKo(t, enSource, enSource, koText)
	if !r.OK() || len(r.Stale) > 0 || len(r.Untranslated) > 0 {
		t.Fatalf("fresh translation: ok %v, stale %+v, untranslated %v, problems %v", r.OK(), r.Stale, r.Untranslated, r.Problems())
	}
}

func TestTranslationChangedNumberFails(t *testing.T) {
	r := checkKo(t, enSource, enSource, strings.Replace(koText, "1.41<!--", "1.42<!--", 1))
	probs := r.Problems()
	if len(probs) != 1 || probs[0].Pos.String() != "ko/01-losses.md:7" || !strings.Contains(probs[0].Msg, "claim 1.42 ≠ computed 1.414") {
		t.Fatalf("problems = %v, want one false claim at ko/01-losses.md:7", probs)
	}
}

func TestTranslationStaleWhenSourceChanges(t *testing.T) {
	changed := strings.Replace(enSource, "Two samples give", "Averaging two samples gives", 1)
	r := checkKo(t, enSource, changed, koText)
	if len(r.Stale) != 1 || r.Stale[0].ID != "batches" || r.Stale[0].Line != 5 || !strings.Contains(r.Stale[0].Reason, "changed since it was translated") {
		t.Fatalf("stale = %+v, want the batches section at line 5", r.Stale)
	}
	if !r.OK() {
		t.Errorf("a stale section is a warning, not a failure: %v", r.Problems())
	}
	// Prose whitespace does not count as a change.
	reflowed := strings.Replace(enSource, "Two samples give 1.41", "Two samples\ngive 1.41", 1)
	if r := checkKo(t, enSource, reflowed, koText); len(r.Stale) != 0 {
		t.Errorf("a re-wrapped line made the section stale: %+v", r.Stale)
	}
}

func TestTranslationCodeMustMatch(t *testing.T) {
	src := "# A\n\n```go\nbook.Publish(\"cee\", 0.5108)\n```\n\n```go hide\nx := 1\n```\n"
	tests := []struct {
		ko   string
		want string
	}{
		{"# 가\n\n```go\n```\n", ""},
		{"# 가\n\n```go\nbook.Publish(\"cee\", 0.5108)\n```\n", ""},
		{"# 가\n\n```go\nbook.Publish(\"cee\", 0.6)\n```\n", "ko/01-a.md:4: code differs from the source at 01-a.md:4"},
		{"# 가\n\n본문.\n", "ko/01-a.md:1: translation shows 0 of the 1 go blocks"},
		{"# 가\n\n```go\n```\n\n```go\n```\n", "ko/01-a.md:6: translation has more go blocks"},
	}
	for _, tt := range tests {
		b := chapter.NewBook(map[string][]byte{"01-a.md": []byte(src), "ko/01-a.md": []byte(tt.ko)})
		got := b.Errors[b.Translations[0].Ch].Error()
		if tt.want == "" && len(b.Errors[b.Translations[0].Ch]) > 0 || tt.want != "" && !strings.Contains(got, tt.want) {
			t.Errorf("%q: errors %q, want %q", tt.ko, got, tt.want)
		}
	}
}

func TestTranslationDroppedClaim(t *testing.T) {
	// The translation writes 1.41 without its check: an error (the claim is
	// missing from a translated section) and a warning (an unchecked number).
	r := checkKo(t, enSource, enSource, strings.Replace(koText, "1.41<!--=mean-->", "1.41", 1))
	if r.OK() || !strings.Contains(r.Problems().Error(), "never claims mean") {
		t.Errorf("problems = %v, want the missing claim of mean", r.Problems())
	}
	if len(r.Unchecked) != 1 || r.Unchecked[0].Ref != "mean" || r.Unchecked[0].Line != 7 {
		t.Errorf("unchecked = %+v, want 1.41 at line 7", r.Unchecked)
	}
	// A claim after bold text checks the number inside it: no warning.
	bold := strings.Replace(koText, "1.41<!--=mean-->", "**1.41**<!--=mean-->", 1)
	if r := checkKo(t, enSource, enSource, bold); !r.OK() || len(r.Unchecked) != 0 {
		t.Errorf("bold claim: ok %v, unchecked %+v", r.OK(), r.Unchecked)
	}
	// An untranslated section's claims are not required.
	partial := "# 손실 <!--from losses-->\n\n손실은 0.51<!--=cee-->입니다.\n"
	if r := checkKo(t, enSource, enSource, partial); !r.OK() || len(r.Untranslated) != 1 {
		t.Errorf("partial translation: ok %v, untranslated %v, problems %v", r.OK(), r.Untranslated, r.Problems())
	}
}
