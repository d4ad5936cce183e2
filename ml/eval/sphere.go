package eval

import (
	"fmt"

	"sslab/ml/num"
	"sslab/ml/tensor"
)

// Alignment returns Wang & Isola's (2020) alignment loss with α = 2: the
// mean squared distance between the L2-normalised embeddings of positive
// pairs, row i of z1 with row i of z2. It is 0 when the two views map to the
// same point and 4 when they are antipodal. Lower is better, but alignment
// alone is trivially won by collapse, so read it next to Uniformity.
// Empty input returns 0.
func Alignment(z1, z2 *tensor.Mat) float64 {
	if z1.Rows != z2.Rows || (z1.Rows > 0 && z1.Cols != z2.Cols) {
		panic(fmt.Sprintf("eval: Alignment: shapes (%d,%d) and (%d,%d) differ", z1.Rows, z1.Cols, z2.Rows, z2.Cols))
	}
	if z1.Rows == 0 {
		return 0
	}
	a, b := normalizedRows(z1), normalizedRows(z2)
	var s float64
	for i := 0; i < a.Rows; i++ {
		s += sqDist(a.Row(i), b.Row(i))
	}
	return s / float64(a.Rows)
}

// Uniformity returns Wang & Isola's (2020) uniformity loss with t = 2:
// log of the mean of exp(-2‖f(x)-f(y)‖²) over all distinct pairs of
// L2-normalised rows, i.e. the log potential of a Gaussian kernel on the
// sphere. It is 0 when every row points the same way (complete collapse) and
// more negative the more evenly the rows cover the sphere.
//
// The cost is O(n²·m), so pass a subsample of a few thousand rows. The pair
// terms lie in [e⁻⁸, 1], so the plain mean cannot under- or overflow and no
// log-sum-exp shift is needed. Fewer than two rows return 0.
func Uniformity(z *tensor.Mat) float64 {
	n := z.Rows
	if n < 2 {
		return 0
	}
	a := normalizedRows(z)
	var s float64
	for i := 0; i < n; i++ {
		ai := a.Row(i)
		for j := i + 1; j < n; j++ {
			s += num.Exp(-2 * sqDist(ai, a.Row(j)))
		}
	}
	pairs := float64(n) * float64(n-1) / 2
	return num.Log(s / pairs)
}
