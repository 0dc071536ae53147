package runner

import (
	"bytes"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"

	"github.com/tally-book/tally/internal/fsutil"
	"github.com/tally-book/tally/runner/chapter"
	"golang.org/x/tools/imports"
)

// bookImport is the import path of the runtime that programs publish through.
const bookImport = "github.com/tally-book/tally/book"

// knownImports resolves the package names that snippets use most, so that
// the slow search of golang.org/x/tools/imports is needed only for others.
// A book adds its own in its book file (Settings.Imports), which win over
// these.
var knownImports = map[string]string{
	"book": bookImport, "figures": "github.com/tally-book/tally/figures",
	"mat": "gonum.org/v1/gonum/mat", "floats": "gonum.org/v1/gonum/floats", "stat": "gonum.org/v1/gonum/stat",
	"distuv": "gonum.org/v1/gonum/stat/distuv", "blas32": "gonum.org/v1/gonum/blas/blas32",
	"blas64": "gonum.org/v1/gonum/blas/blas64", "scalar": "gonum.org/v1/gonum/floats/scalar",
	"diff": "gonum.org/v1/gonum/diff/fd", "fd": "gonum.org/v1/gonum/diff/fd",
	"plot": "gonum.org/v1/plot", "plotter": "gonum.org/v1/plot/plotter", "vg": "gonum.org/v1/plot/vg",
	"draw": "gonum.org/v1/plot/vg/draw", "plotutil": "gonum.org/v1/plot/plotutil",
	"fmt": "fmt", "math": "math", "rand": "math/rand/v2", "bits": "math/bits", "cmplx": "math/cmplx",
	"big": "math/big", "sort": "sort", "slices": "slices", "maps": "maps", "strings": "strings",
	"strconv": "strconv", "bytes": "bytes", "bufio": "bufio", "os": "os", "io": "io", "errors": "errors",
	"time": "time", "sync": "sync", "atomic": "sync/atomic", "runtime": "runtime", "cmp": "cmp",
	"iter": "iter", "unicode": "unicode", "utf8": "unicode/utf8", "json": "encoding/json",
	"binary": "encoding/binary", "gzip": "compress/gzip", "filepath": "path/filepath", "path": "path",
	"image": "image", "color": "image/color", "png": "image/png", "tabwriter": "text/tabwriter",
	"debug": "runtime/debug", "reflect": "reflect", "context": "context", "log": "log",
}

// knownImport returns the import path of a package name: the book's own
// (its book file's imports) or one of knownImports.
func knownImport(name string, book map[string]string) (string, bool) {
	if path, ok := book[name]; ok {
		return path, true
	}
	path, ok := knownImports[name]
	return path, ok
}

// importsMark stands for the import block until the imports are known.
const importsMark = "// IMPORTS\n"

// program is a generated chapter program.
type program struct {
	Source  []byte
	File    string                 // module-relative path of main.go, used in //line resets
	Imports []string               // import paths, sorted
	At      map[string]chapter.Pos // import path → the chapter line that asks for it (an import, or the first use of an implicit one)
	Book    string                 // the folder of the chapter's book, absolute ("" for a book of no folder): whose program it is in its gen folder
}

