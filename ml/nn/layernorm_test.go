package nn

import (
	"math"
	"testing"

	"sslab/ml/num"
	"sslab/ml/tensor"
)

func TestLayerNormGradients(t *testing.T) {
	rng := num.NewRNG(7, 1)
	l := LayerNorm{Dim: 5}
	params := newParams(rng, l.NumParams(), 0.3)
	for j := 0; j < l.Dim; j++ {
		params[j] += 1 // γ near 1
	}
	l.Bind(params)
	x, coef := randMat(rng, 4, 5), randMat(rng, 4, 5)
	var c lnCache
	y := new(tensor.Mat)
	l.Forward(&c, y, x)
	grad := make([]float64, len(params))
	dx := tensor.NewMat(4, 5)
	l.Backward(&c, grad, dx, coef)
	f := func() float64 {
		var c lnCache
		y := new(tensor.Mat)
		l.Forward(&c, y, x)
		return loss(y, coef)
	}
	checkGrads(t, params, grad, x, dx, f)
}

// Backward adds into dx: what was there stays.
func TestLayerNormBackwardAdds(t *testing.T) {
	rng := num.NewRNG(7, 2)
	l := LayerNorm{Dim: 3}
	l.Bind(make([]float64, 6))
	l.Init()
	x, dy := randMat(rng, 2, 3), randMat(rng, 2, 3)
	var c lnCache
	l.Forward(&c, new(tensor.Mat), x)
	zero, base := tensor.NewMat(2, 3), randMat(rng, 2, 3)
	sum := base.Clone()
	l.Backward(&c, make([]float64, 6), zero, dy)
	l.Backward(&c, make([]float64, 6), sum, dy)
	for i := range sum.Data {
		if sum.Data[i] != base.Data[i]+zero.Data[i] {
			t.Fatalf("entry %d: %v, want %v + %v", i, sum.Data[i], base.Data[i], zero.Data[i])
		}
	}
}

// With γ = 1 and β = 0 each output row has mean 0 and variance 1 (to ε).
func TestLayerNormStandardises(t *testing.T) {
	rng := num.NewRNG(7, 3)
	l := LayerNorm{Dim: 8}
	l.Bind(make([]float64, 16))
	l.Init()
	x := randMat(rng, 3, 8)
	for i := range x.Data {
		x.Data[i] = 5 + 3*x.Data[i]
	}
	var c lnCache
	y := new(tensor.Mat)
	l.Forward(&c, y, x)
	for i := 0; i < y.Rows; i++ {
		var m, v float64
		for _, e := range y.Row(i) {
			m += e
		}
		m /= 8
		for _, e := range y.Row(i) {
			v += (e - m) * (e - m)
		}
		v /= 8
		if math.Abs(m) > 1e-12 || math.Abs(v-1) > 1e-4 {
			t.Errorf("row %d: mean %v, variance %v; want 0 and 1 (to ε)", i, m, v)
		}
	}
}
