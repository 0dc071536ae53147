// Package book is what a chapter's snippets use to hand results to tally.
//
// A snippet publishes a named value for the prose and for results.json:
//
//	book.Publish("cee_right", cee)           // a number
//	book.Publish("grad_3_4", []float64{6, 8}) // a vector
//	book.Publish("confusion", m)              // a table (anything with Dims and At, such as *mat.Dense)
//
// Value names are identifiers that start with a lower-case letter
// ([a-z][A-Za-z0-9_]*: cee_right, batchSize); figure names, which name
// files, are lower-case ([a-z][a-z0-9_]*). Publishing the same
// name twice in one run is an error, reported at the second call's line.
// Figures are published by package figures, which renders the plot and then
// calls [RecordFigure].
//
// The runner starts the chapter program with two inherited descriptors
// (see [EnvChannel]): one that brings a fresh key and the parameter
// overrides, one that takes the records. A program started by hand, with
// no EnvChannel, runs normally and prints what it publishes to standard
// error (or appends its records to the file named by [EnvRecords]).
//
// # Protocol
//
// The package's init sets the memory limit ([EnvMemory]) and takes the
// runner's descriptors: it reads the key and the overrides and closes that
// descriptor, and moves the records descriptor to a new number. On Linux
// it then enters the Landlock sandbox the runner asks for ([EnvWritable]). A
// generated program imports this package, so all of this happens before
// the init functions of the program's own package, a snippet's func
// init() included: no snippet runs without the limit, or can read the key.
//
// The generated program calls [Start] first, [Snippet] before each snippet's
// statements, and [End] last. [Snippet] writes a marker (NUL, "tally:",
// nonce, ":", index, NUL) to both standard output and standard error, so the
// runner can cut each stream into the part each snippet printed. The nonce
// is made from the key ([MarkerNonce]), so a snippet cannot forge a marker.
// Before each marker [Snippet] records
// the goroutines started by a snippet that are still running (kind
// "goroutine"): what they print next cannot be told from the next
// snippet's output. Everything
// else (values, figures, errors, timings) is written to the records
// descriptor as one JSON object per line ([Record]), in the order it
// happened, each line signed with the key and its sequence number
// ([Sign]), so a panic or os.Exit loses nothing that was already
// published, and the runner takes no line that a snippet wrote into the
// descriptor, nor a record replayed or dropped.
//
// This keeps an honest mistake (a stray os.Exit, a printed NUL) from
// passing as a good run; it is not a sandbox. Code that reads the
// program's memory (package unsafe, or a debugger) can find the key.
//
// # In a browser
//
// A chapter page of the static site re-runs the chapter as WebAssembly
// (GOOS=js GOARCH=wasm; see the site package). The whole book is one
// program there: each chapter's generated code is a package of its own,
// with a second generated file whose init calls [Register] with the
// chapter's main function, claims, output blocks and translations and a
// [NewParam] per parameter; the program's main calls [RerunMain], which
// runs the chapter the page names ([EnvRerun]). Every chapter's package
// is initialised when the program starts, so package-level code of one
// chapter runs for the others too; what it publishes is dropped.
// The program has no records file: the package's browser harness (built
// for js/wasm only) takes the records instead. It sets the parameters the
// page asks for, cuts what the program prints into snippets (the
// page's script keeps it, and the harness takes it at each [Snippet]),
// keeps the figures that package figures draws as SVG ([InBrowser],
// [KeepFigure]), and at [End] or a panic checks the claims and output
// blocks with package check, as tally test does, and hands the page
// its result as JSON (window.tallyWasmResult).
package book
