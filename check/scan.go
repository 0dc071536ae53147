package check

import (
	"strings"
	"unicode/utf8"
)

// The claim forms are read by hand, not with package regexp: the book's
// program for the browser compiled the expressions at its start, and
// code of a WebAssembly program is slow the first time it runs (V8
// compiles a function when it is first called), so a reader's first
// re-run paid for the regexp package too (check's init: 45–157 ms of a
// first start in Node, 0.5 ms in a second; see site/doc.go). scan_test.go
// checks each function against the expression it stands for.

// minus is the minus sign U+2212, which a written number may start with.
const minus = "−"

func isLower(c byte) bool { return c >= 'a' && c <= 'z' }

// isSpace reports whether c is white space for a claim: \s of package
// regexp, [\t\n\f\r ].
func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r' }

// isIdent reports whether s is a value name: [a-z][A-Za-z0-9_]*.
func isIdent(s string) bool {
	if s == "" || !isLower(s[0]) {
		return false
	}
	for i := 1; i < len(s); i++ {
		if c := s[i]; !isAlnum(c) {
			return false
		}
	}
	return true
}

// sign returns the length of the sign ('-', '−' or '+') s has at i, 0
// for none.
func sign(s string, i int) int {
	switch {
	case i >= len(s):
		return 0
	case s[i] == '-' || s[i] == '+':
		return 1
	case strings.HasPrefix(s[i:], minus):
		return len(minus)
	}
	return 0
}

// trailing finds the number that ends s, as the expression
//
//	([-−+]?)(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?(?:[eE]([-−+]?\d+))?(%?)$
//
// would with FindStringSubmatchIndex: the leftmost start from which the
// rest of s is a number, and the start and end of each group (-1, -1 for
// a fraction or exponent that is not there).
func trailing(s string) ([12]int, bool) {
	// Only the run of characters a number may hold, at the end of s, can
	// hold the match.
	from := len(s)
	for from > 0 {
		r, n := utf8.DecodeLastRuneInString(s[:from])
		if !(r < utf8.RuneSelf && strings.IndexByte("0123456789,.eE+-%", byte(r)) >= 0 || r == '−') {
			break
		}
		from -= n
	}
	for p := from; p < len(s); p++ {
		if m, ok := trailingAt(s, p); ok {
			return m, true
		}
	}
	return [12]int{}, false
}

// trailingAt matches the number of trailing at p, to the end of s. Only one
// way of reading each part can reach the end (a part ends where the next
// one's first character, never a digit or a comma, begins), so the match
// needs no backtracking.
func trailingAt(s string, p int) ([12]int, bool) {
	m := [12]int{p, len(s), p, p + sign(s, p)}
	i := m[3]
	m[4] = i
	if i >= len(s) || !isDigit(s[i]) {
		return m, false
	}
	// \d{1,3}(?:,\d{3})+ first, then \d+.
	end := digits(s, i)
	j, groups := end, 0
	if end-i <= 3 {
		for j+4 <= len(s) && s[j] == ',' && digits(s, j+1) >= j+4 {
			j += 4
			groups++
		}
	}
	if groups > 0 {
		if t, ok := tail(s, j, m); ok {
			t[5] = j
			return t, true
		}
	}
	t, ok := tail(s, end, m)
	t[5] = end
	return t, ok
}

// tail matches (?:\.(\d+))?(?:[eE]([-−+]?\d+))?(%?)$ at i, into m.
func tail(s string, i int, m [12]int) ([12]int, bool) {
	m[6], m[7], m[8], m[9] = -1, -1, -1, -1
	if i+1 < len(s) && s[i] == '.' && isDigit(s[i+1]) {
		m[6], m[7] = i+1, digits(s, i+1)
		i = m[7]
	}
	if i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		k := i + 1 + sign(s, i+1)
		if e := digits(s, k); e > k {
			m[8], m[9] = i+1, e
			i = e
		}
	}
	m[10], m[11] = i, i
	if i < len(s) && s[i] == '%' {
		i++
		m[11] = i
	}
	return m, i == len(s)
}

// splitClaim splits the body of a claim comment as the expression
//
//	^([a-z][A-Za-z0-9_]*)((?:\[\d+\]){0,2})(?:\s+(.*))?$
//
// would: the value's name, the digits of its indexes, and the rule after
// the white space (which holds no line break).
func splitClaim(body string) (name string, index []string, rule string, ok bool) {
	i := 0
	if i < len(body) && isLower(body[i]) {
		for i++; i < len(body) && isAlnum(body[i]); i++ {
		}
	}
	if i == 0 {
		return "", nil, "", false
	}
	name = body[:i]
	for len(index) < 2 && i < len(body) && body[i] == '[' {
		e := digits(body, i+1)
		if e == i+1 || e >= len(body) || body[e] != ']' {
			break
		}
		index = append(index, body[i+1:e])
		i = e + 1
	}
	if i == len(body) {
		return name, index, "", true
	}
	if !isSpace(body[i]) {
		return "", nil, "", false
	}
	for i < len(body) && isSpace(body[i]) {
		i++
	}
	if strings.IndexByte(body[i:], '\n') >= 0 {
		return "", nil, "", false
	}
	return name, index, body[i:], true
}
