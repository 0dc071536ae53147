// Package runner executes the Go snippets of Markdown chapters and checks
// every number their prose claims.
//
// What a chapter is (front matter, snippets, claims, translations, blog
// layouts, the book file) is package chapter's, whose documentation is
// the format's specification. This package is what happens to a book: it
// generates each chapter's program, builds it with the go command (go vet
// alongside), runs it under limits, reads what each snippet printed and
// published, checks the claims and output blocks against that, caches the
// run, and builds the book's program for the browser.
//
// # The book's module
//
// A chapter's program is built as a package of the Go module of the
// nearest go.mod at or above the working directory (FindModule). That
// module is tally itself or one that requires github.com/tally-book/tally
// (tally init writes one); its own packages, tally's and those of the
// modules it requires are what snippets import. Without a go.mod the
// runner fails with ErrNoModule, and for a module that does not require
// tally with ErrNoTally, each saying what to do.
//
// go mod tidy reads Go files, not chapters, so the runner writes one for
// it: tally_imports_test.go (ImportsFile) at the module's root, in the
// package of book_test.go, blank-imports every package that the chapters'
// programs import from other modules (gonum's stat for stat.Mean, …).
// tally build, test and run rewrite it when that list changes
// (Config.Imports; tally init writes the first), so go mod tidy keeps
// those modules in go.mod and go.sum; keep the file under version control.
// It holds one list per book of the module, under a comment naming the
// book's folder ("// chapters/"): a book's build rewrites its own list
// and keeps the others, but for a book whose folder is gone.
// A package of a module that go.mod does not require is an error at the
// chapter line that imports or first uses it, naming the module to go
// get; a module without go.sum says to run go mod tidy.
//
// # Runs, limits and the cache
//
// A chapter's program runs in the module root with a time limit; a
// runaway program is killed and the report names the snippet it was in.
// The kill reaches its process group and, on Linux, every process
// descending from it, found through /proc: one a snippet started in a
// session of its own (setsid) too, and an orphan of those, since the book
// package makes the program a child subreaper. On other unix systems only
// the process group is killed; on windows, the job object the program is
// put in as it starts, before its first snippet runs. A process still
// running after the program ended normally is not looked for, except on
// windows, where closing the job ends it. The program's memory is limited
// too: its address space (RLIMIT_AS, on unix) may grow by memory: beyond
// what it maps at start; on windows, each process of its job object may
// commit memory: plus 64 MiB for what the runtime commits before the
// snippets run. Its garbage collector works harder as the heap nears
// memory:. A program that allocates past its limit stops,
// and the report says the chapter ran out of memory at the line that
// allocated. On Linux and windows the program dies with tally, even when
// tally is killed (by the parent's death signal; by its job object).
//
// The limits hold from the first instruction of a snippet's func init():
// the book package sets them in its own init, which Go runs before the
// init functions of the program's package.
//
// On Linux, as defence in depth, the program runs in a Landlock sandbox
// that the book package enters in its init, before any snippet code: it
// may read any file, but change files (write, truncate, create, remove,
// rename, link) only in a scratch folder, _tally/gen/SLUG/scratch, made
// empty before each run and given as its temporary folder (TMPDIR),
// and in its figure folder; /dev stays writable for /dev/null. A snippet
// cannot delete the last good site, rewrite a chapter or the cache; a
// write elsewhere fails with "permission denied" at its line. The front
// matter's unsafe: true runs the chapter's program without it. The
// sandbox is a no-op on other systems, on a kernel without Landlock, and
// in a program linked with cgo (Go cannot reach all its threads). It is
// not a boundary against hostile code, which can still read every file
// the author can and use the network.
//
// Standard output and standard error are captured per snippet, up to
// Config.MaxOutput bytes each; the rest is dropped and reported. The
// streams are cut at markers that only the program's book package can
// write: their nonce is made from a key that the runner sends through an
// inherited pipe, which the book package reads and closes before any
// snippet code runs (no file or variable holds it); a marker out of order
// is reported. Values, figures and errors come back through another
// inherited pipe, each record signed with the key and numbered: a line a
// snippet writes into it is reported at the snippet and ignored, with
// everything after it, and a program that exits before its end fails
// however it exits. A goroutine that a snippet starts and that is still running
// when a later snippet begins could print into that snippet's output: the
// later snippet's output block then fails, naming the go statement, rather
// than being checked against mixed output. Wait for goroutines (with a
// sync.WaitGroup, say) before a snippet ends. A program that calls os.Exit
// stops the chapter and the report says during which snippet. Terminal
// control characters a program prints (ANSI escapes, CR) are shown
// escaped, as \x1b[31m, by tally run and tally test.
//
// A successful run is cached under _tally/cache (git-ignored) by a key of
// everything that can change its result: the code of the chapter's
// snippets and of the chapters it uses (not the prose), the parameters
// with overrides, go.mod, go.sum, the Go files of the packages of the
// module (and of a module go.mod replaces with a folder, such as a
// checkout of tally) that the program imports, the Go version and build
// settings, the chapter's inputs, and the font files of the book's fonts
// folder. Prose edits never
// re-run code; positions in a cached run are kept relative to snippets,
// so they follow the code when prose moves it. Failed runs are not
// cached. Each entry holds a checksum of the run and its figures: an
// entry cut short by a kill, or changed since, is removed and the chapter
// runs again. A chapter's built program is kept in its slug's folder,
// _tally/gen/SLUG, gzip-compressed (prog-KEY.gz: under half the disk, KEY
// the start of its build key), with its build key, the SHA-256 of the
// binary and its book's folder in prog-KEY.key; each run unpacks it,
// checks the hash as it does, and removes the unpacked copy afterwards.
// It is reused only while it matches; a packed program that fails to
// unpack or to match is built again. The folder keeps one program per
// book of the module, so that two books with a chapter of one slug (two
// tally init books both have 01-first) do not rebuild each other's: a
// build removes its own book's earlier program of the slug, those of
// books whose folder is gone, and files of no record. The chapters of
// one slug share the rest of the folder (the program's source, scratch/
// and figures/), one run at a time. The book's program for the browser
// is kept under _tally/wasm/book, one per book of the module too (a build
// removes only its own book's earlier programs, and those of books whose
// folder is gone).
// Config.Force ignores the cache and builds every program again.
package runner
