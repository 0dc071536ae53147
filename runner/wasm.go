package runner

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/tally-book/tally/runner/chapter"
)

// Wasm is the book's program compiled for the browser (GOOS=js
// GOARCH=wasm): one program for every chapter a page re-runs, each
// chapter's code in a package of its own, chosen when the program starts
// by the page that runs it.
type Wasm struct {
	Path     string   // the .wasm file, in the cache
	Size     int64    // its size in bytes
	Sum      string   // its SHA-256, hex: the cache entry is reused only when the file still has it
	Cache    string   // "hit" or "miss"
	GoExp    string   // GOEXPERIMENT it was built with
	Chapters []string // slugs of the chapters it re-runs, in the book's order
}

// checkImport is the import path of the claim rule.
const checkImport = "github.com/tally-book/tally/check"

// wasmSchema changes when the browser program's generated files or build
// change in a way the key would not see.
const wasmSchema = "tally-wasm-2"

// wasmPart is one chapter's part of the book's browser program.
type wasmPart struct {
	ch         *chapter.Chapter
	dir        string // module-relative folder of its package (its program's)
	src        []byte // its program, as package chapter
	extra      []byte // rerun_js.go, which registers it with package book
	prog       *program
	goExp      string
	importPath string
}

// BuildWasm compiles the chapters chs, whose pages re-run them in the
// browser, into one program for GOOS=js GOARCH=wasm. Each chapter's
// generated program (the same main.go as its native one, with the same
// //line directives) becomes a package of its own, whose init registers
// its main function, claims, output blocks, translations and parameters
// with package book's browser harness (book.Register); the program's main
// runs the chapter the page names (book.RerunMain). The runtime, gonum and
// plot are then in the program once, for the whole book.
//
// The program is cached under the keys of the chapters' runs (with no
// overrides) and the target. A cache entry is reused only when its file
// has the SHA-256 recorded when it was built, so a damaged or truncated
// program is built again; Config.Force builds it again in any case.
// Chapters that set goexperiment: are built with it when it builds for
// wasm and without it otherwise (simd does not: its plain kernels run).
func (r *Runner) BuildWasm(ctx context.Context, b *chapter.Book, chs []*chapter.Chapter) (*Wasm, error) {
	var errs chapter.ErrorList
	var parts []wasmPart
	exps := map[string]bool{}
	for _, ch := range chs {
		if e := b.Errors[ch]; len(e) > 0 {
			errs = append(errs, e...)
			continue
		}
		params := ch.Meta.Params
		deps, _ := b.Deps(ch)
		prog, perrs := r.program(b, ch)
		if len(perrs) > 0 {
			errs = append(errs, perrs...)
			continue
		}
		if prog == nil {
			errs.Add(chapter.Pos{File: ch.Path}, "nothing to run in the browser")
			continue
		}
		key, err := r.key(ch, deps, params, prog, figureText(b, ch))
		if err != nil {
			if errors.Is(err, ErrNoGoSum) {
				return nil, fmt.Errorf("%s: %w", ch.Path, err)
			}
			return nil, fmt.Errorf("%s: cache key: %w", ch.Path, err)
		}
		src, ok := asPackage(prog.Source)
		if !ok {
			return nil, fmt.Errorf("%s: the generated program has no package clause", ch.Path)
		}
		dir := path.Dir(prog.File)
		p := wasmPart{ch: ch, dir: dir, src: src, extra: wasmSource(b, ch), prog: prog,
			goExp: ch.Meta.GoExp, importPath: r.mod.Path + "/" + dir}
		p.src = append(p.src, fmt.Sprintf("\n// key %s\n", key)...)
		for _, e := range strings.Split(ch.Meta.GoExp, ",") {
			if e = strings.TrimSpace(e); e != "" {
				exps[e] = true
			}
		}
		parts = append(parts, p)
	}
	if len(errs) > 0 {
		return nil, errs
	}
	if len(parts) == 0 {
		return nil, nil
	}
	var exp []string
	for e := range exps {
		exp = append(exp, e)
	}
	sort.Strings(exp)
	main := wasmMain(parts)
	h := sha256.New()
	fmt.Fprintf(h, "%s\njs/wasm\nGOEXPERIMENT=%s\n", wasmSchema, os.Getenv("GOEXPERIMENT"))
	for _, p := range parts {
		fmt.Fprintf(h, "chapter %s %d\n%s\n%d\n%s\n", p.ch.Slug, len(p.src), p.src, len(p.extra), p.extra)
	}
	fmt.Fprintf(h, "main\n%s", main)
	wkey := hex.EncodeToString(h.Sum(nil))[:32]
	dir := filepath.Join(r.work, "wasm", "book")
	out := &Wasm{Path: filepath.Join(dir, wkey+".wasm"), Cache: "hit"}
	for _, p := range parts {
		out.Chapters = append(out.Chapters, p.ch.Slug)
	}
	meta := filepath.Join(dir, wkey+".json")
	if !r.cfg.Force && r.wasmCached(out, meta) {
		return out, nil
	}
	unlock, err := lockDir(dir)
	if err != nil {
		return nil, err
	}
	defer unlock()
	if !r.cfg.Force && r.wasmCached(out, meta) {
		return out, nil // built by another build while this one waited for the lock
	}
	out.Cache = "miss"
	_ = os.Remove(meta) // a stale record; the build writes a new one or fails
	r.progress("building the book's program for the browser (%d chapters)\n", len(parts))
	start := time.Now()
	tries := []string{strings.Join(exp, ",")}
	if len(exp) > 0 {
		tries = append(tries, "")
	}
	for _, e := range tries {
		errs = r.buildWasm(ctx, parts, main, e, dir, out.Path)
		if len(errs) == 0 {
			out.GoExp = e
			break
		}
	}
	if len(errs) > 0 {
		return nil, errs
	}
	sum, size, err := wasmFileSum(out.Path)
	if err != nil {
		return nil, err
	}
	out.Sum, out.Size = sum, size
	r.progress("built the book's program for the browser in %s\n", since(start))
	bookDir, err := filepath.Abs(b.Dir)
	if err != nil {
		return nil, err
	}
	m, _ := json.Marshal(wasmMeta{Sum: out.Sum, Size: out.Size, GoExp: out.GoExp, Book: bookDir})
	if err := writeFileAtomic(meta, m); err != nil {
		return nil, err
	}
	pruneWasm(dir, wkey, bookDir)
	return out, nil
}

