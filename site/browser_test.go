package site

import (
	"context"
	"flag"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
)

var shotsFlag = flag.String("shots", "", "write the browser test's screenshots into this folder and keep them")

// findChromium returns the browser for the browser test: $CHROMIUM or
// Debian's chromium. Without one the test is skipped, except under
// CI=true, where CI installs it.
func findChromium(t *testing.T) string {
	t.Helper()
	for _, p := range []string{os.Getenv("CHROMIUM"), "/usr/bin/chromium", "chromium", "chromium-browser"} {
		if p == "" {
			continue
		}
		if path, err := exec.LookPath(p); err == nil {
			return path
		}
	}
	if os.Getenv("CI") == "true" {
		t.Fatal("chromium is missing: CI must install it (apt-get install -y chromium)")
	}
	t.Skip("chromium is missing (apt-get install -y chromium)")
	return ""
}

// shotDir returns the folder for screenshots: -shots, or a temporary
// folder that is removed when the test passes and kept when it fails.
func shotDir(t *testing.T) string {
	t.Helper()
	if *shotsFlag != "" {
		if err := os.MkdirAll(*shotsFlag, 0o755); err != nil {
			t.Fatal(err)
		}
		return *shotsFlag
	}
	dir, err := os.MkdirTemp("", "tally-browser-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if t.Failed() {
			t.Logf("screenshots kept in %s", dir)
			return
		}
		os.RemoveAll(dir)
	})
	return dir
}

// pageFacts is what the browser test reads from every page.
type pageFacts struct {
	Title      string   `json:"title"`
	Katex      int      `json:"katex"`
	KatexEmpty int      `json:"katexEmpty"`
	KatexFont  bool     `json:"katexFont"`
	Images     int      `json:"images"`
	BadImages  []string `json:"badImages"`
	Overflow   bool     `json:"overflow"`
	Theme      string   `json:"theme"`
}

const factsJS = `(() => {
	const katex = [...document.querySelectorAll('.katex')];
	return {
		title: document.title,
		katex: katex.length,
		katexEmpty: katex.filter(e => { const b = e.getBoundingClientRect(); return !(b.width > 0 && b.height > 0); }).length,
		katexFont: [...document.fonts].some(f => f.family.replace(/"/g, '') === 'KaTeX_Main' && f.status === 'loaded'),
		images: document.images.length,
		badImages: [...document.images].filter(i => !(i.complete && i.naturalWidth > 0)).map(i => i.src),
		overflow: document.documentElement.scrollWidth > document.documentElement.clientWidth + 1,
		theme: document.documentElement.getAttribute('data-theme') || '',
	};
})()`

// watcher collects the console messages, failed requests and requests to
// anything but file: and data: URLs of one page load.
type watcher struct {
	mu     sync.Mutex
	errs   []string
	wg     sync.WaitGroup
	cancel context.CancelFunc
}

func watch(ctx context.Context) *watcher {
	w := &watcher{}
	ctx, w.cancel = context.WithCancel(ctx)
	console := chromedp.Console(ctx)
	failed := chromedp.Events(ctx, network.LoadingFailed)
	sent := chromedp.Events(ctx, network.RequestWillBeSent)
	w.wg.Add(3)
	go func() {
		defer w.wg.Done()
		for m, err := range console {
			if err != nil {
				return
			}
			if m.Type == chromedp.ConsoleError || m.Type == chromedp.ConsoleException || m.Type == chromedp.ConsoleWarning {
				w.add("console " + string(m.Type) + ": " + m.String() + " (" + m.URL + ")")
			}
		}
	}()
	go func() {
		defer w.wg.Done()
		for ev, err := range failed {
			if err != nil {
				return
			}
			w.add("failed request: " + string(ev.Type) + " " + ev.ErrorText)
		}
	}()
	go func() {
		defer w.wg.Done()
		for ev, err := range sent {
			if err != nil {
				return
			}
			if u := ev.Request.URL; !strings.HasPrefix(u, "file://") && !strings.HasPrefix(u, "data:") {
				w.add("request outside the site: " + u)
			}
		}
	}()
	return w
}

