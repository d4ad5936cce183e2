package objective

import (
	"math"
	"testing"

	"sslab/ml/num"
	"sslab/ml/tensor"
)

// The collapse switches' gradients, checked by central differences: the
// alignment-only NT-Xent by rows, and the negative cosine without its
// stop-gradient (with respect to the target too).
func TestSwitchGradients(t *testing.T) {
	rng := num.NewRNG(7, 1)
	fill := func(r, c int) *tensor.Mat {
		m := tensor.NewMat(r, c)
		for i := range m.Data {
			m.Data[i] = rng.Normal()
		}
		return m
	}
	const h, tol = 1e-6, 1e-6
	check := func(name string, x, grad *tensor.Mat, loss func() float64) {
		t.Helper()
		for i := range x.Data {
			v := x.Data[i]
			x.Data[i] = v + h
			up := loss()
			x.Data[i] = v - h
			down := loss()
			x.Data[i] = v
			num := (up - down) / (2 * h)
			if d := math.Abs(num - grad.Data[i]); d > tol*math.Max(1, math.Abs(num)) {
				t.Fatalf("%s: entry %d: analytic %.9g, numeric %.9g", name, i, grad.Data[i], num)
			}
		}
	}

	// Alignment only, on already normalised rows: the loss is linear in the
	// similarities, so its gradient is the positive's row scaled.
	const B, k = 3, 4
	z := fill(2*B, k)
	n := tensor.NewMat(2*B, k)
	norms := make([]float64, 2*B)
	NormalizeRows(n, z, norms)
	o := NTXentRows{Temperature: 0.5, AlignOnly: true}
	loss := func() float64 {
		sim := new(tensor.Mat)
		invZ := make([]float64, 2*B)
		o.Similarities(sim, n, 0, 2*B)
		return o.Forward(sim, 0, 2*B, invZ) / float64(2*B)
	}
	sim, w, dn := new(tensor.Mat), new(tensor.Mat), new(tensor.Mat)
	invZ := make([]float64, 2*B)
	o.Similarities(sim, n, 0, 2*B)
	if got := o.Forward(sim, 0, 2*B, invZ) / float64(2*B); got < 0 {
		t.Errorf("alignment-only loss %v < 0", got)
	}
	o.Backward(dn, sim, n, 0, 2*B, invZ, w)
	check("NTXentRows/AlignOnly", n, dn, loss)

	// Without the stop-gradient.
	p, tg := fill(5, 3), fill(5, 3)
	dp, dz := new(tensor.Mat), new(tensor.Mat)
	var nc NegCosine
	nc.LossBoth(p, tg, dp, dz)
	scratch := new(tensor.Mat)
	f := func() float64 { return nc.Loss(p, tg, scratch) }
	check("NegCosine/p", p, dp, f)
	check("NegCosine/z", tg, dz, f)
}

// Alignment only is minimised by a constant embedding: every view equal
// gives loss 0, whatever the temperature.
func TestAlignOnlyCollapsedIsZero(t *testing.T) {
	const B, k = 4, 3
	n := tensor.NewMat(2*B, k)
	for i := 0; i < 2*B; i++ {
		n.Row(i)[0] = 1
	}
	o := NTXentRows{Temperature: 0.2, AlignOnly: true}
	sim := new(tensor.Mat)
	o.Similarities(sim, n, 0, 2*B)
	if got := o.Forward(sim, 0, 2*B, make([]float64, 2*B)); math.Abs(got) > 1e-12 {
		t.Errorf("loss of a collapsed batch = %v, want 0", got)
	}
}