// wasmMeta is the record kept next to a cached program.
type wasmMeta struct {
	Sum   string `json:"sum"`
	Size  int64  `json:"size"`
	GoExp string `json:"goexperiment"`
	Book  string `json:"book,omitempty"` // the folder of the book that built it, absolute
}

// wasmCached fills out from the cache entry whose record is meta and
// reports whether it may be reused: the record reads, and the program's
// file has the size and SHA-256 it records.
func (r *Runner) wasmCached(out *Wasm, meta string) bool {
	b, err := os.ReadFile(meta)
	if err != nil {
		return false
	}
	var m wasmMeta
	if json.Unmarshal(b, &m) != nil || m.Sum == "" {
		return false
	}
	fi, err := os.Stat(out.Path)
	if err != nil || !fi.Mode().IsRegular() || fi.Size() != m.Size {
		return false
	}
	sum, _, err := wasmFileSum(out.Path)
	if err != nil || sum != m.Sum {
		return false
	}
	out.Sum, out.Size, out.GoExp = m.Sum, m.Size, m.GoExp
	return true
}

// wasmFileSum returns the SHA-256 (hex) and size of a file.
func wasmFileSum(name string) (string, int64, error) {
	f, err := os.Open(name)
	if err != nil {
		return "", 0, err
	}
	defer f.Close() //nolint:errcheck // read only
	h := sha256.New()
	n, err := io.Copy(h, f)
	if err != nil {
		return "", 0, err
	}
	return hex.EncodeToString(h.Sum(nil)), n, nil
}

