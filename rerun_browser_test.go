package main

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"
	cdpruntime "github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
	"github.com/tally-book/tally/internal/testkit"
)

// rerunChapter is a small chapter whose page re-runs it in the browser:
// a parameter, an output block, claims and a figure.
const rerunChapter = `---
params:
  lr: {value: 0.1, min: 0.01, max: 0.4}
---
# Descent

` + "```go" + `
x := 1.0
for range 3 {
	x -= lr * 2 * x
}
book.Publish("x", x)
book.Publish("slow", x > 0.5)
fmt.Printf("x = %.4f\n", x)
p := figures.New("descent", "step", "x")
figures.Publish("descent", p, "The descent.", "An empty plot.")
` + "```" + `

` + "```output" + `
x = 0.5120
` + "```" + `

After three steps x is 0.512<!--=x-->, at a rate of 0.1<!--=lr-->.
Still below 1<!--=x <-->, the descent is slow<!--?slow-->.
`

// rerunChapterKo is the Korean translation of rerunChapter.
const rerunChapterKo = `---
title: 하강
---
# 하강 <!--from descent-->

` + "```go" + `
` + "```" + `

세 단계 뒤 x는 0.512<!--=x-->이고, 학습률은 0.1<!--=lr-->입니다.
여전히 1<!--=x <-->보다 작으니 하강은 느립니다<!--?slow-->.
`

// spinChapter busy-waits for wait seconds, under a time limit of 2 s; its
// book's run waits for none. waitChapter is the same under the default
// limit of 10 minutes.
const spinChapter = `---
params:
  wait: {value: 0, min: 0, max: 3600}
timeout: 2s
---
# Spin

` + "```go" + `
start := time.Now()
for time.Since(start) < time.Duration(wait)*time.Second {
}
fmt.Printf("waited %d s\n", wait)
` + "```" + `

` + "```output" + `
waited 0 s
` + "```" + `

It waited 0<!--=wait--> seconds.
`

var waitChapter = strings.NewReplacer("timeout: 2s\n", "", "# Spin", "# Wait").Replace(spinChapter)

// browser is headless Chromium with the network off, which records every
// request that leaves file:// and every console error.
type browser struct {
	ctx     context.Context
	base    string // the site's URL over HTTP (newHTTPBrowser); "" for file://
	mu      sync.Mutex
	outside []string // requests to anything but file:, data: and blob: URLs (the re-run's worker)
	loaded  []string // file: URLs requested
	errs    []string // console errors and exceptions
}

func newBrowser(t testing.TB) *browser {
	t.Helper()
	return startBrowser(t, "")
}

// newHTTPBrowser is newBrowser for a site served over HTTP on the
// loopback interface: its files are served from the folder open names,
// and requests to anything else than base are outside. The server
// records what it serves among the loaded files too: the browser's
// events do not tell of the requests of the re-run's worker.
func newHTTPBrowser(t testing.TB, dir *string) *browser {
	t.Helper()
	var b atomic.Pointer[browser]
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if br := b.Load(); br != nil {
			br.mu.Lock()
			br.loaded = append(br.loaded, br.base+r.URL.Path)
			br.mu.Unlock()
		}
		http.FileServer(http.Dir(*dir)).ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)
	br := startBrowser(t, srv.URL)
	b.Store(br)
	return br
}

func startBrowser(t testing.TB, base string) *browser {
	t.Helper()
	bin := testkit.Chromium(t)
	rules := "MAP * ~NOTFOUND"
	if base != "" {
		rules += ", EXCLUDE 127.0.0.1"
	}
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(bin), chromedp.NoSandbox, chromedp.WindowSize(1280, 900),
		chromedp.Flag("host-resolver-rules", rules),
		chromedp.Flag("proxy-server", "127.0.0.1:9"),
	)
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancel := chromedp.NewContext(actx)
	wctx, stop := context.WithCancel(ctx)
	var wg sync.WaitGroup
	t.Cleanup(func() { stop(); wg.Wait(); cancel(); cancelAlloc() })
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("starting %s: %v", bin, err)
	}
	// Over HTTP the site's server is the network; outside it, host names
	// resolve to nothing and other addresses go to a proxy that is not.
	if base == "" {
		if _, err := chromedp.Call(ctx, network.EmulateNetworkConditionsByRule, network.EmulateNetworkConditionsByRuleParams{
			MatchedNetworkConditions: []*network.Conditions{{Offline: true}},
		}); err != nil {
			t.Fatalf("network off: %v", err)
		}
	}
	b := &browser{ctx: ctx, base: base}
	sent := chromedp.Events(wctx, network.RequestWillBeSent)
	thrown := chromedp.Events(wctx, cdpruntime.ExceptionThrown)
	wg.Add(2)
	go func() {
		defer wg.Done()
		for ev, err := range sent {
			if err != nil {
				return
			}
			b.mu.Lock()
			switch u := ev.Request.URL; {
			case strings.HasPrefix(u, "file://"), base != "" && strings.HasPrefix(u, base+"/"):
				b.loaded = append(b.loaded, u)
			case !strings.HasPrefix(u, "data:") && !strings.HasPrefix(u, "blob:"):
				b.outside = append(b.outside, u)
			}
			b.mu.Unlock()
		}
	}()
	go func() {
		defer wg.Done()
		for ev, err := range thrown {
			if err != nil {
				return
			}
			b.mu.Lock()
			d := ev.ExceptionDetails
			msg := d.Text
			if d.Exception != nil {
				msg += " " + d.Exception.Description
			}
			b.errs = append(b.errs, fmt.Sprintf("%s (%s:%d)", msg, d.URL, d.LineNumber+1))
			b.mu.Unlock()
		}
	}()
	return b
}

// take returns the file: URLs requested since the last call.
func (b *browser) take() []string {
	b.mu.Lock()
	defer b.mu.Unlock()
	l := b.loaded
	b.loaded = nil
	return l
}

// do runs actions with a time limit.
func (b *browser) do(t testing.TB, d time.Duration, actions ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, d)
	defer cancel()
	if err := chromedp.Do(ctx, actions...); err != nil {
		t.Fatal(err)
	}
}

// open loads a page of the site in out and returns the files it loaded.
func (b *browser) open(t testing.TB, out, page string) []string {
	t.Helper()
	b.take()
	u := url.URL{Scheme: "file", Path: filepath.Join(out, page)}
	if b.base != "" {
		u = url.URL{Scheme: "http", Host: strings.TrimPrefix(b.base, "http://"), Path: "/" + page}
	}
	b.do(t, 30*time.Second, chromedp.Navigate(u.String()), chromedp.WaitReady(chromedp.CSS("#t_rerun")))
	time.Sleep(200 * time.Millisecond) // let late requests of the load arrive
	return b.take()
}

