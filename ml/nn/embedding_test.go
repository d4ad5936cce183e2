package nn

import (
	"testing"

	"sslab/ml/num"
	"sslab/ml/tensor"
)

func TestEmbeddingGradients(t *testing.T) {
	rng := num.NewRNG(8, 1)
	e := Embedding{Vocab: 6, MaxLen: 5, Dim: 3}
	params := newParams(rng, e.NumParams(), 1)
	e.Bind(params)
	tok := testTokens(6)
	x := new(tensor.Mat)
	e.Forward(x, tok)
	coef := randMat(rng, x.Rows, x.Cols)
	grad := make([]float64, len(params))
	e.Backward(grad, tok, coef)
	f := func() float64 {
		y := new(tensor.Mat)
		e.Forward(y, tok)
		return loss(y, coef)
	}
	checkGrads(t, params, grad, nil, nil, f)
	// The token table's rows of ids never seen get no gradient.
	for j := 0; j < e.Dim; j++ {
		if g := grad[0*3+j]; g == 0 {
			t.Fatalf("id 0 is used but its gradient is 0")
		}
	}
}

func TestEmbeddingSumsTokenAndPosition(t *testing.T) {
	e := Embedding{Vocab: 3, MaxLen: 2, Dim: 2}
	e.Bind([]float64{1, 2, 3, 4, 5, 6, 10, 20, 30, 40})
	tok := &Tokens{}
	tok.Append([]int{2, 0})
	x := new(tensor.Mat)
	e.Forward(x, tok)
	want := []float64{5 + 10, 6 + 20, 1 + 30, 2 + 40}
	for i, w := range want {
		if x.Data[i] != w {
			t.Fatalf("x = %v, want %v", x.Data, want)
		}
	}
}
