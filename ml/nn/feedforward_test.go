package nn

import (
	"math"
	"testing"

	"sslab/ml/internal/gradcheck"
	"sslab/ml/num"
	"sslab/ml/tensor"
)

func TestFeedForwardGradients(t *testing.T) {
	rng := num.NewRNG(9, 1)
	f := NewFeedForward(4, 6)
	params := newParams(rng, f.NumParams(), 0.5)
	f.Bind(params)
	x, coef := randMat(rng, 5, 4), randMat(rng, 5, 4)
	var c ffnCache
	f.Forward(&c, new(tensor.Mat), x)
	grad := make([]float64, len(params))
	dx := new(tensor.Mat)
	f.Backward(&c, grad, dx, coef)
	fn := func() float64 {
		var c ffnCache
		y := new(tensor.Mat)
		f.Forward(&c, y, x)
		return loss(y, coef)
	}
	checkGrads(t, params, grad, x, dx, fn)
}

// The exact GELU against x·Φ(x) from math.Erf, and its derivative against
// central differences, over the range where it bends.
func TestGELUErf(t *testing.T) {
	var xs []float64
	for i := -60; i <= 60; i++ {
		xs = append(xs, float64(i)/10)
	}
	y, cdf := make([]float64, len(xs)), make([]float64, len(xs))
	geluErf(y, cdf, xs)
	for i, x := range xs {
		want := x * 0.5 * (1 + math.Erf(x/math.Sqrt2))
		if math.Abs(y[i]-want) > 1e-15*max(1, math.Abs(want)) {
			t.Errorf("gelu(%v) = %v, want %v", x, y[i], want)
		}
	}
	ones := make([]float64, len(xs))
	for i := range ones {
		ones[i] = 1
	}
	d := make([]float64, len(xs))
	geluErfBackward(d, ones, xs, cdf)
	for i := range xs {
		x := []float64{xs[i]}
		out, p := []float64{0}, []float64{0}
		n := gradcheck.Default.Numeric(x, 0, func() float64 { geluErf(out, p, x); return out[0] })
		if !gradcheck.Default.Close(d[i], n) {
			t.Errorf("gelu'(%v) = %v, finite difference %v", xs[i], d[i], n)
		}
	}
}
