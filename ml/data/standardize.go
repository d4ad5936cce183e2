package data

import "math"

// Standardize rescales every feature of d in place to zero mean and unit
// variance, using the mean and population standard deviation of the
// examples rows only, and returns them. Pass the training split: statistics
// that also saw the test examples would leak information about them into
// training, and the test score would flatter the model.
//
// A feature that is constant over rows is only centred: it is divided by 1,
// and 1 is what std reports for it, so that (x-mean[j])/std[j] applied to
// new examples always repeats the transformation. Constancy is tested
// exactly (all values equal), which also makes the centred values exactly 0
// rather than the rounding error a computed mean would leave.
//
// Any finite input is handled, up to ±math.MaxFloat64: the sums are taken
// over values divided by a power of two (exactly) so that they cannot
// overflow. All examples of d are transformed, in rows or not. It panics if
// rows is empty or holds an index outside [0, d.Len()).
func Standardize(d *Dataset, rows []int) (mean, std []float64) {
	if len(rows) == 0 {
		panic("data: Standardize needs at least one row to take statistics from")
	}
	x := d.X
	mean = make([]float64, x.Cols)
	std = make([]float64, x.Cols)
	lo := append([]float64(nil), x.Row(rows[0])...)
	hi := append([]float64(nil), x.Row(rows[0])...)
	for _, r := range rows {
		for j, v := range x.Row(r) {
			lo[j] = min(lo[j], v)
			hi[j] = max(hi[j], v)
		}
	}
	// scale[j] is a power of two at least half the largest |value|, so
	// that scaled values lie in (-2, 2).
	scale := make([]float64, x.Cols)
	for j := range scale {
		_, e := math.Frexp(max(math.Abs(lo[j]), math.Abs(hi[j])))
		scale[j] = math.Ldexp(1, e-1)
	}
	n := float64(len(rows))
	for _, r := range rows {
		for j, v := range x.Row(r) {
			mean[j] += v / scale[j]
		}
	}
	for j := range mean {
		mean[j] /= n
	}
	// A second pass over the deviations: the one-pass E[x²]-E[x]² cancels
	// catastrophically when the mean is large next to the spread.
	for _, r := range rows {
		for j, v := range x.Row(r) {
			dv := v/scale[j] - mean[j]
			std[j] += dv * dv
		}
	}
	for j := range std {
		if lo[j] == hi[j] {
			mean[j], std[j], scale[j] = lo[j], 1, 1
			continue
		}
		std[j] = math.Sqrt(std[j] / n)
	}
	for i := range x.Rows {
		row := x.Row(i)
		for j, v := range row {
			row[j] = (v/scale[j] - mean[j]) / std[j]
		}
	}
	for j := range mean {
		mean[j] *= scale[j]
		std[j] *= scale[j]
	}
	return mean, std
}
