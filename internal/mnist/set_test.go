package mnist

import (
	"errors"
	"testing"
)

func TestSet(t *testing.T) {
	pix := pixelsOf(3)
	s, err := NewSet(pix, []int{4, 0, 9})
	if err != nil {
		t.Fatal(err)
	}
	x, tt := s.Batch([]int{2, 0, 2})
	if r, c := x.Dims(); r != 3 || c != ImageSize {
		t.Fatalf("x is %d×%d", r, c)
	}
	for r, k := range []int{2, 0, 2} {
		for i := range ImageSize {
			if got, want := x.At(r, i), float64(pix[k*ImageSize+i])/255; got != want {
				t.Fatalf("x[%d,%d] = %v, want %v", r, i, got, want)
			}
			if got := s.X().At(k, i); got != x.At(r, i) {
				t.Fatalf("X()[%d,%d] = %v, want %v", k, i, got, x.At(r, i))
			}
			if got := s.Image(k)[i]; got != x.At(r, i) {
				t.Fatalf("Image(%d)[%d] = %v, want %v", k, i, got, x.At(r, i))
			}
		}
		for c := range Classes {
			want := 0.0
			if c == s.Labels[k] {
				want = 1
			}
			if tt.At(r, c) != want || s.OneHot().At(k, c) != want {
				t.Fatalf("one-hot row %d of image %d: column %d is %v, want %v", r, k, c, tt.At(r, c), want)
			}
		}
	}
	sp := s.Sparse()
	for k := range s.N {
		idx, val := sp.Image(k)
		j := 0
		for i := range ImageSize {
			p := pix[k*ImageSize+i]
			if p == 0 {
				continue
			}
			if j >= len(idx) || int(idx[j]) != i || val[j] != float32(p)/255 {
				t.Fatalf("image %d: sparse entry %d does not match pixel %d", k, j, i)
			}
			j++
		}
		if j != len(idx) {
			t.Fatalf("image %d: %d sparse entries, want %d", k, len(idx), j)
		}
	}
	sub := s.Slice(1, 3)
	if sub.N != 2 || sub.Labels[1] != 9 || sub.Pixels[0] != pix[ImageSize] {
		t.Fatalf("Slice(1, 3) = N %d, labels %v", sub.N, sub.Labels)
	}
}

func TestNewSetErrors(t *testing.T) {
	if _, err := NewSet(make([]byte, 783), []int{1}); !errors.Is(err, ErrSetSize) {
		t.Errorf("783 pixels: err = %v", err)
	}
	if _, err := NewSet(make([]byte, 784), []int{10}); !errors.Is(err, ErrSetSize) {
		t.Errorf("label 10: err = %v", err)
	}
}
