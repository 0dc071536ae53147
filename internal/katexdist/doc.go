// Package katexdist holds the files of KaTeX's distribution that tally
// needs to render math at build time: katex.min.js (run in goja by package
// site), katex.min.css and the woff2 fonts (copied into every site with
// math), with KaTeX's LICENSE (MIT).
//
// The copy is embedded in the tally binary, so that go install gives a
// tally that renders math with no node_modules. Its version is pinned by
// package-lock.json at the module root; to move to another KaTeX, change
// the pin, run npm ci, then go generate in this folder. The package's test
// checks that the copy equals node_modules' when node_modules is present.
package katexdist

//go:generate go run gen.go
