package book

// RecordKind is what a record tells the runner (or the browser's harness)
// about the running program.
type RecordKind string

// The kinds of records, as the book package writes them and the runner
// reads them.
const (
	SnippetRecord        RecordKind = "snippet"         // a snippet begins (Snippet), or the last one ended (-2)
	GoroutineRecord      RecordKind = "goroutine"       // a goroutine an earlier snippet started still runs (Pos: its go statement)
	ValueRecord          RecordKind = "value"           // a published value (Name, Value)
	FigureRecord         RecordKind = "figure"          // a published figure (Name, File, Caption, Alt)
	FigureVariantRecord  RecordKind = "figure_variant"  // a figure drawn again with the text of language Lang (File)
	FigTextMissingRecord RecordKind = "figtext_missing" // a figure's text with no translation into Lang (Msg)
	ErrorRecord          RecordKind = "error"           // an error at Pos (Msg)
	PanicRecord          RecordKind = "panic"           // a snippet panicked (Msg, Pos, Stack)
	EndRecord            RecordKind = "end"             // the program reached its end
)
