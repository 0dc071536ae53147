package main

import (
	"context"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/tally-book/tally/internal/testkit"
)

// panelFacts is what the re-run browser test reads from the page.
type panelFacts struct {
	Summary     string `json:"summary"`
	SummaryOn   bool   `json:"summaryOn"`
	Status      string `json:"status"`
	Error       string `json:"error"`
	ErrorOn     bool   `json:"errorOn"`
	Claim0      string `json:"claim0"` // class of the claim of sq
	Claim0Tip   string `json:"claim0Tip"`
	Claim0Mark  string `json:"claim0Mark"`
	Claim1      string `json:"claim1"`
	Output      string `json:"output"`
	Figure      string `json:"figure"` // src of the figure
	Busy        bool   `json:"busy"`
	ResetOff    bool   `json:"resetOff"`
	InputBad    bool   `json:"inputBad"`
	SliderValue string `json:"sliderValue"`
	RateSlider  string `json:"rateSlider"` // the position of the log-scale slider of rate
}

const panelJS = `(() => {
	const q = s => document.querySelector(s);
	const c0 = q('[data-claim="0"]'), c1 = q('[data-claim="1"]');
	return {
		summary: q('#t_rerun_summary').textContent,
		summaryOn: !q('#t_rerun_summary').hidden,
		status: q('.rerun-status').textContent,
		error: q('.rerun-error').textContent,
		errorOn: !q('.rerun-error').hidden,
		claim0: c0.className,
		claim0Tip: c0.querySelector('.claim-tip').textContent,
		claim0Mark: c0.querySelector('.claim-mark').getAttribute('aria-label'),
		claim1: c1.className,
		output: q('.output[data-snippet="0"] pre.stdout').textContent,
		figure: q('img[data-figure="bars"]').getAttribute('src'),
		busy: q('#t_rerun').getAttribute('aria-busy') === 'true',
		resetOff: q('.rerun-reset').disabled,
		inputBad: q('#t_param_n').getAttribute('aria-invalid') === 'true',
		sliderValue: q('#t_param_n').closest('.rerun-param').querySelector('.rerun-slider').getAttribute('aria-valuetext') || '',
		rateSlider: q('#t_param_rate').closest('.rerun-param').querySelector('.rerun-slider').value,
	};
})()`

// openServed opens page in Chromium, with every request outside 127.0.0.1
// refused, and returns a context of two minutes for the test's actions.
func openServed(t *testing.T, bin, page string) context.Context {
	t.Helper()
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(bin), chromedp.NoSandbox, chromedp.WindowSize(1280, 900),
		chromedp.Flag("host-resolver-rules", "MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"),
		chromedp.Flag("proxy-server", "127.0.0.1:9"), // loopback bypasses it; nothing else gets out
		chromedp.Flag("lang", "en-US"),
	)
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	t.Cleanup(cancelAlloc)
	ctx, cancel := chromedp.NewContext(actx)
	t.Cleanup(cancel)
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("starting %s: %v", bin, err)
	}
	tctx, cancelT := context.WithTimeout(ctx, 2*time.Minute)
	t.Cleanup(cancelT)
	if err := chromedp.Do(tctx, chromedp.Navigate(page), chromedp.WaitReady(chromedp.CSS("#t_rerun"))); err != nil {
		t.Fatal(err)
	}
	return tctx
}

