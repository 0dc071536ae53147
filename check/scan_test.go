package check

import (
	"go/parser"
	"go/token"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/tally-book/tally/internal/testkit"
)

// The expressions that scan.go reads by hand: the tests compare each
// function with its expression.
var (
	writtenRE = regexp.MustCompile(`([-−+]?)(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?(?:[eE]([-−+]?\d+))?(%?)$`)
	claimRE   = regexp.MustCompile(`^([a-z][A-Za-z0-9_]*)((?:\[\d+\]){0,2})(?:\s+(.*))?$`)
	indexRE   = regexp.MustCompile(`\[(\d+)\]`)
	identRE   = regexp.MustCompile(`^[a-z][A-Za-z0-9_]*$`)
)

// sameAsExpressions fails when a hand-written reader of scan.go and its
// expression disagree on s.
func sameAsExpressions(t *testing.T, s string) {
	t.Helper()
	m, ok := trailing(s)
	want := writtenRE.FindStringSubmatchIndex(s)
	if ok != (want != nil) || ok && [12]int(want) != m {
		t.Errorf("trailing(%q) = %v, %v; the expression gives %v", s, m, ok, want)
	}
	name, index, rule, ok := splitClaim(s)
	if w := claimRE.FindStringSubmatch(s); ok != (w != nil) {
		t.Errorf("splitClaim(%q) = %v; the expression gives %q", s, ok, w)
	} else if ok {
		var wi []string
		for _, im := range indexRE.FindAllStringSubmatch(w[2], -1) {
			wi = append(wi, im[1])
		}
		if name != w[1] || strings.Join(index, ",") != strings.Join(wi, ",") || len(index) != len(wi) || rule != strings.TrimLeft(w[3], " \t\n\f\r") {
			t.Errorf("splitClaim(%q) = %q, %q, %q; the expression gives %q", s, name, index, rule, w)
		}
	}
	if got, want := isIdent(s), identRE.MatchString(s); got != want {
		t.Errorf("isIdent(%q) = %v, want %v", s, got, want)
	}
}

// scanCases are the corners of the forms, for TestScanAsExpressions and
// FuzzScan.
var scanCases = []string{
	"", "0", "0.0975", "-6.11e-10", "−6.11e−10", "+3", "94.6%", "60,000", "1,234,567.5e3%", "1,23", "1234,567",
	"12,3456", "1,2345", "1,234,56", "x-1", "a1.5", "1.2.3", ".5", "5.", "1e", "1e-", "1e−", "1e+5%", "--1", "−−1", "1%%",
	"at 0.512", "lr=0.1", "\xe2\xe2\x88\x921", "\xe2\x88", "€1", "loss", "loss ±0.01", "grad[0]", "grad[0][1]",
	"grad[0][1][2]", "grad[x]", "grad[]", "grad[1", "a [1]", "a\t<", "a\n±1", "a ±1\nb", "a\u00a0<", "A", "_a", "aB_9 ≥ 2",
	"a\r\n", "a \f>", "a[99999999999999999999]",
}

// TestScanAsExpressions checks the hand-written readers against their
// expressions, on the corners of the forms and on random strings of the
// characters the forms are made of (FuzzScan's seeds add the claims of
// the book's chapters).
func TestScanAsExpressions(t *testing.T) {
	for _, s := range scanCases {
		sameAsExpressions(t, s)
	}
	for _, s := range testkit.RandomStrings(1, "0123456789,.eE+-−%aZ_[] \t\n", 12, 200000) {
		sameAsExpressions(t, s)
		if t.Failed() {
			break
		}
	}
}

// FuzzScan compares the hand-written readers with their expressions.
func FuzzScan(f *testing.F) {
	for _, s := range scanCases {
		f.Add(s)
	}
	for _, text := range testkit.SeedTexts(f) {
		for _, m := range seedClaimRE.FindAllStringSubmatch(text, -1) {
			f.Add(m[1])
			f.Add(strings.TrimSpace(m[2]))
		}
	}
	f.Fuzz(sameAsExpressions)
}

// TestNoExpressions fails when package check or book uses package
// regexp outside its tests: the book's program for the browser runs their
// code, and compiling an expression at the program's start, or at its
// first use in a run, made the browser compile the regexp package's code
// at a reader's first re-run.
func TestNoExpressions(t *testing.T) {
	for _, dir := range []string{".", "../book"} {
		files, err := filepath.Glob(filepath.Join(dir, "*.go"))
		if err != nil || len(files) == 0 {
			t.Fatalf("no Go files in %s: %v", dir, err)
		}
		for _, p := range files {
			if strings.HasSuffix(p, "_test.go") {
				continue
			}
			f, err := parser.ParseFile(token.NewFileSet(), p, nil, parser.ImportsOnly)
			if err != nil {
				t.Fatal(err)
			}
			for _, im := range f.Imports {
				if im.Path.Value == `"regexp"` {
					t.Errorf("%s imports regexp", p)
				}
			}
		}
	}
}

// BenchmarkScan compares the hand-written readers with the expressions
// they replace, on a claim's number and body; "compile" is what the
// program's start paid for the three expressions of package check.
func BenchmarkScan(b *testing.B) {
	const number, body = "after 100 steps the loss is −6.11e−10", "grad_3_4[0][1] ±0.01"
	b.Run("hand", func(b *testing.B) {
		for b.Loop() {
			trailing(number)
			splitClaim(body)
		}
	})
	b.Run("regexp", func(b *testing.B) {
		for b.Loop() {
			writtenRE.FindStringSubmatchIndex(number)
			claimRE.FindStringSubmatch(body)
		}
	})
	b.Run("compile", func(b *testing.B) {
		for b.Loop() {
			regexp.MustCompile(writtenRE.String())
			regexp.MustCompile(claimRE.String())
			regexp.MustCompile(indexRE.String())
		}
	})
}
