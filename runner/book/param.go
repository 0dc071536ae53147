package book

import (
	"encoding/json"
	"fmt"
	"os"
	"strconv"
	"sync"
)

// EnvParams is the environment variable through which the runner gives a
// chapter program its parameter values: a JSON object of names to values
// written as for tally run -set, {"lr": "0.5"}.
const EnvParams = "TALLY_PARAMS"

var params struct {
	once sync.Once
	m    map[string]string
	err  error
}

// Param returns the value of the chapter parameter name: the one the
// runner passes in TALLY_PARAMS, or def, the front matter's value, when it
// passes none. Generated programs declare each parameter with it (var lr
// = book.Param("lr", 0.1)), so that a run under other values needs no new
// build. The runner checks values before it runs the program; one that
// does not parse as T is a panic.
func Param[T int | float64 | string | bool](name string, def T) T {
	params.once.Do(func() {
		if s := os.Getenv(EnvParams); s != "" {
			params.err = json.Unmarshal([]byte(s), &params.m)
		}
	})
	if params.err != nil {
		panic(fmt.Sprintf("book: %s: %v", EnvParams, params.err))
	}
	s, ok := params.m[name]
	if !ok {
		return def
	}
	var v any
	var err error
	switch any(def).(type) {
	case int:
		v, err = strconv.Atoi(s)
	case float64:
		v, err = strconv.ParseFloat(s, 64)
	case bool:
		v, err = strconv.ParseBool(s)
	case string:
		v = s
	}
	if err != nil {
		panic(fmt.Sprintf("book: parameter %s=%q: %v", name, s, err))
	}
	return v.(T)
}
