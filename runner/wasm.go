package runner

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"time"
)

// Wasm is a chapter's program compiled for the browser (GOOS=js
// GOARCH=wasm), which a chapter page runs to re-run the chapter with other
// parameters.
type Wasm struct {
	Path  string // the .wasm file, in the cache
	Size  int64  // its size in bytes
	Cache string // "hit" or "miss"
	GoExp string // GOEXPERIMENT it was built with; "" also when the chapter's does not build for wasm
}

// checkImport is the import path of the claim rule.
const checkImport = "github.com/tally-book/tally/runner/check"

// wasmSchema changes when the browser program's extra file or build
// changes in a way the key would not see.
const wasmSchema = "tally-wasm-1"

// BuildWasm compiles the program of ch a second time, for GOOS=js
// GOARCH=wasm: the same generated main.go, with the same //line
// directives, plus a file whose init hands package book's browser harness
// the chapter's claims, output blocks and parameters. It is cached under
// the key of the chapter's run (with no overrides) and the target, so a
// build whose chapter did not change does not compile it again. A chapter
// whose goexperiment: does not build for wasm (simd) is built without it.
func (r *Runner) BuildWasm(ctx context.Context, b *Book, ch *Chapter) (*Wasm, error) {
	if errs := b.Errors[ch]; len(errs) > 0 {
		return nil, errs
	}
	params := ch.Meta.Params
	deps, _ := b.Deps(ch)
	prog, perrs := r.program(b, ch, deps, params)
	if len(perrs) > 0 {
		return nil, perrs
	}
	if prog == nil {
		return nil, fmt.Errorf("%s: nothing to run", ch.Path)
	}
	key, err := r.key(ch, deps, params, prog, figureText(b, ch))
	if err != nil {
		if errors.Is(err, ErrNoGoSum) {
			return nil, fmt.Errorf("%s: %w", ch.Path, err)
		}
		return nil, fmt.Errorf("%s: cache key: %w", ch.Path, err)
	}
	extra := wasmSource(b, ch)
	h := sha256.New()
	fmt.Fprintf(h, "%s\n%s\njs/wasm\n%s", wasmSchema, key, extra)
	wkey := hex.EncodeToString(h.Sum(nil))[:32]
	dir := filepath.Join(r.work, "wasm", ch.Slug)
	out := &Wasm{Path: filepath.Join(dir, wkey+".wasm"), Cache: "hit"}
	meta := filepath.Join(dir, wkey+".json")
	if fi, err := os.Stat(out.Path); err == nil && !r.cfg.Force {
		out.Size = fi.Size()
		if b, err := os.ReadFile(meta); err == nil {
			json.Unmarshal(b, &out.GoExp)
		}
		return out, nil
	}
	unlock, err := lockDir(dir)
	if err != nil {
		return nil, err
	}
	defer unlock()
	if fi, err := os.Stat(out.Path); err == nil && !r.cfg.Force {
		// Built by another build while this one waited for the lock.
		out.Size = fi.Size()
		if b, err := os.ReadFile(meta); err == nil {
			json.Unmarshal(b, &out.GoExp)
		}
		return out, nil
	}
	out.Cache = "miss"
	r.progress("%s: building for the browser\n", ch.Path)
	start := time.Now()
	exps := []string{ch.Meta.GoExp}
	if ch.Meta.GoExp != "" {
		exps = append(exps, "")
	}
	var errs ErrorList
	for _, exp := range exps {
		errs = r.buildWasm(ctx, ch, prog, extra, exp, dir, out.Path)
		if len(errs) == 0 {
			out.GoExp = exp
			break
		}
	}
	if len(errs) > 0 {
		return nil, errs
	}
	fi, err := os.Stat(out.Path)
	if err != nil {
		return nil, err
	}
	out.Size = fi.Size()
	r.progress("%s: built for the browser in %s\n", ch.Path, since(start))
	gx, _ := json.Marshal(out.GoExp)
	if err := os.WriteFile(meta, gx, 0o644); err != nil {
		return nil, err
	}
	r.pruneWasm(dir, wkey)
	return out, nil
}

// buildWasm builds the browser program of ch into bin with GOEXPERIMENT
// exp (none when empty).
func (r *Runner) buildWasm(ctx context.Context, ch *Chapter, prog *program, extra []byte, exp, dir, bin string) ErrorList {
	var errs ErrorList
	main := filepath.Join(dir, "main.go.txt")
	rerun := filepath.Join(dir, "rerun_js.go.txt")
	overlay := filepath.Join(dir, "overlay.json")
	pkgDir := filepath.Join(r.root, filepath.Dir(prog.File))
	ov, _ := json.Marshal(map[string]map[string]string{"Replace": {
		filepath.Join(r.root, prog.File):     main,
		filepath.Join(pkgDir, "rerun_js.go"): rerun,
	}})
	for _, f := range []struct {
		name string
		data []byte
	}{{main, prog.Source}, {rerun, extra}, {overlay, ov}} {
		if err := os.WriteFile(f.name, f.data, 0o644); err != nil {
			errs.Add(Pos{File: ch.Path}, "%v", err)
			return errs
		}
	}
	tmp := bin + ".tmp"
	cmd := exec.CommandContext(ctx, r.goBin, "build", "-trimpath", "-overlay", overlay, "-ldflags=-s -w", "-o", tmp, "./"+filepath.ToSlash(filepath.Dir(prog.File)))
	cmd.Dir = r.root
	if old := os.Getenv("GOEXPERIMENT"); old != "" {
		exp = strings.TrimSuffix(old+","+exp, ",")
	}
	cmd.Env = append(os.Environ(), "GOOS=js", "GOARCH=wasm", "GOEXPERIMENT="+exp)
	r.builds.Add(1)
	if b, err := cmd.CombinedOutput(); err != nil {
		errs = append(errs, r.diagnostics(ch, prog, b, "wasm: ")...)
		if len(errs) == 0 {
			errs.Add(Pos{File: ch.Path}, "wasm: go build: %v\n%s", err, b)
		}
		return errs
	}
	if err := os.Rename(tmp, bin); err != nil {
		errs.Add(Pos{File: ch.Path}, "%v", err)
	}
	return errs
}

