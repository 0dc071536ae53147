// Command tally runs the Go snippets of a Markdown book, checks every number
// its prose claims, and writes the book as a static site.
//
// Usage:
//
//	tally init [flags] [DIR]           start a book in DIR (default the current folder)
//	tally build [flags] [DIR]          run every chapter of DIR (default chapters/), write the site
//	tally run [flags] CHAPTER...       run chapters, print their outputs, values and claims
//	tally test [flags] [CHAPTER|DIR]... run chapters, exit 1 on any failing snippet, claim or output
//	tally serve [flags] [DIR]          build, serve on 127.0.0.1 and rebuild on change
//	tally stamp TRANSLATION...         mark a translation's sections as up to date with their source
//	tally export -format F -out DIR [BOOK] write the chapters back as Markdown for a blog engine
//
// Flags common to the commands that run chapters:
//
//	-force          ignore the cache of chapter runs (in _tally/cache)
//	-set name=value override a front-matter parameter (repeatable); claims
//	                that no longer hold are reported, not failed
//	-timeout d      limit of a chapter's run when its front matter sets none (default 10m)
//	-memory size    memory limit of a chapter's program when its front matter sets none (default 4GiB)
//	-q              no progress lines (the default when standard error is not a terminal, or CI is set)
//
// build also takes -out (default _site) and -keep-going (write the site
// even when a claim fails, marking it in red). It writes into a new folder
// and swaps it into place only when complete, so a failed build leaves the
// previous site as it was. The site holds results.json (compact JSON),
// the results without how this build got them, so that two builds of
// equal results are the same bytes; the full results (indented), with
// whether each chapter ran or came from the cache, when it ran and how
// long it took, go to _tally/results/DIR.json, DIR the book's folder from
// the module's root (_tally/results/chapters.json), so that each book of
// the module keeps its own; a book at the module's root or outside it
// goes to _tally/results-other/NAME-HASH.json, of which the newest 8 are
// kept, and a book's file goes when its folder does. Math is rendered by
// the KaTeX embedded in tally: no Node is needed.
// serve takes -out and -addr (default 127.0.0.1:8000) and builds with
// -keep-going, so the open page shows the problems of the last change. It
// rebuilds when a file of the book's folders changes, or a Go file of the
// module's packages (what the go command builds: not testdata, vendor or
// folders starting with . or _), which re-runs the chapters that import
// the package.
// test and run take -json to print the results as JSON. test also takes
// -format: text (the default), json (as -json), or github, which prints
// each problem as a GitHub Actions workflow command,
// ::error file=chapters/01-a.md,line=12::claim 0.5 ≠ computed 0.51 (and
// ::warning, ::notice for what does not fail), escaped by GitHub's rules,
// so that a workflow's run marks the lines of the pull request. test
// -unclaimed lists, as notices that fail nothing, the decimal numbers of
// the prose that no claim checks (chapter.Chapter.Unclaimed), saying which
// ones the chapter's code writes too: the numbers an author may want to
// bind next, in a book or in the posts of a blog. Naming a translation
// (chapters/ko/01-losses.md) runs its source and checks both.
// A named chapter is loaded with its book, the nearest folder above it
// named chapters, content or _posts (else its own folder, or the one above
// a page bundle or a language folder), so that uses: finds the chapters it
// names: tally run content/posts/my-post/index.md runs the bundle my-post.
//
// init writes go.mod (module path from -module, default the folder's
// name; it requires tally, or with -replace PATH uses the tally checkout
// at PATH), chapters/01-first.md (one snippet, one figure, two claims),
// .gitignore, a book_test.go that checks the book with go test through
// package tallytest, and a README; then it runs go mod tidy. It never
// overwrites a file. With -posts FOLDER it sets up an existing blog
// instead: only go.mod and a book_test.go that checks FOLDER (such as
// _posts), with _tally/ added to the .gitignore.
//
// export runs the book (default chapters/; a Jekyll _posts or a Hugo
// content folder works too, with its subfolders) and writes each chapter
// back as Markdown with its front matter and prose as written: after each
// shown go snippet its output (unless an output block follows it already)
// and its figures, whose files are copied next to the post. Hidden
// snippets are left out. The posts keep their paths below the book's
// folder, PATH (2024/foo for 2024/foo.md, posts/my-post for the page
// bundle posts/my-post/index.md). -format jekyll writes DIR/PATH.md
// (DIR is the site's _posts, or a folder of it) with the figures where
// Jekyll publishes them, outside _posts: in ASSETS/SLUG/, where -assets
// ASSETS defaults to assets/tally in the site (the folder above DIR's
// _posts, else above DIR), linked as {{ '/assets/tally/SLUG/x.png' |
// relative_url }} so that the site's baseurl and any permalink hold; a
// folder Jekyll would skip (named _… or .…, or excluded by _config.yml) is
// refused. A code or output block that holds {{ or {% goes in {% raw %},
// unless the author wrapped it; -format hugo writes page bundles, DIR/PATH/index.md with the figures
// beside it and, for a bundle, the bundle's own files (its images). It
// writes nothing when a chapter has problems, or when two files would go
// to one place (a figure named like an image of its bundle).
//
// Every command works from any folder inside the book's Go module (the
// nearest go.mod, which must be tally's or require it) and never changes
// the working directory: paths are taken from it, chapters/ and _site/
// default to the ones at the module root, and messages name files as
// paths from the working directory, as the go command does
// (chapters/01-a.md:12 from the root, 01-a.md:12 from chapters/).
//
// The chapter format is described in package chapter's documentation
// (go doc github.com/tally-book/tally/runner/chapter).
package main
