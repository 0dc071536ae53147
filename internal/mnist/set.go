package mnist

import (
	"encoding/binary"
	"errors"
	"fmt"
	"sync"

	"gonum.org/v1/gonum/mat"
)

// A Set is a set of MNIST images with their labels. Treat it as read-only:
// [Load] hands the same sets to every caller in a process.
type Set struct {
	N      int     // number of images
	Pixels []uint8 // raw pixels 0–255 (0 is background): image k is Pixels[k*ImageSize : (k+1)*ImageSize], row by row
	Labels []int   // the digit 0–9 that each image shows

	xOnce      sync.Once
	x          *mat.Dense
	sparseOnce sync.Once
	sparse     *Sparse
}

// ErrSetSize reports pixels and labels that do not make a set.
var ErrSetSize = errors.New("mnist: pixels and labels do not match")

// NewSet makes a set from raw pixels, ImageSize bytes per image, and one
// label 0–9 per image. It keeps both slices.
func NewSet(pixels []uint8, labels []int) (*Set, error) {
	if len(pixels) != len(labels)*ImageSize {
		return nil, fmt.Errorf("%w: %d pixels for %d labels, want %d", ErrSetSize, len(pixels), len(labels), len(labels)*ImageSize)
	}
	for k, l := range labels {
		if l < 0 || l >= Classes {
			return nil, fmt.Errorf("%w: label %d of image %d is not a digit 0–9", ErrSetSize, l, k)
		}
	}
	return &Set{N: len(labels), Pixels: pixels, Labels: labels}, nil
}

// unit[p] is the pixel value p scaled to [0,1], p/255.
var unit = func() (t [256]float64) {
	for p := range t {
		t[p] = float64(p) / 255
	}
	return t
}()

// Image returns image k's pixels scaled to [0,1], row by row, in a new slice.
func (s *Set) Image(k int) []float64 {
	img := make([]float64, ImageSize)
	for i, p := range s.Pixels[k*ImageSize : (k+1)*ImageSize] {
		img[i] = unit[p]
	}
	return img
}

// X returns all images as an N×784 matrix of pixels scaled to [0,1], one
// image per row, like x_train in the book. It is built on the first call and
// then shared (376 MB for the training set): do not modify it.
func (s *Set) X() *mat.Dense {
	s.xOnce.Do(func() {
		data := make([]float64, len(s.Pixels))
		for i, p := range s.Pixels {
			data[i] = unit[p]
		}
		s.x = mat.NewDense(s.N, ImageSize, data)
	})
	return s.x
}

// OneHot returns the labels as a new N×10 matrix, row k holding 1 in the
// column of image k's digit and 0 elsewhere.
func (s *Set) OneHot() *mat.Dense {
	t := mat.NewDense(s.N, Classes, nil)
	for k, l := range s.Labels {
		t.Set(k, l, 1)
	}
	return t
}

// Batch returns the images with the given indices as a new len(idx)×784
// matrix x, pixels scaled to [0,1], and their one-hot labels as a
// len(idx)×10 matrix t: x_train[batch_mask] and t_train[batch_mask] in the
// book. Indices may repeat.
func (s *Set) Batch(idx []int) (x, t *mat.Dense) {
	xd := make([]float64, len(idx)*ImageSize)
	td := make([]float64, len(idx)*Classes)
	for r, k := range idx {
		row := xd[r*ImageSize : (r+1)*ImageSize]
		for i, p := range s.Pixels[k*ImageSize : (k+1)*ImageSize] {
			row[i] = unit[p]
		}
		td[r*Classes+s.Labels[k]] = 1
	}
	return mat.NewDense(len(idx), ImageSize, xd), mat.NewDense(len(idx), Classes, td)
}

// Slice returns images lo to hi-1 as a set that shares s's pixels and labels.
func (s *Set) Slice(lo, hi int) *Set {
	return &Set{N: hi - lo, Pixels: s.Pixels[lo*ImageSize : hi*ImageSize], Labels: s.Labels[lo:hi]}
}

// Sparse is a set's images stored as their nonzero pixels only, in
// compressed-row form: image k's nonzero pixels are Index[j] and Value[j]
// for j from Start[k] to Start[k+1]-1, in increasing pixel order.
type Sparse struct {
	Start []int     // N+1 offsets into Index and Value
	Index []uint16  // pixel position 0–783 (row*28 + column)
	Value []float32 // the pixel scaled to (0,1], float32(p)/255
}

// Image returns image k's nonzero pixel positions and values.
func (sp *Sparse) Image(k int) (index []uint16, value []float32) {
	lo, hi := sp.Start[k], sp.Start[k+1]
	return sp.Index[lo:hi:hi], sp.Value[lo:hi:hi]
}

// Sparse returns the images as their nonzero pixels. It is built on the
// first call and then shared (54 MB for the training set): do not modify it.
func (s *Set) Sparse() *Sparse {
	s.sparseOnce.Do(func() {
		sp := &Sparse{
			Start: make([]int, s.N+1),
			Index: make([]uint16, 0, len(s.Pixels)/5),
			Value: make([]float32, 0, len(s.Pixels)/5),
		}
		for k := range s.N {
			img := s.Pixels[k*ImageSize : (k+1)*ImageSize]
			// Skip the background 8 pixels at a time.
			for i := 0; i < ImageSize; i += 8 {
				if binary.LittleEndian.Uint64(img[i:]) == 0 {
					continue
				}
				for j, p := range img[i : i+8] {
					if p != 0 {
						sp.Index = append(sp.Index, uint16(i+j))
						sp.Value = append(sp.Value, float32(p)/255)
					}
				}
			}
			sp.Start[k+1] = len(sp.Index)
		}
		s.sparse = sp
	})
	return s.sparse
}
