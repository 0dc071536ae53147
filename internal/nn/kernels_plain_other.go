//go:build !amd64

package nn

// The plain Go kernels' gather and scatter: where gonum's Saxpy is a plain
// Go loop (js/wasm among others), the blocked loops are faster.
var gatherGo, scatterGo = gatherBlocked, scatterBlocked
