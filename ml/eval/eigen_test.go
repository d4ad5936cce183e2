package eval

import (
	"math"
	"testing"
)

// TestSymEigenReconstructs checks A·v = λ·v, orthonormality and ordering on
// a random symmetric matrix.
func TestSymEigenReconstructs(t *testing.T) {
	const m = 12
	x := gaussian(30, m, 5)
	a := gram(x.Data, 30, m)
	orig := append([]float64(nil), a...)
	vals, vecs := symEigen(a, m)
	for c := 0; c < m; c++ {
		if c > 0 && vals[c] > vals[c-1] {
			t.Errorf("eigenvalues not decreasing at %d: %v > %v", c, vals[c], vals[c-1])
		}
		for i := 0; i < m; i++ {
			var av float64
			for k := 0; k < m; k++ {
				av += orig[i*m+k] * vecs[k*m+c]
			}
			if math.Abs(av-vals[c]*vecs[i*m+c]) > 1e-10*vals[0] {
				t.Fatalf("A·v ≠ λv for component %d, row %d: %v vs %v", c, i, av, vals[c]*vecs[i*m+c])
			}
		}
		for d := 0; d <= c; d++ {
			var s float64
			for k := 0; k < m; k++ {
				s += vecs[k*m+c] * vecs[k*m+d]
			}
			want := 0.0
			if c == d {
				want = 1
			}
			if math.Abs(s-want) > 1e-12 {
				t.Fatalf("v%d·v%d = %v, want %v", c, d, s, want)
			}
		}
	}
}

func TestSymEigenDiagonal(t *testing.T) {
	vals, vecs := symEigen([]float64{1, 0, 0, 0, 3, 0, 0, 0, 2}, 3)
	want := []float64{3, 2, 1}
	for i := range want {
		checkNear(t, "eigenvalue", vals[i], want[i], 0)
	}
	// Column 0 is e₂ with a positive sign.
	if vecs[1*3+0] != 1 {
		t.Errorf("first eigenvector %v, want e2", []float64{vecs[0], vecs[3], vecs[6]})
	}
}
