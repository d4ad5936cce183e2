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

// The inline exponential is num.Exp bit for bit, over the range a softmax
// of cosines has and past it (where it hands over to num.Exp).
func TestExpShiftedIsExp(t *testing.T) {
	rng := num.NewRNG(5, 9)
	var xs []float64
	for i := 0; i < 20000; i++ {
		xs = append(xs, 4*rng.Normal())
	}
	xs = append(xs, 0, math.Copysign(0, -1), 1, -1, 2, -2, 1e-9, -1e-9, 800, -800, 1e300,
		math.Inf(1), math.Inf(-1), math.NaN(), 0.5000000000000001, 709, -745)
	for _, scale := range []float64{1, 2, 1 / 0.3} {
		for _, shift := range []float64{0, 2, 1 / 0.3} {
			got := append([]float64(nil), xs...)
			sum := expShifted(got, scale, shift, 0.25)
			want := 0.25
			for i, x := range xs {
				e := num.Exp(float64(x*scale) - shift)
				want += e
				if math.Float64bits(got[i]) != math.Float64bits(e) && !(got[i] != got[i] && e != e) {
					t.Fatalf("exp(%v·%v - %v) = %v, num.Exp gives %v", x, scale, shift, got[i], e)
				}
			}
			if math.Float64bits(sum) != math.Float64bits(want) && !(sum != sum && want != want) {
				t.Fatalf("sum %v, want %v", sum, want)
			}
		}
	}
}

// The packed shard form (one product for a shard's anchors of both views,
// the scaling folded into the exponentials, one product for the gradient)
// gives the per-block methods' bits.
func TestNTXentRowsPackedSameBits(t *testing.T) {
	rng := num.NewRNG(12, 3)
	const B, k, lo, b = 8, 5, 2, 3
	z := tensor.NewMat(2*B, k)
	for i := range z.Data {
		z.Data[i] = rng.Normal()
	}
	n, r := new(tensor.Mat), make([]float64, 2*B)
	NormalizeRows(n, z, r)
	for _, align := range []bool{false, true} {
		o := NTXentRows{Temperature: 0.3, AlignOnly: align}
		// Every row's invZ from the per-block methods.
		invZ := make([]float64, 2*B)
		sim := new(tensor.Mat)
		o.Similarities(sim, n, 0, 2*B)
		o.Forward(sim, 0, 2*B, invZ)
		// The reference for anchors [lo, lo+b) and [B+lo, B+lo+b).
		var want [2]*tensor.Mat
		var wantSum float64
		for v := 0; v < 2; v++ {
			a := v*B + lo
			s, w := new(tensor.Mat), new(tensor.Mat)
			o.Similarities(s, n, a, a+b)
			wantSum += o.Forward(s, a, a+b, make([]float64, 2*B))
			want[v] = new(tensor.Mat)
			o.Backward(want[v], s, n, a, a+b, invZ, w)
		}
		// The shard form.
		var p PackedRows
		p.Pack(n)
		rows := tensor.NewMat(2*b, k)
		copy(rows.Data, n.Data[lo*k:(lo+b)*k])
		copy(rows.Data[b*k:], n.Data[(B+lo)*k:(B+lo+b)*k])
		dots, w, dn := new(tensor.Mat), tensor.NewMat(2*b, 2*B), new(tensor.Mat)
		o.Dots(dots, rows, &p)
		var sum float64
		for v := 0; v < 2; v++ {
			a := v*B + lo
			part := &tensor.Mat{Rows: b, Cols: 2 * B, Data: dots.Data[v*b*2*B : (v+1)*b*2*B]}
			sum += o.ForwardDots(part, a, a+b, make([]float64, 2*B))
			o.Weights(&tensor.Mat{Rows: b, Cols: 2 * B, Data: w.Data[v*b*2*B : (v+1)*b*2*B]}, part, a, a+b, invZ)
		}
		o.BackwardPacked(dn, w, &p)
		if math.Float64bits(sum) != math.Float64bits(wantSum) {
			t.Fatalf("align=%v: loss part %v, per-block %v", align, sum, wantSum)
		}
		for v := 0; v < 2; v++ {
			for i, x := range want[v].Data {
				if g := dn.Data[v*b*k+i]; math.Float64bits(g) != math.Float64bits(x) {
					t.Fatalf("align=%v: view %d gradient %d = %v, per-block %v", align, v, i, g, x)
				}
			}
		}
	}
}
