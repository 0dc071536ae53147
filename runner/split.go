package runner

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/scanner"
	"go/token"
	"strconv"
	"strings"

	"github.com/tally-book/tally/runner/chapter"
)

// itemKind says where a top-level piece of a snippet goes in the program.
type itemKind int

const (
	itemImport itemKind = iota // import declaration: into the import block
	itemDecl                   // func, method, type or const: package level
	itemStmt                   // statement, including var: in main, in order
)

// item is a top-level piece of a snippet.
type item struct {
	kind    itemKind
	text    string
	line    int      // line of the first token, counted from the snippet's first line (0-based)
	col     int      // column of the first token (1-based)
	imports []imp    // for itemImport
	defines []string // for itemStmt: names declared with := or var
}

// imp is an import: its name (empty for the package's own), its path,
// and where the chapter asks for it: the line of an import declaration
// (counted from the snippet's first line, 0-based, while splitting; a
// chapter position once the program is generated), or the first use of a
// package that the runner imports on its own. The zero at is no place.
type imp struct {
	name, path string
	at         chapter.Pos
}

// splitSnippet cuts a snippet into top-level items: declarations go to
// package level, statements into main, so that a snippet may mix both.
func splitSnippet(code string) ([]item, error) {
	fset := token.NewFileSet()
	file := fset.AddFile("", -1, len(code))
	var errs scanner.ErrorList
	var s scanner.Scanner
	s.Init(file, []byte(code), func(pos token.Position, msg string) { errs.Add(pos, msg) }, 0)

	type tok struct {
		pos token.Pos
		tok token.Token
		lit string
	}
	var items []item
	var cur []tok
	depth := 0
	var open []tok  // the brackets not closed yet, innermost last
	header := false // inside the header of for, if or switch, whose ';' do not end the statement
	// flush ends the current item where the token that ends it starts.
	flush := func(end int) {
		if len(cur) == 0 {
			return
		}
		first := cur[0]
		start := file.Offset(first.pos)
		if end < start {
			end = start
		}
		p := file.Position(first.pos)
		it := item{text: strings.TrimRight(code[start:end], " \t\r\n"), line: p.Line - 1, col: p.Column}
		it.kind = classify(cur[0].tok, it.text)
		items = append(items, it)
		cur = cur[:0]
	}
	for {
		pos, t, lit := s.Scan()
		if t == token.EOF {
			flush(len(code))
			if len(open) > 0 {
				// The compiler would say "unexpected EOF" at the end of
				// the generated program: point at the bracket instead.
				o := open[len(open)-1]
				errs.Add(file.Position(o.pos), fmt.Sprintf("this %s is never closed: a %s is missing in this snippet", o.tok, closer[o.tok]))
			}
			break
		}
		switch t {
		case token.FOR, token.IF, token.SWITCH:
			if depth == 0 {
				header = true
			}
		case token.LBRACE:
			if depth == 0 {
				header = false
			}
		}
		switch t {
		case token.LPAREN, token.LBRACE, token.LBRACK:
			depth++
			open = append(open, tok{pos, t, lit})
		case token.RPAREN, token.RBRACE, token.RBRACK:
			depth--
			if len(open) > 0 {
				open = open[:len(open)-1]
			}
		}
		if t == token.SEMICOLON && depth == 0 && !header {
			flush(file.Offset(pos))
			continue
		}
		cur = append(cur, tok{pos, t, lit})
	}
	if len(errs) > 0 {
		return nil, errs
	}
	for i := range items {
		it := &items[i]
		switch it.kind {
		case itemImport:
			fset := token.NewFileSet()
			f, err := parser.ParseFile(fset, "", "package p\n"+it.text, parser.ImportsOnly)
			if err != nil {
				return nil, fmt.Errorf("%d:%d: bad import: %v", it.line+1, it.col, err)
			}
			for _, spec := range f.Imports {
				path, _ := strconv.Unquote(spec.Path.Value)
				name := ""
				if spec.Name != nil {
					name = spec.Name.Name
				}
				line := it.line + fset.Position(spec.Path.Pos()).Line - 2 // "package p" is line 1
				it.imports = append(it.imports, imp{name: name, path: path, at: chapter.Pos{Line: line}})
			}
		case itemStmt:
			it.defines = defines(it.text)
		}
	}
	return items, nil
}

// closer is the closing bracket of each opening one.
var closer = map[token.Token]token.Token{token.LPAREN: token.RPAREN, token.LBRACE: token.RBRACE, token.LBRACK: token.RBRACK}

// classify decides where an item goes from its first tokens.
func classify(first token.Token, text string) itemKind {
	switch first {
	case token.IMPORT:
		return itemImport
	case token.TYPE, token.CONST:
		return itemDecl
	case token.FUNC:
		// A function or method declaration, unless it is a function literal
		// called as a statement, such as func() { … }().
		if _, err := parser.ParseFile(token.NewFileSet(), "", "package p\n"+text, parser.SkipObjectResolution); err == nil {
			return itemDecl
		}
	}
	return itemStmt
}

// defines returns the names a top-level statement declares (x, y := …,
// var x …), so the program can mark them used.
func defines(stmt string) []string {
	f, err := parser.ParseFile(token.NewFileSet(), "", "package p\nfunc _() {\n"+stmt+"\n}", parser.SkipObjectResolution)
	if err != nil || len(f.Decls) == 0 {
		return nil
	}
	body := f.Decls[0].(*ast.FuncDecl).Body
	var names []string
	for _, st := range body.List {
		switch st := st.(type) {
		case *ast.AssignStmt:
			if st.Tok == token.DEFINE {
				for _, l := range st.Lhs {
					if id, ok := l.(*ast.Ident); ok && id.Name != "_" {
						names = append(names, id.Name)
					}
				}
			}
		case *ast.DeclStmt:
			if g, ok := st.Decl.(*ast.GenDecl); ok && g.Tok == token.VAR {
				for _, spec := range g.Specs {
					for _, id := range spec.(*ast.ValueSpec).Names {
						if id.Name != "_" {
							names = append(names, id.Name)
						}
					}
				}
			}
		}
	}
	return names
}

// indent returns n-1 spaces, to put a token back at column n.
func indent(col int) string {
	if col <= 1 {
		return ""
	}
	return strings.Repeat(" ", col-1)
}

type scannerErrorList = scanner.ErrorList
