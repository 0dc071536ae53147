package nn

// The plain Go kernels' gather and scatter: gonum's Saxpy, whose SSE loop
// is the fastest of the plain kernels on amd64.
var gatherGo, scatterGo = gatherSaxpy, scatterSaxpy
