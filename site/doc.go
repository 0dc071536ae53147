// Package site turns a book's chapters and the results of their run into a
// static HTML site that a reader opens from disk or from any static host.
// The site makes no request outside itself: no CDN, no web font, no math
// script. [Build] writes it; [Serve] previews it with live reload.
//
// # Site layout
//
// Build writes these files into [Options].Out:
//
//	index.html                    the chapter list, how to read the book, and the run facts of every chapter
//	SLUG.html                     one page per chapter, e.g. 01-losses.html
//	source/SLUG.md                the chapter's Markdown, linked from its page
//	figures/SLUG/NAME.png         the figures the chapter published (or NAME.svg)
//	media/SLUG/PATH               the images next to a chapter that its prose shows
//	assets/tally.css              the style sheet, with the highlighting colours of both themes
//	assets/theme.js               sets the light or dark theme before the page is drawn
//	assets/tally.js               the menu on narrow screens, the theme button, tooltips, printing
//	assets/search.js              the search box
//	assets/search-LANG.js         the search index of the book's language, loaded on first use
//	assets/katex/katex.min.css    KaTeX's style sheet, without the woff and ttf fallbacks
//	assets/katex/fonts/*.woff2    KaTeX's fonts
//	.nojekyll                     so that GitHub Pages serves the Markdown sources as they are
//
// Every file name that comes from a chapter (its slug) or from its results
// (a figure name) must be letters, digits, '-' and '_', and every path is
// checked to stay inside Out: a name that is not is a problem of the
// build, never a file elsewhere. Two builds of the same chapters and the
// same cached results write the same bytes: the only times on the pages
// are the run facts, which come from the results.
//
// # Pages
//
// A chapter page is the chapter as the runner parses it ([runner.Markdown]
// and [runner.ParseWith], so that snippet and claim indexes agree with the
// results), rendered by goldmark with one extension per feature, each in a
// file of its own:
//
//   - math.go: $…$ and $$…$$, kept from Markdown by the passthrough
//     extension, are rendered at build time by KaTeX (katex.go: KaTeX's own
//     katex.min.js, read from node_modules/katex/dist and run in goja) into
//     HTML and MathML. TeX that KaTeX refuses fails the build at its
//     chapter line.
//   - snippet.go: code is highlighted by goldmark-highlighting and chroma
//     (CSS classes, a light and a dark palette). Under each Go snippet that
//     ran comes what it printed, always HTML-escaped, folded when longer
//     than 24 lines, with the result of the comparison with its output
//     block. A "go hide" snippet shows only its output and figures; a
//     "go norun" snippet and other languages are shown, marked "not run".
//   - figure.go: a figure appears after the snippet that published it,
//     with its number, caption and alt text, unless the prose places it with
//     ![alt](figure:NAME), whose alt text, when given, wins. A PNG gets
//     width and height at half its pixels, since package figures draws at
//     twice the CSS density.
//   - claim.go: a number claimed in the prose (0.0975<!--=mse-->) is
//     underlined and followed by a small mark; hovering or focusing the
//     mark shows the computed value, the rule and the chapter line. A
//     failed claim is red.
//   - deepdive.go: a heading that ends in (*) starts an optional section,
//     shown with a badge and a tinted band up to the next heading of its
//     level.
//   - toc.go: headings get a self-link; with toc: true in the front
//     matter, the page has a table of contents of its second- and
//     third-level headings.
//   - readtime.go: the estimated reading time (words, Hangul syllables and
//     lines of code).
//   - links.go: a link to a chapter's file (02-entropy.md#softmax) goes to
//     its page; an image next to the chapter is copied into the site, and a
//     remote image becomes a link to it, since pages load nothing from
//     outside the site.
//
// The ids the site adds to a page for its own use start with "t_", which
// goldmark's heading ids never contain; the anchors meant for links are
// the headings' ids, snippet-N and output-N (the N-th fenced block) and
// fig-NAME.
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
// [runner.ErrorList] wrapped with [ErrProblems], each at chapter.md:LINE.
// Invalid TeX, a figure reference to no figure and an unsafe name are
// always problems; a false claim, an output that differs from its output
// block and a failed run are problems unless [Options].KeepGoing is set.
//
// # Search
//
// The index is built with the site: the prose of every section (from one
// second- or third-level heading to the next), cut into lower-case words,
// and for Hangul, which often runs several words together, into syllable
// bigrams. The page's script cuts a query the same way, matches words by
// prefix, and lists the sections that hold every term. It is a script, not
// JSON, so that it loads from file:// too.
//
// # Languages
//
// A site is one language: [Options].Lang sets the lang attribute of its
// pages and names its search index (assets/search-LANG.js), so each
// language searches its own pages. A second edition is a second Build into
// a folder of its own, such as Out/ko, with its own Lang; [Options].Languages
// lists the editions for the switcher in the top bar, which links to the
// page of the same chapter in the other edition. The style sheet sets a
// Korean font stack and keep-all line breaking for lang="ko".
//
// # Looks
//
// Pages use system fonts (a serif for prose, a sans-serif for headings and
// the interface, Noto CJK for Hangul), follow the system's dark setting
// unless the reader chooses with the theme button (kept in localStorage),
// fit a phone's width (the chapter list becomes a menu), and print without
// the navigation and with every folded output open.
//
// # Preview
//
// [Serve] serves a built site on the loopback interface, watches the
// chapter files with fsnotify, calls a rebuild function after each burst
// of changes, and tells the open pages to reload through server-sent
// events (/__tally/events), from a script it adds to the HTML it serves;
// the files of the site never contain it. A failed rebuild is shown over
// the open page.
package site
