// Package site turns a book's chapters and the results of their run into a
// static HTML site that a reader opens from disk or from any static host.
// The site makes no request outside itself: no CDN, no web font, no math
// script. [Build] writes it; [Serve] previews it with live reload.
//
// # Site layout
//
// Build writes these files into [Options].Out:
//
//	index.html                    the chapter list, how to read the book, and the Go version that ran the chapters
//	SLUG.html                     one page per chapter, e.g. 01-losses.html
//	source/SLUG.md                the chapter's Markdown, linked from its page
//	figures/SLUG/NAME.png         the figures the chapter published (or NAME.svg)
//	figures/SLUG/NAME.LANG.png    a figure drawn with the text of the edition in LANG (figures.PublishText)
//	media/SLUG/PATH               the images next to a chapter that its prose shows
//	LANG/index.html               the index of the edition in LANG, e.g. ko/index.html
//	LANG/SLUG.html                the chapter in LANG: its translation, or the original under a notice
//	LANG/source/SLUG.md           the translation's Markdown
//	LANG/media/SLUG/PATH          the images next to a translation
//	assets/tally.css              the style sheet, with the highlighting colours of both themes
//	assets/theme.js               sets the light or dark theme before the page is drawn
//	assets/tally.js               the menu on narrow screens, the theme button, tooltips, the language switcher, printing
//	assets/search.js              the search box
//	assets/rerun.js               the parameter panel of chapters with parameters (see Re-running)
//	assets/search-LANG.js         the search index of each edition, loaded on first use
//	assets/katex/katex.min.css    KaTeX's style sheet, without the woff and ttf fallbacks
//	assets/katex/fonts/*.woff2    KaTeX's fonts
//	assets/rerun-wasm.js          re-runs a chapter in the browser, loaded when the reader first touches the panel (see Static re-run)
//	assets/wasm_exec.js           the Go distribution's support script for programs built for js/wasm
//	wasm/book-HASH.js             the book's one program built for the browser, gzip-compressed, in a byte script (see Static re-run)
//	data/PATH.js                  a data file a re-runnable chapter reads (front matter data:), in a byte script
//	.nojekyll                     so that GitHub Pages serves the Markdown sources as they are
//
// The LANG/ files are there when the book has translations (see
// Editions); the editions share the assets and the figures.
//
// Every file name that comes from a chapter (its slug) or from its results
// (a figure name) must be letters, digits, '-' and '_', and every path is
// checked to stay inside Out: a name that is not is a problem of the
// build, never a file elsewhere.
//
// The site is a function of the chapters, the results of their runs and
// the tool's version alone: two builds of the same chapters with equal
// results write the same bytes, whether the runs came from the cache or
// ran again. The pages say which Go version ran a chapter, never when, for
// how long, or whether this build ran it; tally build prints those, and
// gives the site the results without them (runner.Results.Reproducible).
//
// [Options].Cache keeps between builds what costs the most to make again,
// so that a build after a prose edit takes a fraction of a second:
//
//	math/HASH    a formula's HTML, named by a hash of its TeX, its display mode,
//	             KaTeX's version (as katex.min.js states it) and a hash of katex.min.js
//	code/HASH    a code block's highlighted HTML, named by a hash of its info string,
//	             its lines and the versions of chroma and goldmark-highlighting
//	wasm/HASH/program.js
//	             the book's program's script, named by a hash of the
//	             program's SHA-256, with a record (.sum) of its size and SHA-256
//
// A math or code entry holds the SHA-256 of its HTML, and a program's file
// must have the size and SHA-256 of its record: an entry that does not
// match (truncated, or one character changed) is ignored and made again.
// The program itself is read and compared with the SHA-256 the runner
// recorded when it built it before its files are made; a program changed
// since is an error that says to build with -force. Entries are written to
// a temporary file and renamed, so that two builds at once never read half
// of one.
//
// The cache does not grow without bound. It keeps one program's files,
// the newest: writing them removes the others. A build that
// finishes without problems (under tally serve, its first build, before
// rendered math and code are kept in memory) removes the math and code
// entries that it did not use and that no build used for 30 days (a used entry's modification
// time says when it was last used, to the day), so that a build of
// another branch, or of part of the book, does not empty the cache.
//
// # Pages
//
// A chapter page is the tree the runner's parse made ([chapter.Parse]),
// with its claim, statement, figure and output nodes
// ([chapter.ClaimNode], [chapter.OutputNode]), whose claims and output
// blocks find their results by the node's index: the site never parses a
// chapter again. A page renders a copy of that tree (clone.go), since it
// rewrites it (the title taken out, heading ids, equations wrapped), so
// that another edition's page or the next build of tally serve finds the
// tree as parsed. It is rendered by goldmark with one extension per
// feature, each in a file of its own; a feature with state for the page
// (figures, claim marks, math, snippets, links and the images they copy,
// section numbers, a translation's edition) is one type that keeps that
// state and renders its nodes, and a feature that needs only the words of
// the page's language takes those. The page itself keeps its chapter, its
// results, its language and its rendered body; what the templates show
// of it besides (title, tags, claim count, problems, run facts) is worked
// out once, into a view (write.go):
//
//   - math.go: $…$ and $$…$$, kept from Markdown by the passthrough
//     extension, are rendered at build time by KaTeX (katex.go: KaTeX's own
//     katex.min.js, embedded in tally by internal/katexdist and run in
//     goja) into HTML and MathML, or taken from the cache of rendered math
//     (mathcache.go). TeX that KaTeX refuses fails the build at its
//     chapter line.
//   - snippet.go: code is highlighted by goldmark-highlighting and chroma
//     (CSS classes, a light and a dark palette). Under each Go snippet that
//     ran comes what it printed, always HTML-escaped, folded when longer
//     than 24 lines, with the result of the comparison with its output
//     block. The output block itself (its node, with its snippet's index)
//     shows nothing more when the output matched it, and its expected text
//     when it did not. A "go hide" snippet shows only its output and
//     figures; a "go norun" snippet and other languages are shown, marked
//     "not run".
//   - figure.go: a figure appears after the snippet that published it,
//     with its number in the book ("Figure 3.2:", see xref.go), caption
//     and alt text, unless the prose places it with
//     ![alt](figure:NAME), whose alt text, when given, wins. A PNG gets
//     width and height at half its pixels, since package figures draws at
//     twice the CSS density.
//   - claim.go: a number claimed in the prose (0.0975<!--=mse-->) is
//     underlined and followed by a small mark; hovering or focusing the
//     mark shows the computed value, the rule and the chapter line. A
//     failed claim is red.
//   - statement.go: a statement claim (… at the minimum<!--?name-->) is
//     marked as a number is: the sentence it covers (chapter.StatementStart)
//     underlined, the same mark and tooltip (the value true or false, the
//     rule "the run finds it true"), and the same classes and data-claim
//     index, so that a re-run marks it holds or changed like a number.
//   - xref.go: labelled figures, equations and sections are numbered per
//     edition before any page renders (chapter number from the book's
//     order, then the place in the chapter), and a reference
//     [](#eq:central) becomes a link "(4.7)", "Figure 3.2" or "Section
//     3.1" ("식 (4.7)", "그림 3.2", "3.1절" on a Korean page) to the
//     label's anchor, in another chapter's page if need be. A labelled
//     equation shows its number at the right. A reference to no label is
//     shown as [eq:NAME] in red; the runner reports it.
//   - deepdive.go: a heading that ends in (*) starts an optional section,
//     shown with a badge and a tinted band up to the next heading of its
//     level.
//   - toc.go: headings get a self-link; with toc: true in the front
//     matter, the page has a table of contents of its second- and
//     third-level headings.
//   - numbered.go: with numbered: true in the book file, second- and
//     third-level headings and their lines in the table of contents start
//     with their number, the one a reference prints ("2.3 Gradient
//     descent"); a heading's {#sec:NAME} label names its anchor.
//   - readtime.go: the estimated reading time (words, Hangul syllables and
//     lines of code).
//   - edition.go: translations and fallback pages (see Editions).
//   - links.go: a link to a chapter's file (02-entropy.md#softmax, or a
//     page bundle's ../my-post/index.md) goes to its page; an image next to
//     the chapter (in a page bundle, next to its index.md) is copied into
//     the site, and a remote image becomes a link to it, since pages load
//     nothing from outside the site. An image that is a symbolic link is
//     copied only when the link stays in the chapter's folder; one that
//     leads elsewhere is a problem at its line.
//
// The ids the site adds to a page for its own use start with "t_", which
// goldmark's heading ids never contain; the anchors meant for links are
// the headings' ids, snippet-N and output-N (the N-th fenced block),
// fig-NAME and eq-NAME. They are the same in every edition (see Editions), so that a
// #fragment link works in each.
//
// Raw HTML of the prose passes through unchanged. The front matter's
// title, tags (or tag, categories), toc, description and search are used;
// lang marks a chapter written in another language than the book's; other
// keys are kept by the runner and ignored here.
//
// # Problems
//
// Build writes the whole site even when it finds problems, marks each on
// its page (a red banner lists them at the top), and returns them as a
// [chapter.ErrorList] wrapped with [ErrProblems], each at chapter.md:LINE.
// Invalid TeX, a figure reference to no figure and an unsafe name are
// always problems; a false claim, an output that differs from its output
// block, a failed run, and a translation's false claim or code that
// differs from its source's are problems unless [Options].KeepGoing is
// set. A translation's page also lists the failures of its source's run,
// whose outputs it shows; a fallback page repeats its chapter's problems,
// which Build returns once. Stale sections are not problems.
//
// # Search
//
// The index of each edition is built with the site: the prose of every
// section (from one second- or third-level heading to the next), cut into
// lower-case words, and for Hangul, which often runs several words
// together, into syllable bigrams. The page's script cuts a query the
// same way, matches words by prefix, and lists the sections that hold
// every term. It is a script, not JSON, so that it loads from file:// too.
//
// # Editions
//
// A book is written in one language, [Options].Lang ("en"), and its
// translations (chapter.Book.Translations: chapters/ko/01-losses.md, see
// the runner's documentation) make other editions: one Build writes the
// edition of the chapters at the root of Out and an edition per
// translation language in Out/LANG/, from the same run. [Options].Languages
// gives each edition its name in the switcher, its book title and its
// index page's lead; a language the book has no translations in makes no
// edition.
//
// An edition has a page for every chapter, under the chapter's file name,
// so that each page has a counterpart in every edition:
//
//   - A translated chapter's page is the translation's prose. Where its
//     empty go blocks stand, the page shows the source snippet's code, what
//     it printed and its figures, from the source's run; the output and
//     figures of a hidden (go hide) source snippet come with the shown
//     snippet before it. Its claims are marked with the translation's own
//     checks (runner.TranslationResult.Claims), at the translation's
//     lines. Figures keep their published caption and alt text, marked as
//     in the book's language, unless the translation places the figure
//     itself: ![alt](figure:NAME "caption") gives both in its language (the
//     title of such a reference replaces the caption in every edition).
//   - Each heading of a translation gets the id of the source section its
//     stamp names (# 손실 함수 <!--from loss-functions@1a2b3c4d-->), and the
//     stamp is not shown; a heading without a stamp keeps the id the parser
//     gives it, numbered when taken. So #loss-functions is the same section
//     in both editions, and links to a chapter's Markdown file go to the
//     page of the same edition.
//   - Out-of-date sections (runner.TranslationResult.Stale: the source
//     section changed since it was stamped, was never stamped, or is gone,
//     or the heading has no stamp) are listed in a discreet note at the top
//     of the page, with links to them and to the source's section, and
//     marked after their headings, the reason in the marker's title. The
//     source sections no heading translates are listed with links to the
//     original.
//   - A chapter with no translation gets a fallback page: the original,
//     with lang on its article, under a notice in the edition's language;
//     the edition's menus, index and switcher treat it as the edition's
//     page, marked "original".
//
// Pages have the lang of their edition, and the prose its own when it
// differs (a fallback page's article, a chapter whose front matter says
// lang: ko). The interface (menus, labels, tooltips, notices) is in the
// edition's language: English, or Korean (i18n.go); claim rules are
// written in Korean on Korean pages, the runner's problem messages stay
// as it writes them.
//
// The language switcher in the top bar of every page links to the same
// chapter in every other edition, or to its index from an index. Its link
// lists the heading ids of the page it opens (data-anchors); on use, the
// page's script adds the section being read as #fragment: the heading at
// the top of the window, or the one the address names when it is in
// view, or when the other page lacks that section (not translated yet),
// the nearest section before it that it has. Without the script, it opens
// the top of the page.
//
// Typography: a page or part in Korean (:lang(ko)) is set in a Gothic
// face from the system's fonts (Noto Sans CJK KR, Apple SD Gothic Neo,
// Malgun Gothic; no web font), with word-break: keep-all, strict line
// breaking, a looser line height and emphasis in weight rather than
// italics; a part in another language inside it keeps its own faces. An
// inline formula and the Hangul particle written right after it ($t$에서)
// are kept on one line (math.go).
//
// Each edition has its own search index (assets/search-LANG.js) of its own
// pages (not of fallback pages in another language), so a search from a
// Korean page lists Korean sections only.
//
// # Looks
//
// Pages use system fonts (a serif for prose, a sans-serif for headings and
// the interface, Noto CJK for Hangul), follow the system's dark setting
// unless the reader chooses with the theme button (kept in localStorage),
// fit a phone's width (the chapter list becomes a menu), and print without
// the navigation and with every folded output open.
//
// # Re-running
//
// A chapter page whose chapter has parameters (runner: params in the
// front matter) has a parameter panel under its title: each parameter
// with the book's value and an input that fits its type (a slider when
// its range is declared, on a log scale when log is, a list for choices
// and booleans), a Run button and a "Back to the book's run" button. The
// page meta tally-rerun says how the chapter can be re-run: "wasm" in the
// browser, or "serve-only" (front matter rerun: serve-only).
//
// While a run is in progress the panel is aria-busy, its status line says
// so, and a Stop button shows (Escape in the panel does the same): under
// [Serve] it drops the request, which stops the run on the server, and in
// the static site it ends the run in the browser (see Static re-run).
// "Back to the book's run" stops a run in progress too. A stopped run, as
// a failed one, leaves the book's values on the page, and the status line
// says it was stopped.
//
// assets/rerun.js checks the values (a number that is not one, or is out
// of range, is said in the panel and nothing runs), sends only the ones
// that differ from the book's, and applies the result (runner.RerunResult)
// in place: what each snippet printed, each figure, and each claim mark,
// found by the attributes the page carries for it:
//
//	data-snippet="N"   the output block of snippet N (chapter.Snippet.Index: the N-th fenced block, from 0)
//	data-figure="NAME" every <img> of figure NAME
//	data-claim="N"     claim N of the page's own chapter (a translation's page: of the translation)
//
// A claim that no longer holds gets a dashed amber mark (≠) and the
// tooltip "the text says X, this run gives Y", unlike a false claim's red
// one, and a line above the panel sums the run up ("under lr=0.5: 74
// claims hold, 13 changed"). "Back to the book's run" puts back what the
// page had, from memory. Under [Serve] the script posts to the server
// (see Preview); in the static site it loads assets/rerun-wasm.js when
// the reader first touches the panel (focus or pointer in it), calls
// window.tallyWasmPrepare() to get the program ready, and on Run
// window.tallyWasmRun(chapter, params, lang, limit) and, to stop,
// window.tallyWasmStop().
//
// # Static re-run
//
// In the static site a chapter re-runs in the reader's browser, offline,
// as WebAssembly. tally build compiles every chapter whose page re-runs it
// (it has parameters, and no rerun: serve-only) a second time, for
// GOOS=js GOARCH=wasm, into one program for the whole book: each
// chapter's generated main.go, with the same //line directives, is a
// package of its own, with a generated file that hands package book's
// browser harness the chapter's main function, claims, output blocks and
// translations; the program's main runs the chapter the page names
// (runner.BuildWasm, cached under the chapters' run keys and the target,
// and reused only when the file has the SHA-256 recorded at its build).
// The Go runtime, gonum and plot are in it once, and a reader's browser
// keeps it across chapters. [Options].Wasm is the program; Build writes it
// once, as wasm/book-HASH.js (HASH: the first 16 hex digits of its
// SHA-256, so a new program is a new file), names it in each
// re-runnable page's meta tally-program, and copies the Go distribution's
// wasm_exec.js (Options.WasmExec) to assets/, as text.
//
// The program ships gzip-compressed (about a third of its size), in a byte
// script: the statement tallyWasmData("NAME","BYTES"), whose string holds
// the bytes themselves, one a character, with ", \, LF and CR written
// \", \\, \n and \r (1.6% more than the bytes; base64 would add a
// third). From file://, where Chromium refuses fetch, the page loads it as
// a script whose element names the encoding x-user-defined, in which each
// byte 0x00–0x7F is itself and 0x80–0xFF is U+F780–U+F7FF, so that each
// character's code modulo 256 is its byte. Over http(s), where a server's
// Content-Type may name another encoding, the page fetches the same file
// and takes the bytes out of the string as they stream in, unpacks them
// (DecompressionStream) and compiles the program while it streams in
// (WebAssembly.compileStreaming), so compiling overlaps the download. One
// file serves both, so the site holds the program once. For the same reason
// assets/wasm_exec.js is a script that hands the text of Go's
// wasm_exec.js, as a string literal, to window.tallyWasmExec. A missing
// file, or one that does not unpack or compile (a transfer cut short, a
// changed byte: gzip's CRC and the compiler catch it), is said in the
// panel with the file's name and what to do, and the page keeps the
// book's values; so is a browser without WebAssembly or
// DecompressionStream.
//
// Nothing of it loads with the page. When the reader first touches the
// panel (a field or button gets the focus, or a pointer goes down in it:
// a reader who changes a value before Run), rerun.js loads
// assets/rerun-wasm.js, which loads assets/wasm_exec.js and the book's
// program and compiles it on the page, makes the worker and has it start
// a program ahead (below) while the reader picks values; a first Run
// without that does the same then. The compiled module is kept for the
// next runs of the page. The program runs in a dedicated Web
// Worker, so the page stays responsive during a run. Chromium refuses
// new Worker for a script at a file: URL ("cannot be accessed from origin
// 'null'"), but not for a blob: URL, in which a worker's code may
// instantiate WebAssembly: the page makes the worker's script as a blob
// from the text of wasm_exec.js and a function of rerun-wasm.js, and
// posts it the compiled module with each run. The worker is kept between
// runs, and so is a program started ahead: once a run ends, the worker
// instantiates the module again and starts it without TALLY_RERUN, so the
// Go runtime and the init of every package of the book's program run
// while the page is idle, and the program waits in book.RerunMain for
// the promise of window.tallyWasmRequest, which the next Run resolves with
// its request: a later click runs only its chapter. Code of the program
// is slower the first time it runs (V8 compiles a function when it is
// first called, with a quick compiler, and optimizes it once it is hot),
// so a first click pays more for its chapter and for every package's
// init: tally's own packages do little at init (package check reads the
// claim forms without package regexp, whose expressions were compiled at
// the program's start). The page's performance timeline
// (the browser's developer tools) shows each phase: "tally program"
// (fetching, unpacking and compiling the program), "tally go start" (the
// Go runtime and every init), "tally wait" (a program started ahead
// waiting for the click) and "tally chapter" (the run and the checks of
// its claims), the last three from the times the result carries (times:
// milliseconds since 1970 when Go started, when main began, when the
// request came and when the result was ready). Each run gets the
// parameters and the page's language (TALLY_RERUN's JSON), keeps what it prints
// per snippet, and resolves to the RerunResult that the harness builds at
// the end of the run: it checks the claims and output blocks with package check,
// the code tally test uses, and figures are drawn by package figures as
// SVG (vgsvg, fonts not embedded: the browser sets the text) and sent as
// data: URLs. A value that is not one of the parameter's type, range or
// choices (check.Domain, as for tally run -set) or an unknown parameter is
// an error and nothing runs; a panic is reported at its chapter line. Runs queue, so two never
// mix their output.
//
// A run is stopped by terminating its worker: by the panel's Stop button,
// and after the chapter's time limit, which the page applies as tally
// serve does (front matter timeout:, else tally build -timeout, else
// runner.DefaultTimeout): Build writes it, in seconds, in the page's meta
// tally-timeout (Options.Timeout is the default), and the page counts it
// from the moment the program starts in the worker, so loading and
// compiling the program and loading the data do not count. The panel then says "The run was stopped
// after 2 s (the chapter's time limit)", and the page keeps the book's
// values. Stop also drops the runs queued behind the one in progress. The
// next run makes a new worker, with the module the page kept.
//
// Where the page may not make a worker (a host whose Content Security
// Policy forbids them: the worker's script fails to start), rerun-wasm.js
// runs the program on the page's thread, as before workers, and says so in
// the browser's console. The page is then busy for the run, and a program
// that computes cannot be interrupted there: Stop and the time limit take
// effect at its next print or snippet (the page's hooks for them throw,
// which ends the program with a panic), and a run that ended after the
// limit is reported as stopped, its result dropped. A parameter's range
// should still keep a run short.
//
// The browser's math is Go's portable code, where amd64 uses assembly for
// some functions (math.Exp among them), so numbers that hang on the last
// bits of a result can differ from tally serve's: chapter 4's best steps
// of numerical differentiation do.
//
// A chapter whose code reads files lists them in its front matter
// (data:, see package runner). Build writes each once, whichever chapters
// use it, as data/PATH.js (data/MODULE/PATH.js for a file of a Go
// module's folder): a byte script that hands the file's site path, its
// bytes and their SHA-256 to window.tallyWasmData, so that one file loads
// from file:// and over http(s). A gzip file whose packing saves a
// twentieth ships packed instead (MNIST's images, four fifths zeros: the
// four files' 11.6 MB ship as 10.3): two raw DEFLATE streams, the mask of
// the content's bytes that are not zero, then those bytes; its script
// records the content's SHA-256, "sparse", the content's length and the
// mask's. The worker inflates them (DecompressionStream "deflate-raw"),
// puts the content together, checks it, and hands the program a gzip file
// of that content in stored blocks: the program reads the same content
// (gzip.NewReader checks its CRC-32), not the same compressed bytes. The
// page names its chapter's files in its meta tally-data; they load on the
// first Run that needs them (never with the page), in the worker: over
// http(s) the worker fetches them itself, from file:// the page loads
// their scripts and transfers the bytes (no copy). The worker checks
// their SHA-256 where the browser offers crypto.subtle, keeps them for
// the next runs (until a stop ends the worker), and hands them to each
// run, whose file system serves them read-only under /tally-data
// (book.DataRoot); where no worker may run, the page does all this
// itself. From the click on, the panel says what the run does: loading
// the program, loading the data (with the bytes so far over http(s)),
// starting, which code block runs (the harness tells the page at each
// snippet), then a trainer's steps (book.Progress). The program's goexperiment: is dropped
// where it does not build for wasm (simd: the plain kernels run).
//
// A chapter that says rerun: serve-only has no browser program: its panel
// says that re-running it needs tally serve.
//
// # Preview
//
// [Serve] serves a built site on the loopback interface, watches the
// chapter files with fsnotify, calls a rebuild function after each burst
// of changes, and tells the open pages to reload through server-sent
// events (/__tally/events), from a script it adds to the HTML it serves;
// the files of the site never contain it. A failed rebuild is shown over
// the open page.
//
// A rebuild starts [DefaultDebounce] (20 ms) after the last change of a
// burst: an editor's save is one burst, and changes that come during a
// rebuild start another one when it ends. tally serve's rebuild after a
// prose edit does what tally build does, less the programs for the
// browser:
//
//   - it reads and parses every chapter and translation again, and gets
//     every chapter's run from the runner's cache, since its code did not
//     change; the claims and output blocks are checked again against the
//     run (their lines moved), and the translations' staleness too;
//   - it renders every page of every edition, the indexes and the search
//     indexes again, since a chapter's title, first paragraph, sections
//     and problems appear on other pages; the HTML of math and code comes
//     from memory ([Options].Memo), not from KaTeX or the disk cache;
//   - it writes the site into a new folder next to the served one, where
//     each file whose bytes are those of the same file in the served site
//     (the assets, KaTeX's fonts, the figures, the unchanged pages) is a
//     hard link to it rather than a copy, and swaps the new folder into
//     place whole (so a rebuild that fails leaves the previous site);
//   - only then it tells the open pages to reload.
//
// The site it leaves is byte for byte the one tally build writes from the
// same sources (without the chapters' programs for the browser, which
// serve re-runs natively). BenchmarkServeProseEdit, in package main,
// measures the time from the save of a chapter to the reload event.
//
// With [ServeOptions].Rerun set, the server also re-runs chapters for the
// parameter panel: POST /__tally/rerun with the JSON body
// {"chapter": "05-gradient-descent", "params": {"lr": "0.5"}, "lang": ""}
// (values as written for tally run -set; lang names a translation's page,
// whose claims the result checks) answers a runner.RerunResult. It takes
// requests from its own pages only (Origin and Sec-Fetch-Site), bodies of
// at most 64 KiB, and answers 400 without running for a chapter or
// parameter the book does not have or a value that is not one. One run
// goes at a time: a new request stops the run in progress, whose request
// is answered 409, so the latest values always win.
package site
