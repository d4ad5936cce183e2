package objective

import (
	"fmt"
	"math"

	"sslab/ml/tensor"
)

// vicregEps keeps the std's square root differentiable at zero variance,
// where a collapsed dimension most needs a gradient.
const vicregEps = 1e-4

// VICReg is the variance-invariance-covariance loss of Bardes et al. (2022):
//
//	L = Sim · mean_{b,j} (z1_bj - z2_bj)²                       invariance
//	  + Var · ½ Σ_views mean_j max(0, 1 - sqrt(var_j + 1e-4))   variance
//	  + Cov · Σ_views Σ_{i≠j} cov_ij² / k                      covariance
//
// with var and cov the unbiased (B-1) statistics of each view. The
// invariance term is a mean over all B·k entries and the variance hinge is
// averaged over the two views while the covariance is summed over them; this
// follows the authors' reference code exactly, so their coefficients
// (Sim = 25, Var = 25, Cov = 1) carry over. The hinge keeps every dimension's
// std at least 1, which is what prevents collapse without negatives; the
// covariance term decorrelates dimensions.
//
// The unbiased statistics need B >= 2.
type VICReg struct {
	Sim, Var, Cov float64

	mean tensor.Mat // (1, k) column means, a Mat so it can be a row
	zc   tensor.Mat // (B, k) centred view
	cov  tensor.Mat // (k, k) covariance of one view
	dcov tensor.Mat // (k, k) gradient w.r.t. cov (variance term on the diagonal)
	dzc  tensor.Mat // (B, k) gradient w.r.t. the centred view

	terms [3]float64 // the last Loss's weighted terms
}

// Terms returns the weighted invariance, variance and covariance terms of
// the last Loss, whose sum it returned: the three forces the page draws
// over training.
func (o *VICReg) Terms() (invariance, variance, covariance float64) {
	return o.terms[0], o.terms[1], o.terms[2]
}

// Loss returns the VICReg loss of the views z1, z2 (B, k) and writes its
// gradient into dz1, dz2 (B, k).
func (o *VICReg) Loss(z1, z2, dz1, dz2 *tensor.Mat) float64 {
	checkPair("VICReg", z1, z2)
	B, k := z1.Rows, z1.Cols
	if B < 2 {
		panic(fmt.Sprintf("objective: VICReg: needs at least 2 rows for unbiased variance, got %d", B))
	}

	// forward + backward: invariance, a plain mean squared error. It
	// initialises dz1 and dz2; the regularisers add to them below.
	dz1.Resize(B, k)
	dz2.Resize(B, k)
	var inv float64
	scale := 2 * o.Sim / float64(B*k)
	for i, a := range z1.Data {
		d := a - z2.Data[i]
		inv += d * d
		dz1.Data[i] = scale * d
		dz2.Data[i] = -scale * d
	}
	loss := o.Sim * inv / float64(B*k)
	o.terms = [3]float64{loss, 0, 0}
	for _, v := range []struct{ z, dz *tensor.Mat }{{z1, dz1}, {z2, dz2}} {
		variance, covariance := o.regularise(v.z, v.dz)
		o.terms[1] += variance
		o.terms[2] += covariance
		loss += variance + covariance
	}
	return loss
}

// regularise returns one view's weighted variance and covariance terms and
// adds their gradient into dz.
//
// The variance of dimension j is the diagonal cov_jj, so both terms are
// functions of the one covariance matrix: the hinge's gradient is placed on
// the diagonal of dcov and a single product carries both back to the rows.
func (o *VICReg) regularise(z, dz *tensor.Mat) (variance, covariance float64) {
	B, k := z.Rows, z.Cols
	invB1 := 1 / float64(B-1)

	// forward: centre, then cov = zcᵀ·zc / (B-1).
	columnMean(&o.mean, z)
	mean := o.mean.Data
	o.zc.Resize(B, k) // (B, k)
	for b := 0; b < B; b++ {
		row, out := z.Row(b), o.zc.Row(b)
		for j, v := range row {
			out[j] = v - mean[j]
		}
	}
	tensor.MatMulTransA(&o.cov, &o.zc, &o.zc) // (k, k)
	for i := range o.cov.Data {
		o.cov.Data[i] *= invB1
	}

	// forward + backward on cov. Off the diagonal: Cov·Σ c²/k, gradient
	// 2·Cov·c/k. On it: the hinge (Var/2)·mean_j max(0, 1-sd_j) with
	// sd = sqrt(var+eps), gradient -(Var/2)/k · 1/(2 sd) while active.
	o.dcov.Resize(k, k)
	wVar := o.Var / 2 / float64(k)
	wCov := o.Cov / float64(k)
	var hinge, offsq float64
	for i := 0; i < k; i++ {
		for j := 0; j < k; j++ {
			c := o.cov.Data[i*k+j]
			d := 0.0
			if i == j {
				sd := math.Sqrt(c + vicregEps)
				if sd < 1 {
					hinge += 1 - sd
					d = -wVar / (2 * sd)
				}
			} else {
				offsq += c * c
				d = 2 * wCov * c
			}
			o.dcov.Data[i*k+j] = d
		}
	}

	// backward: cov = zcᵀ zc/(B-1) with dcov symmetric gives
	// dzc = 2·zc·dcov/(B-1); centring then subtracts the column mean of dzc.
	tensor.MatMul(&o.dzc, &o.zc, &o.dcov) // (B, k)
	columnMean(&o.mean, &o.dzc)
	mean = o.mean.Data
	s := 2 * invB1
	for b := 0; b < B; b++ {
		g, out := o.dzc.Row(b), dz.Row(b)
		for j := range out {
			out[j] += s * (g[j] - mean[j])
		}
	}
	return wVar * hinge, wCov * offsq
}

// columnMean sets dst (1, k) to the mean of each column of z, summing rows in
// order.
func columnMean(dst, z *tensor.Mat) {
	dst.Resize(1, z.Cols)
	m := dst.Data
	clear(m)
	for b := 0; b < z.Rows; b++ {
		for j, v := range z.Row(b) {
			m[j] += v
		}
	}
	inv := 1 / float64(z.Rows)
	for j := range m {
		m[j] *= inv
	}
}
