package eval

import (
	"fmt"
	"math"

	"sslab/ml/tensor"
)

// dot returns Σ a[i]·b[i]. The sum is split over four running totals (lane
// i mod 4) combined as (s0+s1)+(s2+s3): a fixed order, so the bits are the
// same on every platform, yet four independent addition chains let the CPU
// overlap them, which makes the O(n²·m) kNN and k-means loops 3-5×
// faster (native and wasm) than one chain.
func dot(a, b []float64) float64 {
	b = b[:len(a)]
	var s0, s1, s2, s3 float64
	i := 0
	for ; i+4 <= len(a); i += 4 {
		s0 += a[i] * b[i]
		s1 += a[i+1] * b[i+1]
		s2 += a[i+2] * b[i+2]
		s3 += a[i+3] * b[i+3]
	}
	for ; i < len(a); i++ {
		s0 += a[i] * b[i]
	}
	return (s0 + s1) + (s2 + s3)
}

// sqDist returns the squared Euclidean distance Σ (a[i]-b[i])², summed in
// the same four-lane order as dot. Differences are formed before squaring
// rather than using |a|²+|b|²-2a·b, which cancels badly for nearby points.
func sqDist(a, b []float64) float64 {
	b = b[:len(a)]
	var s0, s1, s2, s3 float64
	i := 0
	for ; i+4 <= len(a); i += 4 {
		d0, d1, d2, d3 := a[i]-b[i], a[i+1]-b[i+1], a[i+2]-b[i+2], a[i+3]-b[i+3]
		s0 += d0 * d0
		s1 += d1 * d1
		s2 += d2 * d2
		s3 += d3 * d3
	}
	for ; i < len(a); i++ {
		d := a[i] - b[i]
		s0 += d * d
	}
	return (s0 + s1) + (s2 + s3)
}

// normalizedRows returns a copy of z with every row scaled to unit L2 norm.
// A zero row stays zero: it has no direction, and leaving it at the origin
// keeps it at similarity 0 to everything instead of producing NaNs.
func normalizedRows(z *tensor.Mat) *tensor.Mat {
	out := z.Clone()
	for i := 0; i < out.Rows; i++ {
		r := out.Row(i)
		n := math.Sqrt(dot(r, r))
		if n == 0 {
			continue
		}
		for j := range r {
			r[j] /= n
		}
	}
	return out
}

// centred returns a copy of z with each column's mean subtracted.
func centred(z *tensor.Mat) *tensor.Mat {
	out := z.Clone()
	mean := colMeans(z)
	for i := 0; i < out.Rows; i++ {
		r := out.Row(i)
		for j := range r {
			r[j] -= mean[j]
		}
	}
	return out
}

// transposed returns zᵀ (Cols, Rows).
func transposed(z *tensor.Mat) *tensor.Mat {
	out := tensor.NewMat(z.Cols, z.Rows)
	for i := 0; i < z.Rows; i++ {
		for j, v := range z.Row(i) {
			out.Data[j*z.Rows+i] = v
		}
	}
	return out
}

// colMeans returns the mean of each column, summed over rows in order.
func colMeans(z *tensor.Mat) []float64 {
	mean := make([]float64, z.Cols)
	if z.Rows == 0 {
		return mean
	}
	for i := 0; i < z.Rows; i++ {
		for j, v := range z.Row(i) {
			mean[j] += v
		}
	}
	for j := range mean {
		mean[j] /= float64(z.Rows)
	}
	return mean
}

func checkLen(op string, a, b int) {
	if a != b {
		panic(fmt.Sprintf("eval: %s: lengths differ (%d and %d)", op, a, b))
	}
}
