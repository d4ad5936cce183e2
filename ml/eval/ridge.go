package eval

import (
	"fmt"
	"math"

	"sslab/ml/tensor"
)

// Ridge is linear regression with an L2 penalty, the regression probe of
// frozen features: ŷ = x·W + B.
type Ridge struct {
	W []float64 // (d)
	B float64
}

// FitRidge fits ŷ = x·w + b to the rows of x (n, d) and targets y (n) by
// minimising
//
//	1/n Σᵢ (xᵢ·w + b − yᵢ)² + λ ‖w‖²
//
// (the intercept is not penalised) in closed form: with x and y centred on
// their means, (Xcᵀ·Xc/n + λI)·w = Xcᵀ·yc/n, solved by Cholesky, and
// b = ȳ − x̄·w. A solve cannot diverge; it can only fail, and says so, when
// the input is not finite or the system is singular (λ = 0 with fewer
// independent examples than features, or features that are all constant
// with λ = 0).
func FitRidge(x *tensor.Mat, y []float64, lambda float64) (*Ridge, error) {
	n, d := x.Rows, x.Cols
	switch {
	case n == 0:
		return nil, fmt.Errorf("ridge regression needs at least one labelled example")
	case len(y) != n:
		return nil, fmt.Errorf("ridge regression: %d rows but %d targets", n, len(y))
	case !(lambda >= 0) || math.IsInf(lambda, 0):
		return nil, fmt.Errorf("ridge regression: penalty λ = %v, want a finite λ ≥ 0", lambda)
	}
	for i, v := range x.Data {
		if !finite(v) {
			return nil, fmt.Errorf("feature %d of example %d is %v: the features are not finite", i%d, i/d, v)
		}
	}
	for i, v := range y {
		if !finite(v) {
			return nil, fmt.Errorf("target %d is %v: the targets are not finite", i, v)
		}
	}
	mean := colMeans(x)
	var ybar float64
	for _, v := range y {
		ybar += v
	}
	ybar /= float64(n)
	xc := centred(x)
	yc := tensor.NewMat(n, 1)
	for i, v := range y {
		yc.Data[i] = v - ybar
	}
	a, r := new(tensor.Mat), new(tensor.Mat)
	tensor.MatMulTransA(a, xc, xc) // (d, d)
	tensor.MatMulTransA(r, xc, yc) // (d, 1)
	invN := 1 / float64(n)
	for i := range a.Data {
		a.Data[i] *= invN
	}
	for j := 0; j < d; j++ {
		a.Data[j*d+j] += lambda
		r.Data[j] *= invN
	}
	l, err := Cholesky(a.Data, d)
	if err != nil {
		return nil, fmt.Errorf("ridge regression (λ = %.3g): %v", lambda, err)
	}
	w := CholeskySolve(l, d, r.Data)
	b := ybar
	for j, v := range w {
		b -= float64(mean[j] * v)
	}
	for _, v := range w {
		if !finite(v) {
			return nil, fmt.Errorf("ridge regression (λ = %.3g): the solution is not finite", lambda)
		}
	}
	return &Ridge{W: w, B: b}, nil
}

// Predict returns x·W + B for every row of x.
func (r *Ridge) Predict(x *tensor.Mat) []float64 {
	out := make([]float64, x.Rows)
	for i := range out {
		s := r.B
		for j, v := range x.Row(i) {
			s += float64(v * r.W[j])
		}
		out[i] = s
	}
	return out
}