func (w *watcher) add(s string) {
	w.mu.Lock()
	w.errs = append(w.errs, s)
	w.mu.Unlock()
}

// stop ends the watch and returns what it saw.
func (w *watcher) stop() []string {
	time.Sleep(150 * time.Millisecond) // let late events of the load arrive
	w.cancel()
	w.wg.Wait()
	return w.errs
}

// TestBrowser opens every page of the test book in Debian's chromium, from
// file:// with the network off, and checks what a reader sees.
func TestBrowser(t *testing.T) {
	bin := findChromium(t)
	needKaTeX(t)
	f := loadFixture(t, "book")
	out := f.mustBuild(t)
	shots := shotDir(t)

	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(bin), chromedp.NoSandbox, chromedp.WindowSize(1280, 900),
		chromedp.Flag("host-resolver-rules", "MAP * ~NOTFOUND"),
		chromedp.Flag("proxy-server", "127.0.0.1:9"),
		chromedp.Flag("lang", "en-US"),
	)
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	defer cancelAlloc()
	ctx, cancel := chromedp.NewContext(actx)
	defer cancel()
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("starting %s: %v", bin, err)
	}
	if _, err := chromedp.Call(ctx, network.EmulateNetworkConditionsByRule, network.EmulateNetworkConditionsByRuleParams{
		MatchedNetworkConditions: []*network.Conditions{{Offline: true}},
	}); err != nil {
		t.Fatalf("network off: %v", err)
	}

	step := func(d time.Duration) (context.Context, context.CancelFunc) { return context.WithTimeout(ctx, d) }
	shot := func(name string, full bool) {
		t.Helper()
		sctx, c := step(30 * time.Second)
		defer c()
		var buf []byte
		var err error
		if full {
			buf, err = chromedp.Run(sctx, chromedp.FullScreenshot(100))
		} else {
			buf, err = chromedp.Run(sctx, chromedp.CaptureScreenshot())
		}
		if err != nil {
			t.Errorf("screenshot %s: %v", name, err)
			return
		}
		if err := os.WriteFile(filepath.Join(shots, name+".png"), buf, 0o644); err != nil {
			t.Error(err)
		}
	}
	// open loads a page and returns what the watcher saw during the load.
	open := func(file string) []string {
		t.Helper()
		w := watch(ctx)
		nctx, c := step(30 * time.Second)
		defer c()
		if err := chromedp.Do(nctx, chromedp.Navigate("file://"+filepath.Join(out, file)), chromedp.WaitReady(chromedp.CSS("body"))); err != nil {
			t.Fatalf("%s: %v", file, err)
		}
		if _, err := chromedp.Run(nctx, chromedp.Evaluate[bool](`document.fonts.ready.then(() => true)`, chromedp.EvalAwaitPromise)); err != nil {
			t.Fatalf("%s: fonts: %v", file, err)
		}
		return w.stop()
	}
	eval := func(js string) pageFacts {
		t.Helper()
		ectx, c := step(10 * time.Second)
		defer c()
		v, err := chromedp.Run(ectx, chromedp.Evaluate[pageFacts](js))
		if err != nil {
			t.Fatalf("evaluate: %v", err)
		}
		return v
	}

	pages, _ := filepath.Glob(filepath.Join(out, "*.html"))
	if len(pages) < 4 {
		t.Fatalf("built %d pages, want 4", len(pages))
	}
	for _, p := range pages {
		name := filepath.Base(p)
		for _, e := range open(name) {
			t.Errorf("%s: %s", name, e)
		}
		pf := eval(factsJS)
		if pf.KatexEmpty > 0 {
			t.Errorf("%s: %d of %d math elements have no size", name, pf.KatexEmpty, pf.Katex)
		}
		if f.pageHasMath(name) && (pf.Katex == 0 || !pf.KatexFont) {
			t.Errorf("%s: math not rendered with KaTeX's fonts (elements %d, KaTeX_Main loaded %v)", name, pf.Katex, pf.KatexFont)
		}
		for _, img := range pf.BadImages {
			t.Errorf("%s: image %s did not load", name, img)
		}
		if pf.Overflow {
			t.Errorf("%s: the page scrolls sideways at 1280 px", name)
		}
		shot(strings.TrimSuffix(name, ".html"), true)
	}

	t.Run("claim tooltip", func(t *testing.T) {
		open("01-losses.html")
		sctx, c := step(10 * time.Second)
		defer c()
		if err := chromedp.Do(sctx, chromedp.ScrollIntoView(chromedp.CSS(".claim-mark")), chromedp.Focus(chromedp.CSS(".claim-mark"))); err != nil {
			t.Fatal(err)
		}
		time.Sleep(300 * time.Millisecond) // the fade-in
		tip, err := chromedp.Run(sctx, chromedp.Evaluate[struct {
			Visible bool   `json:"visible"`
			Text    string `json:"text"`
		}](`(() => { const t = document.activeElement.nextElementSibling; const s = getComputedStyle(t);
			return {visible: s.visibility === 'visible' && s.opacity === '1', text: t.textContent}; })()`))
		if err != nil {
			t.Fatal(err)
		}
		if !tip.Visible || !strings.Contains(tip.Text, "0.097500") || !strings.Contains(tip.Text, "rounded to 4 decimals") || !strings.Contains(tip.Text, "chapters/01-losses.md:") {
			t.Errorf("focused claim: tooltip visible %v, text %q", tip.Visible, tip.Text)
		}
		shot("tooltip", false)
	})

	t.Run("search", func(t *testing.T) {
		for _, q := range []struct{ query, want string }{
			{"cross entr", "Cross-entropy"},
			{"gradient field", "Gradients"},
			{"미니배치", "미니배치 학습"},
			{"경사 하강", "확률적 경사 하강법"},
		} {
			open("02-gradients.html")
			sctx, c := step(10 * time.Second)
			if err := chromedp.Do(sctx, chromedp.Click(chromedp.CSS("#t_search")), chromedp.SendKeys(chromedp.CSS("#t_search"), q.query),
				chromedp.WaitVisible(chromedp.CSS("#t_results .search-hit"))); err != nil {
				c()
				t.Errorf("search %q: no result: %v", q.query, err)
				continue
			}
			text, err := chromedp.Run(sctx, chromedp.Text(chromedp.CSS("#t_results")))
			c()
			if err != nil || !strings.Contains(text, q.want) {
				t.Errorf("search %q: results %q, want %q (%v)", q.query, text, q.want, err)
			}
			if q.query == "cross entr" {
				shot("search", false)
			}
		}
	})

	t.Run("dark mode", func(t *testing.T) {
		open("01-losses.html")
		if th := eval(factsJS).Theme; th != "light" {
			t.Errorf("theme %q, want light", th)
		}
		sctx, c := step(10 * time.Second)
		defer c()
		if err := chromedp.Do(sctx, chromedp.Click(chromedp.CSS(".theme-btn"))); err != nil {
			t.Fatal(err)
		}
		if th := eval(factsJS).Theme; th != "dark" {
			t.Errorf("after the toggle, theme %q, want dark", th)
		}
		if l := bodyLuminance(t, sctx); l > 0.2 {
			t.Errorf("dark theme: background luminance %.2f", l)
		}
		shot("01-losses-dark", true)
		// The choice is remembered; toggling again goes back to the system's.
		if err := chromedp.Do(sctx, chromedp.Click(chromedp.CSS(".theme-btn"))); err != nil {
			t.Fatal(err)
		}
		if l := bodyLuminance(t, sctx); l < 0.8 {
			t.Errorf("light theme: background luminance %.2f", l)
		}
		// With no choice made, the page follows a dark system.
		if _, err := chromedp.Call(sctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{
			Features: []*emulation.MediaFeature{{Name: "prefers-color-scheme", Value: "dark"}}}); err != nil {
			t.Fatal(err)
		}
		open("02-gradients.html")
		if th := eval(factsJS).Theme; th != "dark" {
			t.Errorf("dark system: theme %q, want dark", th)
		}
		shot("02-gradients-dark", true)
		if _, err := chromedp.Call(sctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{
			Features: []*emulation.MediaFeature{{Name: "prefers-color-scheme", Value: "light"}}}); err != nil {
			t.Fatal(err)
		}
	})

	t.Run("escaped output", func(t *testing.T) {
		open("02-gradients.html")
		sctx, c := step(10 * time.Second)
		defer c()
		ok, err := chromedp.Run(sctx, chromedp.Evaluate[bool](`[...document.querySelectorAll('.output pre')].some(p => p.textContent.includes('<script>alert(1)</script> & <b>not bold</b>')) && !document.querySelector('.output b')`))
		if err != nil || !ok {
			t.Errorf("the output's HTML is not shown as text (%v)", err)
		}
	})

	t.Run("print", func(t *testing.T) {
		open("02-gradients.html")
		sctx, c := step(20 * time.Second)
		defer c()
		if _, err := chromedp.Call(sctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Media: "print"}); err != nil {
			t.Fatal(err)
		}
		shown, err := chromedp.Run(sctx, chromedp.Evaluate[bool](`(() => {
			const pre = document.querySelector('details.output pre'), bar = document.querySelector('.topbar');
			return pre.getBoundingClientRect().height > 100 && getComputedStyle(bar).display === 'none';
		})()`))
		if err != nil || !shown {
			t.Errorf("print: folded output not shown, or navigation printed (%v)", err)
		}
		shot("02-gradients-print", true)
		if _, err := chromedp.Call(sctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{}); err != nil {
			t.Fatal(err)
		}
		pdf, err := chromedp.Run(sctx, chromedp.PrintToPDF(chromedp.PDFPaper(chromedp.PaperA4)))
		if err != nil || len(pdf) < 10000 {
			t.Errorf("print to PDF: %d bytes, %v", len(pdf), err)
		}
	})

	t.Run("phone", func(t *testing.T) {
		sctx, c := step(20 * time.Second)
		defer c()
		if err := chromedp.Do(sctx, chromedp.EmulateViewport(390, 844, chromedp.EmulateScale(2), chromedp.EmulateMobile)); err != nil {
			t.Fatal(err)
		}
		for _, name := range []string{"index.html", "01-losses.html", "03-korean.html"} {
			for _, e := range open(name) {
				t.Errorf("%s: %s", name, e)
			}
			if eval(factsJS).Overflow {
				t.Errorf("%s: the page scrolls sideways at phone width", name)
			}
			shot(strings.TrimSuffix(name, ".html")+"-phone", false)
		}
		if err := chromedp.Do(sctx, chromedp.Click(chromedp.CSS(".menu-btn")), chromedp.WaitVisible(chromedp.CSS("#t_sidebar"))); err != nil {
			t.Errorf("menu: %v", err)
		}
		time.Sleep(300 * time.Millisecond)
		shot("menu-phone", false)
	})
}

// bodyLuminance returns the relative luminance of the page background.
func bodyLuminance(t *testing.T, ctx context.Context) float64 {
	t.Helper()
	rgb, err := chromedp.Run(ctx, chromedp.Evaluate[[]float64](`getComputedStyle(document.body).backgroundColor.match(/[\d.]+/g).slice(0, 3).map(Number)`))
	if err != nil || len(rgb) != 3 {
		t.Fatalf("background colour: %v %v", rgb, err)
	}
	lin := func(c float64) float64 {
		c /= 255
		if c <= 0.03928 {
			return c / 12.92
		}
		return math.Pow((c+0.055)/1.055, 2.4)
	}
	return 0.2126*lin(rgb[0]) + 0.7152*lin(rgb[1]) + 0.0722*lin(rgb[2])
}

// pageHasMath reports whether the chapter of a page has $…$.
func (f *fixture) pageHasMath(page string) bool {
	for _, ch := range f.book.Chapters {
		if ch.Slug+".html" == page {
			return strings.Contains(string(ch.Source), "$")
		}
	}
	return false
}
