package tensor

import (
	"math"
	"testing"

	"gonum.org/v1/gonum/mat"
)

// The three kernels agree with gonum's matrix product, the reference, to
// rounding (gonum may sum in another order, so not to the bit).
func TestKernelsMatchGonum(t *testing.T) {
	fill := func(r, c int, seed float64) *Mat {
		m := NewMat(r, c)
		for i := range m.Data {
			m.Data[i] = math.Sin(seed + 0.7*float64(i))
		}
		return m
	}
	dense := func(m *Mat) *mat.Dense { return mat.NewDense(m.Rows, m.Cols, m.Data) }
	for _, s := range [][3]int{{1, 1, 1}, {7, 13, 5}, {64, 128, 64}, {33, 17, 65}} {
		n, k, m := s[0], s[1], s[2]
		a, b, bt, at := fill(n, k, 1), fill(k, m, 2), fill(m, k, 3), fill(k, n, 4)
		var got Mat
		var want mat.Dense
		check := func(op string) {
			for i := 0; i < n; i++ {
				for j := 0; j < m; j++ {
					if d := math.Abs(got.At(i, j) - want.At(i, j)); d > 1e-12*float64(k) {
						t.Fatalf("%s %v: (%d,%d) = %v, gonum %v", op, s, i, j, got.At(i, j), want.At(i, j))
					}
				}
			}
		}
		MatMul(&got, a, b)
		want.Mul(dense(a), dense(b))
		check("MatMul")
		MatMulTransB(&got, a, bt)
		want.Mul(dense(a), dense(bt).T())
		check("MatMulTransB")
		MatMulTransA(&got, at, b)
		want.Mul(dense(at).T(), dense(b))
		check("MatMulTransA")
	}
}
