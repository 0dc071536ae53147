package book

import (
	"encoding/json"
	"fmt"
	"os"
	"strconv"
	"sync"
)

// EnvParams is the environment variable through which a program run by
// hand may be given parameter values: a JSON object of names to values
// written as for tally run -set, {"lr": "0.5"}. The runner sends the same
// object through its channel instead (see [EnvChannel]), which has no
// size limit.
const EnvParams = "TALLY_PARAMS"

var params struct {
	once sync.Once
	m    map[string]string
	err  error
}

// Param returns the value of the chapter parameter name: the one the
// runner passes (see [EnvParams]), or def, the front matter's value, when it
// passes none. Generated programs declare each parameter with it (var lr
// = book.Param("lr", 0.1)), so that a run under other values needs no new
// build. The runner checks values before it runs the program; one that
// does not parse as T is a panic.
func Param[T int | float64 | string | bool](name string, def T) T {
	params.once.Do(func() {
		if channel.params != nil {
			params.err = json.Unmarshal(channel.params, &params.m)
		} else if s := os.Getenv(EnvParams); s != "" {
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
