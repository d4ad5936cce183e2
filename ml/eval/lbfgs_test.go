package eval

import "testing"

// L-BFGS finds the minimum of Rosenbrock's banana (1, 1) and of a badly
// scaled quadratic.
func TestLBFGSMinimizes(t *testing.T) {
	rosen := func(x, g []float64) float64 {
		a, b := 1-x[0], x[1]-x[0]*x[0]
		g[0] = -2*a - 400*x[0]*b
		g[1] = 200 * b
		return a*a + 100*b*b
	}
	x := []float64{-1.2, 1}
	res := LBFGS{GradTol: 1e-9}.Minimize(x, rosen)
	if !res.Converged {
		t.Fatalf("Rosenbrock: %+v", res)
	}
	checkNear(t, "x0", x[0], 1, 1e-6)
	checkNear(t, "x1", x[1], 1, 1e-6)

	scales := []float64{1, 10, 100, 1000}
	quad := func(x, g []float64) float64 {
		var f float64
		for i, s := range scales {
			d := x[i] - float64(i)
			f += 0.5 * s * d * d
			g[i] = s * d
		}
		return f
	}
	y := make([]float64, len(scales))
	if res := (LBFGS{GradTol: 1e-10}).Minimize(y, quad); !res.Converged {
		t.Fatalf("quadratic: %+v", res)
	}
	for i := range y {
		checkNear(t, "quadratic minimiser", y[i], float64(i), 1e-9)
	}
}
