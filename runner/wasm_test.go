package runner

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tally-book/tally/runner/chapter"
)

// wasmChapter has a parameter, claims, an output block and a figure: what
// a re-run in the browser changes.
const wasmChapter = `---
params:
  lr: {value: 0.1, min: 0.01, max: 0.4}
  steps: {value: 3, choices: [3, 4]}
---
# Descent

` + "```go" + `
if lr > 0.35 {
	panic("the step is too large")
}
x := 1.0
trace := make([]float64, steps)
for i := range steps {
	x -= lr * 2 * x
	trace[i] = x
}
book.Publish("x", x)
book.Publish("slow", x > 0.5)
fmt.Printf("x = %.4f\n", x)
figures.PublishText("descent", func(tr figures.Text) figures.Drawer {
	return figures.New(tr("descent"), "step", "x")
}, "The descent.", "An empty plot.")
` + "```" + `

` + "```output" + `
x = 0.5120
` + "```" + `

After three steps x is 0.512<!--=x--> and it stays above 0.5<!--=x >-->, at a rate of 0.1<!--=lr-->. The descent is slow<!--?slow-->.
`

// wasmTranslation translates wasmChapter, with a claim of its own.
const wasmTranslation = `---
figure_text:
  descent: 하강
---
# 하강 <!--from descent-->

` + "```go" + `
` + "```" + `

세 단계 뒤 x는 0.51<!--=x-->입니다. 하강은 느립니다<!--?slow-->.
`

// squareChapter is a second chapter of the same browser program.
const squareChapter = `---
params:
  n: {value: 3, min: 1, max: 10}
---
# Square

` + "```go" + `
book.Publish("sq", n*n)
fmt.Println(n * n)
` + "```" + `

It is 9<!--=sq-->.
`

// rerunResult mirrors the RerunResult that the browser program hands the page.
type rerunResult struct {
	Chapter  string            `json:"chapter"`
	Params   map[string]string `json:"params"`
	Error    string            `json:"error"`
	Snippets []struct {
		Index  int    `json:"index"`
		Stdout string `json:"stdout"`
		Output string `json:"output"`
	} `json:"snippets"`
	Figures []struct {
		Name string `json:"name"`
		Src  string `json:"src"`
		Type string `json:"type"`
	} `json:"figures"`
	Claims []struct {
		Index   int    `json:"index"`
		Name    string `json:"name"`
		Written string `json:"written"`
		Value   string `json:"value"`
		Status  string `json:"status"`
		Note    string `json:"note"`
	} `json:"claims"`
	Summary string `json:"summary"`
}