// pruneWasm removes the programs of older keys.
func (r *Runner) pruneWasm(dir, keep string) {
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		n := e.Name()
		if (strings.HasSuffix(n, ".wasm") || strings.HasSuffix(n, ".json") && n != "overlay.json") && !strings.HasPrefix(n, keep) {
			os.Remove(filepath.Join(dir, n))
		}
	}
}

// wasmSource is the second file of a chapter's browser program: its init
// gives package book the chapter's claims (in the chapter's order, so that
// claim i of the page is claim i here), its output blocks, the claims and
// figure text of its translations, and pointers to its parameters.
func wasmSource(b *Book, ch *Chapter) []byte {
	var buf bytes.Buffer
	w := func(format string, args ...any) { fmt.Fprintf(&buf, format, args...) }
	claims := func(indent string, cs []*Claim) {
		w("[]book.RerunClaim{\n")
		for _, c := range cs {
			// A number's body follows "<!--=", a statement's is "?name".
			body := strings.TrimSpace(strings.TrimSuffix(strings.TrimPrefix(strings.TrimPrefix(c.Comment, claimOpen), "<!--"), "-->"))
			w("%s\t{Line: %d, Text: %q, Body: %q},\n", indent, c.Pos.Line, c.Written.Text, body)
		}
		w("%s}", indent)
	}
	w("// Code generated by tally from %s for the browser. DO NOT EDIT.\n\n", ch.Path)
	w("package main\n\nimport (\n\t%q\n\t%q\n)\n\nfunc init() {\n\tbook.Rerun(book.RerunChapter{\n", bookImport, checkImport)
	w("\t\tChapter: %q,\n\t\tPath:    %q,\n\t\tClaims: ", ch.Slug, ch.Path)
	claims("\t\t", ch.Claims)
	w(",\n\t\tOutputs: []book.RerunOutput{\n")
	for _, s := range ch.Snippets {
		if s.Want != nil {
			w("\t\t\t{Snippet: %d, Line: %d, Want: %q, Unordered: %v},\n", s.Index, s.Want.Line, s.Want.Text, s.Want.Unordered)
		}
	}
	w("\t\t},\n\t\tTranslations: map[string]book.RerunTranslation{\n")
	var trs []*Translation
	for _, tr := range b.Translations {
		if tr.Source == ch {
			trs = append(trs, tr)
		}
	}
	sort.Slice(trs, func(i, j int) bool { return trs[i].Lang < trs[j].Lang })
	for _, tr := range trs {
		w("\t\t\t%q: {\n\t\t\t\tPath: %q,\n\t\t\t\tClaims: ", tr.Lang, tr.Ch.Path)
		claims("\t\t\t\t", tr.Ch.Claims)
		w(",\n\t\t\t\tFigureText: map[string]string{\n")
		keys := make([]string, 0, len(tr.FigureText))
		for k := range tr.FigureText {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			w("\t\t\t\t\t%q: %q,\n", k, tr.FigureText[k])
		}
		w("\t\t\t\t},\n\t\t\t},\n")
	}
	w("\t\t},\n\t}")
	for _, p := range ch.Meta.Params {
		w(",\n\t\tbook.NewParam(%q, &%s, %d, check.Domain{Value: %s", p.Name, p.Name, p.Line, p.GoLiteral())
		if p.Min != nil {
			w(", Min: new(%s)", Param{Value: *p.Min}.GoLiteral())
		}
		if p.Max != nil {
			w(", Max: new(%s)", Param{Value: *p.Max}.GoLiteral())
		}
		if len(p.Choices) > 0 {
			w(", Choices: []any{")
			for i, c := range p.Choices {
				if i > 0 {
					w(", ")
				}
				w("%s", Param{Value: c}.GoLiteral())
			}
			w("}")
		}
		w("})")
	}
	w(")\n}\n")
	return buf.Bytes()
}

// WasmExec returns the path of the Go distribution's wasm_exec.js, the
// support script that runs a program built for GOOS=js GOARCH=wasm, from
// the go command's GOROOT.
func (r *Runner) WasmExec(ctx context.Context) (string, error) {
	out, err := exec.CommandContext(ctx, r.goBin, "env", "GOROOT").Output()
	if err != nil {
		return "", fmt.Errorf("runner: go env GOROOT: %w", err)
	}
	p := filepath.Join(strings.TrimSpace(string(out)), "lib", "wasm", "wasm_exec.js")
	if _, err := os.Stat(p); err != nil {
		return "", fmt.Errorf("runner: %w", err)
	}
	return p, nil
}
