package objective

import (
	"fmt"

	"sslab/ml/tensor"
)

// checkPair panics unless a and b are the same non-empty shape; the two-view
// losses compare row i of one view with row i of the other.
func checkPair(op string, a, b *tensor.Mat) {
	if a.Rows != b.Rows || a.Cols != b.Cols {
		panic(fmt.Sprintf("objective: %s: views differ in shape (%d,%d) vs (%d,%d)", op, a.Rows, a.Cols, b.Rows, b.Cols))
	}
	if a.Rows == 0 || a.Cols == 0 {
		panic(fmt.Sprintf("objective: %s: empty batch (%d,%d)", op, a.Rows, a.Cols))
	}
}

// grow returns s with length n, reusing its storage when it is large enough.
// Like tensor.Mat.Resize, the contents are unspecified afterwards.
func grow(s []float64, n int) []float64 {
	if cap(s) < n {
		return make([]float64, n)
	}
	return s[:n]
}
