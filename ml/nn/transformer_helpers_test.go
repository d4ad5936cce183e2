package nn

import (
	"testing"

	"sslab/ml/internal/gradcheck"
	"sslab/ml/num"
	"sslab/ml/tensor"
)

// testTokens returns three sentences of lengths 3, 1 and 4 over a
// vocabulary of vocab ids, one id repeated (so the embedding's scatter-add
// meets the same row twice).
func testTokens(vocab int) *Tokens {
	t := &Tokens{}
	t.Append([]int{1 % vocab, 4 % vocab, 2 % vocab})
	t.Append([]int{3 % vocab})
	t.Append([]int{0, 4 % vocab, 4 % vocab, 5 % vocab})
	return t
}

// newParams returns a parameter slice of n entries drawn N(0, std²) plus
// the given offsets, so that biases and norm scales are not at their
// initial 0 or 1 (a gradient check at a symmetric point can miss terms).
func newParams(rng *num.RNG, n int, std float64) []float64 {
	p := make([]float64, n)
	for i := range p {
		p[i] = std * rng.Normal()
	}
	return p
}

// checkGrads runs the gradient check of a layer on its parameters and, if
// x is not nil, on its input.
func checkGrads(t *testing.T, params, grad []float64, x, dx *tensor.Mat, f func() float64) {
	t.Helper()
	gradcheck.Check(t, "params", gradcheck.Default, params, grad, f, nil)
	if x != nil {
		gradcheck.Check(t, "input", gradcheck.Default, x.Data, dx.Data, f, nil)
	}
}