// generate writes the program of ch. deps are the chapters it uses,
// dependencies first. file is the module-relative path the program will
// have in mod; bookImports are the book file's implicit imports. Snippet
// errors (such as a scanner error) are returned as an ErrorList with
// chapter positions.
func generate(ch *chapter.Chapter, deps []*chapter.Chapter, params []chapter.Param, file string, mod *Module, bookImports map[string]string) (*program, error) {
	// The parameters of used chapters are variables too: their functions
	// may read them. The chapter's own parameters win over theirs.
	var errs chapter.ErrorList
	declared := map[string]bool{}
	for _, p := range params {
		declared[p.Name] = true
	}
	type depParam struct {
		chapter.Param
		path string
	}
	var inherited []depParam
	for _, d := range deps {
		for _, p := range d.Meta.Params {
			if !declared[p.Name] {
				declared[p.Name] = true
				inherited = append(inherited, depParam{p, d.Path})
				continue
			}
			// Two used chapters that disagree on a parameter the chapter
			// does not set itself: their functions cannot both be right.
			for _, q := range inherited {
				if q.Name == p.Name && fmt.Sprint(q.Value) != fmt.Sprint(p.Value) {
					errs.Add(chapter.Pos{File: ch.Path, Line: 1}, "uses: parameter %s is %v in %s:%d but %v in %s:%d; set it in this chapter's params to choose",
						p.Name, q.Value, q.path, q.Line, p.Value, d.Path, p.Line)
				}
			}
		}
	}
	split := func(c *chapter.Chapter) [][]item {
		out := make([][]item, len(c.Snippets))
		for i, s := range c.Snippets {
			if !s.Runs() {
				continue
			}
			items, err := splitSnippet(s.Code)
			if err != nil {
				for _, e := range scanErrors(err) {
					errs.Add(chapter.Pos{File: c.Path, Line: s.Line + e.line - 1}, "%s", e.msg)
				}
				continue
			}
			out[i] = items
		}
		return out
	}
	if len(errs) > 0 {
		return nil, errs
	}
	own := split(ch)
	var depItems [][][]item
	for _, d := range deps {
		depItems = append(depItems, split(d))
	}
	if len(errs) > 0 {
		return nil, errs
	}

	var imps []imp
	addImports := func(c *chapter.Chapter, items [][]item) {
		for i, its := range items {
			for _, it := range its {
				for _, im := range it.imports {
					im.at = chapter.Pos{File: c.Path, Line: c.Snippets[i].Line + im.at.Line}
					imps = append(imps, im)
				}
			}
		}
	}
	addImports(ch, own)
	for i, d := range depItems {
		addImports(deps[i], d)
	}
	// A parameter is a package-level variable: it hides a package of its
	// name, which the compiler would report as a clash with the import or
	// as a number without the field the snippet wanted.
	paramAt := map[string]chapter.Pos{}
	for _, p := range params {
		paramAt[p.Name] = chapter.Pos{File: ch.Path, Line: p.Line}
	}
	for _, p := range inherited {
		paramAt[p.Name] = chapter.Pos{File: p.path, Line: p.Line}
	}
	for _, im := range imps {
		name := im.name
		if name == "" {
			name = pathName(im.path)
		}
		if at, ok := paramAt[name]; ok {
			errs.Add(at, "param %s: has the name of the package %q that %s imports; rename the parameter", name, im.path, im.at)
			delete(paramAt, name)
		}
	}
	if len(errs) > 0 {
		return nil, errs
	}
	emit := func(importBlock string) []byte {
		g := &gen{file: file}
		g.printf("// Code generated by tally from %s. DO NOT EDIT.\n\npackage main\n\n%s", ch.Path, importBlock)
		if strings.Contains(importBlock, "//line ") {
			g.reset()
		}
		g.printf("\n")
		if len(params)+len(inherited) > 0 {
			g.printf("// Parameters, from the front matter; the runner may give the chapter's own other values.\n")
			for _, p := range params {
				g.line(ch.Path, p.Line, 1)
				g.printf("var %s = book.Param(%q, %s)\n", p.Name, p.Name, p.GoLiteral())
				g.reset()
			}
			for _, p := range inherited {
				g.line(p.path, p.Line, 1)
				g.printf("var %s = %s\n", p.Name, p.GoLiteral())
				g.reset()
			}
			g.printf("\n")
		}
		decls := func(c *chapter.Chapter, items [][]item) {
			for i, its := range items {
				for _, it := range its {
					if it.kind != itemDecl {
						continue
					}
					g.line(c.Path, c.Snippets[i].Line+it.line, it.col)
					g.printf("%s%s\n", indent(it.col), it.text)
					g.reset()
					g.printf("\n")
				}
			}
		}
		for i, d := range deps {
			decls(d, depItems[i])
		}
		decls(ch, own)

		g.printf("func main() {\n\tdefer book.Start()()\n")
		for _, p := range params {
			g.printf("\tbook.Publish(%q, %s)\n", p.Name, p.Name)
		}
		var defined []string
		for i, its := range own {
			s := ch.Snippets[i]
			if !s.Runs() {
				continue
			}
			g.printf("\tbook.Snippet(%d)\n", i)
			for _, it := range its {
				if it.kind != itemStmt {
					continue
				}
				g.line(ch.Path, s.Line+it.line, it.col)
				g.printf("%s%s\n", indent(it.col), it.text)
				g.reset()
				defined = append(defined, it.defines...)
			}
		}
		if len(defined) > 0 {
			g.printf("\t// Every variable of the chapter counts as used.\n")
			seen := map[string]bool{}
			for _, n := range defined {
				if !seen[n] {
					seen[n] = true
					g.printf("\t_ = %s\n", n)
				}
			}
		}
		g.printf("\tbook.End()\n}\n")

		return g.buf.Bytes()
	}
	probe := emit(importsMark)
	for _, u := range paramsAsPackages(probe, filepath.Join(mod.Root, file), paramAt) {
		errs.Add(paramAt[u.name], "param %s: used as a package at %s (%s.%s), but a parameter hides the package of its name; rename the parameter", u.name, u.at, u.name, u.sel)
	}
	if len(errs) > 0 {
		return nil, errs
	}
	importBlock, at := resolveImports(probe, imps, filepath.Join(mod.Root, file), bookImports)
	src := emit(importBlock)
	paths := make([]string, 0, len(at))
	for p := range at {
		paths = append(paths, p)
	}
	sort.Strings(paths)
	return &program{Source: src, File: file, Imports: paths, At: at}, nil
}

