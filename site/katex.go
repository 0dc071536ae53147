package site

import (
	"errors"
	"fmt"
	"io/fs"
	"sync"

	"github.com/dop251/goja"
)

// ErrNoKaTeX is returned when a chapter has math and Options.KaTeXDir
// holds no KaTeX. Without KaTeXDir, Build uses the copy embedded in tally.
var ErrNoKaTeX = errors.New("site: KaTeX not found")

// MathError is a TeX formula that KaTeX refused.
type MathError struct {
	Msg    string // KaTeX's message, e.g. "KaTeX parse error: Expected '}', got 'EOF' at end of input: \frac{1"
	Offset int    // byte offset of the error in the formula, or -1
}

func (e *MathError) Error() string { return e.Msg }

// katex renders TeX to HTML with KaTeX's own JavaScript, run in goja at
// build time, so pages carry the markup and need no script for math.
// It is not safe for concurrent use; the results are memoized, since
// chapters repeat formulas.
type katex struct {
	fsys   fs.FS // katex.min.js, katex.min.css and fonts/
	once   sync.Once
	err    error
	vm     *goja.Runtime
	render goja.Callable
	memo   map[mathKey]mathResult
}

type mathKey struct {
	tex     string
	display bool
}

type mathResult struct {
	html string
	err  error
}

func newKaTeX(fsys fs.FS) *katex {
	return &katex{fsys: fsys, memo: map[mathKey]mathResult{}}
}

// start loads katex.min.js into a fresh runtime.
func (k *katex) start() error {
	k.once.Do(func() {
		const file = "katex.min.js"
		src, err := fs.ReadFile(k.fsys, file)
		if err != nil {
			k.err = fmt.Errorf("%w: %v", ErrNoKaTeX, err)
			return
		}
		prog, err := goja.Compile(file, string(src), false)
		if err != nil {
			k.err = fmt.Errorf("site: compiling %s: %v", file, err)
			return
		}
		vm := goja.New()
		// The UMD wrapper exports through module.exports when both exist.
		if _, err := vm.RunString("var module = {exports: {}}; var exports = module.exports;"); err != nil {
			k.err = err
			return
		}
		if _, err := vm.RunProgram(prog); err != nil {
			k.err = fmt.Errorf("site: running %s: %v", file, err)
			return
		}
		// strict "ignore": Hangul in \text{…} is fine for a page, and goja
		// has no console to warn on. throwOnError: bad TeX fails the build.
		fn, err := vm.RunString(`(function (katex) {
	return function (tex, display) {
		return katex.renderToString(tex, {
			displayMode: display, throwOnError: true, output: "htmlAndMathml",
			strict: "ignore", trust: false
		});
	};
})(module.exports.default || module.exports)`)
		if err != nil {
			k.err = fmt.Errorf("site: KaTeX: %v", err)
			return
		}
		render, ok := goja.AssertFunction(fn)
		if !ok {
			k.err = errors.New("site: KaTeX: renderToString is not a function")
			return
		}
		k.vm, k.render = vm, render
	})
	return k.err
}

// Render returns the HTML of tex, a display formula when display is set.
// A TeX error is a *MathError.
func (k *katex) Render(tex string, display bool) (string, error) {
	key := mathKey{tex, display}
	if r, ok := k.memo[key]; ok {
		return r.html, r.err
	}
	if err := k.start(); err != nil {
		return "", err
	}
	v, err := k.render(goja.Undefined(), k.vm.ToValue(tex), k.vm.ToValue(display))
	var r mathResult
	if err != nil {
		r.err = k.mathError(err)
		var me *MathError
		if errors.As(r.err, &me) && me.Offset >= 0 {
			me.Offset = utf16ToByte(tex, me.Offset)
		}
	} else {
		r.html = v.String()
	}
	k.memo[key] = r
	return r.html, r.err
}

// mathError turns a JavaScript exception into a *MathError with the
// position KaTeX gives (a UTF-16 offset).
func (k *katex) mathError(err error) error {
	var ex *goja.Exception
	if !errors.As(err, &ex) {
		return err
	}
	me := &MathError{Msg: ex.Error(), Offset: -1}
	if obj, ok := ex.Value().(*goja.Object); ok {
		if m := obj.Get("message"); m != nil && !goja.IsUndefined(m) {
			me.Msg = m.String()
		}
		if p := obj.Get("position"); p != nil && !goja.IsUndefined(p) && !goja.IsNull(p) {
			me.Offset = int(p.ToInteger())
		}
	}
	return me
}

// utf16ToByte converts a UTF-16 offset in s to a byte offset.
func utf16ToByte(s string, off int) int {
	n := 0
	for i, r := range s {
		if n >= off {
			return i
		}
		if r >= 0x10000 {
			n += 2
		} else {
			n++
		}
	}
	return len(s)
}
