package objective

import (
	"math"

	"sslab/ml/tensor"
)

// barlowEps keeps the standardisation finite for a dimension that is constant
// over the batch (a collapsed unit), as BatchNorm's eps does in the paper's
// code. It sits under the square root, so C_ii of identical views is
// var/(var+eps), just short of 1.
const barlowEps = 1e-5

// BarlowTwins is the redundancy-reduction loss of Zbontar et al. (2021).
//
// Each embedding dimension is standardised over the batch (mean 0, biased
// std 1). C = z1nᵀ·z2n / B is then the (k, k) cross-correlation between the
// views, and the loss pushes it towards the identity:
//
//	L = Σ_i (1 - C_ii)² + Lambda Σ_{i≠j} C_ij²
//
// The diagonal term makes the views agree; the off-diagonal term stops the
// dimensions from carrying the same information. L is a per-batch quantity,
// not a mean over examples: it is a sum over k² entries, so it grows with k
// and is not comparable across embedding widths. The paper uses
// Lambda = 5e-3 at k = 8192; about 1/k is a reasonable choice for small k.
//
// Standardising needs at least two rows; with one, every dimension is
// constant and the loss is k.
type BarlowTwins struct {
	Lambda float64

	z1n, z2n tensor.Mat // (B, k) standardised views
	sd1, sd2 []float64  // (k) per-dimension std of each view
	mean     []float64  // (k) scratch for column means
	mean2    []float64  // (k) scratch for a second column statistic
	c        tensor.Mat // (k, k) cross-correlation
	dc       tensor.Mat // (k, k) gradient w.r.t. C, pre-divided by B
	dzn      tensor.Mat // (B, k) gradient w.r.t. one standardised view
}

// Loss returns the Barlow Twins loss of the views z1, z2 (B, k) and writes
// its gradient into dz1, dz2 (B, k).
func (o *BarlowTwins) Loss(z1, z2, dz1, dz2 *tensor.Mat) float64 {
	checkPair("BarlowTwins", z1, z2)
	B, k := z1.Rows, z1.Cols
	o.mean = grow(o.mean, k)
	o.mean2 = grow(o.mean2, k)
	o.sd1 = grow(o.sd1, k)
	o.sd2 = grow(o.sd2, k)

	// forward: standardise each view per dimension, then correlate.
	o.standardise(&o.z1n, o.sd1, z1)          // (B, k)
	o.standardise(&o.z2n, o.sd2, z2)          // (B, k)
	tensor.MatMulTransA(&o.c, &o.z1n, &o.z2n) // (k, k)
	invB := 1 / float64(B)
	for i := range o.c.Data {
		o.c.Data[i] *= invB
	}

	// forward + backward on C: dL/dC_ii = -2(1-C_ii), dL/dC_ij = 2λC_ij.
	// dc also carries the 1/B of C = z1nᵀz2n/B, so the products below need
	// no extra scaling.
	o.dc.Resize(k, k)
	var loss float64
	for i := 0; i < k; i++ {
		for j := 0; j < k; j++ {
			v := o.c.Data[i*k+j]
			if i == j {
				d := 1 - v
				loss += d * d
				o.dc.Data[i*k+j] = -2 * d * invB
			} else {
				loss += o.Lambda * v * v
				o.dc.Data[i*k+j] = 2 * o.Lambda * v * invB
			}
		}
	}

	// backward: C = z1nᵀ z2n / B gives dz1n = z2n·dCᵀ/B and dz2n = z1n·dC/B;
	// each then goes back through its view's standardisation.
	dz1.Resize(B, k)
	dz2.Resize(B, k)
	tensor.MatMulTransB(&o.dzn, &o.z2n, &o.dc) // (B, k)
	o.standardiseBackward(dz1, &o.dzn, &o.z1n, o.sd1)
	tensor.MatMul(&o.dzn, &o.z1n, &o.dc) // (B, k)
	o.standardiseBackward(dz2, &o.dzn, &o.z2n, o.sd2)
	return loss
}

// standardise sets dst = (z - mean) / sd per column, with the biased
// variance plus barlowEps under the root, and records sd. The statistics
// accumulate row by row (cache-friendly for row-major data) but each column
// still sums its rows in order 0..B-1.
func (o *BarlowTwins) standardise(dst *tensor.Mat, sd []float64, z *tensor.Mat) {
	B, k := z.Rows, z.Cols
	dst.Resize(B, k)
	mean, vr := o.mean, o.mean2
	clear(mean)
	clear(vr)
	for b := 0; b < B; b++ {
		for j, v := range z.Row(b) {
			mean[j] += v
		}
	}
	invB := 1 / float64(B)
	for j := range mean {
		mean[j] *= invB
	}
	for b := 0; b < B; b++ {
		row, out := z.Row(b), dst.Row(b)
		for j, v := range row {
			d := v - mean[j]
			out[j] = d
			vr[j] += d * d
		}
	}
	for j := range sd {
		sd[j] = math.Sqrt(vr[j]*invB + barlowEps)
	}
	for b := 0; b < B; b++ {
		out := dst.Row(b)
		for j := range out {
			out[j] /= sd[j]
		}
	}
}

// standardiseBackward sets dz from dzn for zn = (z - mean)/sd, using the
// batch-norm identity
//
//	dz = (dzn - mean_b(dzn) - zn · mean_b(dzn ⊙ zn)) / sd
//
// whose two subtracted terms are the gradient flowing through the mean and
// through the (biased) variance.
func (o *BarlowTwins) standardiseBackward(dz, dzn, zn *tensor.Mat, sd []float64) {
	B := zn.Rows
	mg, mgz := o.mean, o.mean2
	clear(mg)
	clear(mgz)
	for b := 0; b < B; b++ {
		g, x := dzn.Row(b), zn.Row(b)
		for j := range g {
			mg[j] += g[j]
			mgz[j] += g[j] * x[j]
		}
	}
	invB := 1 / float64(B)
	for j := range mg {
		mg[j] *= invB
		mgz[j] *= invB
	}
	for b := 0; b < B; b++ {
		g, x, out := dzn.Row(b), zn.Row(b), dz.Row(b)
		for j := range out {
			out[j] = (g[j] - mg[j] - x[j]*mgz[j]) / sd[j]
		}
	}
}

// Correlation returns the cross-correlation matrix C (k, k) of the last
// Loss, which the page draws: the identity is what the loss asks for. It is
// the loss's own buffer, valid until the next call.
func (o *BarlowTwins) Correlation() *tensor.Mat { return &o.c }