// paramUse is a parameter used as a package: name.sel at at.
type paramUse struct {
	name, sel string
	at        chapter.Pos
}

// paramsAsPackages returns the first use of each parameter of params as
// the package of a selector (math.Sqrt where math is a parameter) in the
// program src, whose package-level variables the parameters are. A
// parameter's values are numbers, booleans or strings, which have no
// fields or methods, so such a use always meant the package; a local
// variable of the same name is another object and does not count.
func paramsAsPackages(src []byte, filename string, params map[string]chapter.Pos) []paramUse {
	if len(params) == 0 {
		return nil
	}
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, filename, bytes.Replace(src, []byte(importsMark), nil, 1), 0)
	if err != nil {
		return nil // the compiler reports the syntax error at its chapter line
	}
	var uses []paramUse
	seen := map[string]bool{}
	ast.Inspect(f, func(n ast.Node) bool {
		sel, ok := n.(*ast.SelectorExpr)
		if !ok {
			return true
		}
		id, ok := sel.X.(*ast.Ident)
		if !ok || seen[id.Name] || id.Obj == nil || id.Obj != f.Scope.Lookup(id.Name) {
			return true
		}
		if _, ok := params[id.Name]; ok {
			seen[id.Name] = true
			uses = append(uses, paramUse{name: id.Name, sel: sel.Sel.Name, at: chapterPos(fset, id.Pos())})
		}
		return true
	})
	return uses
}

// gen writes a program and keeps count of its lines, so that it can point
// positions back at itself after a //line directive.
type gen struct {
	buf   bytes.Buffer
	lines int
	file  string
}

func (g *gen) printf(format string, args ...any) {
	s := fmt.Sprintf(format, args...)
	g.lines += strings.Count(s, "\n")
	g.buf.WriteString(s)
}

// line makes the next line have position file:line:col.
func (g *gen) line(file string, line, col int) {
	_ = col // the item text is indented back to its column instead
	g.printf("//line %s:%d\n", file, line)
}

// reset makes positions point at the generated file again.
func (g *gen) reset() {
	g.printf("//line %s:%d\n", g.file, g.lines+2)
}

type scanErr struct {
	line int
	msg  string
}

func scanErrors(err error) []scanErr {
	var out []scanErr
	switch e := err.(type) {
	case scannerErrorList:
		for _, x := range e {
			out = append(out, scanErr{x.Pos.Line, x.Msg})
		}
	default:
		line := 1
		msg := err.Error()
		if a, b, ok := strings.Cut(msg, ":"); ok {
			if n, err := strconv.Atoi(a); err == nil {
				line = n
				if _, rest, ok := strings.Cut(b, ":"); ok {
					msg = strings.TrimSpace(rest)
				}
			}
		}
		out = append(out, scanErr{line, msg})
	}
	return out
}

