//go:build !(goexperiment.simd && amd64)

package nn

// simdKernels is empty in this build: the vector kernels need
// GOEXPERIMENT=simd on amd64.
var simdKernels []kernelSet