// TestBuildWasm builds two chapters into one program for the browser and
// runs them in Node.js with the book's parameters and with others: claims
// and output are checked again in the program, by package check. The
// program is reused from the cache only while its file is intact.
func TestBuildWasm(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a program for wasm")
	}
	node, err := exec.LookPath("node")
	if err != nil {
		t.Skip("node is missing: the browser program cannot be run")
	}
	root := moduleRoot(t)
	r, err := New(Config{Root: root, Work: filepath.Join(root, "_tally", "test", "wasm")})
	if err != nil {
		t.Fatal(err)
	}
	b := chapter.NewBook(map[string][]byte{"chapters/01-descent.md": []byte(wasmChapter), "chapters/ko/01-descent.md": []byte(wasmTranslation),
		"chapters/02-square.md": []byte(squareChapter)})
	ctx := context.Background()
	w, err := r.BuildWasm(ctx, b, b.Chapters)
	if err != nil {
		t.Fatal(err)
	}
	if w.Size == 0 || w.Size > 15<<20 || len(w.Sum) != 64 || fmt.Sprint(w.Chapters) != "[01-descent 02-square]" {
		t.Errorf("program %+v, want between 1 and 15 MiB, a SHA-256 and both chapters", w)
	}
	again, err := r.BuildWasm(ctx, b, b.Chapters)
	if err != nil || again.Cache != "hit" || again.Path != w.Path || again.Sum != w.Sum {
		t.Errorf("second build: %+v, %v; want a cache hit of %s", again, err, w.Path)
	}
	wasmExec, err := r.WasmExec(ctx)
	if err != nil {
		t.Fatal(err)
	}
	run := func(params string) rerunResult {
		t.Helper()
		if !strings.Contains(params, `"chapter"`) {
			params = strings.Replace(params, "{", `{"chapter": "01-descent", `, 1)
			params = strings.Replace(params, ", }", "}", 1)
		}
		cmd := exec.Command(node, filepath.Join("testdata", "wasm", "run.js"), wasmExec, w.Path, params)
		var stderr strings.Builder
		cmd.Stderr = &stderr
		out, err := cmd.Output()
		if err != nil {
			t.Fatalf("node: %v\n%s", err, stderr.String())
		}
		var res rerunResult
		if err := json.Unmarshal(out, &res); err != nil {
			t.Fatalf("%v: %s", err, out)
		}
		return res
	}

	res := run(`{}`)
	if res.Error != "" || res.Summary != "under the book's parameters: 4 claims hold" {
		t.Errorf("book's parameters: error %q, summary %q", res.Error, res.Summary)
	}
	if len(res.Snippets) != 1 || res.Snippets[0].Stdout != "x = 0.5120\n" || res.Snippets[0].Output != "holds" {
		t.Errorf("snippets = %+v", res.Snippets)
	}
	if len(res.Figures) != 1 || res.Figures[0].Name != "descent" || res.Figures[0].Type != "image/svg+xml" ||
		!strings.HasPrefix(res.Figures[0].Src, "data:image/svg+xml;base64,") {
		t.Errorf("figures = %+v", res.Figures)
	}
	svg := func(r rerunResult) string {
		if len(r.Figures) != 1 {
			return ""
		}
		b, _ := base64.StdEncoding.DecodeString(strings.TrimPrefix(r.Figures[0].Src, "data:image/svg+xml;base64,"))
		return string(b)
	}
	if !strings.Contains(svg(res), ">descent<") {
		t.Errorf("the figure has no title descent:\n%s", svg(res))
	}

	res = run(`{"params": {"lr": "0.1"}}`)
	if res.Error != "" || res.Summary != "under lr=0.1: 4 claims hold, 0 changed" {
		t.Errorf("lr=0.1 (the book's): error %q, summary %q", res.Error, res.Summary)
	}

	res = run(`{"params": {"lr": "0.2", "steps": "3"}}`)
	if res.Error != "" || res.Summary != "under lr=0.2, steps=3: 0 claims hold, 4 changed" {
		t.Errorf("lr=0.2: error %q, summary %q", res.Error, res.Summary)
	}
	if len(res.Claims) != 4 {
		t.Fatalf("claims = %+v", res.Claims)
	}
	if c := res.Claims[0]; c.Index != 0 || c.Name != "x" || c.Status != "changed" || c.Value != "0.21600" ||
		c.Note != "the text says 0.512, this run gives 0.216" {
		t.Errorf("claim 0 = %+v", c)
	}
	// A statement that the run finds false has changed too.
	if c := res.Claims[3]; c.Index != 3 || c.Name != "slow" || c.Status != "changed" || c.Value != "false" ||
		c.Written != "The descent is slow" || c.Note != `the text says "The descent is slow", this run finds it false` {
		t.Errorf("claim 3 = %+v", c)
	}
	if s := res.Snippets[0]; s.Stdout != "x = 0.2160\n" || s.Output != "changed" {
		t.Errorf("snippet = %+v", s)
	}

	// A translation's page: its own claims, its figure text.
	res = run(`{"params": {"lr": "0.2"}, "lang": "ko"}`)
	if res.Error != "" || len(res.Claims) != 2 || res.Claims[0].Written != "0.51" || res.Claims[0].Status != "changed" ||
		res.Claims[1].Written != "하강은 느립니다" || res.Claims[1].Status != "changed" {
		t.Errorf("ko: error %q, claims %+v", res.Error, res.Claims)
	}
	if !strings.Contains(svg(res), ">하강<") {
		t.Errorf("the Korean figure has no title 하강:\n%s", svg(res))
	}

	for req, want := range map[string]string{
		`{"params": {"lr": "fast"}}`: "chapters/01-descent.md:3: lr=fast: want a number, like 0.1",
		`{"params": {"rate": "1"}}`:  "chapters/01-descent.md: the chapter has no parameter rate",
		`{"lang": "fr"}`:             `chapters/01-descent.md: no translation into "fr"`,
		`{"params": {"lr": "0.5"}}`:  "chapters/01-descent.md:3: lr=0.5: must be at most 0.4",
		`{"params": {"steps": "5"}}`: "chapters/01-descent.md:4: steps=5: must be one of 3, 4",
		`{"chapter": "03-none"}`:     `the book's program for the browser has no chapter "03-none" (it has 01-descent, 02-square): the page and the program come from different builds; build the site again with tally build`,
	} {
		if res := run(req); res.Error != want || len(res.Snippets) != 0 {
			t.Errorf("%s: error %q, %d snippets; want %q and nothing run", req, res.Error, len(res.Snippets), want)
		}
	}
	if res := run(`{"params": {"lr": "0.3", "steps": "4"}}`); res.Error != "" || res.Summary != "under lr=0.3, steps=4: 0 claims hold, 4 changed" {
		t.Errorf("lr=0.3, steps=4: error %q, summary %q", res.Error, res.Summary)
	}
	line := 1 + strings.Count(wasmChapter[:strings.Index(wasmChapter, "panic(")], "\n")
	want := fmt.Sprintf("chapters/01-descent.md:%d: panic: the step is too large", line)
	if res := run(`{"params": {"lr": "0.4"}}`); res.Error != want || len(res.Claims) != 0 {
		t.Errorf("lr=0.4: error %q, want %q and no claims", res.Error, want)
	}

	// The second chapter, from the same program.
	res = run(`{"chapter": "02-square", "params": {"n": "4"}}`)
	if res.Error != "" || res.Chapter != "02-square" || res.Summary != "under n=4: 0 claims hold, 1 changed" ||
		len(res.Snippets) != 1 || res.Snippets[0].Stdout != "16\n" {
		t.Errorf("02-square, n=4: %+v", res)
	}

	// A damaged program is built again, not reused: truncated, or one
	// byte changed with its size kept.
	for name, spoil := range map[string]func([]byte) []byte{
		"truncated":   func(b []byte) []byte { return b[:len(b)/2] },
		"one changed": func(b []byte) []byte { b[len(b)/2] ^= 1; return b },
	} {
		bin, err := os.ReadFile(w.Path)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(w.Path, spoil(bin), 0o644); err != nil {
			t.Fatal(err)
		}
		got, err := r.BuildWasm(ctx, b, b.Chapters)
		if err != nil || got.Cache != "miss" || got.Sum != w.Sum {
			t.Errorf("%s: %+v, %v; want the program built again, with SHA-256 %s", name, got, err, w.Sum)
		}
	}
	// -force builds it again.
	rf, err := New(Config{Root: root, Work: filepath.Join(root, "_tally", "test", "wasm"), Force: true})
	if err != nil {
		t.Fatal(err)
	}
	if got, err := rf.BuildWasm(ctx, b, b.Chapters); err != nil || got.Cache != "miss" {
		t.Errorf("-force: %+v, %v; want the program built again", got, err)
	}
}

