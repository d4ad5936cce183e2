package eval

import (
	"math"
	"strings"
	"testing"

	"gonum.org/v1/gonum/mat"

	"sslab/ml/num"
	"sslab/ml/tensor"
)

// ridgeReference solves the same ridge problem with gonum: the normal
// equations of [X 1]·[w; b] ≈ y with λ·n on w's diagonal only, by a
// general dense solve (no centring, no Cholesky).
func ridgeReference(t *testing.T, x *tensor.Mat, y []float64, lambda float64) ([]float64, float64) {
	n, d := x.Rows, x.Cols
	a := mat.NewDense(n, d+1, nil)
	for i := 0; i < n; i++ {
		for j := 0; j < d; j++ {
			a.Set(i, j, x.At(i, j))
		}
		a.Set(i, d, 1)
	}
	var ata mat.Dense
	ata.Mul(a.T(), a)
	for j := 0; j < d; j++ {
		ata.Set(j, j, ata.At(j, j)+lambda*float64(n))
	}
	var aty mat.VecDense
	aty.MulVec(a.T(), mat.NewVecDense(n, y))
	var sol mat.VecDense
	if err := sol.SolveVec(&ata, &aty); err != nil {
		t.Fatalf("gonum's solve: %v", err)
	}
	w := make([]float64, d)
	for j := range w {
		w[j] = sol.AtVec(j)
	}
	return w, sol.AtVec(d)
}

func TestFitRidgeMatchesGonumNormalEquations(t *testing.T) {
	g := num.NewRNG(8, 2)
	for _, tc := range []struct {
		n, d   int
		lambda float64
	}{{50, 4, 0.1}, {30, 8, 1e-3}, {6, 10, 0.05}, {200, 3, 0}} {
		x := tensor.NewMat(tc.n, tc.d)
		for i := range x.Data {
			x.Data[i] = 3 + float64(1+i%tc.d)*g.Normal() // offset, uneven scales
		}
		y := make([]float64, tc.n)
		for i := range y {
			for j, v := range x.Row(i) {
				y[i] += float64(j-1) * v
			}
			y[i] += 0.3*g.Normal() - 2
		}
		r, err := FitRidge(x, y, tc.lambda)
		if err != nil {
			t.Fatalf("%+v: %v", tc, err)
		}
		w, b := ridgeReference(t, x, y, tc.lambda)
		for j := range w {
			checkNear(t, "w", r.W[j], w[j], 1e-8)
		}
		checkNear(t, "b", r.B, b, 1e-8)
		pred := r.Predict(x)
		for i := range pred {
			want := b
			for j, v := range x.Row(i) {
				want += v * w[j]
			}
			checkNear(t, "prediction", pred[i], want, 1e-8)
		}
	}
}

// A singular system or input that is not finite gives an error, never a
// fit.
func TestFitRidgeFails(t *testing.T) {
	x := tensor.FromRows([][]float64{{1, 2, 3}, {2, 4, 6.5}})
	if _, err := FitRidge(x, []float64{1, 2}, 0); err == nil || !strings.Contains(err.Error(), "singular") {
		t.Errorf("2 examples, 3 features, λ = 0: err = %v, want singular", err)
	}
	constant := tensor.FromRows([][]float64{{1, 1}, {1, 1}, {1, 1}})
	if _, err := FitRidge(constant, []float64{1, 2, 3}, 0); err == nil {
		t.Error("constant features, λ = 0: no error")
	}
	if _, err := FitRidge(constant, []float64{1, 2, 3}, 0.1); err != nil {
		t.Errorf("constant features, λ = 0.1: %v (the penalty makes it solvable)", err)
	}
	nan := tensor.FromRows([][]float64{{1, math.NaN()}, {2, 3}})
	if _, err := FitRidge(nan, []float64{1, 2}, 0.1); err == nil || !strings.Contains(err.Error(), "not finite") {
		t.Errorf("NaN feature: err = %v", err)
	}
	if _, err := FitRidge(x, []float64{1, math.Inf(1)}, 0.1); err == nil {
		t.Error("infinite target: no error")
	}
}

