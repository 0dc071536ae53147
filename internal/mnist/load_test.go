package mnist

import (
	"os"
	"testing"
)

// TestLoad reads the real MNIST files from the GoMNIST module.
func TestLoad(t *testing.T) {
	train, test, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	if train.N != 60000 || test.N != 10000 {
		t.Fatalf("train has %d images, test %d; want 60000, 10000", train.N, test.N)
	}
	// The first training images are 5 0 4 1 9 2, the first test images 7 2 1 0.
	for i, want := range []int{5, 0, 4, 1, 9, 2} {
		if train.Labels[i] != want {
			t.Errorf("train label %d = %d, want %d", i, train.Labels[i], want)
		}
	}
	for i, want := range []int{7, 2, 1, 0} {
		if test.Labels[i] != want {
			t.Errorf("test label %d = %d, want %d", i, test.Labels[i], want)
		}
	}
	var count [Classes]int
	for _, l := range train.Labels {
		count[l]++
	}
	if count[1] != 6742 || count[5] != 5421 {
		t.Errorf("training set has %d ones and %d fives, want 6742 and 5421", count[1], count[5])
	}
	sp := train.Sparse()
	if nnz := len(sp.Index); nnz*100/len(train.Pixels) != 19 {
		t.Errorf("%d nonzero pixels of %d, want about 19%%", nnz, len(train.Pixels))
	}
	if again, _, _ := Load(); again != train {
		t.Error("a second Load decoded the files again")
	}
}

func BenchmarkLoadFS(b *testing.B) {
	dir, err := DataDir()
	if err != nil {
		b.Fatal(err)
	}
	fsys := os.DirFS(dir)
	for b.Loop() {
		if _, _, err := LoadFS(fsys); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkSparse(b *testing.B) {
	train, _, err := Load()
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		s := &Set{N: train.N, Pixels: train.Pixels, Labels: train.Labels}
		s.Sparse()
	}
}