// resolveImports returns the import block: the author's imports, the
// runtime, and a package for every unresolved name used as pkg.Name; and
// the chapter place of each import path (no place for the runtime's).
func resolveImports(src []byte, explicit []imp, filename string, bookImports map[string]string) (string, map[string]chapter.Pos) {
	byName := map[string]imp{"book": {path: bookImport}}
	for _, im := range explicit {
		name := im.name
		if name == "" {
			name = pathName(im.path)
		}
		byName[name] = im
	}
	probe := bytes.Replace(src, []byte(importsMark), nil, 1)
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, filename, probe, 0)
	if err != nil {
		// The compiler will report the syntax error at its chapter line.
		return formatImports(byName)
	}
	unresolved := map[string]bool{}
	for _, id := range f.Unresolved {
		unresolved[id.Name] = true
	}
	var missing []string
	firstUse := map[string]chapter.Pos{}
	ast.Inspect(f, func(n ast.Node) bool {
		sel, ok := n.(*ast.SelectorExpr)
		if !ok {
			return true
		}
		id, ok := sel.X.(*ast.Ident)
		if !ok || !unresolved[id.Name] {
			return true
		}
		if _, ok := byName[id.Name]; ok {
			return true
		}
		if path, ok := knownImport(id.Name, bookImports); ok {
			byName[id.Name] = imp{path: path, at: chapterPos(fset, id.Pos())}
		} else {
			missing = append(missing, id.Name)
			if _, ok := firstUse[id.Name]; !ok {
				firstUse[id.Name] = chapterPos(fset, id.Pos())
			}
		}
		return true
	})
	if len(missing) > 0 {
		// The slow path: let goimports search the module's dependencies.
		block, _ := formatImports(byName)
		withImports := bytes.Replace(src, []byte(importsMark), []byte(block), 1)
		out, err := imports.Process(filename, withImports, &imports.Options{Comments: true, TabIndent: true, TabWidth: 8})
		if err == nil {
			if f2, err := parser.ParseFile(token.NewFileSet(), filename, out, parser.ImportsOnly); err == nil {
				for _, spec := range f2.Imports {
					path, _ := strconv.Unquote(spec.Path.Value)
					name := pathName(path)
					if spec.Name != nil {
						name = spec.Name.Name
					}
					if _, ok := byName[name]; !ok {
						byName[name] = imp{path: path, at: firstUse[name]}
						if spec.Name != nil {
							byName[name] = imp{name: name, path: path, at: firstUse[name]}
						}
					}
				}
			}
		}
	}
	return formatImports(byName)
}

// formatImports returns the import block of byName, sorted. An import
// with a place in a chapter comes after a //line directive to it, so that
// the go command reports a package it cannot find at the chapter line that
// asked for it; the caller resets positions after the block. It returns
// the first chapter place of each import path too.
func formatImports(byName map[string]imp) (string, map[string]chapter.Pos) {
	at := map[string]chapter.Pos{}    // import line → its first place in a chapter
	paths := map[string]chapter.Pos{} // import path → its first place in a chapter
	for name, im := range byName {
		if p, ok := paths[im.path]; !ok || earlier(im.at, p) {
			paths[im.path] = im.at
		}
		l := strconv.Quote(im.path)
		if im.name != "" || pathName(im.path) != name {
			l = name + " " + l
		}
		if p, ok := at[l]; !ok || earlier(im.at, p) {
			at[l] = im.at
		}
	}
	lines := make([]string, 0, len(at))
	for l := range at {
		lines = append(lines, l)
	}
	// Imports with no place first: after a //line directive, a line would
	// take the place of the line before it.
	sort.Slice(lines, func(i, j int) bool {
		pi, pj := at[lines[i]].File != "", at[lines[j]].File != ""
		if pi != pj {
			return pj
		}
		return lines[i] < lines[j]
	})
	var b strings.Builder
	b.WriteString("import (\n")
	for _, l := range lines {
		if p := at[l]; p.File != "" && p.Line > 0 {
			fmt.Fprintf(&b, "//line %s:%d\n", p.File, p.Line)
		}
		b.WriteString("\t" + l + "\n")
	}
	b.WriteString(")\n")
	return b.String(), paths
}

