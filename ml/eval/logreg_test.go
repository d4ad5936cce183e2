package eval

import (
	"math"
	"testing"

	"gonum.org/v1/gonum/mat"

	"sslab/ml/num"
	"sslab/ml/tensor"
)

// logRegNewton minimises the probe's objective independently of FitLogReg:
// Newton's method on the exact Hessian, solved by gonum, with the loss
// written term by term with math.Exp. The biases are defined up to a
// common shift, so the reference pins b₀ = 0 to make the Hessian
// invertible. It returns the parameters (W, then b) and the objective.
func logRegNewton(t *testing.T, x *tensor.Mat, y []int, C int, lambda float64) ([]float64, float64) {
	n, d := x.Rows, x.Cols
	nw := d * C
	p := make([]float64, nw+C)
	eval := func(p []float64) (f float64, grad []float64, hess *mat.Dense) {
		grad = make([]float64, len(p))
		hess = mat.NewDense(len(p), len(p), nil)
		xt := make([]float64, d+1) // x with a 1 for the bias
		for i := 0; i < n; i++ {
			copy(xt, x.Row(i))
			xt[d] = 1
			z := make([]float64, C)
			mx := math.Inf(-1)
			for c := range z {
				z[c] = p[nw+c]
				for k := 0; k < d; k++ {
					z[c] += xt[k] * p[k*C+c]
				}
				mx = math.Max(mx, z[c])
			}
			pr := make([]float64, C)
			var sum float64
			for c := range z {
				pr[c] = math.Exp(z[c] - mx)
				sum += pr[c]
			}
			for c := range pr {
				pr[c] /= sum
			}
			f += (math.Log(sum) + mx - z[y[i]]) / float64(n)
			idx := func(k, c int) int { // parameter of feature k (d: the bias) and class c
				if k == d {
					return nw + c
				}
				return k*C + c
			}
			for c := 0; c < C; c++ {
				r := pr[c]
				if c == y[i] {
					r--
				}
				for k := 0; k <= d; k++ {
					grad[idx(k, c)] += r * xt[k] / float64(n)
					for c2 := 0; c2 < C; c2++ {
						h := -pr[c] * pr[c2]
						if c == c2 {
							h += pr[c]
						}
						for k2 := 0; k2 <= d; k2++ {
							hess.Set(idx(k, c), idx(k2, c2), hess.At(idx(k, c), idx(k2, c2))+h*xt[k]*xt[k2]/float64(n))
						}
					}
				}
			}
		}
		for j := 0; j < nw; j++ {
			f += lambda / 2 * p[j] * p[j]
			grad[j] += lambda * p[j]
			hess.Set(j, j, hess.At(j, j)+lambda)
		}
		// Pin b₀: drop its row and column.
		grad[nw] = 0
		for j := range p {
			hess.Set(nw, j, 0)
			hess.Set(j, nw, 0)
		}
		hess.Set(nw, nw, 1)
		return f, grad, hess
	}
	var f float64
	for it := 0; it < 200; it++ {
		var g []float64
		var h *mat.Dense
		f, g, h = eval(p)
		if maxAbs(g) < 1e-10 {
			return p, f
		}
		var step mat.VecDense
		if err := step.SolveVec(h, mat.NewVecDense(len(g), g)); err != nil {
			t.Fatalf("reference Newton step: %v", err)
		}
		// Halve the step until the objective decreases.
		for a := 1.0; a > 1e-12; a /= 2 {
			q := make([]float64, len(p))
			for j := range p {
				q[j] = p[j] - a*step.AtVec(j)
			}
			if fq, _, _ := eval(q); fq <= f {
				p = q
				break
			}
		}
	}
	_, g, _ := eval(p)
	t.Fatalf("the reference Newton fit did not converge: gradient %g", maxAbs(g))
	return nil, 0
}

// centredBiases returns b minus its mean: the biases are defined up to a
// common shift, which the softmax ignores.
func centredBiases(b []float64) []float64 {
	var m float64
	for _, v := range b {
		m += v / float64(len(b))
	}
	out := make([]float64, len(b))
	for i, v := range b {
		out[i] = v - m
	}
	return out
}

