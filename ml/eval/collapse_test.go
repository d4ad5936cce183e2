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

// The collapse meter on synthetic embeddings: equal rows are complete
// collapse; a line (even with a little noise in 63 other dimensions, whose
// effective rank is far above 1) is dimensional collapse; a plane and an
// isotropic cloud are neither.
func TestAssessCollapse(t *testing.T) {
	const n, m = 400, 64
	noise := gaussian(n, m, 11)
	shape := func(f func(i, j int) float64) *tensor.Mat {
		z := tensor.NewMat(n, m)
		for i := 0; i < n; i++ {
			for j := 0; j < m; j++ {
				z.Set(i, j, f(i, j))
			}
		}
		return z
	}
	equal := shape(func(i, j int) float64 { return 1 + 0.001*noise.At(i, j) })
	line := shape(func(i, j int) float64 { return 2 + noise.At(i, 0)*float64(1+j%5) + 0.1*noise.At(i, j) })
	plane := shape(func(i, j int) float64 {
		return 2 + noise.At(i, 0)*float64(1+j%5) + noise.At(i, 1)*float64(1+j%3)*float64(1-2*(j%2)) + 0.01*noise.At(i, j)
	})
	cloud := shape(func(i, j int) float64 { return 0.5 + noise.At(i, j) })
	for _, tc := range []struct {
		name                  string
		z                     *tensor.Mat
		complete, dimensional bool
	}{
		{"equal rows", equal, true, false},
		{"a line", line, false, true},
		{"a plane", plane, false, false},
		{"an isotropic cloud", cloud, false, false},
	} {
		c := AssessCollapse(tc.z, NewSpectrum(tc.z), 0)
		if c.Complete != tc.complete || c.Dimensional != tc.dimensional || c.Collapsed() != (tc.complete || tc.dimensional) {
			t.Errorf("%s: %+v, want complete %v dimensional %v", tc.name, c, tc.complete, tc.dimensional)
		}
		if tc.name == "a line" && c.EffectiveRank < 2 {
			t.Errorf("a line with noise: effective rank %.2f; the test means a line the entropy misreads", c.EffectiveRank)
		}
	}
	fr := NewSpectrum(cloud).VarianceFractions(m + 3)
	var sum float64
	for _, f := range fr {
		sum += f
	}
	checkNear(t, "variance fractions sum", sum, 1, 1e-12)
	if fr[m] != 0 || fr[0] < fr[1] {
		t.Errorf("variance fractions not sorted or not zero past the spectrum: %v", fr[:3])
	}
	checkNear(t, "spread of zeros", RelativeSpread(tensor.NewMat(3, 2)), 0, 0)
	// A cloud shrunk to a thousandth of its starting scale is one point,
	// though its relative spread is that of a healthy cloud.
	small := cloud.Clone()
	for i := range small.Data {
		small.Data[i] = (small.Data[i] - 0.5) * 1e-3
	}
	ref := AssessCollapse(cloud, NewSpectrum(cloud), 0).Scale
	if c := AssessCollapse(small, NewSpectrum(small), ref); !c.Complete || c.Spread < 0.5 {
		t.Errorf("shrunk cloud: %+v, want complete collapse by its shrink", c)
	}
}