// earlier reports whether the place p comes before q: a place before no
// place, then by file and line.
func earlier(p, q chapter.Pos) bool {
	switch {
	case p.File == "" || q.File == "":
		return q.File == "" && p.File != ""
	case p.File != q.File:
		return p.File < q.File
	}
	return p.Line < q.Line
}

// chapterPos returns the chapter position of pos in a generated program
// (whose //line directives name the chapters), or no place when pos is in
// the program's own lines.
func chapterPos(fset *token.FileSet, pos token.Pos) chapter.Pos {
	p := fset.Position(pos)
	if !strings.HasSuffix(p.Filename, ".md") {
		return chapter.Pos{}
	}
	// go/scanner makes a relative //line file name relative to the
	// program's folder; the directive wants it as the chapter gave it.
	file := p.Filename
	if dir := filepath.Dir(fset.File(pos).Name()); filepath.IsAbs(dir) {
		if rel, err := filepath.Rel(dir, file); err == nil {
			file = filepath.ToSlash(rel)
		}
	}
	return chapter.Pos{File: file, Line: p.Line}
}

// pathName guesses the package name of an import path: its last element,
// skipping a major-version suffix such as /v2.
func pathName(path string) string {
	parts := strings.Split(path, "/")
	last := parts[len(parts)-1]
	if len(parts) > 1 && len(last) > 1 && last[0] == 'v' && strings.Trim(last[1:], "0123456789") == "" {
		last = parts[len(parts)-2]
	}
	return strings.TrimPrefix(strings.TrimSuffix(last, ".go"), "go-")
}

// lockDir takes an exclusive lock on dir (creating it), released by the
// returned function.
func lockDir(dir string) (func(), error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	return fsutil.Lock(filepath.Join(dir, ".lock"), nil)
}

// genDir is the folder of a chapter's program.
func (r *Runner) genDir(ch *chapter.Chapter) string { return filepath.Join(r.work, "gen", ch.Slug) }

// generated is a chapter's program as program made it, with its errors.
type generated struct {
	prog *program
	errs chapter.ErrorList
}

// program returns the program of the chapter ch of b, or nil when the
// chapter has nothing to run. It holds the front matter's parameters and
// the definitions of the chapters ch uses, and depends on nothing else, so
// a runner generates it once however many steps need it (the imports
// file, the run, the browser's program).
func (r *Runner) program(b *chapter.Book, ch *chapter.Chapter) (*program, chapter.ErrorList) {
	r.progMu.Lock()
	defer r.progMu.Unlock()
	if g, ok := r.progs[ch]; ok {
		return g.prog, g.errs
	}
	prog, errs := r.generateProgram(b, ch)
	if r.progs == nil {
		r.progs = map[*chapter.Chapter]generated{}
	}
	r.progs[ch] = generated{prog, errs}
	return prog, errs
}

// generateProgram generates the program of the chapter ch of b (see
// program).
func (r *Runner) generateProgram(b *chapter.Book, ch *chapter.Chapter) (*program, chapter.ErrorList) {
	params := ch.Meta.Params
	runs := 0
	for _, s := range ch.Snippets {
		if s.Runs() {
			runs++
		}
	}
	if runs == 0 && len(params) == 0 {
		return nil, nil
	}
	deps, _ := b.Deps(ch)
	rel, _ := filepath.Rel(r.root, filepath.Join(r.genDir(ch), "main.go"))
	prog, err := generate(ch, deps, params, filepath.ToSlash(rel), r.mod, b.Settings.Imports)
	if err != nil {
		if l, ok := err.(chapter.ErrorList); ok {
			return nil, l
		}
		var errs chapter.ErrorList
		errs.Add(chapter.Pos{File: ch.Path}, "%v", err)
		return nil, errs
	}
	if b.Dir != "" {
		if dir, err := filepath.Abs(b.Dir); err == nil {
			prog.Book = dir
		}
	}
	return prog, nil
}
