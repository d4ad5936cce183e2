package eval

import (
	"testing"

	"sslab/ml/tensor"
)

func TestDimStd(t *testing.T) {
	// Column 0: {1, 3} → sd 1; column 1 constant → 0; column 2 {-2, 2} → 2.
	z := tensor.FromRows([][]float64{{1, 7, -2}, {3, 7, 2}})
	want := []float64{1, 0, 2}
	got := DimStd(z)
	for j := range want {
		checkNear(t, "DimStd", got[j], want[j], 1e-15)
	}
	// A tiny spread on a huge offset survives the two-pass form.
	big := tensor.FromRows([][]float64{{1e9 + 1}, {1e9 - 1}})
	checkNear(t, "DimStd offset", DimStd(big)[0], 1, 1e-12)
	if got := DimStd(tensor.NewMat(0, 2)); len(got) != 2 || got[0] != 0 {
		t.Errorf("empty: %v", got)
	}
}

func TestEffectiveRank(t *testing.T) {
	const n, m = 400, 8
	iso := gaussian(n, m, 7)
	// Rank one: every row a multiple of one direction, plus an offset.
	line := tensor.NewMat(n, m)
	for i := 0; i < n; i++ {
		s := iso.At(i, 0)
		for j := 0; j < m; j++ {
			line.Set(i, j, 3+s*float64(j+1))
		}
	}
	// Rank two with equal singular values: effective rank exactly 2.
	two := tensor.FromRows([][]float64{{1, 0, 0}, {-1, 0, 0}, {0, 1, 0}, {0, -1, 0}})
	for _, tc := range []struct {
		name      string
		z         *tensor.Mat
		want, tol float64
	}{
		{"rank one", line, 1, 1e-9},
		{"two equal", two, 2, 1e-12},
		// Sampling noise spreads the singular values of a finite Gaussian
		// matrix by about ±√(m/n), which costs a little entropy.
		{"isotropic", iso, m, 0.02},
		{"constant", tensor.FromRows([][]float64{{1, 2}, {1, 2}}), 0, 0},
		{"one row", tensor.FromRows([][]float64{{1, 2}}), 0, 0},
	} {
		checkNear(t, tc.name, EffectiveRank(tc.z), tc.want, tc.tol)
	}
}
