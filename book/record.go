package book

// Kind is the kind of a record: what a line of the records file tells the
// runner (or, in the browser, the re-run harness).
type Kind string

// The kinds of records.
const (
	KindSnippet        Kind = "snippet"         // a snippet starts (Snippet is its index)
	KindValue          Kind = "value"           // a value was published (Name, Value)
	KindFigure         Kind = "figure"          // a figure was published (Name, File, Caption, Alt)
	KindFigureVariant  Kind = "figure_variant"  // a figure's drawing in a translation's language (Name, Lang, File)
	KindFigTextMissing Kind = "figtext_missing" // a figure's text has no translation (Name, Lang, Msg)
	KindGoroutine      Kind = "goroutine"       // a goroutine started in the snippet (Pos)
	KindError          Kind = "error"           // the program reports a mistake (Msg, Pos)
	KindPanic          Kind = "panic"           // the program panicked (Msg, Pos, Stack)
	KindEnd            Kind = "end"             // the program ended normally
)
