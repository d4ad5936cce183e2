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
	if err := checkRidge(x, y, lambda); err != nil {
		return nil, err
	}
	sys := newRidgeSystem(x, y)
	w, err := sys.solve(lambda)
	if err != nil {
		return nil, err
	}
	return &Ridge{W: w, B: sys.intercept(w)}, nil
}

// checkRidge says why x (n, d), y (n) and λ cannot be fitted, if they
// cannot: no examples, mismatched lengths, a penalty that is negative or
// not finite, features or targets that are not finite.
func checkRidge(x *tensor.Mat, y []float64, lambda float64) error {
	n, d := x.Rows, x.Cols
	switch {
	case n == 0:
		return fmt.Errorf("ridge regression needs at least one labelled example")
	case len(y) != n:
		return fmt.Errorf("ridge regression: %d rows but %d targets", n, len(y))
	case !(lambda >= 0) || math.IsInf(lambda, 0):
		return fmt.Errorf("ridge regression: penalty λ = %v, want a finite λ ≥ 0", lambda)
	}
	for i, v := range x.Data {
		if !finite(v) {
			return fmt.Errorf("feature %d of example %d is %v: the features are not finite", i%d, i/d, v)
		}
	}
	for i, v := range y {
		if !finite(v) {
			return fmt.Errorf("target %d is %v: the targets are not finite", i, v)
		}
	}
	return nil
}

// ridgeSystem is ridge regression's normal equations on centred data,
// built once for any number of penalties: G = Xcᵀ·Xc/n (d, d) and
// r = Xcᵀ·yc/n (d).
type ridgeSystem struct {
	n, d int
	xc   *tensor.Mat // (n, d) the features centred on their means
	yc   []float64   // (n) the targets centred on their mean
	mean []float64   // (d) the features' means
	ybar float64
	g, r []float64
}

// newRidgeSystem centres x (n, d) and y (n), which FitRidge has checked.
func newRidgeSystem(x *tensor.Mat, y []float64) *ridgeSystem {
	n, d := x.Rows, x.Cols
	s := &ridgeSystem{n: n, d: d, mean: colMeans(x), xc: centred(x)}
	for _, v := range y {
		s.ybar += v
	}
	s.ybar /= float64(n)
	yc := tensor.NewMat(n, 1)
	for i, v := range y {
		yc.Data[i] = v - s.ybar
	}
	s.yc = yc.Data
	a, r := new(tensor.Mat), new(tensor.Mat)
	tensor.MatMulTransA(a, s.xc, s.xc) // (d, d)
	tensor.MatMulTransA(r, s.xc, yc)   // (d, 1)
	invN := 1 / float64(n)
	for i := range a.Data {
		a.Data[i] *= invN
	}
	for j := range r.Data {
		r.Data[j] *= invN
	}
	s.g, s.r = a.Data, r.Data
	return s
}

// factor returns the Cholesky factor of G + λI.
func (s *ridgeSystem) factor(lambda float64) ([]float64, error) {
	a := append([]float64(nil), s.g...)
	for j := 0; j < s.d; j++ {
		a[j*s.d+j] += lambda
	}
	l, err := Cholesky(a, s.d)
	if err != nil {
		return nil, fmt.Errorf("ridge regression (λ = %.3g): %v", lambda, err)
	}
	return l, nil
}

// solve returns the weights w of (G + λI)·w = r.
func (s *ridgeSystem) solve(lambda float64) ([]float64, error) {
	l, err := s.factor(lambda)
	if err != nil {
		return nil, err
	}
	w := CholeskySolve(l, s.d, s.r)
	for _, v := range w {
		if !finite(v) {
			return nil, fmt.Errorf("ridge regression (λ = %.3g): the solution is not finite", lambda)
		}
	}
	return w, nil
}

// intercept returns b = ȳ − x̄·w.
func (s *ridgeSystem) intercept(w []float64) float64 {
	b := s.ybar
	for j, v := range w {
		b -= float64(s.mean[j] * v)
	}
	return b
}

// LOOError is the leave-one-out squared error of a fit: its mean over the
// examples, and the standard error of that mean.
type LOOError struct {
	MSE, SE float64
}

// RidgeLOO returns, for each penalty λ of lambdas, the mean squared error
// (and its standard error) of leave-one-out cross-validation of FitRidge on x (n, d) and y (n):
// 1/n Σᵢ (yᵢ − ŷ₋ᵢ)², where ŷ₋ᵢ is the prediction for example i of the fit
// on the other n − 1 with the same penalty on their sum of squares,
// Σⱼ≠ᵢ (xⱼ·w + b − yⱼ)² + nλ‖w‖². It needs no refit: ridge with an unpenalised
// intercept is a linear smoother ŷ = H·y with
//
//	H = 11ᵀ/n + Xc·(Xcᵀ·Xc + nλI)⁻¹·Xcᵀ,
//
// and its leave-one-out residual is exactly eᵢ/(1 − Hᵢᵢ), eᵢ the residual
// of the fit on all n. A penalty whose system is singular, or for which an
// example has all the leverage (Hᵢᵢ = 1, as with λ = 0 and n ≤ d + 1),
// gets +Inf. An error says why the inputs cannot be fitted at all.
func RidgeLOO(x *tensor.Mat, y []float64, lambdas []float64) ([]LOOError, error) {
	if err := checkRidge(x, y, 0); err != nil {
		return nil, err
	}
	for _, lambda := range lambdas {
		if !(lambda >= 0) || math.IsInf(lambda, 0) {
			return nil, fmt.Errorf("ridge regression: penalty λ = %v, want a finite λ ≥ 0", lambda)
		}
	}
	s := newRidgeSystem(x, y)
	out := make([]LOOError, len(lambdas))
	sq := make([]float64, s.n)
	for k, lambda := range lambdas {
		out[k] = LOOError{math.Inf(1), math.Inf(1)}
		l, err := s.factor(lambda)
		if err != nil {
			continue
		}
		w := CholeskySolve(l, s.d, s.r)
		var sum float64
		ok := true
		for i := 0; i < s.n && ok; i++ {
			xi := s.xc.Row(i)
			var fit float64
			for j, v := range xi {
				fit += float64(v * w[j])
			}
			z := CholeskySolve(l, s.d, xi)
			var q float64
			for j, v := range xi {
				q += float64(v * z[j])
			}
			lev := 1/float64(s.n) + q/float64(s.n)
			if !(1-lev > 1e-12) {
				ok = false
				break
			}
			e := (s.yc[i] - fit) / (1 - lev)
			sq[i] = float64(e * e)
			sum += sq[i]
		}
		if !ok || !finite(sum) {
			continue
		}
		mse := sum / float64(s.n)
		var v float64
		for _, e := range sq {
			v += float64((e - mse) * (e - mse))
		}
		se := 0.0
		if s.n > 1 {
			se = math.Sqrt(v / float64(s.n-1) / float64(s.n))
		}
		out[k] = LOOError{MSE: mse, SE: se}
	}
	return out, nil
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
