package objective

import (
	"math"
	"testing"

	"sslab/ml/num"
	"sslab/ml/tensor"
)

// The block-wise NT-Xent must give NTXent's loss and gradient, whatever the
// blocks, and the same bits for any grouping of rows into blocks.
func TestNTXentRowsMatchesNTXent(t *testing.T) {
	rng := num.NewRNG(11, 1)
	B, k := 6, 5
	z1, z2 := tensor.NewMat(B, k), tensor.NewMat(B, k)
	for i := range z1.Data {
		z1.Data[i], z2.Data[i] = rng.Normal(), rng.Normal()
	}
	ref := NTXent{Temperature: 0.3}
	var d1, d2 tensor.Mat
	want := ref.Loss(z1, z2, &d1, &d2)

	z := tensor.NewMat(2*B, k)
	copy(z.Data, z1.Data)
	copy(z.Data[B*k:], z2.Data)
	run := func(blocks [][2]int) (float64, *tensor.Mat) {
		o := NTXentRows{Temperature: 0.3}
		n, r := new(tensor.Mat), make([]float64, 2*B)
		NormalizeRows(n, z, r)
		lse := make([]float64, 2*B)
		sims := make([]*tensor.Mat, len(blocks))
		var sum float64
		for i, bl := range blocks {
			sims[i] = new(tensor.Mat)
			o.Similarities(sims[i], n, bl[0], bl[1])
			sum += o.Forward(sims[i], bl[0], bl[1], lse)
		}
		dz := tensor.NewMat(2*B, k)
		w := new(tensor.Mat)
		for i, bl := range blocks {
			var dn, dzb tensor.Mat
			o.Backward(&dn, sims[i], n, bl[0], bl[1], lse, w)
			_ = w
			rows := n.Slice(bl[0], bl[1])
			NormalizeRowsBackward(&dzb, &dn, rows, r[bl[0]:bl[1]])
			copy(dz.Data[bl[0]*k:bl[1]*k], dzb.Data)
		}
		return sum / float64(2*B), dz
	}
	loss, dz := run([][2]int{{0, 12}})
	if math.Abs(loss-want) > 1e-12 {
		t.Fatalf("loss %v, NTXent gives %v", loss, want)
	}
	for i := 0; i < B*k; i++ {
		if math.Abs(dz.Data[i]-d1.Data[i]) > 1e-12 || math.Abs(dz.Data[B*k+i]-d2.Data[i]) > 1e-12 {
			t.Fatalf("gradient %d differs: %v/%v vs %v/%v", i, dz.Data[i], dz.Data[B*k+i], d1.Data[i], d2.Data[i])
		}
	}
	loss2, dz2 := run([][2]int{{0, 3}, {3, 6}, {6, 7}, {7, 12}})
	_ = loss2
	for i := range dz.Data {
		if math.Float64bits(dz.Data[i]) != math.Float64bits(dz2.Data[i]) {
			t.Fatalf("gradient %d depends on the blocks: %v vs %v", i, dz.Data[i], dz2.Data[i])
		}
	}
}