// TestServeRerunStop stops a run of tally serve from the panel's Stop
// button: the request is dropped (which cancels the run on the server),
// the panel says the run was stopped, the page keeps the book's values,
// and the next run works. The chapter's limit is raised to 5 minutes so
// that the run is still going when Stop is pressed.
func TestServeRerunStop(t *testing.T) {
	t.Parallel()
	bin := testkit.Chromium(t)
	dir := squaresBook(t)
	long := strings.Replace(squaresChapter, "timeout: 3s", "timeout: 5m", 1)
	if err := os.WriteFile(dir+"/01-squares.md", []byte(long), 0o644); err != nil {
		t.Fatal(err)
	}
	tctx := openServed(t, bin, serveRerunBook(t, dir)+"01-squares.html")
	state := func() (s struct {
		Busy, StopHidden, ErrorOn bool
		Status, Output            string
	}) {
		t.Helper()
		s, err := chromedp.Run(tctx, chromedp.Evaluate[struct {
			Busy, StopHidden, ErrorOn bool
			Status, Output            string
		}](`(() => ({
			Busy: document.getElementById("t_rerun").getAttribute("aria-busy") === "true",
			StopHidden: document.querySelector(".rerun-stop").hidden,
			ErrorOn: !document.querySelector(".rerun-error").hidden,
			Status: document.querySelector(".rerun-status").textContent,
			Output: document.querySelector('.output[data-snippet="0"] pre.stdout').textContent,
		}))()`))
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	if _, err := chromedp.Run(tctx, chromedp.Evaluate[bool](`document.getElementById("t_rerun").open = true`)); err != nil {
		t.Fatal(err)
	}
	if s := state(); !s.StopHidden || s.Busy {
		t.Fatalf("before a run: %+v", s)
	}
	if err := chromedp.Do(tctx, chromedp.SetValue(chromedp.CSS("#t_param_nap"), "60"), chromedp.Click(chromedp.CSS(".rerun-run"))); err != nil {
		t.Fatal(err)
	}
	if s := state(); !s.Busy || s.StopHidden || s.Status != "Running the chapter…" {
		t.Errorf("while running: %+v", s)
	}
	if err := chromedp.Do(tctx, chromedp.Click(chromedp.CSS(".rerun-stop"))); err != nil {
		t.Fatal(err)
	}
	for s := state(); s.Busy; s = state() {
		time.Sleep(50 * time.Millisecond)
	}
	if s := state(); s.Status != "The run was stopped, so the page keeps the book's values." || !s.StopHidden || s.ErrorOn || s.Output != "16\n" {
		t.Errorf("after Stop: %+v", s)
	}
	if err := chromedp.Do(tctx, chromedp.SetValue(chromedp.CSS("#t_param_nap"), "0"), chromedp.SetValue(chromedp.CSS("#t_param_n"), "5"),
		chromedp.Click(chromedp.CSS(".rerun-run"))); err != nil {
		t.Fatal(err)
	}
	for s := state(); s.Busy; s = state() {
		time.Sleep(50 * time.Millisecond)
	}
	if s := state(); s.Output != "25\n" || s.ErrorOn {
		t.Errorf("the run after Stop: %+v", s)
	}
}

// TestServeRerunBrowser serves a small book as tally serve does and uses its
// parameter panel in Chromium, with every request outside 127.0.0.1
// refused: a value that is not one, a run whose claim and output change,
// the way back to the book's run, a run that panics and one over the
// time limit.
func TestServeRerunBrowser(t *testing.T) {
	t.Parallel()
	bin := testkit.Chromium(t)
	dir := squaresBook(t)
	if err := os.WriteFile(dir+"/01-squares.md", []byte(squaresChapter+squaresFigure), 0o644); err != nil {
		t.Fatal(err)
	}
	tctx := openServed(t, bin, serveRerunBook(t, dir)+"01-squares.html")
	facts := func() panelFacts {
		t.Helper()
		f, err := chromedp.Run(tctx, chromedp.Evaluate[panelFacts](panelJS))
		if err != nil {
			t.Fatal(err)
		}
		return f
	}
	// until waits for the page to satisfy ok, polling.
	until := func(what string, ok func(panelFacts) bool) panelFacts {
		t.Helper()
		for {
			f := facts()
			if ok(f) {
				return f
			}
			select {
			case <-tctx.Done():
				t.Fatalf("waiting for %s; the page shows %+v", what, f)
			case <-time.After(50 * time.Millisecond):
			}
		}
	}
	setN := func(v string) {
		t.Helper()
		if _, err := chromedp.Run(tctx, chromedp.Evaluate[bool](`(document.querySelector('#t_param_n').value = '', true)`)); err != nil {
			t.Fatal(err)
		}
		if err := chromedp.Do(tctx, chromedp.SendKeys(chromedp.CSS("#t_param_n"), v)); err != nil {
			t.Fatal(err)
		}
	}
	// The panel is opened and used with the keyboard: Enter in a field
	// submits it.
	if err := chromedp.Do(tctx, chromedp.Focus(chromedp.CSS("#t_rerun > summary")), chromedp.KeyEvent("\r")); err != nil {
		t.Fatal(err)
	}
	if open, err := chromedp.Run(tctx, chromedp.Evaluate[bool](`document.getElementById('t_rerun').open`)); err != nil || !open {
		t.Fatalf("Enter on the panel's summary did not open it (%v)", err)
	}
	book := facts()
	// rate's slider runs from 0.001 to 10 on a log scale: 0.1 is half way.
	if book.RateSlider != "500" {
		t.Errorf("log-scale slider of rate=0.1 at %s of 1000, want 500", book.RateSlider)
	}
	if book.Output != "16\n" || !strings.Contains(book.Claim0, "claim-pass") || book.SummaryOn || !book.ResetOff {
		t.Fatalf("the book's page: %+v", book)
	}

	// Not a number: said in the panel, and nothing runs.
	setN("four\r")
	f := until("the bad value's message", func(f panelFacts) bool { return f.ErrorOn })
	if !strings.Contains(f.Error, "n: “four” is not a whole number. Nothing ran.") || !f.InputBad || f.Busy || f.Output != "16\n" {
		t.Errorf("bad value: %+v", f)
	}
	setN("101\r")
	f = until("the range message", func(f panelFacts) bool { return strings.Contains(f.Error, "above the highest value, 100") })
	if f.Busy || f.Output != "16\n" {
		t.Errorf("out of range: %+v", f)
	}

	// n = 5: the claim of 16 changes, the claim of 2 holds, the output and
	// the figure are the new run's.
	setN("5")
	if err := chromedp.Do(tctx, chromedp.Click(chromedp.CSS(".rerun-run"))); err != nil {
		t.Fatal(err)
	}
	f = until("the run of n=5", func(f panelFacts) bool { return f.SummaryOn })
	if f.Summary != "under n=5: 1 claim holds, 1 changed" {
		t.Errorf("summary %q", f.Summary)
	}
	if !strings.Contains(f.Claim0, "claim-rerun-changed") || !strings.Contains(f.Claim0Tip, "the text says 16, this run gives 25.00") ||
		f.Claim0Mark != "Differs under overridden parameters" || strings.Contains(f.Claim0, "claim-fail") {
		t.Errorf("changed claim: class %q, tip %q, label %q", f.Claim0, f.Claim0Tip, f.Claim0Mark)
	}
	if !strings.Contains(f.Claim1, "claim-rerun-holds") {
		t.Errorf("claim that holds: class %q", f.Claim1)
	}
	if f.Output != "25\n" || !strings.HasPrefix(f.Figure, "data:image/png;base64,") || f.ErrorOn || f.ResetOff || f.SliderValue != "5" {
		t.Errorf("after the run: %+v", f)
	}

	// Back to the book's run: no request, the book's page again.
	if err := chromedp.Do(tctx, chromedp.Click(chromedp.CSS(".rerun-reset"))); err != nil {
		t.Fatal(err)
	}
	f = facts()
	if f.Output != "16\n" || f.Claim0 != book.Claim0 || f.Claim0Tip != book.Claim0Tip || f.Figure != book.Figure || f.SummaryOn || !f.ResetOff {
		t.Errorf("back to the book's run: %+v\nwant %+v", f, book)
	}

	// A panic and a run over the limit: the error at its line in the
	// panel, and the book's values on the page.
	for _, c := range []struct{ param, value, want string }{
		{"n", "13", "01-squares.md:14: panic: unlucky"},
		{"nap", "30", "01-squares.md:13: timed out"},
	} {
		if err := chromedp.Do(tctx, chromedp.SetValue(chromedp.CSS("#t_param_"+c.param), c.value), chromedp.Click(chromedp.CSS(".rerun-run"))); err != nil {
			t.Fatal(err)
		}
		f = until(c.param+"="+c.value, func(f panelFacts) bool { return f.ErrorOn })
		if !strings.Contains(f.Error, "The run failed, so the page keeps the book's values:") || !strings.Contains(f.Error, c.want) ||
			f.Output != "16\n" || f.Claim0 != book.Claim0 || f.SummaryOn {
			t.Errorf("%s=%s: %+v", c.param, c.value, f)
		}
		if err := chromedp.Do(tctx, chromedp.SetValue(chromedp.CSS("#t_param_"+c.param), map[string]string{"n": "4", "nap": "0"}[c.param])); err != nil {
			t.Fatal(err)
		}
	}
	if t.Failed() {
		buf, err := chromedp.Run(tctx, chromedp.FullScreenshot(90))
		if err == nil {
			if f, err := os.CreateTemp("", "tally-rerun-*.png"); err == nil {
				f.Write(buf)
				f.Close()
				t.Logf("screenshot kept in %s", f.Name())
			}
		}
	}
}

// squaresFigure adds a figure drawn from n to the test chapter.
const squaresFigure = "\n```go\n" + `p := plot.New()
bars, _ := plotter.NewBarChart(plotter.Values{float64(n), float64(n * n)}, 20)
p.Add(bars)
figures.Publish("bars", p, "n and its square", "Two bars: n and n squared.")
` + "```\n"
