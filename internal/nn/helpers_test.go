package nn

import (
	"math/rand/v2"
	"sync"
	"testing"

	"github.com/tally-book/tally/internal/mnist"
	"gonum.org/v1/gonum/mat"
)

// randomBatch returns n random inputs with about 70% zeros and random
// one-hot labels over out classes.
func randomBatch(n, in, out int, seed uint64) (x, t *mat.Dense) {
	r := rand.New(rand.NewPCG(seed, seed))
	x = mat.NewDense(n, in, nil)
	t = mat.NewDense(n, out, nil)
	for i := range n {
		for j := range in {
			if r.Float64() < 0.3 {
				x.Set(i, j, r.Float64())
			}
		}
		t.Set(i, r.IntN(out), 1)
	}
	return x, t
}

// loadMNIST loads the real data once per test binary.
var loadMNIST = sync.OnceValues(func() ([2]*mnist.Set, error) {
	train, test, err := mnist.Load()
	return [2]*mnist.Set{train, test}, err
})

func mnistSets(tb testing.TB) (train, test *mnist.Set) {
	tb.Helper()
	sets, err := loadMNIST()
	if err != nil {
		tb.Fatal(err)
	}
	return sets[0], sets[1]
}

// randomIndices draws n indices below max, with replacement.
func randomIndices(n, max int, seed uint64) []int {
	r := rand.New(rand.NewPCG(seed, seed))
	idx := make([]int, n)
	for i := range idx {
		idx[i] = r.IntN(max)
	}
	return idx
}