// Cholesky agrees with gonum's and its solve inverts the matrix.
func TestCholeskyMatchesGonum(t *testing.T) {
	g := num.NewRNG(4, 4)
	const m = 7
	b := mat.NewDense(m+3, m, nil)
	for i := 0; i < m+3; i++ {
		for j := 0; j < m; j++ {
			b.Set(i, j, g.Normal())
		}
	}
	var a mat.Dense
	a.Mul(b.T(), b)
	flat := make([]float64, m*m)
	for i := 0; i < m; i++ {
		for j := 0; j < m; j++ {
			flat[i*m+j] = a.At(i, j)
		}
	}
	l, err := Cholesky(flat, m)
	if err != nil {
		t.Fatal(err)
	}
	var ref mat.Cholesky
	if !ref.Factorize(mat.NewSymDense(m, flat)) {
		t.Fatal("gonum's Cholesky failed")
	}
	var lref mat.TriDense
	ref.LTo(&lref)
	for i := 0; i < m; i++ {
		for j := 0; j < m; j++ {
			checkNear(t, "L", l[i*m+j], lref.At(i, j), 1e-12)
		}
	}
	rhs := []float64{1, -2, 3, 0, 5, 0.5, -1}
	x := CholeskySolve(l, m, rhs)
	for i := 0; i < m; i++ {
		var s float64
		for j := 0; j < m; j++ {
			s += flat[i*m+j] * x[j]
		}
		checkNear(t, "A·x", s, rhs[i], 1e-10)
	}
	if _, err := Cholesky([]float64{1, 2, 2, 1}, 2); err == nil {
		t.Error("indefinite matrix: no error")
	}
}

// RidgeLOO's closed form equals refitting on every n − 1 examples and
// predicting the one left out; a penalty under which an example has all
// the leverage scores +Inf, and bad input is refused.
func TestRidgeLOOMatchesRefits(t *testing.T) {
	g := num.NewRNG(5, 3)
	for _, tc := range []struct{ n, d int }{{12, 3}, {10, 16}, {40, 5}} {
		x := tensor.NewMat(tc.n, tc.d)
		for i := range x.Data {
			x.Data[i] = 1 + float64(1+i%tc.d)*g.Normal()
		}
		y := make([]float64, tc.n)
		for i := range y {
			y[i] = x.At(i, 0) - 0.5*x.At(i, tc.d-1) + g.Normal()
		}
		lambdas := []float64{1e-3, 0.1, 10}
		loo, err := RidgeLOO(x, y, lambdas)
		if err != nil {
			t.Fatalf("%+v: %v", tc, err)
		}
		for k, lambda := range lambdas {
			var sum float64
			for i := 0; i < tc.n; i++ {
				var rows [][]float64
				var ys []float64
				for j := 0; j < tc.n; j++ {
					if j != i {
						rows = append(rows, x.Row(j))
						ys = append(ys, y[j])
					}
				}
				// The same penalty on the sum of squares, n·λ: FitRidge
				// divides the sum by the examples it has, n − 1.
				r, err := FitRidge(tensor.FromRows(rows), ys, lambda*float64(tc.n)/float64(tc.n-1))
				if err != nil {
					t.Fatal(err)
				}
				one := tensor.FromRows([][]float64{x.Row(i)})
				e := y[i] - r.Predict(one)[0]
				sum += e * e
			}
			checkNear(t, "leave-one-out MSE", loo[k].MSE, sum/float64(tc.n), 1e-8*math.Max(1, sum))
			if !(loo[k].SE > 0 && loo[k].SE < loo[k].MSE) {
				t.Errorf("λ = %g: standard error %g of a mean %g", lambda, loo[k].SE, loo[k].MSE)
			}
		}
	}
	// Two examples and no penalty: each is fitted exactly, all leverage.
	x := tensor.FromRows([][]float64{{1}, {2}})
	loo, err := RidgeLOO(x, []float64{1, 3}, []float64{0, 1})
	if err != nil {
		t.Fatal(err)
	}
	if !math.IsInf(loo[0].MSE, 1) || math.IsInf(loo[1].MSE, 0) {
		t.Errorf("λ = 0 and 1 on two examples: %v, want +Inf then a number", loo)
	}
	if _, err := RidgeLOO(x, []float64{1, math.NaN()}, []float64{1}); err == nil {
		t.Error("a NaN target: no error")
	}
	if _, err := RidgeLOO(x, []float64{1, 3}, []float64{-1}); err == nil {
		t.Error("a negative penalty: no error")
	}
}
