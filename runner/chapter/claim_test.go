package chapter

import (
	"strings"
	"testing"

	"github.com/tally-book/tally/book"
	"github.com/tally-book/tally/check"
)

func TestParseClaim(t *testing.T) {
	tests := []struct {
		body string
		want string // Ref + " " + Op, or "error"
	}{
		{"cee_right", "cee_right "},
		{" cee_right ", "cee_right "},
		{"grad_3_4[1]", "grad_3_4[1] "},
		{"t[2][3]", "t[2][3] "},
		{"acc >", "acc >"},
		{"acc ≥", "acc >="},
		{"acc <=", "acc <="},
		{"x ±0.01", "x ±"},
		{"x +-5%", "x ±"},
		{"batchSize", "batchSize "},
		{"hiddenUnits[0] ±1", "hiddenUnits[0] ±"},
		{"Acc", "error"},
		{"_acc", "error"},
		{"acc >>", "error"},
		{"acc ±x", "error"},
		{"acc ±-1", "error"},
		{"", "error"},
		{"a[1][2][3]", "error"},
		{"a b", "error"},
	}
	for _, tt := range tests {
		c, err := ParseClaim(tt.body)
		got := "error"
		if err == nil {
			got = c.Ref() + " " + c.Op
		}
		if got != tt.want {
			t.Errorf("ParseClaim(%q) = %q (err %v), want %q", tt.body, got, err, tt.want)
		}
	}
}

func num(f float64) book.Value { return book.Value{Kind: "number", Num: book.Number(f)} }

func TestClaimCheck(t *testing.T) {
	values := map[string]book.Value{
		"cee":  num(0.510825457099338),
		"acc":  num(0.9461),
		"tiny": num(-6.1062e-10),
		"g":    {Kind: "vector", Vec: []book.Number{6.000000000012662, 7.999999999990237}},
		"s":    {Kind: "string", Str: "hi"},
	}
	tests := []struct {
		md     string
		status check.Status
		msg    string // part of the message
	}{
		{"is 0.51<!--=cee-->.", "pass", ""},
		{"is 0.5108<!--=cee-->.", "pass", ""},
		{"is 0.52<!--=cee-->.", "fail", "claim 0.52 ≠ computed 0.5108 (rounded to 2 decimals: 0.51)"},
		{"is 94.6%<!--=acc-->.", "pass", ""},
		{"is 95%<!--=acc-->.", "pass", ""},
		{"is 94%<!--=acc-->.", "fail", "as a percentage"},
		{"above 0.94<!--=acc >-->.", "pass", ""},
		{"above 0.95<!--=acc >-->.", "fail", "claim acc > 0.95 fails"},
		{"below 95%<!--=acc <-->.", "pass", ""},
		{"about 0.5<!--=cee ±0.02-->", "pass", ""},
		{"about 0.5<!--=cee ±0.01-->", "fail", "within ±0.01"},
		{"about 0.5<!--=cee ±3%-->", "pass", ""},
		{"about 0.5<!--=cee ±1%-->", "fail", "within ±1% of 0.5"},
		{"about 94%<!--=acc ±1-->", "pass", ""}, // percentage points
		{"(−6.11e-10<!--=tiny-->", "pass", ""},
		{"between 0.5–0.52<!--=cee-->", "pass", ""},
		{"between **94–95%**<!--=acc-->", "pass", ""},
		{"between 0.52-0.6<!--=cee-->", "fail", "claim cee between 0.52 and 0.6 fails: computed 0.5108"},
		{"(6<!--=g[0]-->, 8.000<!--=g[1]-->)", "pass", ""},
		{"is 1<!--=g[2]-->", "error", "out of range"},
		{"is 1<!--=g-->", "error", "takes 1 indexes"},
		{"is 1<!--=s-->", "error", "string"},
		{"is 1<!--=nope-->", "error", "never published"},
	}
	for _, tt := range tests {
		ch, err := Parse("c.md", []byte(tt.md+"\n"))
		if err != nil {
			t.Errorf("%q: %v", tt.md, err)
			continue
		}
		if len(ch.Claims) == 0 {
			t.Errorf("%q: no claim found", tt.md)
			continue
		}
		for _, c := range ch.Claims {
			r := c.Check(values, false)
			if r.Status != tt.status || !strings.Contains(r.Message, tt.msg) {
				t.Errorf("%q: status %s, message %q; want %s with %q", tt.md, r.Status, r.Message, tt.status, tt.msg)
			}
		}
	}
}

func TestClaimSyntaxErrors(t *testing.T) {
	tests := []struct {
		md   string
		want string
	}{
		{"the loss <!--=cee--> here\n", "c.md:1: claim cee follows \"the loss \", not a number"},
		{"text\n\n<!--=cee-->\n", "c.md:3: claim comment starts a line"},
		{"is 0.5<!--=Cee-->\n", "c.md:1: malformed claim"},
		{"a\n\nis 0.5<!--=cee ~-->\n", "c.md:3: malformed claim \"cee ~\": unknown rule"},
		{"is 0<!--=cee ±1%-->\n", "relative tolerance"},
	}
	for _, tt := range tests {
		_, err := Parse("c.md", []byte(tt.md))
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("Parse(%q) error = %v, want %q", tt.md, err, tt.want)
		}
	}
}

func TestClaimInEmphasis(t *testing.T) {
	ch, err := Parse("c.md", []byte("The loss is **0.51**<!--=cee--> and *2.3*<!--=x-->.\n"))
	if err != nil {
		t.Fatal(err)
	}
	if len(ch.Claims) != 2 || ch.Claims[0].Written.Text != "0.51" || ch.Claims[1].Written.Text != "2.3" {
		t.Fatalf("claims = %+v", ch.Claims)
	}
}

func TestOrdinaryCommentsAreNotClaims(t *testing.T) {
	ch, err := Parse("c.md", []byte("A note 3<!-- TODO --> and 4<!-- =x -->.\n"))
	if err != nil {
		t.Fatal(err)
	}
	if len(ch.Claims) != 0 {
		t.Fatalf("claims = %+v", ch.Claims)
	}
}

func TestUnclosedEmphasis(t *testing.T) {
	_, err := Parse("c.md", []byte("정확도는 **94.5%**를 넘습니다.\n\nThe code `a**b` and **bold** are fine.\n"))
	if err == nil || !strings.Contains(err.Error(), "c.md:1: ** shows as text") || strings.Contains(err.Error(), "c.md:3") {
		t.Fatalf("error = %v, want one at line 1", err)
	}
}