// bothModes returns a browser that opens the site out from file:// and
// one that fetches it over HTTP.
func bothModes(t testing.TB, out string) []*browser {
	served := out
	return []*browser{newBrowser(t), newHTTPBrowser(t, &served)}
}

// mode is how b opens the site: "file" (file://) or "http".
func (b *browser) mode() string {
	if b.base != "" {
		return "http"
	}
	return "file"
}

// rerun sets the parameters in the panel, runs, and waits for the summary
// of that run or an error.
func (b *browser) rerun(t testing.TB, params map[string]string) {
	t.Helper()
	var sets []string
	for n, v := range params {
		sets = append(sets, n+"="+v)
	}
	sort.Strings(sets)
	b.rerunUnder(t, params, "under "+strings.Join(sets, ", ")+": ")
}

// rerunUnder is rerun on a page whose summary of the run starts with under.
func (b *browser) rerunUnder(t testing.TB, params map[string]string, under string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, 90*time.Second)
	defer cancel()
	// Open the panel (a <details>) unless it is open.
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.getElementById("t_rerun").open = true`)); err != nil {
		t.Fatal(err)
	}
	var actions []chromedp.Action[chromedp.Void]
	for n, v := range params {
		actions = append(actions, chromedp.SetValue(chromedp.CSS(fmt.Sprintf(`#t_rerun [data-param=%q] input.rerun-input`, n)), v))
	}
	actions = append(actions, chromedp.Click(chromedp.CSS("#t_rerun .rerun-run")))
	b.do(t, 10*time.Second, actions...)
	if _, err := chromedp.Run(ctx, chromedp.Poll[bool](fmt.Sprintf(`document.getElementById("t_rerun_summary").textContent.startsWith(%q) || !document.querySelector("#t_rerun .rerun-error").hidden`, under),
		chromedp.WithPollingTimeout(80*time.Second))); err != nil {
		t.Fatal(err)
	}
}

// statementMarksJS is true when the statement of rerunChapter (claim 3)
// shows as changed and the number claim inside it (claim 2) as holding.
const statementMarksJS = `(() => {
	const mark = i => document.querySelector('[data-claim="' + i + '"] > .claim-mark').textContent;
	const cls = i => document.querySelector('[data-claim="' + i + '"]').className;
	return mark(3) === "≠" && cls(3).includes("claim-rerun-changed") && mark(2) === "✓" && cls(2).includes("claim-rerun-holds");
})()`

// pageState is what the test reads from a chapter page.
type pageState struct {
	Summary string   `json:"summary"`
	Error   string   `json:"error"`
	Claims  []string `json:"claims"`  // class of each claim mark, by data-claim
	Outputs []string `json:"outputs"` // what each output block shows, by data-snippet
	Figures []string `json:"figures"` // the src of each figure, cut to its first 30 characters
}

const pageStateJS = `(() => ({
	summary: document.getElementById("t_rerun_summary").hidden ? "" : document.getElementById("t_rerun_summary").textContent,
	error: document.querySelector("#t_rerun .rerun-error").textContent,
	claims: [...document.querySelectorAll("[data-claim]")].map(e => e.className),
	outputs: [...document.querySelectorAll(".output[data-snippet] pre.stdout")].map(e => e.textContent),
	figures: [...document.querySelectorAll("img[data-figure]")].map(e => e.getAttribute("src").slice(0, 30)),
}))()`

func (b *browser) state(t testing.TB) pageState {
	t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, 10*time.Second)
	defer cancel()
	s, err := chromedp.Run(ctx, chromedp.Evaluate[pageState](pageStateJS))
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// panelState is what the stop test reads from the panel.
type panelState struct {
	Busy       bool   `json:"busy"`
	StopHidden bool   `json:"stopHidden"`
	Status     string `json:"status"`
	Error      string `json:"error"`
	ErrorOn    bool   `json:"errorOn"`
	Input      string `json:"input"`  // the value of the first parameter's field
	Active     string `json:"active"` // the class of the focused element
}

const panelStateJS = `(() => {
	const q = s => document.querySelector("#t_rerun " + s);
	return {
		busy: document.getElementById("t_rerun").getAttribute("aria-busy") === "true",
		stopHidden: q(".rerun-stop").hidden,
		status: q(".rerun-status").textContent,
		error: q(".rerun-error").textContent,
		errorOn: !q(".rerun-error").hidden,
		input: q("input.rerun-input").value,
		active: document.activeElement ? document.activeElement.className : "",
	};
})()`

// panel reads the panel; the page must answer within 10 seconds.
func (b *browser) panel(t testing.TB) panelState {
	t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, 10*time.Second)
	defer cancel()
	p, err := chromedp.Run(ctx, chromedp.Evaluate[panelState](panelStateJS))
	if err != nil {
		t.Fatalf("reading the panel: %v", err)
	}
	return p
}

// eval runs script, which must give true, on the page; the page must
// answer within 10 seconds.
func (b *browser) eval(t testing.TB, script string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, 10*time.Second)
	defer cancel()
	if ok, err := chromedp.Run(ctx, chromedp.Evaluate[bool](script)); err != nil || !ok {
		t.Fatalf("%s = %v, %v", script, ok, err)
	}
}