// FitLogReg reaches the minimiser an independent Newton fit (gonum's
// solver) finds for the same objective, on classes that overlap (non-separable) and on classes far
// apart (separable, where only the penalty keeps the weights finite).
func TestFitLogRegMatchesGonum(t *testing.T) {
	for _, tc := range []struct {
		name   string
		sd     float64
		lambda float64
	}{
		{"non-separable", 2.5, 0.01},
		{"separable", 0.2, 0.05},
		{"separable, weak penalty", 0.2, 1e-3},
	} {
		x, y := blobs([][]float64{{0, 0, 1}, {2, 0, 3}, {0, 2, -1}}, 20, tc.sd, 4)
		m, res, err := FitLogReg(x, y, 3, tc.lambda, nil, LBFGS{GradTol: 1e-10, MaxIter: 5000})
		if err != nil || !res.Converged {
			t.Fatalf("%s: %v, %+v", tc.name, err, res)
		}
		ref, refF := logRegNewton(t, x, y, 3, tc.lambda)
		checkNear(t, tc.name+": objective", res.F, refF, 1e-12)
		for j := 0; j < m.D*m.C; j++ {
			checkNear(t, tc.name+": weight", m.Params[j], ref[j], 1e-6)
		}
		got, want := centredBiases(m.B()), centredBiases(ref[m.D*m.C:])
		for j := range got {
			checkNear(t, tc.name+": bias", got[j], want[j], 1e-6)
		}
		if tc.sd < 1 {
			if acc := Accuracy(m.Predict(x), y); acc != 1 {
				t.Errorf("%s: training accuracy %v on separable classes", tc.name, acc)
			}
		}
	}
}

// Two points x = ±1 of two classes: by symmetry the minimiser is
// W = (−u/2, u/2), b = 0, where u solves λu/2 = σ(−u) (the objective is
// log(1+e^{−u}) + λu²/4). Found by bisection, it is the known optimum.
func TestFitLogRegKnownOptimum(t *testing.T) {
	for _, lambda := range []float64{1, 0.1, 0.01} {
		lo, hi := 0.0, 100.0
		for range 200 {
			u := (lo + hi) / 2
			if lambda*u/2 < 1/(1+math.Exp(u)) {
				lo = u
			} else {
				hi = u
			}
		}
		u := (lo + hi) / 2
		x := tensor.FromRows([][]float64{{-1}, {1}})
		m, res, err := FitLogReg(x, []int{0, 1}, 2, lambda, nil, LBFGS{GradTol: 1e-12})
		if err != nil || !res.Converged {
			t.Fatalf("λ=%g: %v %+v", lambda, err, res)
		}
		checkNear(t, "w0", m.Params[0], -u/2, 1e-9)
		checkNear(t, "w1", m.Params[1], u/2, 1e-9)
		checkNear(t, "b0-b1", m.Params[2]-m.Params[3], 0, 1e-9)
	}
}

// The objective's gradient matches central finite differences.
func TestLogRegGradient(t *testing.T) {
	x, y := blobs([][]float64{{0, 1}, {1, 0}, {1, 1}, {3, 2}}, 3, 0.7, 9)
	obj := newLogRegObjective(x, transposed(x), y, 4, 0.3)
	g := num.NewRNG(3, 1)
	p := make([]float64, 2*4+4)
	for i := range p {
		p[i] = g.Normal()
	}
	grad := make([]float64, len(p))
	obj.eval(p, grad)
	scratch := make([]float64, len(p))
	for i := range p {
		const h = 1e-6
		old := p[i]
		p[i] = old + h
		fp := obj.eval(p, scratch)
		p[i] = old - h
		fm := obj.eval(p, scratch)
		p[i] = old
		checkNear(t, "∂L/∂θ", grad[i], (fp-fm)/(2*h), 1e-7)
	}
}

// Warm starts reach the same minimiser; bad input is refused by name.
func TestFitLogRegInputs(t *testing.T) {
	x, y := blobs([][]float64{{0, 0}, {2, 1}}, 10, 1, 2)
	cold, _, err := FitLogReg(x, y, 2, 0.1, nil, LBFGS{GradTol: 1e-10})
	if err != nil {
		t.Fatal(err)
	}
	start := make([]float64, len(cold.Params))
	for i := range start {
		start[i] = 3
	}
	warm, _, err := FitLogReg(x, y, 2, 0.1, start, LBFGS{GradTol: 1e-10})
	if err != nil {
		t.Fatal(err)
	}
	for j := 0; j < 4; j++ {
		checkNear(t, "warm-started weight", warm.Params[j], cold.Params[j], 1e-8)
	}
	bad := x.Clone()
	bad.Data[5] = math.NaN()
	for name, fit := range map[string]func() error{
		"NaN feature": func() error { _, _, err := FitLogReg(bad, y, 2, 0.1, nil, LBFGS{}); return err },
		"label 2": func() error {
			_, _, err := FitLogReg(x, append(y[:len(y)-1:len(y)-1], 2), 2, 0.1, nil, LBFGS{})
			return err
		},
		"λ < 0":     func() error { _, _, err := FitLogReg(x, y, 2, -1, nil, LBFGS{}); return err },
		"no rows":   func() error { _, _, err := FitLogReg(tensor.NewMat(0, 2), nil, 2, 0.1, nil, LBFGS{}); return err },
		"one class": func() error { _, _, err := FitLogReg(x, y, 1, 0.1, nil, LBFGS{}); return err },
	} {
		if fit() == nil {
			t.Errorf("%s: no error", name)
		}
	}
}
