package chapter

import (
	"errors"
	"testing"
)

// TestCheckDataName takes module-relative paths and MODULE//PATH names,
// and refuses what could leave the module or the module's folder.
func TestCheckDataName(t *testing.T) {
	for name, ok := range map[string]bool{
		"testdata/x.csv":                   true,
		"x.csv":                            true,
		"example.com/data//train/x.csv.gz": true,
		"":                                 false,
		"/etc/passwd":                      false,
		"../x.csv":                         false,
		"testdata/../../x":                 false,
		"testdata/./x":                     false,
		"testdata//":                       false,
		"//x":                              false,
		"example.com/data//../x":           false,
		`testdata\x.csv`:                   false,
		"c:/x":                             false,
	} {
		err := CheckDataName(name)
		if (err == nil) != ok || err != nil && !errors.Is(err, errDataName) {
			t.Errorf("CheckDataName(%q) = %v, want ok %v", name, err, ok)
		}
	}
}