// until polls the panel until ok, for at most a minute.
func (b *browser) until(t testing.TB, what string, ok func(panelState) bool) panelState {
	t.Helper()
	deadline := time.Now().Add(time.Minute)
	for {
		p := b.panel(t)
		if ok(p) {
			return p
		}
		if time.Now().After(deadline) {
			t.Fatalf("waiting for %s; the panel shows %+v", what, p)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// noWasm fails when a page load fetched the browser re-run's files.
func noWasm(t *testing.T, loaded []string) {
	t.Helper()
	for _, u := range loaded {
		if strings.Contains(u, "/wasm/") || strings.Contains(u, "/data/") || strings.HasSuffix(u, "/rerun-wasm.js") || strings.HasSuffix(u, "/wasm_exec.js") {
			t.Errorf("the page load fetched %s; the re-run's files load on the first Run only", u)
		}
	}
}

// TestStaticRerun builds sites with tally build and re-runs chapters from
// their parameter panel in headless Chromium, from file:// with the
// network off: the chapter's program built for the browser runs there,
// and the page shows its outputs, figures and claim marks, then the
// book's again.
func TestStaticRerun(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("builds programs for wasm and starts a browser")
	}
	br := newBrowser(t)

	t.Run("fixture", func(t *testing.T) {
		dir := writeBook(t, map[string]string{"01-descent.md": rerunChapter})
		out := filepath.Join(t.TempDir(), "site")
		if code, o, e := tally(t, "build", "-q", "-out", out, dir); code != 0 {
			t.Fatalf("tally build = %d\n%s%s", code, o, e)
		}
		noWasm(t, br.open(t, out, "01-descent.html"))
		book := br.state(t)
		if len(book.Claims) != 4 || len(book.Outputs) != 1 || book.Outputs[0] != "x = 0.5120\n" || book.Summary != "" {
			t.Fatalf("the book's page: %+v", book)
		}

		br.rerun(t, map[string]string{"lr": "0.2"})
		got := br.state(t)
		if got.Error != "" || got.Summary != "under lr=0.2: 1 claim holds, 3 changed" {
			t.Errorf("after lr=0.2: summary %q, error %q", got.Summary, got.Error)
		}
		// The statement (claim 3) changed; the number inside it (claim 2)
		// holds, and each keeps its own mark.
		br.eval(t, statementMarksJS)
		if !strings.Contains(got.Claims[0], "claim-rerun-changed") || got.Outputs[0] != "x = 0.2160\n" {
			t.Errorf("after lr=0.2: claims %q, output %q", got.Claims, got.Outputs)
		}
		if len(got.Figures) != 1 || !strings.HasPrefix(got.Figures[0], "data:image/svg+xml;base64,") {
			t.Errorf("after lr=0.2: figures %q", got.Figures)
		}
		loaded := strings.Join(br.take(), " ")
		for _, f := range []string{"/assets/rerun-wasm.js", "/assets/wasm_exec.js", "/wasm/book-"} {
			if !strings.Contains(loaded, f) {
				t.Errorf("the run did not load %s (it loaded %s)", f, loaded)
			}
		}

		br.do(t, 10*time.Second, chromedp.Click(chromedp.CSS("#t_rerun .rerun-reset")))
		if back := br.state(t); fmt.Sprint(back) != fmt.Sprint(book) {
			t.Errorf("after reset:\n%+v\nwant the book's\n%+v", back, book)
		}
	})

	t.Run("korean", func(t *testing.T) {
		dir := writeBook(t, map[string]string{"01-descent.md": rerunChapter})
		if err := os.MkdirAll(filepath.Join(dir, "ko"), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, "ko", "01-descent.md"), []byte(rerunChapterKo), 0o644); err != nil {
			t.Fatal(err)
		}
		if code, o, e := tally(t, "stamp", filepath.Join(dir, "ko", "01-descent.md")); code != 0 {
			t.Fatalf("tally stamp = %d\n%s%s", code, o, e)
		}
		out := filepath.Join(t.TempDir(), "site")
		if code, o, e := tally(t, "build", "-q", "-out", out, dir); code != 0 {
			t.Fatalf("tally build = %d\n%s%s", code, o, e)
		}
		noWasm(t, br.open(t, out, "ko/01-descent.html"))
		book := br.state(t)
		if len(book.Claims) != 4 || book.Summary != "" {
			t.Fatalf("the Korean page: %+v", book)
		}
		br.rerunUnder(t, map[string]string{"lr": "0.2"}, "lr=0.2에서: ")
		got := br.state(t)
		if got.Error != "" || got.Summary != "lr=0.2에서: 수치 1개는 그대로, 3개는 달라짐" {
			t.Errorf("after lr=0.2: summary %q, error %q", got.Summary, got.Error)
		}
		br.eval(t, statementMarksJS)
		if !strings.Contains(got.Claims[0], "claim-rerun-changed") || got.Outputs[0] != "x = 0.2160\n" {
			t.Errorf("after lr=0.2: claims %q, output %q", got.Claims, got.Outputs)
		}
		br.do(t, 10*time.Second, chromedp.Click(chromedp.CSS("#t_rerun .rerun-reset")))
		if back := br.state(t); fmt.Sprint(back) != fmt.Sprint(book) {
			t.Errorf("after reset:\n%+v\nwant the book's\n%+v", back, book)
		}
	})

	t.Run("stop and time limit", func(t *testing.T) {
		dir := writeBook(t, map[string]string{"01-spin.md": spinChapter, "02-wait.md": waitChapter})
		out := filepath.Join(t.TempDir(), "site")
		if code, o, e := tally(t, "build", "-q", "-out", out, dir); code != 0 {
			t.Fatalf("tally build = %d\n%s%s", code, o, e)
		}

		// Stop: a run of 10 minutes, stopped from the keyboard while the
		// page keeps answering.
		noWasm(t, br.open(t, out, "02-wait.html"))
		book := br.state(t)
		if len(book.Outputs) != 1 || book.Outputs[0] != "waited 0 s\n" {
			t.Fatalf("the book's page: %+v", book)
		}
		br.rerun(t, map[string]string{"wait": "1"}) // loads and compiles the program
		if got := br.state(t); got.Summary != "under wait=1: 0 claims hold, 1 changed" || got.Outputs[0] != "waited 1 s\n" {
			t.Fatalf("after wait=1: %+v", got)
		}
		br.do(t, 10*time.Second, chromedp.SetValue(chromedp.CSS(`#t_param_wait`), "600"), chromedp.Click(chromedp.CSS("#t_rerun .rerun-run")))
		// The run is under way in its worker: the page answers, and says
		// so. On the page's thread this would wait for the 10 minutes.
		p := br.panel(t)
		if !p.Busy || p.StopHidden || !slices.Contains([]string{"Running the chapter…", "Starting the chapter's program…", "Running code block 1…"}, p.Status) {
			t.Errorf("while running: %+v", p)
		}
		// Then the panel says which code block runs.
		br.until(t, "the code block's status", func(p panelState) bool { return p.Status == "Running code block 1…" })
		br.eval(t, `(document.querySelector("#t_param_wait").value = "", true)`)
		br.do(t, 10*time.Second, chromedp.SendKeys(chromedp.CSS(`#t_param_wait`), "7"))
		if p := br.panel(t); p.Input != "7" || !p.Busy {
			t.Errorf("typing while running: %+v", p)
		}
		br.do(t, 10*time.Second, chromedp.Focus(chromedp.CSS("#t_rerun .rerun-stop")), chromedp.KeyEvent("\r"))
		p = br.until(t, "the stopped run", func(p panelState) bool { return !p.Busy })
		if p.Status != "The run was stopped, so the page keeps the book's values." || !p.StopHidden || p.Active != "rerun-run" || p.ErrorOn {
			t.Errorf("after Stop: %+v", p)
		}
		if got := br.state(t); fmt.Sprint(got) != fmt.Sprint(book) {
			t.Errorf("after Stop:\n%+v\nwant the book's\n%+v", got, book)
		}
		br.eval(t, `typeof window.Go === "undefined"`) // wasm_exec.js ran in the worker only
		// The next run gets a new worker.
		br.rerun(t, map[string]string{"wait": "1"})
		if got := br.state(t); got.Summary != "under wait=1: 0 claims hold, 1 changed" || got.Error != "" {
			t.Errorf("a run after Stop: %+v", got)
		}
		// Escape in the panel stops a run too.
		br.do(t, 10*time.Second, chromedp.SetValue(chromedp.CSS(`#t_param_wait`), "600"), chromedp.Click(chromedp.CSS("#t_rerun .rerun-run")))
		if p := br.panel(t); !p.Busy {
			t.Errorf("while running: %+v", p)
		}
		br.do(t, 10*time.Second, chromedp.Focus(chromedp.CSS(`#t_param_wait`)), chromedp.KeyEvent(kb.Escape))
		p = br.until(t, "the run stopped with Escape", func(p panelState) bool { return !p.Busy })
		if p.Status != "The run was stopped, so the page keeps the book's values." {
			t.Errorf("after Escape: %+v", p)
		}

		// The time limit: 2 s, from the page's meta.
		noWasm(t, br.open(t, out, "01-spin.html"))
		book = br.state(t)
		br.eval(t, `document.getElementById("t_rerun").open = true`)
		br.do(t, 10*time.Second, chromedp.SetValue(chromedp.CSS(`#t_param_wait`), "3600"), chromedp.Click(chromedp.CSS("#t_rerun .rerun-run")))
		p = br.until(t, "the run over the limit", func(p panelState) bool { return !p.Busy && p.ErrorOn })
		if p.Error != "The run was stopped after 2 s (the chapter's time limit), so the page keeps the book's values." || !p.StopHidden {
			t.Errorf("over the limit: %+v", p)
		}
		if got := br.state(t); got.Outputs[0] != book.Outputs[0] || got.Summary != "" || fmt.Sprint(got.Claims) != fmt.Sprint(book.Claims) {
			t.Errorf("over the limit, the page shows %+v\nwant the book's\n%+v", got, book)
		}
	})

	// Where the page may not make workers (a Content Security Policy
	// forbids them), the program runs on the page's thread; the time limit
	// still applies at its next print.
	t.Run("no worker", func(t *testing.T) {
		dir := writeBook(t, map[string]string{"01-spin.md": spinChapter, "02-wait.md": waitChapter})
		out := filepath.Join(t.TempDir(), "site")
		if code, o, e := tally(t, "build", "-q", "-out", out, dir); code != 0 {
			t.Fatalf("tally build = %d\n%s%s", code, o, e)
		}
		for _, page := range []string{"01-spin", "02-wait"} {
			b, err := os.ReadFile(filepath.Join(out, page+".html"))
			if err != nil {
				t.Fatal(err)
			}
			csp := `<meta charset="utf-8">` + "\n" + `<meta http-equiv="Content-Security-Policy" content="worker-src 'none'">`
			b = []byte(strings.Replace(string(b), `<meta charset="utf-8">`, csp, 1))
			if err := os.WriteFile(filepath.Join(out, page+"-csp.html"), b, 0o644); err != nil {
				t.Fatal(err)
			}
		}
		br.open(t, out, "02-wait-csp.html")
		br.rerun(t, map[string]string{"wait": "1"})
		if got := br.state(t); got.Summary != "under wait=1: 0 claims hold, 1 changed" || got.Error != "" {
			t.Errorf("on the page's thread: %+v", got)
		}
		if p := br.panel(t); !strings.HasSuffix(p.Status, " This browser refused a Web Worker, so the chapter ran on the page's thread.") {
			t.Errorf("on the page's thread, the status says %q", p.Status)
		}
		br.eval(t, `typeof window.Go === "function"`) // wasm_exec.js ran on the page
		br.open(t, out, "01-spin-csp.html")
		book := br.state(t)
		br.rerun(t, map[string]string{"wait": "3"})
		p := br.panel(t)
		if p.Error != "The run was stopped after 2 s (the chapter's time limit), so the page keeps the book's values." || p.Busy {
			t.Errorf("over the limit on the page's thread: %+v", p)
		}
		if got := br.state(t); got.Outputs[0] != book.Outputs[0] || got.Summary != "" {
			t.Errorf("over the limit on the page's thread, the page shows %+v", got)
		}
	})

	t.Run("chapter 5", func(t *testing.T) {
		out := filepath.Join(t.TempDir(), "site")
		if code, o, e := tally(t, "build", "-q", "-out", out); code != 0 {
			t.Fatalf("tally build = %d\n%s%s", code, o, e)
		}
		noWasm(t, br.open(t, out, "05-gradient-descent.html"))
		book := br.state(t)
		br.rerun(t, map[string]string{"lr": "0.5"})
		got := br.state(t)
		if got.Error != "" || !strings.HasPrefix(got.Summary, "under lr=0.5: ") {
			t.Fatalf("after lr=0.5: summary %q, error %q", got.Summary, got.Error)
		}
		changed := 0
		for _, c := range got.Claims {
			if strings.Contains(c, "claim-rerun-changed") {
				changed++
			}
		}
		outputs := 0
		for i := range got.Outputs {
			if got.Outputs[i] != book.Outputs[i] {
				outputs++
			}
		}
		if changed == 0 || outputs == 0 {
			t.Errorf("after lr=0.5: %d claims and %d outputs changed, want some of each (summary %q)", changed, outputs, got.Summary)
		}
		br.do(t, 10*time.Second, chromedp.Click(chromedp.CSS("#t_rerun .rerun-reset")))
		if back := br.state(t); fmt.Sprint(back) != fmt.Sprint(book) {
			t.Errorf("after reset, the page differs from the book's")
		}
	})

	br.mu.Lock()
	defer br.mu.Unlock()
	if len(br.outside) > 0 {
		t.Errorf("requests outside the site: %q", br.outside)
	}
	if len(br.errs) > 0 {
		t.Errorf("script errors: %q", br.errs)
	}
}

// BenchmarkStaticRerun measures a re-run of chapter 5 from its page in
// headless Chromium, from file:// and over HTTP, from the click on Run to
// the updated page, with the book's program already loaded and compiled
// by an earlier click. The "page-s" metric is the time the panel itself
// reports (from the submit to the applied result), and "first-s" the
// first click's, with the browser's cache cold, which loads and compiles
// the program (over HTTP while it streams in). The first click's phases
// in the page's performance timeline are reported too (first-program-s
// to fetch, unpack and compile the program, first-script-s of it to load
// its script from file://, first-between-s from the compiled program to
// Go's start, first-gostart-s for the Go runtime and every init,
// first-chapter-s for the chapter's run) and logged with when each
// began; "ready-first-s" is a first click in another browser, after a
// click in the panel got the program ready (fetched, compiled, started
// in its worker); "chapter-s" is the later clicks' chapter runs. TALLY_BENCH_MODES
// ("file", "http" or both, the default) chooses the modes. Targets:
// first ≤ 3 s over HTTP, later clicks ≤ 0.5 s.
func BenchmarkStaticRerun(b *testing.B) {
	out := filepath.Join(b.TempDir(), "site")
	var o, e strings.Builder
	if code := run(context.Background(), []string{"build", "-q", "-out", out}, &o, &e); code != 0 {
		b.Fatalf("tally build = %d\n%s%s", code, o.String(), e.String())
	}
	served := out
	for _, mode := range benchModes() {
		b.Run("mode="+mode, func(b *testing.B) {
			br := newBrowser(b)
			if mode == "http" {
				br = newHTTPBrowser(b, &served)
			}
			br.open(b, out, "05-gradient-descent.html")
			br.eval(b, `(window.tallyClickAt = performance.now(), true)`)
			start := time.Now()
			br.rerun(b, map[string]string{"lr": "0.5"})
			first := time.Since(start)
			// The same first click, in another browser (its cache cold too),
			// on a page whose panel the reader touched before: the program
			// made ready meanwhile (TestStaticRerunWarm).
			warm := newBrowser(b)
			if mode == "http" {
				warm = newHTTPBrowser(b, &served)
			}
			warm.open(b, out, "05-gradient-descent.html")
			warm.eval(b, `(document.getElementById("t_rerun").open = true)`)
			warm.do(b, 10*time.Second, chromedp.Click(chromedp.CSS(`#t_param_lr`)))
			wctx, wcancel := context.WithTimeout(warm.ctx, 90*time.Second)
			if _, err := chromedp.Run(wctx, chromedp.Poll[bool](`performance.getEntriesByName("tally program waiting").length > 0`,
				chromedp.WithPollingTimeout(80*time.Second))); err != nil {
				b.Fatalf("no program waiting after a click in the panel: %v", err)
			}
			wcancel()
			start = time.Now()
			warm.rerun(b, map[string]string{"lr": "0.5"})
			ready := time.Since(start)
			ph := br.phases(b)
			for _, m := range []struct{ name, unit string }{
				{"tally program", "program-s"},             // fetch, unpack and compile
				{"tally program script", "script-s"},       // from file://: its script loaded
				{"tally program decode", "decode-s"},       // from file://: its string's bytes taken
				{"tally program to go start", "between-s"}, // worker, instantiate, Go's bootstrap
				{"tally go start", "gostart-s"},            // Go runtime and every init
				{"tally chapter", "chapter-s"},             // the chapter's run
			} {
				if v, ok := ph[m.name]; ok {
					b.ReportMetric(v, "first-"+m.unit)
				}
			}
			b.Logf("%s, first click %.2f s (the panel: %q): %v", mode, first.Seconds(), br.panel(b).Status, ph)
			br.eval(b, `(delete window.tallyClickAt, true)`)
			values := []string{"0.4", "0.5"}
			i := 0
			var page, chapter float64
			for b.Loop() {
				v := values[i%2]
				i++
				br.rerun(b, map[string]string{"lr": v})
				if s := br.state(b); !strings.HasPrefix(s.Summary, "under lr="+v+": ") {
					b.Fatalf("summary %q, error %q", s.Summary, s.Error)
				}
				ctx, cancel := context.WithTimeout(br.ctx, 10*time.Second)
				status, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector("#t_rerun .rerun-status").textContent`))
				cancel()
				var secs float64
				if _, serr := fmt.Sscanf(status, "Ran in %g s.", &secs); err != nil || serr != nil {
					b.Fatalf("status %q: %v %v", status, err, serr)
				}
				page += secs
				chapter += br.phases(b)["tally chapter"]
			}
			b.ReportMetric(first.Seconds(), "first-s")
			b.ReportMetric(ready.Seconds(), "ready-first-s")
			b.ReportMetric(page/float64(i), "page-s")
			b.ReportMetric(chapter/float64(i), "chapter-s")
		})
	}
}

// phases returns the durations, in seconds, of the phases of the last run
// in the page's performance timeline (rerun-wasm.js's measure), by name,
// and clears them; "tally program to go start" is the time from the
// compiled program to the Go runtime's start.
func (b *browser) phases(t testing.TB) map[string]float64 {
	t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, 10*time.Second)
	defer cancel()
	got, err := chromedp.Run(ctx, chromedp.Evaluate[map[string][2]float64](`(() => {
	const m = {};
	for (const e of performance.getEntriesByType("measure")) {
		if (e.name.startsWith("tally ")) m[e.name] = [e.startTime, e.duration];
	}
	for (const e of performance.getEntriesByType("resource")) {
		const n = e.name.replace(/.*\//, "");
		if (/^(rerun-wasm|wasm_exec|book-)/.test(n)) m["load " + n.replace(/-[0-9a-f]{16}/, "")] = [e.startTime, e.responseEnd - e.startTime];
	}
	if (window.tallyClickAt) m["click"] = [window.tallyClickAt, 0];
	performance.clearMeasures();
	performance.clearResourceTimings();
	return m;
})()`))
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]float64{}
	for k, v := range got {
		out[k] = v[1] / 1000
	}
	if c, ok := got["click"]; ok {
		for k, v := range got {
			out["@"+k] = (v[0] - c[0]) / 1000 // when it started, after the click
		}
	}
	if p, ok := got["tally program"]; ok {
		if g, ok := got["tally go start"]; ok {
			out["tally program to go start"] = (g[0] - p[0] - p[1]) / 1000
		}
	}
	return out
}

// statusTimesJS records, from now on, when the panel's status line first
// showed each kind of progress (window.tallyAt: "snippet" for the
// program's first code block, "step" for the trainer's first step), and
// the time it was set up (window.tallyT0).
const statusTimesJS = `(window.tallyAt = {}, window.tallyT0 = performance.now(), new MutationObserver(() => {
	const s = document.querySelector("#t_rerun .rerun-status").textContent;
	const kind = s.startsWith("Step ") ? "step" : s.startsWith("Running code block ") ? "snippet" : "";
	if (kind && !window.tallyAt[kind]) window.tallyAt[kind] = performance.now();
}).observe(document.querySelector("#t_rerun .rerun-status"), {childList: true, characterData: true, subtree: true}), true)`

// statusTimes returns the seconds from the setup of statusTimesJS to the
// program's first code block, the trainer's first step (0 if none) and
// now.
func (b *browser) statusTimes(t testing.TB) (snippet, step, now float64) {
	t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, 10*time.Second)
	defer cancel()
	at, err := chromedp.Run(ctx, chromedp.Evaluate[[]float64](`[window.tallyAt.snippet || window.tallyT0, window.tallyAt.step || window.tallyT0, performance.now(), window.tallyT0]`))
	if err != nil {
		t.Fatal(err)
	}
	return (at[0] - at[3]) / 1000, (at[1] - at[3]) / 1000, (at[2] - at[3]) / 1000
}

// BenchmarkStaticRerunData runs chapter 6 with the book's values in
// headless Chromium over HTTP, except one (sgdIters one more than the
// book's, so that the run is not the book's and its claims are checked
// under an override), with the program compiled and the data loaded by
// an earlier run: "status-s" is the time from the click on Run to the
// panel's first word from the program (which code block runs),
// "progress-s" to the trainer's first step on the page, "done-s" to the
// applied result. The earlier run is the first click, with the browser's
// cache cold and small values (200 steps): "cold-status-s" is its time to
// the program's first code block (the program fetched and compiled, the
// 47 MB of MNIST fetched, unpacked, checked and wrapped in the worker),
// "cold-progress-s" to the trainer's first step and "cold-done-s" to its
// result. Targets: progress within 1 s, done within 60 s.
func BenchmarkStaticRerunData(b *testing.B) {
	out := filepath.Join(b.TempDir(), "site")
	var o, e strings.Builder
	if code := run(context.Background(), []string{"build", "-q", "-out", out}, &o, &e); code != 0 {
		b.Fatalf("tally build = %d\n%s%s", code, o.String(), e.String())
	}
	br := newHTTPBrowser(b, &out)
	br.open(b, out, "06-sgd.html")
	br.eval(b, statusTimesJS)
	br.rerun(b, map[string]string{"sgdIters": "200", "evalEvery": "100"}) // loads the program and the data
	coldStatus, coldStep, coldDone := br.statusTimes(b)
	var status, progress, done float64
	n := 0
	for b.Loop() {
		br.eval(b, `(document.querySelector("#t_param_evalEvery").value = "600", true)`) // the book's again
		br.eval(b, statusTimesJS)
		br.do(b, 10*time.Second, chromedp.SetValue(chromedp.CSS(`#t_param_sgdIters`), "10001"), chromedp.Click(chromedp.CSS("#t_rerun .rerun-run")))
		ctx, cancel := context.WithTimeout(br.ctx, 15*time.Minute)
		_, err := chromedp.Run(ctx, chromedp.Poll[bool](`document.getElementById("t_rerun_summary").textContent.startsWith("under sgdIters=10001: ") || !document.querySelector("#t_rerun .rerun-error").hidden`,
			chromedp.WithPollingTimeout(14*time.Minute)))
		cancel()
		if err != nil {
			b.Fatal(err)
		}
		if s := br.state(b); s.Error != "" {
			b.Fatalf("error %q", s.Error)
		}
		sn, st, now := br.statusTimes(b)
		if sn == 0 || st == 0 {
			b.Fatalf("no progress seen: code block after %g s, step after %g s", sn, st)
		}
		status += sn
		progress += st
		done += now
		n++
	}
	b.ReportMetric(status/float64(n), "status-s")
	b.ReportMetric(progress/float64(n), "progress-s")
	b.ReportMetric(done/float64(n), "done-s")
	b.ReportMetric(coldStatus, "cold-status-s")
	b.ReportMetric(coldStep, "cold-progress-s")
	b.ReportMetric(coldDone, "cold-done-s")
}

// TestStaticRerunWarm checks that the panel gets the program ready when
// the reader first touches it, not with the page: the page's load fetches
// no program; a focus in the panel fetches and compiles it and has the
// worker start a program that waits for the run (the page's mark "tally
// program waiting", which a first Run without it never makes); the run
// then takes that program and gives its result.
func TestStaticRerunWarm(t *testing.T) {
	if testing.Short() {
		t.Skip("builds programs for wasm and starts a browser")
	}
	dir := writeBook(t, map[string]string{"01-descent.md": rerunChapter})
	out := filepath.Join(t.TempDir(), "site")
	if code, o, e := tally(t, "build", "-q", "-out", out, dir); code != 0 {
		t.Fatalf("tally build = %d\n%s%s", code, o, e)
	}
	for _, br := range bothModes(t, out) {
		mode := br.mode()
		t.Run(mode, func(t *testing.T) {
			noWasm(t, br.open(t, out, "01-descent.html"))
			br.eval(t, `(document.getElementById("t_rerun").open = true)`)
			br.do(t, 10*time.Second, chromedp.Click(chromedp.CSS(`#t_param_lr`))) // a pointer goes down in the panel
			ctx, cancel := context.WithTimeout(br.ctx, 90*time.Second)
			_, err := chromedp.Run(ctx, chromedp.Poll[bool](`performance.getEntriesByName("tally program waiting").length > 0`,
				chromedp.WithPollingTimeout(30*time.Second)))
			cancel()
			if err != nil {
				ctx, cancel := context.WithTimeout(br.ctx, 10*time.Second)
				dbg, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`JSON.stringify({prepare: typeof window.tallyWasmPrepare, active: document.activeElement && document.activeElement.id, m: performance.getEntriesByType("measure").map(e => e.name), k: performance.getEntriesByType("mark").map(e => e.name)})`))
				cancel()
				t.Logf("the page: %s", dbg)
				t.Fatalf("no program waiting after a focus in the panel: %v (status %q)", err, br.panel(t).Status)
			}
			br.rerun(t, map[string]string{"lr": "0.2"})
			if got := br.state(t); got.Error != "" || got.Summary != "under lr=0.2: 1 claim holds, 3 changed" {
				t.Errorf("after the warm start: error %q, summary %q", got.Error, got.Summary)
			}
		})
		br.mu.Lock()
		if len(br.errs) > 0 {
			t.Errorf("%s: script errors: %q", mode, br.errs)
		}
		br.mu.Unlock()
	}
}

// TestStaticRerunFiles re-runs a chapter over HTTP, where the page fetches
// the gzip-compressed program and compiles it while it streams in, and
// from file://, where it loads the program's script; and checks that a
// missing or damaged program file is named in the panel with what to do,
// the page keeping the book's values.
func TestStaticRerunFiles(t *testing.T) {
	if testing.Short() {
		t.Skip("builds programs for wasm and starts a browser")
	}
	// The chapter reads a data file too: the module's go.mod.
	chapter := strings.Replace(rerunChapter, "params:\n", "data: [go.mod]\nparams:\n", 1)
	chapter = strings.Replace(chapter, "x := 1.0\n", "mod, err := book.Open(\"go.mod\")\nif err != nil {\n\tpanic(err)\n}\nx := 1.0 + 0*float64(len(mod))\n", 1)
	dir := writeBook(t, map[string]string{"01-descent.md": chapter})
	built := filepath.Join(t.TempDir(), "site")
	if code, o, e := tally(t, "build", "-q", "-out", built, dir); code != 0 {
		t.Fatalf("tally build = %d\n%s%s", code, o, e)
	}
	progs, _ := filepath.Glob(filepath.Join(built, "wasm", "*"))
	if len(progs) != 1 || !strings.HasSuffix(progs[0], ".js") {
		t.Fatalf("the site's wasm folder holds %q, want one program's script (both modes load it)", progs)
	}
	name := strings.TrimSuffix(filepath.Base(progs[0]), ".js")
	// site copies the built site and spoils one of its files.
	site := func(t *testing.T, file string, spoil func([]byte) []byte) string {
		out := filepath.Join(t.TempDir(), "site")
		if err := os.CopyFS(out, os.DirFS(built)); err != nil {
			t.Fatal(err)
		}
		if spoil != nil {
			p := filepath.Join(out, filepath.FromSlash(file))
			b, err := os.ReadFile(p)
			if err != nil {
				t.Fatal(err)
			}
			if b = spoil(b); b == nil {
				err = os.Remove(p)
			} else {
				err = os.WriteFile(p, b, 0o644)
			}
			if err != nil {
				t.Fatal(err)
			}
		}
		return out
	}
	oneChanged := func(b []byte) []byte {
		i := len(b) / 2
		if b[i] == 'A' {
			b[i] = 'B'
		} else {
			b[i] = 'A'
		}
		return b
	}
	var served string
	for _, mode := range []struct {
		name string
		br   *browser
		file string // the program's file the page loads
	}{
		{"file", newBrowser(t), name + ".js"},
		{"http", newHTTPBrowser(t, &served), name + ".js"},
	} {
		br := mode.br
		t.Run(mode.name, func(t *testing.T) {
			served = site(t, "", nil)
			noWasm(t, br.open(t, served, "01-descent.html"))
			book := br.state(t)
			br.rerun(t, map[string]string{"lr": "0.2"})
			if got := br.state(t); got.Error != "" || got.Summary != "under lr=0.2: 1 claim holds, 3 changed" || got.Outputs[0] != "x = 0.2160\n" {
				t.Errorf("after lr=0.2: %+v", got)
			}
			loaded := strings.Join(br.take(), " ")
			if !strings.Contains(loaded, "/wasm/"+mode.file) {
				t.Errorf("the run loaded %s; want wasm/%s", loaded, mode.file)
			}
			// The page's performance timeline has the run's phases, those
			// the program reports (its result's times) included.
			phases := []string{"tally program", "tally go start", "tally wait", "tally chapter"}
			if mode.name == "file" {
				phases = append(phases, "tally program script")
			}
			ph := br.phases(t)
			for _, p := range phases {
				if d, ok := ph[p]; !ok || d < 0 {
					t.Errorf("the performance timeline has %s = %v, %v; it has %v", p, d, ok, ph)
				}
			}

			for _, c := range []struct {
				file  string
				what  string
				spoil func([]byte) []byte
				want  string
			}{
				{"wasm/" + mode.file, "missing", func([]byte) []byte { return nil }, "wasm/" + mode.file + " is missing"},
				{"wasm/" + mode.file, "truncated", func(b []byte) []byte { return b[:len(b)/2] }, "wasm/" + mode.file + " is damaged"},
				{"wasm/" + mode.file, "one changed", oneChanged, "wasm/" + mode.file + " is damaged"},
				{"data/go.mod.js", "missing", func([]byte) []byte { return nil }, "data/go.mod.js is missing"},
				{"data/go.mod.js", "one changed", oneChanged, "data/go.mod.js is damaged"},
			} {
				served = site(t, c.file, c.spoil)
				br.open(t, served, "01-descent.html")
				br.rerun(t, map[string]string{"lr": "0.2"})
				p := br.panel(t)
				if !p.ErrorOn || !strings.HasPrefix(p.Error, c.want) || !strings.Contains(p.Error, "tally build") {
					t.Errorf("%s %s: the panel says %q, want %q… and what to do", c.what, c.file, p.Error, c.want)
				}
				if got := br.state(t); got.Summary != "" || fmt.Sprint(got.Claims) != fmt.Sprint(book.Claims) || fmt.Sprint(got.Outputs) != fmt.Sprint(book.Outputs) {
					t.Errorf("%s %s: the page shows %+v, want the book's %+v", c.what, c.file, got, book)
				}
			}
		})
		br.mu.Lock()
		if len(br.outside) > 0 {
			t.Errorf("%s: requests outside the site: %q", mode.name, br.outside)
		}
		br.mu.Unlock()
	}
}

// TestStaticRerunData re-runs this book's chapters 3 and 6, which read
// the data files their front matter lists (data:), in headless Chromium
// from file:// and over HTTP, with small parameter values so that the
// suite stays quick (the full run is BenchmarkStaticRerunData's): the page
// loads the data files on the first Run only, the program reads them
// through the page, and the claims are checked against the run.
func TestStaticRerunData(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the book's programs for wasm and starts a browser")
	}
	out := filepath.Join(t.TempDir(), "site")
	if code, o, e := tally(t, "build", "-q", "-out", out); code != 0 {
		t.Fatalf("tally build = %d\n%s%s", code, o, e)
	}
	for _, br := range bothModes(t, out) {
		mode := br.mode()
		t.Run(mode, func(t *testing.T) {
			for _, c := range []struct {
				page   string
				params map[string]string
			}{
				{"03-minibatch.html", map[string]string{"draws": "10", "largestBatch": "100"}},
				{"06-sgd.html", map[string]string{"sgdIters": "200", "evalEvery": "100", "hiddenUnits": "10", "checkSteps": "2"}},
			} {
				noWasm(t, br.open(t, out, c.page))
				ctx, cancel := context.WithTimeout(br.ctx, 10*time.Second)
				data, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector('meta[name="tally-data"]').content`))
				cancel()
				if err != nil || data == "" {
					t.Fatalf("%s: meta tally-data %q, %v", c.page, data, err)
				}
				if c.page == "06-sgd.html" {
					// A run stopped while the data load: the page keeps the
					// book's values, and the next run loads them again.
					book := br.state(t)
					br.eval(t, `document.getElementById("t_rerun").open = true`)
					br.do(t, 10*time.Second, chromedp.SetValue(chromedp.CSS(`#t_param_sgdIters`), "200"), chromedp.Click(chromedp.CSS("#t_rerun .rerun-run")))
					br.until(t, "the data loading", func(p panelState) bool { return strings.HasPrefix(p.Status, "Loading the data") })
					br.do(t, 10*time.Second, chromedp.Click(chromedp.CSS("#t_rerun .rerun-stop")))
					p := br.until(t, "the stopped run", func(p panelState) bool { return !p.Busy })
					if p.Status != "The run was stopped, so the page keeps the book's values." || p.ErrorOn {
						t.Errorf("%s: after a stop while the data loaded: %+v", c.page, p)
					}
					if got := br.state(t); fmt.Sprint(got) != fmt.Sprint(book) {
						t.Errorf("%s: after a stop while the data loaded the page shows\n%+v\nwant the book's\n%+v", c.page, got, book)
					}
				}
				// Record what the status line says during the run.
				br.eval(t, `(window.tallyStatuses = [], new MutationObserver(() => window.tallyStatuses.push(document.querySelector("#t_rerun .rerun-status").textContent)).observe(document.querySelector("#t_rerun .rerun-status"), {childList: true, characterData: true, subtree: true}), true)`)
				br.rerun(t, c.params)
				got := br.state(t)
				if got.Error != "" || got.Summary == "" {
					t.Errorf("%s: error %q, summary %q", c.page, got.Error, got.Summary)
					continue
				}
				ctx, cancel = context.WithTimeout(br.ctx, 10*time.Second)
				seen, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`window.tallyStatuses`))
				cancel()
				if err != nil {
					t.Fatal(err)
				}
				// The panel said what the run did from the click on: loading
				// the data (over HTTP with the bytes so far), then which code
				// block ran; in chapter 6 the trainer's progress too, its last
				// step at least.
				loading := regexp.MustCompile(`^Loading the data…$`)
				if mode == "http" {
					loading = regexp.MustCompile(`^Loading the data: [0-9.]+ of [0-9.]+ MB…$`)
				}
				for _, want := range []*regexp.Regexp{loading, regexp.MustCompile(`^Running code block [0-9]+…$`)} {
					if !slices.ContainsFunc(seen, want.MatchString) {
						t.Errorf("%s: the status line said %q; want %s", c.page, seen, want)
					}
				}
				if c.page == "06-sgd.html" && !slices.ContainsFunc(seen, func(s string) bool { return strings.HasPrefix(s, "Step 200 of 200, loss ") }) {
					t.Errorf("%s: the status line said %q; want the trainer's progress", c.page, seen)
				}
				changed := 0
				for _, cl := range got.Claims {
					if strings.Contains(cl, "claim-rerun-changed") {
						changed++
					}
				}
				if changed == 0 {
					t.Errorf("%s: no claim changed under %v (summary %q)", c.page, c.params, got.Summary)
				}
				loaded := strings.Join(br.take(), " ")
				for _, f := range strings.Fields(data) {
					if !strings.Contains(loaded, "/"+f+".js") {
						t.Errorf("%s: the run did not load %s.js: %s", c.page, f, loaded)
					}
				}
			}
		})
		br.mu.Lock()
		if len(br.outside) > 0 {
			t.Errorf("%s: requests outside the site: %q", mode, br.outside)
		}
		if len(br.errs) > 0 {
			t.Errorf("%s: script errors: %q", mode, br.errs)
		}
		br.mu.Unlock()
	}
}

