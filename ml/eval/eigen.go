package eval

import (
	"math"
	"slices"
)

// symEigen returns the eigenvalues of the symmetric m×m matrix a (row-major,
// overwritten) in decreasing order, and the matching unit eigenvectors as the
// columns of a row-major m×m matrix.
//
// It uses cyclic Jacobi rotations: slower than tridiagonal QR for large m,
// but a few dozen lines of plain Go whose every operation (+, ×, /, Sqrt) is
// correctly rounded, so the result is bit-identical on amd64 and wasm. It is
// also very accurate for small eigenvalues, which matters for
// EffectiveRank's entropy. Each sweep is O(m³); embeddings of a few hundred
// dimensions converge in well under ten sweeps.
func symEigen(a []float64, m int) (vals []float64, vecs []float64) {
	v := make([]float64, m*m)
	for i := 0; i < m; i++ {
		v[i*m+i] = 1
	}
	const maxSweeps = 100
	for sweep := 0; sweep < maxSweeps; sweep++ {
		var off float64
		for p := 0; p < m; p++ {
			for q := p + 1; q < m; q++ {
				off += a[p*m+q] * a[p*m+q]
			}
		}
		if off == 0 {
			break
		}
		for p := 0; p < m; p++ {
			for q := p + 1; q < m; q++ {
				apq := a[p*m+q]
				if apq == 0 {
					continue
				}
				app, aqq := a[p*m+p], a[q*m+q]
				// Once a_pq no longer changes the diagonal in floating point it
				// is numerically zero; dropping it (Numerical Recipes' test)
				// lets the sweeps end with exact zeros instead of dithering.
				g := 100 * math.Abs(apq)
				if sweep > 3 && math.Abs(app)+g == math.Abs(app) && math.Abs(aqq)+g == math.Abs(aqq) {
					a[p*m+q], a[q*m+p] = 0, 0
					continue
				}
				// Rotation by φ with t = tan φ the smaller root of
				// t² + 2θt - 1 = 0, θ = (a_qq - a_pp)/(2a_pq), which zeroes
				// a_pq with the smallest possible disturbance of the rest.
				theta := (aqq - app) / (2 * apq)
				t := 1 / (math.Abs(theta) + math.Sqrt(theta*theta+1))
				if theta < 0 {
					t = -t
				}
				c := 1 / math.Sqrt(t*t+1)
				s := t * c
				rotate(a, m, p, q, c, s)
				a[p*m+q], a[q*m+p] = 0, 0
				for k := 0; k < m; k++ { // V ← V·J
					vkp, vkq := v[k*m+p], v[k*m+q]
					v[k*m+p] = c*vkp - s*vkq
					v[k*m+q] = s*vkp + c*vkq
				}
			}
		}
	}

	// Sort by decreasing eigenvalue, ties by index, and fix each vector's
	// sign so its largest-magnitude entry is positive: eigenvectors are only
	// defined up to sign, and a PCA plot should not flip between runs.
	order := make([]int, m)
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(i, j int) int {
		switch di, dj := a[i*m+i], a[j*m+j]; {
		case di > dj:
			return -1
		case di < dj:
			return 1
		}
		return 0
	})
	vals = make([]float64, m)
	vecs = make([]float64, m*m)
	for c, src := range order {
		vals[c] = a[src*m+src]
		big := 0
		for k := 1; k < m; k++ {
			if math.Abs(v[k*m+src]) > math.Abs(v[big*m+src]) {
				big = k
			}
		}
		sign := 1.0
		if v[big*m+src] < 0 {
			sign = -1
		}
		for k := 0; k < m; k++ {
			vecs[k*m+c] = sign * v[k*m+src]
		}
	}
	return vals, vecs
}

// rotate sets a = Jᵀ·a·J for the Givens rotation J with J_pp = J_qq = c,
// J_pq = s, J_qp = -s. Only rows and columns p and q change.
func rotate(a []float64, m, p, q int, c, s float64) {
	for k := 0; k < m; k++ { // columns: a·J
		akp, akq := a[k*m+p], a[k*m+q]
		a[k*m+p] = c*akp - s*akq
		a[k*m+q] = s*akp + c*akq
	}
	for k := 0; k < m; k++ { // rows: Jᵀ·(a·J)
		apk, aqk := a[p*m+k], a[q*m+k]
		a[p*m+k] = c*apk - s*aqk
		a[q*m+k] = s*apk + c*aqk
	}
}

// gram returns the m×m matrix xᵀx of the n×m row-major matrix x as a flat
// slice. Each entry is one sum over rows in increasing order (walking rows in
// the outer loop keeps the access sequential without changing that order),
// and only the upper triangle is summed and then mirrored, so the
// eigensolver sees an exactly symmetric input.
func gram(x []float64, n, m int) []float64 {
	g := make([]float64, m*m)
	for r := 0; r < n; r++ {
		row := x[r*m : (r+1)*m]
		for i, xi := range row {
			gi := g[i*m : (i+1)*m]
			for j := i; j < m; j++ {
				gi[j] += xi * row[j]
			}
		}
	}
	for i := 0; i < m; i++ {
		for j := i + 1; j < m; j++ {
			g[j*m+i] = g[i*m+j]
		}
	}
	return g
}
