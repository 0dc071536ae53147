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

func TestSplitSnippetScanError(t *testing.T) {
	_, err := splitSnippet("x := 1\ns := \"unterminated\n")
	if err == nil {
		t.Fatal("no error for an unterminated string")
	}
	if e := scanErrors(err); len(e) == 0 || e[0].line != 2 {
		t.Errorf("errors = %+v, want one on line 2", e)
	}
}