// TestStaticRerunTabs runs two chapters' panels at once, in two browsers
// that share the site: each run has its own worker and gives its own
// result.
func TestStaticRerunTabs(t *testing.T) {
	if testing.Short() {
		t.Skip("builds programs for wasm and starts a browser")
	}
	again := strings.Replace(waitChapter, "# Wait", "# Wait again", 1)
	dir := writeBook(t, map[string]string{"01-wait.md": waitChapter, "02-again.md": again})
	out := filepath.Join(t.TempDir(), "site")
	if code, o, e := tally(t, "build", "-q", "-out", out, dir); code != 0 {
		t.Fatalf("tally build = %d\n%s%s", code, o, e)
	}
	a, b := newBrowser(t), newBrowser(t)
	a.open(t, out, "01-wait.html")
	b.open(t, out, "02-again.html")
	start := func(br *browser, wait string) {
		br.eval(t, `document.getElementById("t_rerun").open = true`)
		br.do(t, 10*time.Second, chromedp.SetValue(chromedp.CSS(`#t_param_wait`), wait), chromedp.Click(chromedp.CSS("#t_rerun .rerun-run")))
	}
	start(a, "2")
	start(b, "1")
	if p := a.panel(t); !p.Busy {
		t.Errorf("the first tab is not running: %+v", p)
	}
	for _, c := range []struct {
		br   *browser
		want string
		out  string
	}{{a, "under wait=2: ", "waited 2 s\n"}, {b, "under wait=1: ", "waited 1 s\n"}} {
		c.br.until(t, c.want, func(p panelState) bool { return !p.Busy })
		if got := c.br.state(t); !strings.HasPrefix(got.Summary, c.want) || got.Outputs[0] != c.out || got.Error != "" {
			t.Errorf("%s: %+v", c.want, got)
		}
	}
}

func benchModes() []string {
	if m := os.Getenv("TALLY_BENCH_MODES"); m != "" {
		return strings.Fields(m)
	}
	return []string{"file", "http"}
}
