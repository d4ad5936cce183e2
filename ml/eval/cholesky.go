package eval

import (
	"fmt"
	"math"
)

// Cholesky factorises the symmetric positive definite matrix a (m×m,
// row-major; only its lower triangle is read) as L·Lᵀ, returning L
// row-major with zeros above the diagonal. It fails, naming the pivot, when
// a is not positive definite to working precision: a pivot that is not
// finite or not above m·ε times the largest diagonal entry, the mark of a
// singular (or indefinite) matrix whose solve would be dominated by
// round-off.
//
// The sums run left to right in plain loops, so the factor has the same
// bits on every platform (gonum's LAPACK port sums in a different order
// under amd64 assembly; it is this package's reference in tests).
func Cholesky(a []float64, m int) ([]float64, error) {
	if len(a) != m*m {
		panic(fmt.Sprintf("eval: Cholesky: %d entries for a %d×%d matrix", len(a), m, m))
	}
	var scale float64
	for i := 0; i < m; i++ {
		scale = math.Max(scale, math.Abs(a[i*m+i]))
	}
	floor := float64(m) * 2.220446049250313e-16 * scale
	l := make([]float64, m*m)
	for j := 0; j < m; j++ {
		lj := l[j*m : j*m+j]
		s := a[j*m+j]
		for _, v := range lj {
			s -= float64(v * v)
		}
		if !finite(s) || s <= floor {
			return nil, fmt.Errorf("the matrix is singular or not positive definite (pivot %d of %d is %.3g)", j+1, m, s)
		}
		d := math.Sqrt(s)
		l[j*m+j] = d
		for i := j + 1; i < m; i++ {
			li := l[i*m : i*m+j]
			s := a[i*m+j]
			for k, v := range li {
				s -= float64(v * lj[k])
			}
			l[i*m+j] = s / d
		}
	}
	return l, nil
}

// CholeskySolve solves L·Lᵀ·x = b for x, with L from Cholesky (m×m), by
// forward then back substitution. It returns a new slice.
func CholeskySolve(l []float64, m int, b []float64) []float64 {
	if len(l) != m*m || len(b) != m {
		panic(fmt.Sprintf("eval: CholeskySolve: a %d-entry factor and %d right-hand sides for m = %d", len(l), len(b), m))
	}
	x := make([]float64, m)
	for i := 0; i < m; i++ { // L·u = b
		s := b[i]
		for k, v := range l[i*m : i*m+i] {
			s -= float64(v * x[k])
		}
		x[i] = s / l[i*m+i]
	}
	for i := m - 1; i >= 0; i-- { // Lᵀ·x = u
		s := x[i]
		for k := i + 1; k < m; k++ {
			s -= float64(l[k*m+i] * x[k])
		}
		x[i] = s / l[i*m+i]
	}
	return x
}
