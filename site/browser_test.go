package site

import (
	"context"
	"flag"
	"math"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
	"github.com/tally-book/tally/internal/testkit"
)

var shotsFlag = flag.String("shots", "", "write the browser test's screenshots into this folder and keep them")

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
	bin := testkit.Chromium(t)
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

	built := builtPages(t, out)
	pages := make([]string, 0, len(built))
	for name := range built {
		pages = append(pages, name)
	}
	sort.Strings(pages)
	if len(pages) < 8 {
		t.Fatalf("built %d pages, want 8 (4 in English, 4 in Korean)", len(pages))
	}
	for _, name := range pages {
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
		shot(strings.ReplaceAll(strings.TrimSuffix(name, ".html"), "/", "-"), true)
	}

	t.Run("hangul", func(t *testing.T) {
		for _, name := range []string{"ko/index.html", "ko/01-losses.html", "ko/03-korean.html", "03-korean.html"} {
			open(name)
			ectx, c := step(10 * time.Second)
			h, err := chromedp.Run(ectx, chromedp.Evaluate[hangulFacts](hangulJS))
			c()
			if err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			// 03-korean.md says lang: ko, so its page is a Korean one in
			// either edition.
			wantPage := "en"
			if strings.HasPrefix(name, "ko/") || name == "03-korean.html" {
				wantPage = "ko"
			}
			if h.PageLang != wantPage || h.TextLang != "ko" {
				t.Errorf("%s: lang of the page %q, of its Hangul %q; want %q and ko", name, h.PageLang, h.TextLang, wantPage)
			}
			if h.Width < 20 || h.Height < 10 || h.Lines < 1 {
				t.Errorf("%s: Hangul text %q laid out in %.0f×%.0f px", name, h.Text, h.Width, h.Height)
			}
			if h.WordBreak != "keep-all" || !strings.Contains(h.Font, "Noto Sans CJK KR") {
				t.Errorf("%s: Hangul with word-break %q and fonts %s", name, h.WordBreak, h.Font)
			}
		}
		// The English prose of a Korean fallback page keeps its own faces.
		open("ko/02-gradients.html")
		ectx, c := step(10 * time.Second)
		defer c()
		font, err := chromedp.Run(ectx, chromedp.Evaluate[string](`getComputedStyle(document.querySelector('.chapter-body > p:not(.notice)')).fontFamily`))
		if err != nil || strings.HasPrefix(font, `"Noto Sans CJK KR"`) {
			t.Errorf("English prose on a Korean page in %s (%v)", font, err)
		}
	})

	t.Run("switcher", func(t *testing.T) {
		for _, c := range []struct {
			from, lang, want, heading string
		}{
			{"01-losses.html#mean-squared-error", "ko", "ko/01-losses.html#mean-squared-error", "평균 제곱 오차"},
			{"01-losses.html#cross-entropy", "ko", "ko/01-losses.html#cross-entropy", "교차 엔트로피 오차"},
			// not translated: the section before it that is
			{"01-losses.html#summary", "ko", "ko/01-losses.html#why-the-logarithm", "왜 로그를 쓸까?"},
			{"ko/01-losses.html#cross-entropy", "en", "01-losses.html#cross-entropy", "Cross-entropy"},
			{"ko/01-losses.html#why-the-logarithm", "en", "01-losses.html#why-the-logarithm", "Why the logarithm?"},
			// a chapter with no translation: the Korean page of the original
			{"02-gradients.html#gradients", "ko", "ko/02-gradients.html#gradients", "Gradients"},
			{"ko/index.html", "en", "index.html", ""},
		} {
			for _, e := range open(c.from) {
				t.Errorf("%s: %s", c.from, e)
			}
			sctx, cancel := step(15 * time.Second)
			w := watch(ctx)
			before, _ := chromedp.Run(sctx, chromedp.Evaluate[string](`location.href`))
			err := chromedp.Do(sctx, chromedp.Click(chromedp.CSS(`.lang-switch a[hreflang="`+c.lang+`"]`)))
			var land switchFacts
			for err == nil {
				land, err = chromedp.Run(sctx, chromedp.Evaluate[switchFacts](switchJS))
				if err != nil && sctx.Err() == nil && navigating(err) {
					err = nil // evaluated while the click navigated: ask the new page
				}
				if err == nil && land.Href != before && land.Ready {
					break
				}
				time.Sleep(50 * time.Millisecond)
			}
			cancel()
			for _, e := range w.stop() {
				t.Errorf("%s → %s: %s", c.from, c.lang, e)
			}
			if err != nil {
				t.Errorf("%s: switching to %s: %v", c.from, c.lang, err)
				continue
			}
			if !strings.HasSuffix(land.Href, "/"+c.want) {
				t.Errorf("%s: the %s switcher went to %s, want …/%s", c.from, c.lang, land.Href, c.want)
				continue
			}
			if c.heading == "" {
				continue
			}
			if !strings.HasPrefix(land.Tag, "H") || !strings.HasPrefix(land.Heading, c.heading) || land.Top < 0 || land.Top > 200 {
				t.Errorf("%s → %s: landed on <%s> %q at %.0f px, want the heading %q at the top", c.from, c.want, land.Tag, land.Heading, land.Top, c.heading)
			}
		}
		// From the reading position, without a #fragment: the section at
		// the top of the window.
		open("01-losses.html")
		sctx, cancel := step(15 * time.Second)
		defer cancel()
		if _, err := chromedp.Run(sctx, chromedp.Evaluate[bool](`document.getElementById('cross-entropy').scrollIntoView(), window.scrollBy(0, 120), true`)); err != nil {
			t.Fatal(err)
		}
		href, err := chromedp.Run(sctx, chromedp.Evaluate[string](`(() => { const a = document.querySelector('.lang-switch a[hreflang="ko"]'); a.focus(); return a.href; })()`))
		if err != nil || !strings.HasSuffix(href, "/ko/01-losses.html#cross-entropy") {
			t.Errorf("scrolled into the cross-entropy section, the switcher points at %q (%v)", href, err)
		}
	})

	t.Run("korean search", func(t *testing.T) {
		for _, q := range []struct {
			page, query, want, notWant string
		}{
			{"ko/01-losses.html", "교차 엔트로피", "교차 엔트로피 오차", ""},
			{"ko/02-gradients.html", "제곱 오차", "평균 제곱 오차", ""},
			{"ko/index.html", "로그", "왜 로그를 쓸까?", ""},
			// Each edition searches its own pages.
			{"ko/01-losses.html", "cross", "교차 엔트로피 오차", ""},
			{"01-losses.html", "평균 제곱", "", "평균 제곱 오차"},
		} {
			open(q.page)
			sctx, c := step(10 * time.Second)
			if err := chromedp.Do(sctx, chromedp.Click(chromedp.CSS("#t_search")), chromedp.SendKeys(chromedp.CSS("#t_search"), q.query),
				chromedp.WaitVisible(chromedp.CSS("#t_results"))); err != nil {
				c()
				t.Errorf("%s: search %q: %v", q.page, q.query, err)
				continue
			}
			// The index loads on first use: wait for the results (or the
			// end of the step) rather than a fixed time.
			type results struct {
				Text  string   `json:"text"`
				None  bool     `json:"none"`
				Hrefs []string `json:"hrefs"`
			}
			var res results
			var err error
			for {
				time.Sleep(100 * time.Millisecond)
				res, err = chromedp.Run(sctx, chromedp.Evaluate[results](`({text: document.getElementById('t_results').textContent, none: !!document.querySelector('#t_results .search-none'), hrefs: [...document.querySelectorAll('#t_results a')].map(a => a.href)})`))
				// Done when the hits are there, or when the loaded index
				// found nothing (a query that must find nothing).
				if err != nil || len(res.Hrefs) > 0 && (q.want == "" || strings.Contains(res.Text, q.want)) || res.None || sctx.Err() != nil {
					break
				}
				if deadline, _ := sctx.Deadline(); time.Until(deadline) < 300*time.Millisecond {
					break
				}
			}
			c()
			if err != nil {
				t.Errorf("%s: search %q: %v", q.page, q.query, err)
				continue
			}
			if q.want != "" && !strings.Contains(res.Text, q.want) {
				t.Errorf("%s: search %q: results %q, want %q", q.page, q.query, res.Text, q.want)
			}
			if q.notWant != "" && strings.Contains(res.Text, q.notWant) {
				t.Errorf("%s: search %q: results %q hold %q, from the other edition", q.page, q.query, res.Text, q.notWant)
			}
			for _, h := range res.Hrefs {
				if strings.Contains(h, "/ko/") != strings.HasPrefix(q.page, "ko/") {
					t.Errorf("%s: search %q: result %s is in the other edition", q.page, q.query, h)
				}
			}
			if q.query == "교차 엔트로피" {
				shot("ko-search", false)
			}
		}
	})

	t.Run("claim tooltip", func(t *testing.T) {
		open("01-losses.html")
		sctx, c := step(10 * time.Second)
		defer c()
		if err := chromedp.Do(sctx, chromedp.ScrollIntoView(chromedp.CSS(".claim-mark")), chromedp.Focus(chromedp.CSS(".claim-mark"))); err != nil {
			t.Fatal(err)
		}
		// Wait out the fade-in, however slow the machine.
		type tipFacts struct {
			Visible bool   `json:"visible"`
			Text    string `json:"text"`
		}
		var tip tipFacts
		var err error
		for {
			time.Sleep(100 * time.Millisecond)
			tip, err = chromedp.Run(sctx, chromedp.Evaluate[tipFacts](`(() => { const t = document.activeElement.nextElementSibling; const s = getComputedStyle(t);
			return {visible: s.visibility === 'visible' && s.opacity === '1', text: t.textContent}; })()`))
			if err != nil || tip.Visible || sctx.Err() != nil {
				break
			}
			if deadline, _ := sctx.Deadline(); time.Until(deadline) < 300*time.Millisecond {
				break
			}
		}
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
		sctx, c := step(60 * time.Second) // three full-page screenshots: slow when the machine is busy
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
		open("ko/01-losses.html")
		shot("ko-01-losses-dark", false)
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
		for _, name := range []string{"index.html", "01-losses.html", "03-korean.html", "ko/01-losses.html", "ko/02-gradients.html"} {
			for _, e := range open(name) {
				t.Errorf("%s: %s", name, e)
			}
			if eval(factsJS).Overflow {
				t.Errorf("%s: the page scrolls sideways at phone width", name)
			}
			shot(strings.ReplaceAll(strings.TrimSuffix(name, ".html"), "/", "-")+"-phone", false)
		}
		if err := chromedp.Do(sctx, chromedp.Click(chromedp.CSS(".menu-btn")), chromedp.WaitVisible(chromedp.CSS("#t_sidebar"))); err != nil {
			t.Errorf("menu: %v", err)
		}
		time.Sleep(300 * time.Millisecond)
		shot("menu-phone", false)
	})
}

