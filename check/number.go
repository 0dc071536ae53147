package check

import (
	"fmt"
	"math"
	"strconv"
	"strings"
)

// Written is a number as an author wrote it in prose or in an expected
// output: the digits written decide the precision it claims.
type Written struct {
	Text    string // as written, e.g. "−6.11e-10", "94.6%", "60,000"
	Neg     bool   // a leading '-' or '−'
	Int     string // digits before the decimal point, without separators
	Frac    string // digits after the decimal point
	Exp     int    // exponent of scientific notation
	HasExp  bool   // written with e or E
	Percent bool   // written with a trailing '%': the value is a hundredth
}

// ParseWritten parses a whole string as a written number.
func ParseWritten(s string) (Written, error) {
	w, n, ok := TrailingNumber(s)
	if !ok || n != 0 {
		return Written{}, fmt.Errorf("%q is not a number", s)
	}
	return w, nil
}

// TrailingNumber finds the number that ends s. It returns the number and the
// offset where it starts. A sign counts only after a non-alphanumeric
// character, so "x-1" ends in 1, not −1.
func TrailingNumber(s string) (Written, int, bool) {
	m, ok := trailing(s)
	if !ok {
		return Written{}, 0, false
	}
	start := m[0]
	sign := s[m[2]:m[3]]
	if sign != "" && m[2] > 0 {
		prev := s[m[2]-1]
		if isAlnum(prev) || prev == '.' {
			start, sign = m[4], ""
		}
	}
	if start > 0 && (isAlnum(s[start-1]) || s[start-1] == '.') {
		// part of a word or of a longer number such as 1.2.3
		return Written{}, 0, false
	}
	w := Written{Text: s[start:], Int: strings.ReplaceAll(s[m[4]:m[5]], ",", ""), Neg: sign == "-" || sign == "−"}
	if m[6] >= 0 {
		w.Frac = s[m[6]:m[7]]
	}
	if m[8] >= 0 {
		e, err := strconv.Atoi(strings.Replace(s[m[8]:m[9]], "−", "-", 1))
		if err != nil {
			return Written{}, 0, false
		}
		w.Exp, w.HasExp = e, true
	}
	w.Percent = m[10] < m[11]
	return w, start, true
}

func isAlnum(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_'
}

// Float returns the number in the units written (94.6 for "94.6%").
func (w Written) Float() float64 {
	f, _ := strconv.ParseFloat(w.Canonical(), 64)
	return f
}

// Value returns the number the text stands for (0.946 for "94.6%").
func (w Written) Value() float64 {
	if w.Percent {
		return w.Float() / 100
	}
	return w.Float()
}

// sigDigits is the number of significant digits of a number written in
// scientific notation: 12.5e3 has three, 0.05e2 one. A written zero
// (0.00e0) counts the digits after its point, plus one.
func (w Written) sigDigits() int {
	if n := len(strings.TrimLeft(w.Int+w.Frac, "0")); n > 0 {
		return n
	}
	return len(w.Frac) + 1
}

// Canonical is the written number in the form Round produces.
func (w Written) Canonical() string {
	if w.HasExp {
		// Scientific notation is compared in normal form (one digit
		// before the point), so 12.5e3 reads as 1.25e4.
		f, err := strconv.ParseFloat(w.Int+"."+w.Frac+"0e"+strconv.Itoa(w.Exp), 64)
		if err == nil && !math.IsInf(f, 0) {
			if w.Neg {
				f = -f
			}
			return normZero(shortest(f).sci(w.sigDigits()))
		}
	}
	s := strings.TrimLeft(w.Int, "0")
	if s == "" {
		s = "0"
	}
	if w.Frac != "" {
		s += "." + w.Frac
	}
	if w.HasExp {
		s += "e" + strconv.Itoa(w.Exp)
	}
	if w.Neg {
		s = "-" + s
	}
	return normZero(s)
}

// Round returns v (scaled by 100 for a percentage) rounded to the digits
// written, in the canonical form: "-6.11e-10", "94.6", "60000". It rounds
// the shortest decimal form of v half away from zero, so that "0.0975"
// claims exactly the values in [0.09745, 0.09755) as people read them.
func (w Written) Round(v float64) string {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return strconv.FormatFloat(v, 'g', -1, 64)
	}
	d := shortest(v)
	if w.Percent && len(d.digits) > 0 {
		d.exp += 2 // exact in decimal (zero has no digits to move)
	}
	if w.HasExp {
		return normZero(d.sci(w.sigDigits()))
	}
	return normZero(d.fixed(len(w.Frac)))
}

