package runner_test

import (
	"fmt"

	"github.com/tally-book/tally/book"
	"github.com/tally-book/tally/runner/chapter"
)

// A claim binds a number of the prose to a published value; the check
// rounds the computed value to the digits written.
func ExampleParse() {
	src := []byte("# Losses\n\nConfident and right, the loss is only 0.51<!--=cee_right-->,\nand the accuracy is above 94%<!--=acc >-->.\n")
	ch, err := chapter.Parse("chapters/01-losses.md", src)
	if err != nil {
		fmt.Println(err)
		return
	}
	values := map[string]book.Value{
		"cee_right": {Kind: "number", Num: 0.510825457099338},
		"acc":       {Kind: "number", Num: 0.9449},
	}
	for _, c := range ch.Claims {
		r := c.Check(values, false)
		fmt.Printf("%s:%d %s %s: %s (%s)\n", ch.Path, r.Line, r.Text, r.Ref, r.Status, r.Rule)
	}
	// Output:
	// chapters/01-losses.md:3 0.51 cee_right: pass (rounded to 2 decimals)
	// chapters/01-losses.md:4 94% acc: pass (> 94%)
}

// Expected output blocks compare numbers by the claim rule, so a printed
// float64 matches the digits an author writes.
func ExampleCompareOutput() {
	fmt.Println(chapter.CompareOutput("right: 0.09750000000000003\n", "right: 0.0975", false))
	fmt.Println(chapter.CompareOutput("[6.000000000012662 7.999999999990237]", "[6 8]", false))
	fmt.Println(chapter.CompareOutput("0.6914", "0.693", false) != nil)
	// Output:
	// <nil>
	// <nil>
	// true
}

// Written numbers know the precision they claim.
func ExampleWritten_Matches() {
	for _, s := range []string{"0.0975", "-6.11e-10", "94.6%", "60,000"} {
		w, _ := chapter.ParseWritten(s)
		fmt.Printf("%-9s %s\n", s, w.Rule())
	}
	w, _ := chapter.ParseWritten("0.0975")
	fmt.Println(w.Matches(0.09745), w.Matches(0.09755))
	// Output:
	// 0.0975    rounded to 4 decimals
	// -6.11e-10 rounded to 3 significant digits
	// 94.6%     as a percentage rounded to 1 decimal
	// 60,000    rounded to an integer
	// true false
}
