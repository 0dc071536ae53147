package katexdist

import "embed"

// FS holds katex.min.js, katex.min.css, fonts/*.woff2 and LICENSE, the
// files of KaTeX's dist folder (and package) of version Version.
//
//go:embed katex.min.js katex.min.css fonts/*.woff2 LICENSE
var FS embed.FS
