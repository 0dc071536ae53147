// Package chapter is what a tally chapter is: a Markdown file with front
// matter, Go snippets, expected outputs and claims on the values the
// snippets publish, and the book of such chapters with its translations,
// its book file and its blog layouts. It parses chapters (Parse, LoadBook)
// into the model the runner executes (package runner) and the site renders
// (package site); it runs nothing.
//
// A chapter is a Markdown file (CommonMark with GitHub's extensions) with
// optional YAML front matter, prose, TeX math between $…$ or $$…$$, and
// fenced code blocks. The runner turns the chapter's Go snippets into one
// program, builds it with the go command, runs it once, captures what each
// snippet printed and published, and checks the claims of the prose and
// the expected output blocks against it. A chapter saved with CRLF (or
// CR) line endings or a UTF-8 byte order mark reads the same as with LF:
// claims, outputs and the lines of every message are unchanged.
//
// Parse gives the chapter's goldmark tree (Chapter.Doc) with the parts the
// runner checks as nodes of their own (nodes.go): a ClaimNode holds a
// claimed number, a StatementNode the text a statement covers, a
// FigureNode a figure the prose places in a paragraph of its own, an
// OutputNode an output block (its fenced block). Each claim node has its
// index in Chapter.Claims, and each output node the index of the snippet
// it checks in Chapter.Snippets, which are also their indexes in the
// results, so a renderer draws the tree as the runner read it; the
// converter of this package (Markdown) renders the nodes as their plain
// text (an output node as its fenced block).
//
// # Front matter
//
// All keys are optional; keys the runner does not know (tags, toc, …) are
// kept in Meta.Extra for renderers.
//
//	---
//	title: Gradient descent          # default: the first level-1 heading
//	uses: [04-gradients]             # chapters whose definitions this one uses
//	timeout: 2m                      # run limit (default 10m, or tally -timeout)
//	memory: 2GiB                     # memory limit (default 4GiB, or tally -memory)
//	inputs: [testdata/extra.csv]     # data files (module-relative globs) that key the cache
//	goexperiment: simd               # GOEXPERIMENT for building this chapter's program
//	params:                          # parameters: Go variables the snippets read
//	  lr: 0.1                        #   float64
//	  steps: 100                     #   int
//	  label: "run A"                 #   string (also bool)
//	rerun: serve-only                # pages re-run this chapter only under tally serve
//	data: [testdata/prices.csv]      # files the program reads through book.Open, shipped for the browser
//	unsafe: true                     # run without the sandbox (see Runs, limits and the cache)
//	---
//
// A parameter becomes a package-level variable of the chapter's program
// (var lr = book.Param("lr", 0.1)) and is published as a value of the same
// name, so the prose can claim it. A name is a Go identifier that starts
// with a lower-case letter, in snake_case or camelCase (batch_size,
// batchSize), and is no Go keyword or predeclared identifier (len, max,
// int), nor book, the package of tally's runtime; two names of a chapter
// may not differ only in case, since the panel and -set show them to a
// reader. A parameter hides a package of its name, so one named like a
// package the chapter imports, or used as a package (math.Sqrt where math
// is a parameter), is an error at the parameter's line. -set and claims use the name as
// written (-set batchSize=20, 20<!--=batchSize-->).
// tally run -set lr=0.5 runs with an override (converted to the
// parameter's type), which the program reads when it starts, so that runs
// under any values share one build; under overrides, claims and outputs
// that no longer hold are reported as "the text says X, this run gives Y"
// and do not fail, and the run ends with a summary such as "under lr=0.5:
// 74 claims hold, 13 changed".
//
// A parameter may also be declared with the values a reader may give it,
// which the page's parameter panel offers (a slider between min and max,
// on a log scale with log: true; a list for choices):
//
//	params:
//	  lr: {value: 0.1, min: 0.001, max: 2, log: true}
//	  steps: {value: 100, min: 1, max: 1000, step: 1}
//	  act: {value: relu, choices: [relu, tanh]}
//
// value is required and gives the type; min, max and step are for
// numbers (whole ones for an int); log needs min > 0 and max; choices
// are of the value's type, include it, and exclude the other keys. A
// declaration that breaks these rules is an error at its line, and so is
// an override outside the range or the choices.
//
// A chapter page with parameters has a panel to re-run the chapter with
// other values. In the static site the chapter runs in the browser, in
// the book's one program built for js/wasm; a chapter that should not
// (its data is too large to ship, or it needs the machine) says rerun:
// serve-only, and its panel explains that re-running it needs tally serve.
//
// # Data files
//
// A program in a browser has no disk. The files a chapter's code reads
// are listed under data:, each as a slash-separated path relative to the
// book's module (testdata/prices.csv), or as a Go module's path, "//" and
// a path in that module's folder, for data a module ships
// (example.com/datasets//data/train.csv.gz; the book's go.mod must
// require the module, and go list -m finds its folder). Names with "."
// or ".." elements, a backslash or a colon are errors at the key's line,
// and a name that is no file fails the build at the chapter.
//
// The code reads them through package book: book.Open(name) returns the
// bytes, and book.Path(name) the file, for os.Open, os.DirFS and friends.
// Natively the file is the one on disk (module-relative names are relative
// to the module's root, where tally runs programs). In the browser tally
// build has shipped each file once, under the site's data/ folder (as a
// script that carries its bytes and their SHA-256, which loads
// from file:// too; a gzip file whose content is mostly zero bytes ships
// packed smaller, and the program reads a gzip file of the same content
// in stored blocks there, not the original's compressed bytes), the page
// loads a chapter's files on its first Run only, checks them, and serves
// them to the program read-only under
// book.DataRoot (/tally-data/MODULE/PATH), where book.Path points: os.Open,
// os.Stat, os.ReadFile and os.DirFS work there. A missing or damaged data
// file is said in the panel, with its name and what to do. A package that
// finds its data by itself natively can ask book.InBrowser and use
// book.Path there instead.
//
// # Snippet syntax
//
// A fenced block whose info string starts with go is a snippet. Other
// languages (python, text, …) are shown by renderers and never run. Words
// after the language are attributes:
//
//	norun   shown, never compiled (pseudo-code, or code that must not run)
//	hide    compiled and run, but not shown by renderers (setup code)
//
// The author writes neither package main nor func main. A snippet may mix
// top-level declarations and statements, like a notebook cell:
//
//   - import declarations join the program's import block. Most imports
//     are implicit: a name used as pkg.Name is resolved from the book
//     file's imports (see Book file), the standard library, gonum (mat,
//     floats, stat, plot, plotter, …), tally (book, figures) or, failing
//     those, by golang.org/x/tools/imports, which searches the book's
//     module and its dependencies. rand is math/rand/v2.
//   - func, method, type and const declarations go to package level.
//   - everything else, var declarations included, is a statement of main,
//     in the order of the chapter. A later snippet therefore sees the
//     variables of earlier ones, and every value is computed once. A
//     variable that no later code reads is not an error.
//
// Package-level functions cannot see main's variables: pass them as
// arguments, or declare a const. Each part of the program carries a
// //line directive, so compiler errors, go vet findings and panics (with
// the chapter frames of their stack) name chapter.md:LINE. A run collects
// every problem before it reports (ErrorList).
//
// # Publishing values and figures
//
// Snippets publish results with package book and figures:
//
//	book.Publish("sse_right", sse(y, t))            // number, vector, table or string
//	figures.Publish("neglog", p, "−log y on (0, 1]", "A curve falling from …")
//	figures.PublishText("loss", func(tr figures.Text) figures.Drawer { … }, caption, alt) // text translatable
//
// Names are lower-case identifiers; a name published twice, a malformed
// name or an unsupported type is an error at the line of the call. A
// renderer shows a figure after the snippet that published it, or where
// the prose places it with ![alt](figure:neglog); naming a figure that
// was never published there is an error.
//
// # Claims
//
// A number in the prose is bound to a published value by an HTML comment
// written right after it, with no space. A Markdown viewer hides the
// comment, so the reader sees just the number:
//
//	The sum of squares is 0.0975<!--=sse_right-->.
//
// The claim holds when the computed value, rounded to the digits written,
// equals the written number: 0.0975 claims a value in [0.09745, 0.09755).
// Rounding is done on the shortest decimal form of the value, half away
// from zero. The written number may be
//
//	0.0975    fixed point: as many decimals as written
//	60,000    an integer, with optional thousands separators
//	-6.11e-10 scientific: as many significant digits as written (− also works)
//	94.6%     a percentage: the value 0.946, one decimal of the percentage
//
// After the value's name, an optional rule replaces rounding:
//
//	0.31<!--=loss ±0.01-->   |value − 0.31| ≤ 0.01 (in the written units: percentage points for a %)
//	0.31<!--=loss ±5%-->     |value − 0.31| ≤ 5% of 0.31
//	0.94<!--=acc >-->        value > 0.94 (also <, <=, >=, ≤, ≥): the prose says "above 0.94"
//
// A range written in the prose, two numbers joined by an en dash or a
// hyphen with no space, is claimed whole by a comment with no rule:
//
//	0.4–0.6<!--=acc-->       0.4 ≤ value ≤ 0.6 (also 0.4-0.6; −0.6–−0.4 for negative ends)
//	40–60%<!--=acc-->        0.4 ≤ value ≤ 0.6: a % at the upper end makes both percentages
//
// The smaller end comes first. Anything else before the dash (a word, as
// in x-0.6, or a space) leaves a claim on the last number alone.
//
// An element of a vector is name[i], of a table name[i][j]:
// (6<!--=grad_3_4[0]-->, 8<!--=grad_3_4[1]-->). A number inside emphasis
// or a link may carry a claim: **94.6%**<!--=test_acc_final-->. A claim
// that names a value nobody published, an index out of range, or a
// comment that follows no number is an error, never a pass. Ordinary
// comments (<!-- … --> without the '=', the '?' of a statement or the
// '#eq:' of an equation label) are left alone.
//
// # Statement claims
//
// A sentence (or the start of one) is bound to a published boolean by a
// comment <!--?name--> written right after it:
//
//	book.Publish("arrows_to_min", allPointAtMin)     // a bool
//
//	The bowl is round. Every arrow points at the minimum<!--?arrows_to_min-->.
//
// The statement is the text of the paragraph from the start of its
// sentence to the comment: back to the last '.', '!' or '?' followed by a
// space or a line break, a hard line break, an earlier statement comment
// of the paragraph (then from the next word, after spaces and ",;:"), or
// the start of the paragraph. Above it is "Every arrow points at the
// minimum"; the full stop after the comment is outside. Put the comment
// in the middle of a sentence to cover only its start ("Here every arrow
// points at the minimum<!--?arrows_to_min-->, because …"). The text may
// hold emphasis, links, math and checked numbers. Abbreviations such as
// "e.g. " end a sentence too: rephrase, or start the statement after them.
//
// The statement holds when the value is the boolean true; when it is
// false the claim fails at the comment's line ("statement "…" is false:
// the run found arrows_to_min = false"); a value that was never
// published, or is not a bool (a number, a string, even "true"), is an
// error. Under -set and in the page's re-run, a statement the run finds
// false is reported as changed, like a number. A statement counts as a
// claim in every summary, and tally test lists it with its text. A
// translation binds its own sentence to the same name
// (… 가리킵니다<!--?arrows_to_min-->.), which the translation's checks
// require as they do for numbers. A comment <!--?name--> that starts a
// line, or covers no text, is an error.
//
// # Numbered references
//
// Figures, display equations and sections have labels, and a link with no
// text to a label is a reference that renders as the label's number,
// linked to it:
//
//	fig:NAME   the figure a snippet published as NAME ("Figure 3.2", "그림 3.2")
//	eq:NAME    a display equation labelled NAME ("(4.7)", "식 (4.7)")
//	sec:ID     the section whose heading's anchor is ID ("Section 3.1", "3.1절")
//
//	As [](#fig:gd_trajectory) shows, the step of [](#eq:central) …
//	(see [](#sec:softmax)).
//
// An equation is labelled by a comment alone on the line right after its
// closing $$ (NAME: lower-case letters, digits, '_' and '-'):
//
//	$$
//	f'(x) \approx \frac{f(x+h) - f(x-h)}{2h}
//	$$
//	<!--#eq:central-->
//
// A section's anchor is the one goldmark makes of its heading's text,
// unless the heading ends with a label {#sec:NAME} (NAME as for
// equations): then NAME is its anchor, which stays when the title is
// reworded, and the label is not part of the title.
//
//	## Gradient descent {#sec:gd}
//
// The first number is the chapter's place in the book (its order, from
// 1); the second counts, within the chapter, the figures in the order
// they were published, the labelled equations, or the sections
// (level-2 headings; a level-3 heading is 3.1.2; deeper ones have no
// number and no label). Figure captions show
// the figure's number ("Figure 5.2: …") and a labelled equation its own
// at the right. A reference may point into another chapter. A figure
// label names the figure of the referring chapter when it published one
// of that name, else the first chapter's that did. In a translation, a
// section label is the anchor of the source section a heading translates
// (<!--from softmax-->) or the heading's own, and equation labels are the
// translation's own: write the same <!--#eq:NAME--> after the same
// equation. A reference to a label that does not exist is an error at
// its line (for a figure, when every chapter ran), and so are an
// equation label that follows no display math and one used twice in the
// book. A link with text ([see](#eq:central)) is an ordinary link.
//
// # Output checks
//
// A fenced block with info string output right after a snippet is what
// the snippet must print, compared by the rules of Go's testable
// examples: both sides trimmed, and with "output unordered" the lines may
// come in any order. Numbers in it are compared by the claim rule, so
// 0.0975 matches 0.09750000000000003 and [6 8] matches
// [6.000000000012662 7.999999999990237]; all other text must be equal.
// An output block is not a snippet (snippet indexes skip it): it is the
// Want of the snippet it follows, and an OutputNode in the tree. One that
// does not come right after a go snippet (but after prose, another output
// block or a block of another language), or comes after a norun snippet,
// is an error at its fence, and so is an attribute other than unordered.
//
// # Reuse across chapters
//
// A chapter that lists another in uses: gets its definitions (funcs,
// types, methods and consts of every snippet) compiled into its own
// program, with //line directives that point at the defining chapter. Its
// statements do not run again. Its parameters are variables of the
// program too (with their own values; a parameter of the using chapter
// with the same name wins), so its functions may read them. Uses are
// transitive; an unknown name or a cycle is an error, and so are two used
// chapters whose parameters of one name disagree. A later chapter can
// therefore call softmax or numericalGradient defined once, earlier,
// without copying them.
//
// # Translations
//
// A translation is a chapter in a language folder next to the chapters:
// chapters/ko/01-losses.md translates chapters/01-losses.md (front matter
// translates: names another source), and content/ko/posts/my-post/index.md
// the bundle content/posts/my-post/index.md (see Folders). It holds its own prose around the
// source's code and runs nothing: the experiments run once, and both
// editions use the same values and figures.
//
//   - Its go blocks stand, in order, for the go blocks of the source that a
//     reader sees (not hide). Write them empty (```go, then ```): renderers
//     show the source's code, output and figures there. A block with code
//     must equal the source's; where the two differ the build says so, at
//     the translation's line and the source's.
//   - Its claims are checked against the values of the source's run, so a
//     translation that changes a number fails at its own file and line.
//   - Each heading says which source section it translates, with the
//     source heading's ID and the hash of that section's text when it was
//     translated: # 손실 함수 <!--from loss-functions@1a2b3c4d-->. Write
//     <!--from loss-functions--> and run tally stamp FILE to fill in the
//     hash. When the source section changes, its hash no longer matches
//     and the section is reported stale (a warning, like a fuzzy gettext
//     entry); source sections that no heading translates are listed as
//     untranslated.
//
// Figures drawn with figures.PublishText take their text through a
// function, and a translation's front matter can translate that text:
//
//	figure_text:
//	  Training loss: 학습 손실
//	  step: 단계
//
// The source's run then also draws NAME.ko.png with that text (the
// experiment still runs once), the translation's pages show it, and tally
// test lists the figure text left untranslated.
//
// The front matter can translate the code's line comments the same way:
// each key is the text of a // comment of the source's shown go snippets
// (after the // and its spaces), each value its translation.
//
//	code_text:
//	  the loss at each step: 단계마다의 손실
//
// The translation's pages show the source's code with those comments
// translated (the code that runs, and its outputs, stay as they are). A
// translation with code_text has tally test list each comment it leaves
// untranslated, at the comment's line in the source, and each entry that
// matches no comment any more (stale: the source's comment changed).
//
// # Blog posts
//
// The folder of a book may be the posts of an existing blog, so that
// tally checks the numbers of prose that already exists:
//
//   - A Jekyll _posts folder: date-prefixed names (2024-01-15-mean.md,
//     whose slug is the whole name), Jekyll's YAML front matter (keys
//     the runner does not know, such as layout, categories and tags, are
//     kept in Meta.Extra), Liquid tags {% … %} and outputs {{ … }} left in
//     the prose as text, and kramdown's math: $$…$$ alone in its
//     paragraph is display math, $$…$$ inside a paragraph inline math,
//     and a single $ is a dollar sign ("a coffee costs $5"), in a
//     post anywhere under a folder named _posts. Every {{ and {% inside a go
//     snippet of such a post is an error at its line, in any spacing and
//     whatever follows (Go's {{ .Name }} templates, {{1, 2}} literals and
//     "{%d}" formats too): Liquid reads the whole post, so Jekyll would
//     expand them or stop on them, and the code shown would not be the
//     code run. A {% raw %} line before the block and {% endraw %} after
//     it, Jekyll's own remedy, makes them text, and the check accepts it.
//   - A Hugo content folder: TOML front matter between +++ lines, whose
//     errors are reported at their file line like YAML's, and shortcodes
//     {{< … >}} and {{% … %}} left in the prose as text. Math is what the
//     site's configuration gives Hugo's passthrough extension: the first
//     of hugo.toml, hugo.yaml, hugo.json, config.toml, … (and the same
//     under config/_default/) in the book's folder or a folder above it,
//     up to the repository's root (a go.mod or a .git), whose
//     markup.goldmark.extensions.passthrough is enabled gives its inline
//     and block delimiters, such as \(…\) and $$…$$; as in Hugo, a block
//     delimiter inside a paragraph makes display math too. Without that
//     setting, posts have tally's $…$ and $$…$$. A hugo.* file that
//     cannot be read is an error at its line; a config.* one may be
//     another tool's and is left alone.
//   - In every chapter, a line that holds only a kramdown attribute list,
//     such as {: .notice} or {:toc}, is dropped: it styles a block in
//     kramdown and would show as text.
//
// A post without go snippets is only rendered, and its claims, having no
// values to bind to, are errors; a post with snippets runs like any
// chapter. tally export writes the posts back as Markdown for the blog
// engine, with outputs and figures inlined.
//
// # Folders
//
// A book is every chapter below its folder, subfolders included, so that
// tally test content/ checks a whole Hugo site and tally test _posts/ a
// Jekyll blog whose posts are filed by year or topic:
//
//	content/posts/my-post/index.md     a page bundle: the chapter my-post
//	content/posts/my-post/banner.png   a file of the bundle, which its prose may show
//	content/posts/my-post/notes.md     a file of the bundle too, not a chapter
//	content/posts/2024/foo.md          a post of a section: the chapter foo
//	content/posts/_index.md            a section page: not a chapter
//	content/ko/posts/my-post/index.md  a translation of my-post
//	content/posts/my-post/index.ko.md  a translation of my-post too, named as Hugo names them
//	_posts/2023/2023-05-01-x.md        a Jekyll post in a subfolder: 2023-05-01-x
//
// The rules:
//
//   - A chapter's slug names its page (SLUG.html), its program and its
//     figures: the file name without .md, or for index.md the name of its
//     folder. A folder that holds index.md is a leaf bundle, as in Hugo:
//     its other files, below it included, are the bundle's, and none is
//     a chapter.
//   - Left out: README.md, files whose name starts with '_' (drafts,
//     Hugo's _index.md), and folders whose name starts with '.' or '_'
//     or is node_modules.
//   - A folder of the book's folder named like a language code (ko,
//     pt-BR) holds translations (see Translations), laid out like the
//     chapters, when one of its files translates a chapter; otherwise it
//     is a section like any other, such as a blog's ml/ or go/. A file
//     named NAME.LANG.md (foo.ko.md, index.ko.md) translates NAME.md (or
//     the bundle's index.md) wherever it is.
//   - Chapters come in the order of their paths below the book's folder
//     (byte order), which for a flat folder is file-name order.
//   - The site stays flat, so two chapters of one slug (2024/foo.md and
//     2025/foo.md, or foo.md and foo/index.md) are an error at the second
//     file's line 1 that names the first.
//   - The folder fonts/ of the book's folder (chapters/fonts/) holds the
//     fonts of the book's figures: the runner names it to each chapter's
//     program in $TALLY_FONTS, and package figures draws text with its
//     .ttf and .otf files (see "Fonts" in package figures). It holds no
//     chapters of its own unless it has .md files.
//   - uses: names a chapter by its slug (my-post), or by a path whose last
//     element gives that slug (posts/my-post/index.md, 2024/foo.md);
//     tally run and tally test take a chapter's path and load it with its
//     book (BookOf).
//
// Messages name a chapter by its path: content/posts/my-post/index.md:12.
// An image that a bundle's prose shows with a relative path
// (![A banner](banner.png)) is next to its index.md, where the site finds
// it; an image outside the chapter's folder, such as Hugo's /images/…
// from static/, is an error at its line.
//
// # Book file
//
// A book's folder (chapters/, or a blog's _posts/) may hold book.yaml
// (BookFile), which says what the book is; tally init writes one. Every
// key is optional, and a key the runner does not know is an error at its
// line:
//
//	title: How Things Work                 # the site's title
//	description: Every number is checked.  # the sentence under it on the index page
//	language: en                           # the chapters' language (BCP 47); default en
//	editions:                              # the editions' names, by language code
//	  en: {name: English}
//	  de: {name: Deutsch, title: Wie Dinge funktionieren, description: Jede Zahl ist geprüft.}
//	imports:                               # package name → import path, for snippets
//	  stats: example.com/mybook/stats      #   that use stats.Mean without an import
//	words:                                 # the site's own words in more languages
//	  fr: {search: Chercher dans le livre, optional: facultatif}
//	numbered: true                         # sections show their numbers; default false
//
// An edition is the chapters' (language) or the translations of a
// language folder (see Translations); editions: only names them, and a
// title or description left out is the book's. imports: win over the
// runner's own implicit imports; a package of the book's module is
// written with the module's path (the book's own packages resolve like any
// module's). words: adds the site's interface words (badges, "numbers
// checked", the parameter panel, search) for a language, by the keys of
// the site's English words (enText in tally's site/i18n.go, where English
// and Korean are built in); a language without words gets English ones,
// and a word that is not a key of the site is an error at its line.
// numbered: true starts each section's heading, and its line in a page's
// table of contents, with the number references print ("2.3 Gradient
// descent"). A
// chapter whose front matter says lang: ko is a page in that language,
// with its lang attribute and the site's Korean words.
//
// Without a book file, a blog's configuration names the book: Jekyll's
// _config.yml (title, description, lang) or Hugo's hugo.toml, hugo.yaml,
// hugo.json or config.* (title, languageCode or defaultContentLanguage,
// params.description), found in the book's folder or one above it up to
// the module's root. A book file, when there is one, wins key by key.
// Without either, the book's title is the name of the module's folder.
//
// # Example chapter
//
// A whole chapter, which the claims above come from (a test of this
// package runs it):
//
//	---
//	title: Losses
//	params:
//	  delta: 1e-7
//	---
//	# Losses
//
//	```go
//	func sse(y, t []float64) float64 {
//		s := 0.0
//		for i := range y {
//			s += (y[i] - t[i]) * (y[i] - t[i])
//		}
//		return s / 2
//	}
//
//	func cee(y, t []float64) float64 {
//		s := 0.0
//		for i := range y {
//			s -= t[i] * math.Log(y[i]+delta)
//		}
//		return s
//	}
//
//	t := []float64{0, 0, 1, 0, 0, 0, 0, 0, 0, 0}
//	y := []float64{0.1, 0.05, 0.6, 0.0, 0.05, 0.1, 0.0, 0.1, 0.0, 0.0}
//	book.Publish("sse_right", sse(y, t))
//	book.Publish("cee_right", cee(y, t))
//	fmt.Printf("SSE: %.4f\nCEE: %.4f\n", sse(y, t), cee(y, t))
//	```
//
//	```output
//	SSE: 0.0975
//	CEE: 0.5108
//	```
//
//	The sum of squares is 0.0975<!--=sse_right-->. Confident and right,
//	the cross-entropy is only 0.51<!--=cee_right-->.
package chapter