// writeFileAtomic writes a file through a temporary file and a rename, so
// that a reader never sees half of it.
func writeFileAtomic(name string, data []byte) error {
	tmp := name + ".tmp"
	if err := os.WriteFile(tmp, data, 0o644); err != nil {
		return err
	}
	return os.Rename(tmp, name)
}

// asPackage turns a generated program into package chapter: its main
// function stays, for the file that registers it to hand to package book.
func asPackage(src []byte) ([]byte, bool) {
	const from, to = "\npackage main\n", "\npackage chapter\n"
	i := bytes.Index(src, []byte(from))
	if i < 0 {
		return nil, false
	}
	out := make([]byte, 0, len(src)+len(to)-len(from))
	out = append(out, src[:i]...)
	out = append(out, to...)
	return append(out, src[i+len(from):]...), true
}

// wasmMain is the main package of the book's browser program: it imports
// every chapter's package, whose init registers it, and runs the one the
// page asks for.
func wasmMain(parts []wasmPart) []byte {
	var buf bytes.Buffer
	buf.WriteString("// Code generated by tally for the browser. DO NOT EDIT.\n\npackage main\n\nimport (\n")
	fmt.Fprintf(&buf, "\t%q\n\n", bookImport)
	for _, p := range parts {
		fmt.Fprintf(&buf, "\t_ %q\n", p.importPath)
	}
	buf.WriteString(")\n\nfunc main() { book.RerunMain() }\n")
	return buf.Bytes()
}

// buildWasm builds the book's browser program into bin with GOEXPERIMENT
// exp (none when empty). The chapters' packages and the main package are
// handed to go build through an overlay, as the native programs are.
func (r *Runner) buildWasm(ctx context.Context, parts []wasmPart, main []byte, exp, dir, bin string) chapter.ErrorList {
	var errs chapter.ErrorList
	fail := func(err error) chapter.ErrorList {
		errs.Add(chapter.Pos{File: parts[0].ch.Path}, "wasm: %v", err)
		return errs
	}
	src := filepath.Join(dir, "src")
	if err := os.MkdirAll(src, 0o755); err != nil {
		return fail(err)
	}
	replace := map[string]string{}
	write := func(name string, data []byte, as string) error {
		f := filepath.Join(src, name)
		replace[as] = f
		return os.WriteFile(f, data, 0o644)
	}
	mainDir := filepath.Join(r.work, "wasm", "main")
	if err := write("main.go.txt", main, filepath.Join(mainDir, "main.go")); err != nil {
		return fail(err)
	}
	var genDirs []string
	for _, p := range parts {
		pkg := filepath.Join(r.root, filepath.FromSlash(p.dir))
		genDirs = append(genDirs, pkg, filepath.FromSlash(p.dir))
		if err := write(p.ch.Slug+".go.txt", p.src, filepath.Join(pkg, "main.go")); err != nil {
			return fail(err)
		}
		if err := write(p.ch.Slug+".rerun_js.go.txt", p.extra, filepath.Join(pkg, "rerun_js.go")); err != nil {
			return fail(err)
		}
	}
	overlay := filepath.Join(dir, "overlay.json")
	ov, _ := json.Marshal(map[string]map[string]string{"Replace": replace})
	if err := os.WriteFile(overlay, ov, 0o644); err != nil {
		return fail(err)
	}
	tmp := bin + ".tmp"
	rel, err := filepath.Rel(r.root, mainDir)
	if err != nil {
		return fail(err)
	}
	cmd := exec.CommandContext(ctx, r.goBin, "build", "-trimpath", "-overlay", overlay, "-ldflags=-s -w", "-o", tmp, "./"+filepath.ToSlash(rel))
	cmd.Dir = r.root
	if old := os.Getenv("GOEXPERIMENT"); old != "" {
		exp = strings.TrimSuffix(old+","+exp, ",")
	}
	cmd.Env = append(os.Environ(), "GOOS=js", "GOARCH=wasm", "GOEXPERIMENT="+exp)
	r.builds.Add(1)
	if b, err := cmd.CombinedOutput(); err != nil {
		_ = os.Remove(tmp) // best effort: a failed build may have written none
		errs = append(errs, diagnosticsIn(parts[0].ch.Path, genDirs, b, "wasm: ")...)
		if len(errs) == 0 {
			errs.Add(chapter.Pos{File: parts[0].ch.Path}, "wasm: go build: %v\n%s", err, b)
		}
		return errs
	}
	if err := os.Rename(tmp, bin); err != nil {
		return fail(err)
	}
	return errs
}

