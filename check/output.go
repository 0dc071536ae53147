package check

import (
	"fmt"
	"strconv"
	"strings"
)

// CompareOutput compares what a snippet printed with an expected output
// block, by the rules of Go's testable examples: both sides are trimmed of
// leading and trailing space, and with unordered the lines may come in any
// order. Numbers are compared by the claim rule: a number of the expected
// text matches when the printed number, rounded to the digits written,
// equals it, so 0.0975 matches 0.09750000000000003. The error says what
// differs, with both texts.
func CompareOutput(got, want string, unordered bool) error {
	g := strings.TrimSpace(strings.ReplaceAll(got, "\r\n", "\n"))
	w := strings.TrimSpace(strings.ReplaceAll(want, "\r\n", "\n"))
	var ok bool
	if unordered {
		ok = unorderedMatch(strings.Split(g, "\n"), strings.Split(w, "\n"))
	} else {
		ok = lineMatch(g, w)
	}
	if ok {
		return nil
	}
	return fmt.Errorf("output differs\ngot:\n%s\nwant:\n%s", g, w)
}

func unorderedMatch(got, want []string) bool {
	if len(got) != len(want) {
		return false
	}
	used := make([]bool, len(got))
	for _, w := range want {
		found := false
		for i, g := range got {
			if !used[i] && lineMatch(g, w) {
				used[i], found = true, true
				break
			}
		}
		if !found {
			return false
		}
	}
	return true
}

// lineMatch compares two texts token by token.
func lineMatch(got, want string) bool {
	gt, wt := Tokens(got), Tokens(want)
	if len(gt) != len(wt) {
		return false
	}
	for i := range wt {
		g, w := gt[i], wt[i]
		if g.Num != w.Num {
			return false
		}
		if g.Text == w.Text {
			// Equal text is a match, even for a number with more digits
			// than a float64 holds, such as 70000000000000001.
			continue
		}
		if !w.Num {
			return false
		}
		wn, err := ParseWritten(w.Text)
		if err != nil {
			return g.Text == w.Text
		}
		gf, err := strconv.ParseFloat(strings.Replace(g.Text, "−", "-", 1), 64)
		if err != nil || !wn.Matches(gf) {
			return false
		}
	}
	return true
}

// Token is a piece of a text that Tokens cut: a number, or the text
// between two numbers.
type Token struct {
	Text string
	Num  bool // Text is a number
}

// Tokens splits text into numbers and the text between them, as output
// checks compare them. A '-' is a sign only where it cannot be part of a
// word (start, space, bracket…).
func Tokens(s string) []Token {
	var out []Token
	last := 0
	for i := 0; i < len(s); {
		j := numberAt(s, i)
		if j <= i {
			i++
			continue
		}
		if last < i {
			out = append(out, Token{Text: s[last:i]})
		}
		out = append(out, Token{Text: s[i:j], Num: true})
		i, last = j, j
	}
	if last < len(s) {
		out = append(out, Token{Text: s[last:]})
	}
	return out
}

// numberAt returns the end of a number starting at i, or i if none does.
func numberAt(s string, i int) int {
	if i > 0 && (isAlnum(s[i-1]) || s[i-1] == '.') {
		return i
	}
	j := i
	if s[j] == '-' || s[j] == '+' {
		j++
	} else if strings.HasPrefix(s[j:], "−") {
		j += len("−")
	}
	d := digits(s, j)
	if d == j {
		return i
	}
	j = d
	if j+1 < len(s) && s[j] == '.' && isDigit(s[j+1]) {
		j = digits(s, j+1)
	}
	if j < len(s) && (s[j] == 'e' || s[j] == 'E') {
		k := j + 1
		if k < len(s) && (s[k] == '-' || s[k] == '+') {
			k++
		}
		if e := digits(s, k); e > k {
			j = e
		}
	}
	if j < len(s) && (isAlnum(s[j]) || s[j] == '.' && j+1 < len(s) && isDigit(s[j+1])) {
		return i // part of an identifier or a version such as 1.2.3
	}
	return j
}

func digits(s string, i int) int {
	for i < len(s) && isDigit(s[i]) {
		i++
	}
	return i
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }
