package testkit

import (
	"math/rand/v2"
	"strings"
)

// RandomStrings returns n strings of up to maxLen-1 runes drawn from
// alphabet, the same for the same seed: inputs that compare a hand-written
// reader with the expression or function it stands for.
func RandomStrings(seed uint64, alphabet string, maxLen, n int) []string {
	runes := []rune(alphabet)
	r := rand.New(rand.NewPCG(seed, 2))
	out := make([]string, n)
	for i := range out {
		var b strings.Builder
		for range r.IntN(maxLen) {
			b.WriteRune(runes[r.IntN(len(runes))])
		}
		out[i] = b.String()
	}
	return out
}
