// Package figures is how a chapter's snippets publish figures, and the
// house style of every figure in the book.
//
// # Publishing a figure
//
// A snippet builds a plot and hands it to [Publish] with a name, a caption
// and alt text:
//
//	p := figures.New("학습 손실 (training loss)", "반복 (iteration)", "손실")
//	figures.AddSmoothed(p, 0, "이동 평균 (50)", figures.Series(losses), 50)
//	figures.Publish("loss_curve", p,
//		"The loss of each mini-batch is noisy; its moving average falls steadily.",
//		"A jagged pale curve falling from about 2.3 to 0.3, with a smooth dark line through it.")
//
// Publish writes loss_curve.png into the folder the runner gives
// (book.FigureDir), or into the current folder when the program runs by
// hand, and records the figure with the position of the Publish call, so
// the site can place it and tally can report problems at the chapter line.
// The name is a lower-case identifier ([a-z][a-z0-9_]*: unlike a value's, no
// capitals, since it names a file) and
// is checked before anything is written; alt text is required. Mistakes
// (a bad or repeated name, no alt text, a plot that panics while drawing)
// are reported as errors at the snippet's line and do not stop the chapter.
//
// A figure whose text should follow the reader's language is published with
// [PublishText]: the snippet builds it in a function that passes each piece
// of text through a translating function, and the figure is drawn once per
// edition of the book (NAME.png, NAME.ko.png, …) from the one run of the
// experiment. The translations come from figure_text in the front matter
// of the chapter's translations (see package runner).
//
// Anything with a Draw(draw.Canvas) method can be published: a *plot.Plot,
// a [Tiles] of plots side by side, or a [Digits] grid of images.
//
// # Output
//
// Figures are PNGs, 6×4 inches at 192 dots per inch (1152×768 pixels), twice
// the density of a CSS inch so that they are sharp on high-density screens;
// the site should show them at half their pixel size. [WithSize] changes the size
// (text keeps its size in points) and [WithSVG] writes SVG instead, with
// fonts not embedded. The same input gives a byte-identical PNG: nothing
// depends on time, map order or unseeded randomness. Snippets that need
// random data should use rand.New(rand.NewPCG(seed, seed)).
//
// # Style
//
// [New] returns a *plot.Plot in the house style, and the helpers below add
// data to any such plot:
//
//   - Text is set in the book's font (see Fonts below), or DejaVu Sans
//     when the book brings none, with fallbacks for the characters it
//     lacks. Titles are 13 pt, axis labels 11 pt, legends 10 pt and tick
//     labels 9.5 pt.
//   - Series take their colour from the Okabe–Ito palette ([Color]), which
//     stays distinct under every common colour-vision deficiency: blue,
//     vermillion, green, purple, orange, sky blue, black, yellow. Helpers
//     take the colour index i explicitly, so a series keeps its colour from
//     figure to figure ("train" is 0 and "test" is 1 everywhere).
//   - Thin light-grey grid lines at the labelled ticks, about five labelled
//     ticks per axis, true minus signs, and the legend at the top right.
//
// Helpers: [AddLine] and [AddPoints] for series, [AddDashed] for a model
// or a reference line that the data are compared with, [AddSmoothed] and
// [MovingAverage] for noisy curves such as a training loss, [LogLog] and
// [LogY] for logarithmic axes labelled 10ⁿ, [AddContour] for the contour
// lines of a function of two variables with trajectories over them,
// [Quiver] for a vector field such as a negative gradient, [Digits] for a
// grid of small images such as digits and [Tiles] for plots side by side.
//
// # Fonts
//
// A book brings the fonts of its figures in the fonts folder beside its
// chapters (chapters/fonts/ in a book made by tally init): the runner
// names that folder to the chapter's program in $TALLY_FONTS, and every
// .ttf, .otf, .ttc and .otc file there is read, in name order (every face
// of a collection, in order). The first face sets the text and gives its
// metrics; a character it lacks is drawn with the first of the others that
// has it, then with DejaVu Sans and Liberation Sans, which ship with tally
// (gonum/plot's fonts, embedded in the binary). Super- and subscripts are
// all taken from the first face that has the whole set (⁰–⁹, ⁺, ⁻, ₀–₉,
// ₊, ₋), so that 10⁻¹ and 10⁻⁴ match. No font is read from the system:
// the same book draws the same figures on every machine.
//
// A book that needs more than those two (Hangul, kana, Han characters)
// puts a font that has it in its fonts folder (with its licence); a large
// font can be cut down to the characters the book needs with a subsetter
// such as fontTools' pyftsubset. A figure
// whose text has characters that no face has is still written, with those
// characters missing, and the run reports an error at the line of the
// Publish call that names the figure's file, the characters and their
// script, the text and the folder to put a font in:
//
//	chapters/02-loss.md:42: figures: figure loss.ko.png: no font has Hangul 손 실, in "손실": add a font (.ttf or .otf) that has them to chapters/fonts
//
// A font file that cannot be read is reported at the first New, and the
// others are used. In a browser (a chapter page's re-run) figures are SVG
// and the browser sets their text in its own fonts.
//
// # Tests
//
// Every figure kind has an example that publishes a figure; its test
// compares the PNG with a golden image in testdata/ (go test -update
// rewrites them). The tests draw with the font of testdata/fonts/, a
// small subset of Noto Sans CJK KR, so the goldens depend on no system
// font; regenerate them when that font or gonum changes.
package figures
