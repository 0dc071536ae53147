package chapter

import (
	"fmt"
	"strings"
	"testing"
)

func TestUnclaimed(t *testing.T) {
	const chapter = `---
params:
  lr: 0.05
---
# Numbers

` + "```go\nh := 1e-4\nx := 10.55\nbook.Publish(\"acc\", 0.945)\n_, _ = h, x\n```" + `

Accuracy is **94.5%**<!--=acc-->, with a step of 1e-4 and a rate of 0.05.
The error drops by 0.55 and then by 2.5e-3; chapter 2 has 100 steps.
Math $0.3$ and code ` + "`0.7`" + ` are not prose; neither is a claim 0.945<!--=acc-->,
nor either end of a range, 0.93–0.96<!--=acc--> or *0.91-0.97*<!--=acc-->.

<div>0.8 in an HTML block</div>
`
	ch, err := Parse("c.md", []byte(chapter))
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, u := range ch.Unclaimed() {
		got = append(got, fmt.Sprintf("%d %s %v", u.Line, u.Text, u.InCode))
	}
	want := []string{
		"14 1e-4 true",    // the code writes h := 1e-4
		"14 0.05 true",    // the front matter writes lr: 0.05
		"15 0.55 false",   // 10.55 in the code is another number
		"15 2.5e-3 false", // 100 and 2 are integers
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("unclaimed:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func TestWritesNumber(t *testing.T) {
	tests := []struct {
		code, num string
		want      bool
	}{
		{"x := 0.5*y", "0.5", true},
		{"x := 10.55", "0.55", false},
		{"x := 0.555", "0.55", false},
		{"f(-0.5)", "0.5", true},
		{"v0.5", "0.5", false},
		{"0.5", "0.5", true},
		{"a 0.5x 0.5", "0.5", true},
		{"", "0.5", false},
	}
	for _, tt := range tests {
		if got := writesNumber(tt.code, tt.num); got != tt.want {
			t.Errorf("writesNumber(%q, %q) = %v, want %v", tt.code, tt.num, got, tt.want)
		}
	}
}