// TestPruneWasm keeps the programs of other books of the module and drops
// this book's earlier programs, those of books whose folder is gone, and
// files without a record (compiles nothing).
func TestPruneWasm(t *testing.T) {
	dir := t.TempDir()
	book, other, gone := t.TempDir(), t.TempDir(), filepath.Join(t.TempDir(), "gone")
	programs := []struct {
		key, book string // book "-": no record
		keep      bool
	}{
		{"now", book, true},
		{"earlier", book, false},
		{"other", other, true},
		{"gone", gone, false},
		{"unnamed", "", false},
		{"orphan", "-", false},
	}
	for _, p := range programs {
		if err := os.WriteFile(filepath.Join(dir, p.key+".wasm"), []byte("\x00asm"), 0o644); err != nil {
			t.Fatal(err)
		}
		if p.book == "-" {
			continue
		}
		m, _ := json.Marshal(wasmMeta{Sum: "x", Size: 4, Book: p.book})
		if err := os.WriteFile(filepath.Join(dir, p.key+".json"), m, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.WriteFile(filepath.Join(dir, "overlay.json"), []byte("{}"), 0o644); err != nil {
		t.Fatal(err)
	}
	pruneWasm(dir, "now", book)
	for _, p := range programs {
		_, err := os.Stat(filepath.Join(dir, p.key+".wasm"))
		if kept := err == nil; kept != p.keep {
			t.Errorf("program %s of book %q: kept %v, want %v", p.key, p.book, kept, p.keep)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "overlay.json")); err != nil {
		t.Errorf("overlay.json: %v", err)
	}
}