// pruneWasm removes from dir the programs that book's earlier builds
// left (their keys differ from keep), those of books whose folder is
// gone, and files of no record (see pruneBuilt).
func pruneWasm(dir, keep, book string) {
	pruneBuilt(dir, keep, book, ".wasm", ".json",
		func(name string) bool { return name != "overlay" },
		func(record string) string {
			b, err := os.ReadFile(record)
			var m wasmMeta
			if err != nil || json.Unmarshal(b, &m) != nil {
				return ""
			}
			return m.Book
		})
}

// wasmSource is the second file of a chapter's package in the browser
// program: its init hands package book the chapter's main function, its
// claims (in the chapter's order, so that claim i of the page is claim i
// here), its output blocks, the claims and figure text of its
// translations, and pointers to its parameters. It names tally's packages
// tallybook and tallycheck, names a chapter's code is unlikely to declare.
func wasmSource(b *chapter.Book, ch *chapter.Chapter) []byte {
	var buf bytes.Buffer
	w := func(format string, args ...any) { fmt.Fprintf(&buf, format, args...) }
	claims := func(indent string, cs []*chapter.Claim) {
		w("[]tallybook.RerunClaim{\n")
		for _, c := range cs {
			body := c.Body()
			w("%s\t{Line: %d, Text: %q, Body: %q},\n", indent, c.Pos.Line, c.Written.Text, body)
		}
		w("%s}", indent)
	}
	w("// Code generated by tally from %s for the browser. DO NOT EDIT.\n\n", ch.Path)
	w("package chapter\n\nimport (\n\ttallybook %q\n", bookImport)
	if len(ch.Meta.Params) > 0 {
		w("\ttallycheck %q\n", checkImport)
	}
	w(")\n\nfunc init() {\n\ttallybook.Register(main, tallybook.RerunChapter{\n")
	w("\t\tChapter: %q,\n\t\tPath:    %q,\n\t\tClaims: ", ch.Slug, ch.Path)
	claims("\t\t", ch.Claims)
	w(",\n\t\tOutputs: []tallybook.RerunOutput{\n")
	for _, s := range ch.Snippets {
		if s.Want != nil {
			w("\t\t\t{Snippet: %d, Line: %d, Want: %q, Unordered: %v},\n", s.Index, s.Want.Line, s.Want.Text, s.Want.Unordered)
		}
	}
	w("\t\t},\n\t\tTranslations: map[string]tallybook.RerunTranslation{\n")
	var trs []*chapter.Translation
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
		w(",\n\t\ttallybook.NewParam(%q, &%s, %d, tallycheck.Domain{Value: %s", p.Name, p.Name, p.Line, p.GoLiteral())
		if p.Min != nil {
			w(", Min: new(%s)", chapter.Param{Value: *p.Min}.GoLiteral())
		}
		if p.Max != nil {
			w(", Max: new(%s)", chapter.Param{Value: *p.Max}.GoLiteral())
		}
		if len(p.Choices) > 0 {
			w(", Choices: []any{")
			for i, c := range p.Choices {
				if i > 0 {
					w(", ")
				}
				w("%s", chapter.Param{Value: c}.GoLiteral())
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
