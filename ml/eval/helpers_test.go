package eval

import (
	"math"
	"testing"

	"sslab/ml/num"
	"sslab/ml/tensor"
)

// near reports whether got is within tol of want, absolutely or relative to
// |want|, whichever is looser.
func near(got, want, tol float64) bool {
	if math.IsNaN(got) || math.IsNaN(want) {
		return false
	}
	return math.Abs(got-want) <= tol*math.Max(1, math.Abs(want))
}

func checkNear(t *testing.T, name string, got, want, tol float64) {
	t.Helper()
	if !near(got, want, tol) {
		t.Errorf("%s = %.15g, want %.15g (tol %g)", name, got, want, tol)
	}
}

// blobs returns perClass points around each of the given centres, with
// isotropic Gaussian noise of scale sd, interleaved so classes alternate.
func blobs(centres [][]float64, perClass int, sd float64, seed uint64) (*tensor.Mat, []int) {
	g := num.NewRNG(seed, 0)
	k, m := len(centres), len(centres[0])
	z := tensor.NewMat(k*perClass, m)
	y := make([]int, k*perClass)
	for i := range y {
		c := i % k
		y[i] = c
		for j, v := range centres[c] {
			z.Data[i*m+j] = v + sd*g.Normal()
		}
	}
	return z, y
}

// gaussian returns an n×m matrix of standard normal entries.
func gaussian(n, m int, seed uint64) *tensor.Mat {
	g := num.NewRNG(seed, 1)
	z := tensor.NewMat(n, m)
	for i := range z.Data {
		z.Data[i] = g.Normal()
	}
	return z
}
