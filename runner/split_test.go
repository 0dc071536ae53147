package runner

import (
	"reflect"
	"testing"
)

func TestSplitSnippet(t *testing.T) {
	code := `import "math"

// square is x².
func square(x float64) float64 {
	return x * x
}

type point struct{ x, y float64 }

func (p point) norm() float64 { return math.Hypot(p.x, p.y) }

const delta = 1e-7

var total float64
y, z := square(3), 2
func() { total++ }()
fmt.Println(y, z)
`
	items, err := splitSnippet(code)
	if err != nil {
		t.Fatal(err)
	}
	type sum struct {
		kind    itemKind
		line    int
		defines []string
	}
	var got []sum
	for _, it := range items {
		got = append(got, sum{it.kind, it.line, it.defines})
	}
	want := []sum{
		{itemImport, 0, nil},
		{itemDecl, 3, nil},
		{itemDecl, 7, nil},
		{itemDecl, 9, nil},
		{itemDecl, 11, nil},
		{itemStmt, 13, []string{"total"}},
		{itemStmt, 14, []string{"y", "z"}},
		{itemStmt, 15, nil},
		{itemStmt, 16, nil},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("items:\ngot  %+v\nwant %+v", got, want)
	}
	if items[0].imports[0].path != "math" {
		t.Errorf("import = %+v", items[0].imports)
	}
}

func TestSplitSnippetHeaders(t *testing.T) {
	code := "n := 0\nfor i := 0; ; i++ {\n\tif i > 3 {\n\t\tbreak\n\t}\n\tn++\n}\nif x := n; x > 2 { n-- }\nswitch y := n; y { case 1: }\nfor i := 0; i < 3; i++ { n++ }; n++\n"
	items, err := splitSnippet(code)
	if err != nil {
		t.Fatal(err)
	}
	var lines []int
	for _, it := range items {
		lines = append(lines, it.line)
	}
	if want := []int{0, 1, 7, 8, 9, 9}; !reflect.DeepEqual(lines, want) {
		for _, it := range items {
			t.Logf("%d: %q", it.line, it.text)
		}
		t.Fatalf("item lines = %v, want %v", lines, want)
	}
}

func TestSplitSnippetScanError(t *testing.T) {
	_, err := splitSnippet("x := 1\ns := \"unterminated\n")
	if err == nil {
		t.Fatal("no error for an unterminated string")
	}
	if e := scanErrors(err); len(e) == 0 || e[0].line != 2 {
		t.Errorf("errors = %+v, want one on line 2", e)
	}
}
