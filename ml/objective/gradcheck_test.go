package objective

import (
	"math"
	"testing"

	"sslab/ml/internal/gradcheck"
	"sslab/ml/num"
	"sslab/ml/tensor"
)

// tol is stricter than gradcheck.Default in its absolute bound: these
// losses are short sums of order 1, whose evaluation rounds at about 1e-16,
// so central differences resolve derivatives down to about 1e-10.
var tol = gradcheck.Tolerance{H: 1e-6, Rel: 1e-6, Abs: 1e-10, Min: 1e-4}

// gradCheck compares analytic, the gradient of loss with respect to x,
// with central differences of loss (which must compute the loss of the
// current x without touching analytic), entry by entry.
func gradCheck(t *testing.T, name string, x, analytic *tensor.Mat, loss func() float64) {
	t.Helper()
	if analytic.Rows != x.Rows || analytic.Cols != x.Cols {
		t.Fatalf("%s: gradient shape (%d,%d), input (%d,%d)", name, analytic.Rows, analytic.Cols, x.Rows, x.Cols)
	}
	gradcheck.Check(t, name, tol, x.Data, analytic.Data, loss, nil)
}

// randMat returns an r×c matrix of N(0, scale²) entries from a fixed stream.
func randMat(r, c int, scale float64, stream uint64) *tensor.Mat {
	g := num.NewRNG(1, stream)
	m := tensor.NewMat(r, c)
	for i := range m.Data {
		m.Data[i] = scale * g.Normal()
	}
	return m
}

// pairLoss is the shape shared by NTXent, BarlowTwins and VICReg.
type pairLoss interface {
	Loss(z1, z2, dz1, dz2 *tensor.Mat) float64
}

// checkPairGrad gradient-checks a two-view loss on both inputs.
func checkPairGrad(t *testing.T, name string, o pairLoss, z1, z2 *tensor.Mat) {
	t.Helper()
	dz1, dz2 := new(tensor.Mat), new(tensor.Mat)
	o.Loss(z1, z2, dz1, dz2)
	var s1, s2 tensor.Mat // throwaway gradients for the probes
	f := func() float64 { return o.Loss(z1, z2, &s1, &s2) }
	gradCheck(t, name+"/z1", z1, dz1, f)
	gradCheck(t, name+"/z2", z2, dz2, f)
}

func TestGradNTXent(t *testing.T) {
	for _, temp := range []float64{0.5, 0.1} {
		z1, z2 := randMat(5, 4, 1, 1), randMat(5, 4, 1, 2)
		checkPairGrad(t, "NTXent", &NTXent{Temperature: temp}, z1, z2)
	}
}

func TestGradBarlowTwins(t *testing.T) {
	// z2 partly correlated with z1 so C has a real diagonal.
	z1, z2 := randMat(5, 4, 1, 3), randMat(5, 4, 0.5, 4)
	for i := range z2.Data {
		z2.Data[i] += z1.Data[i]
	}
	checkPairGrad(t, "BarlowTwins", &BarlowTwins{Lambda: 0.3}, z1, z2)
}

func TestGradVICReg(t *testing.T) {
	// Columns scaled from 0.3 to 2.1 so some stds sit below 1 (hinge active)
	// and some above (hinge off), none near the kink.
	z1, z2 := randMat(5, 4, 1, 5), randMat(5, 4, 1, 6)
	for _, z := range []*tensor.Mat{z1, z2} {
		for b := 0; b < z.Rows; b++ {
			for j := range z.Row(b) {
				z.Row(b)[j] *= 0.3 + 0.6*float64(j)
			}
		}
	}
	// The check is only meaningful if both sides of the hinge are exercised.
	for _, z := range []*tensor.Mat{z1, z2} {
		below, above := false, false
		for j := 0; j < z.Cols; j++ {
			sd := unbiasedStd(z, j)
			below = below || sd < 1
			above = above || sd > 1
			if math.Abs(sd-1) < 1e-3 {
				t.Fatalf("column %d std %.3f is too near the hinge for finite differences", j, sd)
			}
		}
		if !below || !above {
			t.Fatalf("test input does not straddle the hinge (below %v, above %v)", below, above)
		}
	}
	checkPairGrad(t, "VICReg", &VICReg{Sim: 25, Var: 25, Cov: 1}, z1, z2)
}

func TestGradNegCosine(t *testing.T) {
	p, z := randMat(5, 4, 1, 7), randMat(5, 4, 1, 8)
	var o NegCosine
	dp, s := new(tensor.Mat), new(tensor.Mat)
	o.Loss(p, z, dp)
	gradCheck(t, "NegCosine/p", p, dp, func() float64 { return o.Loss(p, z, s) })
}

func TestGradMaskedMSE(t *testing.T) {
	recon, target := randMat(5, 4, 1, 9), randMat(5, 4, 1, 10)
	mask := tensor.NewMat(5, 4)
	for i := range mask.Data {
		mask.Data[i] = float64(i % 3 % 2) // 0,1,0,0,1,0,...
	}
	mask.Data[3] = 0.5 // fractional weights are allowed too
	var o MaskedMSE
	for _, m := range []*tensor.Mat{mask, nil} {
		name := "MaskedMSE/recon"
		if m == nil {
			name += "/nomask"
		}
		d, s := new(tensor.Mat), new(tensor.Mat)
		o.Loss(recon, target, m, d)
		gradCheck(t, name, recon, d, func() float64 { return o.Loss(recon, target, m, s) })
	}
}

func TestGradSoftmaxCrossEntropy(t *testing.T) {
	logits := randMat(5, 4, 2, 11)
	labels := []int{0, 3, 1, 1, 2}
	var o SoftmaxCrossEntropy
	d, s := new(tensor.Mat), new(tensor.Mat)
	o.Loss(logits, labels, d)
	gradCheck(t, "SoftmaxCrossEntropy/logits", logits, d, func() float64 { return o.Loss(logits, labels, s) })
}

func TestGradSquaredError(t *testing.T) {
	pred := randMat(5, 1, 1, 12)
	targets := []float64{0.5, -1, 2, 0, 0.25}
	var o SquaredError
	d, s := new(tensor.Mat), new(tensor.Mat)
	o.Loss(pred, targets, d)
	gradCheck(t, "SquaredError/pred", pred, d, func() float64 { return o.Loss(pred, targets, s) })
}

// unbiasedStd is column j's sqrt(var + 1e-4), computed the slow obvious way.
func unbiasedStd(z *tensor.Mat, j int) float64 {
	var m float64
	for b := 0; b < z.Rows; b++ {
		m += z.At(b, j)
	}
	m /= float64(z.Rows)
	var v float64
	for b := 0; b < z.Rows; b++ {
		d := z.At(b, j) - m
		v += d * d
	}
	return math.Sqrt(v/float64(z.Rows-1) + 1e-4)
}