// hangulFacts is how the first paragraph of Hangul on a page is laid out.
type hangulFacts struct {
	PageLang  string  `json:"pageLang"`
	TextLang  string  `json:"textLang"`
	Text      string  `json:"text"`
	Width     float64 `json:"width"`
	Height    float64 `json:"height"`
	Lines     int     `json:"lines"`
	WordBreak string  `json:"wordBreak"`
	Font      string  `json:"font"`
}

const hangulJS = `(() => {
	const root = document.querySelector('.chapter-body') || document.querySelector('main');
	const walk = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
	let n = null;
	while ((n = walk.nextNode())) {
		if (/[\uac00-\ud7a3]{2,}/.test(n.textContent) && n.parentElement.closest('p, .card-title, .card-summary')) break;
	}
	if (!n) return {pageLang: document.documentElement.lang};
	const r = document.createRange();
	r.selectNodeContents(n);
	const b = r.getBoundingClientRect(), el = n.parentElement, cs = getComputedStyle(el);
	return {pageLang: document.documentElement.lang, textLang: el.closest('[lang]').lang, text: n.textContent.trim().slice(0, 30),
		width: b.width, height: b.height, lines: r.getClientRects().length, wordBreak: cs.wordBreak, font: cs.fontFamily};
})()`

// switchFacts is where the language switcher landed.
type switchFacts struct {
	Href    string  `json:"href"`
	Ready   bool    `json:"ready"`
	Tag     string  `json:"tag"`
	Heading string  `json:"heading"`
	Top     float64 `json:"top"`
}

const switchJS = `(() => {
	const id = decodeURIComponent(location.hash.slice(1)), el = id && document.getElementById(id);
	return {href: location.href, ready: document.readyState === 'complete', tag: el ? el.tagName : '',
		heading: el ? el.textContent.trim() : '', top: el ? el.getBoundingClientRect().top : -1};
})()`

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

// navigating reports whether err says the page went away under an
// evaluation, as it does while a click navigates.
func navigating(err error) bool {
	msg := err.Error()
	return strings.Contains(msg, "navigated or closed") || strings.Contains(msg, "Cannot find context") ||
		strings.Contains(msg, "Execution context was destroyed")
}
