package eval

import (
	"math"
	"testing"

	"sslab/ml/tensor"
)

func TestAlignment(t *testing.T) {
	z := gaussian(50, 4, 9)
	scaled := z.Clone()
	for i := range scaled.Data {
		scaled.Data[i] *= 3 // same directions: still perfectly aligned
	}
	neg := z.Clone()
	for i := range neg.Data {
		neg.Data[i] = -neg.Data[i]
	}
	// Orthogonal unit pairs are √2 apart: squared distance 2.
	e1 := tensor.FromRows([][]float64{{1, 0}, {0, 2}})
	e2 := tensor.FromRows([][]float64{{0, 1}, {3, 0}})
	for _, tc := range []struct {
		name string
		a, b *tensor.Mat
		want float64
	}{
		{"identical", z, z, 0},
		{"rescaled", z, scaled, 0},
		{"antipodal", z, neg, 4},
		{"orthogonal", e1, e2, 2},
		{"empty", tensor.NewMat(0, 3), tensor.NewMat(0, 3), 0},
	} {
		checkNear(t, tc.name, Alignment(tc.a, tc.b), tc.want, 1e-12)
	}
}

func TestUniformity(t *testing.T) {
	spread := gaussian(200, 8, 13) // directions uniform on the sphere
	clustered := gaussian(200, 8, 14)
	for i := 0; i < clustered.Rows; i++ {
		clustered.Row(i)[0] += 6 // all pointing roughly along e₁
	}
	us, uc := Uniformity(spread), Uniformity(clustered)
	if !(us < uc) {
		t.Errorf("uniformity spread %v should be below clustered %v", us, uc)
	}
	// Two antipodal points: one pair at squared distance 4 → log e⁻⁸ = -8.
	checkNear(t, "antipodal pair", Uniformity(tensor.FromRows([][]float64{{1, 0}, {-2, 0}})), -8, 1e-12)
	// Collapse: every pair at distance 0 → log 1 = 0.
	checkNear(t, "collapsed", Uniformity(tensor.FromRows([][]float64{{1, 1}, {2, 2}, {3, 3}})), 0, 1e-12)
	// Orthonormal basis of R^m: every pair at squared distance 2 → -4.
	checkNear(t, "basis", Uniformity(tensor.FromRows([][]float64{{1, 0, 0}, {0, 1, 0}, {0, 0, 1}})), -4, 1e-12)
	if u := Uniformity(tensor.NewMat(1, 3)); u != 0 || math.IsNaN(u) {
		t.Errorf("one row: %v, want 0", u)
	}
}