// decimal is ±0.d₁d₂…dₙ × 10^exp.
type decimal struct {
	neg    bool
	digits []byte // no leading zero; empty for zero
	exp    int
}

// shortest returns the shortest decimal that reads back as v.
func shortest(v float64) decimal {
	s := strconv.FormatFloat(math.Abs(v), 'e', -1, 64) // d.ddde±xx
	mant, e, _ := strings.Cut(s, "e")
	exp, _ := strconv.Atoi(e)
	digits := []byte(strings.Replace(mant, ".", "", 1))
	d := decimal{neg: math.Signbit(v), digits: digits, exp: exp + 1}
	d.trim()
	return d
}

func (d *decimal) trim() {
	for len(d.digits) > 0 && d.digits[0] == '0' {
		d.digits = d.digits[1:]
		d.exp--
	}
	for len(d.digits) > 0 && d.digits[len(d.digits)-1] == '0' {
		d.digits = d.digits[:len(d.digits)-1]
	}
	if len(d.digits) == 0 {
		d.exp = 0
	}
}

// round keeps the first n digits, rounding half away from zero.
func (d decimal) round(n int) decimal {
	if n >= len(d.digits) {
		return d
	}
	if n < 0 {
		return decimal{neg: d.neg}
	}
	up := d.digits[n] >= '5'
	out := decimal{neg: d.neg, digits: append([]byte(nil), d.digits[:n]...), exp: d.exp}
	if up {
		i := n - 1
		for ; i >= 0; i-- {
			if out.digits[i] < '9' {
				out.digits[i]++
				break
			}
			out.digits[i] = '0'
		}
		if i < 0 {
			out.digits = append([]byte{'1'}, out.digits...)
			out.exp++
		}
	}
	out.trim()
	return out
}

// fixed formats d with frac digits after the point.
func (d decimal) fixed(frac int) string {
	r := d.round(d.exp + frac)
	var b strings.Builder
	if r.neg {
		b.WriteByte('-')
	}
	digit := func(i int) byte { // i-th digit of 0.d₁d₂…
		if i >= 0 && i < len(r.digits) {
			return r.digits[i]
		}
		return '0'
	}
	if r.exp <= 0 {
		b.WriteByte('0')
	} else {
		for i := 0; i < r.exp; i++ {
			b.WriteByte(digit(i))
		}
	}
	if frac > 0 {
		b.WriteByte('.')
		for i := 0; i < frac; i++ {
			b.WriteByte(digit(r.exp + i))
		}
	}
	return b.String()
}

// sci formats d with sig significant digits: "-6.11e-10".
func (d decimal) sci(sig int) string {
	r := d.round(sig)
	var b strings.Builder
	if r.neg {
		b.WriteByte('-')
	}
	exp := r.exp - 1
	if len(r.digits) == 0 {
		exp = 0
	}
	for i := 0; i < sig; i++ {
		c := byte('0')
		if i < len(r.digits) {
			c = r.digits[i]
		}
		b.WriteByte(c)
		if i == 0 && sig > 1 {
			b.WriteByte('.')
		}
	}
	b.WriteString("e" + strconv.Itoa(exp))
	return b.String()
}

// normZero drops the sign of a negative zero such as "-0.00".
func normZero(s string) string {
	if strings.HasPrefix(s, "-") && strings.Trim(strings.SplitN(s, "e", 2)[0], "-0.") == "" {
		return s[1:]
	}
	return s
}

// Matches reports whether v, rounded to the digits written, equals the
// written number.
func (w Written) Matches(v float64) bool { return w.Round(v) == w.Canonical() }

// Unit formats v in the written units with a few more digits than written,
// for messages: "0.69142", "94.55%", "-6.1062e-10".
func (w Written) Unit(v float64) string {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return strconv.FormatFloat(v, 'g', -1, 64)
	}
	if w.Percent {
		v *= 100
	}
	var s string
	if w.HasExp {
		s = strconv.FormatFloat(v, 'e', w.sigDigits()+1, 64)
	} else {
		s = strconv.FormatFloat(v, 'f', len(w.Frac)+2, 64)
		if len(strings.TrimLeft(strings.TrimLeft(s, "-"), "0.")) == 0 && v != 0 {
			s = strconv.FormatFloat(v, 'g', 4, 64) // too small to show in fixed point
		}
	}
	if w.Percent {
		s += "%"
	}
	return s
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
