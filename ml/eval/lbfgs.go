package eval

import "math"

// LBFGS minimises a smooth function of p parameters with limited-memory
// BFGS (Nocedal & Wright, Numerical Optimization, algorithms 7.4 and 7.5):
// the last Memory steps and gradient changes stand in for the inverse
// Hessian, and a backtracking line search (Armijo condition) picks each
// step's length. It is written for the convex, full-batch fits of this
// package (logistic regression on frozen features), where it converges in
// tens to hundreds of iterations.
//
// Every sum is a plain loop in a fixed order, so a run gives the same bits
// on every platform.
type LBFGS struct {
	Memory  int     // pairs kept; 0 means 10
	MaxIter int     // iterations; 0 means 1000
	GradTol float64 // stop when max |∂f/∂θ_j| ≤ GradTol; 0 means 1e-6
}

// LBFGSResult says how a minimisation ended.
type LBFGSResult struct {
	F         float64 // the objective at the returned point
	GradMax   float64 // max |∂f/∂θ_j| there
	Iter      int     // iterations taken
	Evals     int     // objective evaluations
	Converged bool    // GradMax ≤ GradTol
}

// Minimize minimises f starting from x, which it overwrites with the
// minimiser. f(x, grad) returns the objective at x and writes its gradient
// into grad (len(x)). A non-finite objective or gradient at the start, or
// a line search that cannot decrease f, stops the iterations; the result
// says whether the gradient test was met.
func (o LBFGS) Minimize(x []float64, f func(x, grad []float64) float64) LBFGSResult {
	mem, maxIter, tol := o.Memory, o.MaxIter, o.GradTol
	if mem <= 0 {
		mem = 10
	}
	if maxIter <= 0 {
		maxIter = 1000
	}
	if tol <= 0 {
		tol = 1e-6
	}
	p := len(x)
	g := make([]float64, p)
	fx := f(x, g)
	res := LBFGSResult{F: fx, GradMax: maxAbs(g), Evals: 1}
	if !finite(fx) || !finite(res.GradMax) {
		return res
	}
	s := make([][]float64, mem) // x_{k+1} - x_k, a ring of the last mem
	y := make([][]float64, mem) // g_{k+1} - g_k
	rho := make([]float64, mem) // 1 / yᵀs
	for i := range s {
		s[i], y[i] = make([]float64, p), make([]float64, p)
	}
	alpha := make([]float64, mem)
	d := make([]float64, p)  // search direction
	xn := make([]float64, p) // trial point
	gn := make([]float64, p) // gradient at the trial point
	stored, next := 0, 0     // pairs held; slot of the next pair
	for res.Iter < maxIter && res.GradMax > tol {
		// Two-loop recursion: d = -H g.
		copy(d, g)
		for k := 0; k < stored; k++ {
			i := (next - 1 - k + mem) % mem
			alpha[i] = rho[i] * vdot(s[i], d)
			axpy(-alpha[i], y[i], d)
		}
		gamma := 1.0 // scale of the initial inverse Hessian
		if stored > 0 {
			i := (next - 1 + mem) % mem
			gamma = vdot(s[i], y[i]) / vdot(y[i], y[i])
		} else {
			// First step: as long as a unit gradient step, at most 1.
			gamma = math.Min(1, 1/math.Sqrt(vdot(g, g)))
		}
		for j := range d {
			d[j] *= gamma
		}
		for k := stored - 1; k >= 0; k-- {
			i := (next - 1 - k + mem) % mem
			beta := rho[i] * vdot(y[i], d)
			axpy(alpha[i]-beta, s[i], d)
		}
		for j := range d {
			d[j] = -d[j]
		}
		slope := vdot(g, d)
		if !(slope < 0) {
			// Not a descent direction (the curvature pairs went stale):
			// restart from steepest descent.
			if stored == 0 {
				break
			}
			stored, next = 0, 0
			continue
		}

		// Backtracking line search from the full quasi-Newton step.
		const c1 = 1e-4
		step, fn := 1.0, math.Inf(1)
		accepted := false
		for range 60 {
			for j := range xn {
				xn[j] = x[j] + float64(step*d[j])
			}
			fn = f(xn, gn)
			res.Evals++
			if finite(fn) && fn <= fx+float64(c1*step*slope) {
				accepted = true
				break
			}
			step *= 0.5
		}
		if !accepted || !(fn < fx || maxAbs(gn) < res.GradMax) {
			break // no progress is possible at this precision
		}
		// Keep the pair if the curvature is positive (always, for a
		// strictly convex f; the check guards round-off).
		si, yi := s[next], y[next]
		for j := range si {
			si[j] = xn[j] - x[j]
			yi[j] = gn[j] - g[j]
		}
		if sy := vdot(si, yi); sy > 1e-16*math.Sqrt(vdot(si, si)*vdot(yi, yi)) && sy > 0 {
			rho[next] = 1 / sy
			next = (next + 1) % mem
			stored = min(stored+1, mem)
		}
		copy(x, xn)
		copy(g, gn)
		fx = fn
		res.Iter++
		res.F, res.GradMax = fx, maxAbs(g)
	}
	res.Converged = res.GradMax <= tol
	return res
}

// vdot returns Σ a[i]·b[i], left to right.
func vdot(a, b []float64) float64 {
	b = b[:len(a)]
	var s float64
	for i, v := range a {
		s += float64(v * b[i])
	}
	return s
}

// axpy sets y += a·x.
func axpy(a float64, x, y []float64) {
	y = y[:len(x)]
	for i, v := range x {
		y[i] += float64(a * v)
	}
}

// maxAbs returns max |v[i]| (NaN if any entry is NaN).
func maxAbs(v []float64) float64 {
	var m float64
	for _, x := range v {
		if x != x {
			return math.NaN()
		}
		m = math.Max(m, math.Abs(x))
	}
	return m
}

func finite(x float64) bool { return !math.IsNaN(x) && !math.IsInf(x, 0) }
