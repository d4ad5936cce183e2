package eval

import (
	"math"
	"testing"

	"sslab/ml/num"
	"sslab/ml/tensor"
)

func TestPCAStretchedDirection(t *testing.T) {
	// Points spread with sd 10 along u = (1,2,2)/3, sd 1 along v ⊥ u, and
	// sd 0.1 along w, plus an offset the centring must remove.
	u := []float64{1.0 / 3, 2.0 / 3, 2.0 / 3}
	v := []float64{2.0 / 3, 1.0 / 3, -2.0 / 3}
	w := []float64{2.0 / 3, -2.0 / 3, 1.0 / 3}
	g := num.NewRNG(4, 0)
	const n = 2000
	z := tensor.NewMat(n, 3)
	a := make([]float64, n)
	for i := 0; i < n; i++ {
		a[i] = 10 * g.Normal()
		b, c := g.Normal(), 0.1*g.Normal()
		for j := 0; j < 3; j++ {
			z.Data[i*3+j] = 5 + a[i]*u[j] + b*v[j] + c*w[j]
		}
	}
	proj, ratio := PCA(z, 2)
	if proj.Rows != n || proj.Cols != 2 || len(ratio) != 2 {
		t.Fatalf("shapes (%d,%d) and %d, want (%d,2) and 2", proj.Rows, proj.Cols, len(ratio), n)
	}
	// Expected ratios 100/101.01 and 1/101.01, up to sampling error.
	checkNear(t, "ratio[0]", ratio[0], 100/101.01, 0.01)
	checkNear(t, "ratio[1]", ratio[1], 1/101.01, 0.005)
	if ratio[0]+ratio[1] > 1 {
		t.Errorf("ratios %v sum above 1", ratio)
	}
	// The first coordinate is the signed position along u (sign fixed by
	// the largest loading, 2/3 > 0, so it matches +u), less its mean.
	var corr, sa, sp float64
	for i := 0; i < n; i++ {
		corr += a[i] * proj.At(i, 0)
		sa += a[i] * a[i]
		sp += proj.At(i, 0) * proj.At(i, 0)
	}
	if c := corr / math.Sqrt(sa*sp); c < 0.999 {
		t.Errorf("first component correlates %v with the stretch, want ≈ +1", c)
	}
}

func TestPCAEdgeCases(t *testing.T) {
	for _, tc := range []struct {
		name string
		z    *tensor.Mat
		dims int
	}{
		{"empty", tensor.NewMat(0, 3), 2},
		{"one row", tensor.FromRows([][]float64{{1, 2}}), 2},
		{"constant", tensor.FromRows([][]float64{{1, 2}, {1, 2}, {1, 2}}), 2},
	} {
		proj, ratio := PCA(tc.z, tc.dims)
		if proj.Rows != tc.z.Rows || proj.Cols != tc.dims || len(ratio) != tc.dims {
			t.Errorf("%s: shapes (%d,%d), %d", tc.name, proj.Rows, proj.Cols, len(ratio))
		}
		for _, v := range append(proj.Data, ratio...) {
			if v != 0 {
				t.Errorf("%s: non-zero output %v", tc.name, v)
				break
			}
		}
	}
	// dims beyond the column count pads with zero columns.
	proj, ratio := PCA(tensor.FromRows([][]float64{{-1}, {1}}), 2)
	if proj.At(0, 0) >= 0 || proj.At(1, 0) <= 0 || proj.At(0, 1) != 0 || ratio[0] != 1 || ratio[1] != 0 {
		t.Errorf("1-D data: proj %v ratio %v", proj.Data, ratio)
	}
}
