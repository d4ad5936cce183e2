package objective

import (
	"math"

	"sslab/ml/num"
	"sslab/ml/tensor"
)

// NTXentRows computes the same loss as NTXent a block of anchor rows at a
// time, so that the shards of a batch can share the work that grows with
// the square of the batch: the similarities, the softmaxes and the
// gradient. It works on already-normalised embeddings n (2B, k), rows
// [view 0; view 1], in two passes:
//
//  1. Forward, per block of anchors a: the similarities s_ab = n_a·n_b/τ,
//     e_ab = exp(s_ab - 1/τ) for b ≠ a, Z_a = Σ_b e_ab, and the block's
//     Σ_a (log Z_a + 1/τ - s_a,pos(a)). Cosines are at most 1, so 1/τ is a
//     safe shift for every row: no overflow, and no row-dependent maximum.
//  2. Backward, per block of rows c, once every Z is known:
//     dL/dn_c = Σ_b (G_cb + G_bc) n_b, with G_ab = (e_ab/Z_a - [b = pos(a)])
//     / (2B τ). The similarity matrix is symmetric (the same products summed
//     in the same order), so e_bc = e_cb: row c's own block of e, with every
//     Z, is all it needs. The weighted sums are one matrix product.
//
// Each row's result is one sum in a fixed order over all 2B rows, so the
// bits do not depend on how rows are grouped into blocks or who computes
// them. The mean loss is the sum of the blocks' returns (in block order)
// divided by 2B. One exponential per pair, all in Forward.
//
// With AlignOnly the negatives are dropped: the loss is only the pull of
// each anchor toward its positive, Σ_a (1/τ - s_a,pos(a)) / 2B, which every
// constant embedding minimises. It is the switch a learner flips to watch
// SimCLR collapse without the push of the other examples.
type NTXentRows struct {
	Temperature float64
	AlignOnly   bool
}

// Similarities sets sim (hi-lo, 2B) to rows [lo, hi) of n·nᵀ/τ.
func (o *NTXentRows) Similarities(sim, n *tensor.Mat, lo, hi int) {
	tensor.MatMulTransB(sim, n.Slice(lo, hi), n) // (hi-lo, 2B)
	invT := 1 / o.Temperature
	for i := range sim.Data {
		sim.Data[i] *= invT
	}
}

// Forward turns the similarity rows sim (hi-lo, 2B) of anchors [lo, hi)
// into e_ab in place, sets invZ[a] = 1/Z_a, and returns the block's share of
// the loss sum, Σ_a (log Z_a + 1/τ - s_a,pos(a)).
func (o *NTXentRows) Forward(sim *tensor.Mat, lo, hi int, invZ []float64) float64 {
	return o.forward(sim, lo, hi, invZ, 1)
}

// Backward sets dn (hi-lo, k) to dL/dn for rows [lo, hi) of the mean loss,
// given their rows e (hi-lo, 2B) from Forward, every row's invZ (2B) and
// all of n (2B, k). w is scratch, resized to (hi-lo, 2B).
func (o *NTXentRows) Backward(dn, e, n *tensor.Mat, lo, hi int, invZ []float64, w *tensor.Mat) {
	o.Weights(w, e, lo, hi, invZ)
	tensor.MatMul(dn, w, n) // (hi-lo, k)
}

// A shard of a data-parallel step holds its anchors of both views: with
// n packed once per step (PackedRows), its similarities to every row are
// one product (Dots), and so are its rows' gradients (BackwardPacked, from
// the weights of both blocks of anchors). The bits are those of the
// methods above.

// PackedRows is n (2B, k) laid out for the loss's products: nᵀ for the
// similarities, n for the gradient's weighted sums.
type PackedRows struct {
	t, n tensor.PackedB
}

// Pack lays out n; the products use it as it is now.
func (p *PackedRows) Pack(n *tensor.Mat) {
	p.t.Pack(n, true)
	p.n.Pack(n, false)
}

// Dots sets dots (r, 2B) to rows·nᵀ for the normalised rows (r, k) of some
// anchors: their similarities times τ, as ForwardDots takes them.
func (o *NTXentRows) Dots(dots, rows *tensor.Mat, p *PackedRows) {
	tensor.MatMulPacked(dots, rows, &p.t) // (r, 2B)
}

// ForwardDots is Forward on rows of Dots: the division by τ is taken in
// the same pass as the exponentials, with Similarities' bits.
func (o *NTXentRows) ForwardDots(dots *tensor.Mat, lo, hi int, invZ []float64) float64 {
	return o.forward(dots, lo, hi, invZ, 1/o.Temperature)
}

// BackwardPacked sets dn (r, k) = w·n, the gradient of the rows whose
// Weights are w (r, 2B).
func (o *NTXentRows) BackwardPacked(dn, w *tensor.Mat, p *PackedRows) {
	tensor.MatMulPacked(dn, w, &p.n) // (r, k)
}

// forward is Forward on rows holding similarities divided by scale.
func (o *NTXentRows) forward(sim *tensor.Mat, lo, hi int, invZ []float64, scale float64) float64 {
	N := sim.Cols
	B := N / 2
	shift := 1 / o.Temperature
	var sum float64
	for i := 0; i < hi-lo; i++ {
		a := lo + i
		row := sim.Row(i)
		pos := float64(row[(a+B)%N] * scale)
		if o.AlignOnly {
			// No softmax: e = 0 leaves only the positive's term in Backward.
			clear(row)
			invZ[a] = 1
			sum += shift - pos
			continue
		}
		// Z_a = Σ_{b≠a} e_ab in order; e_aa = 0 adds nothing to a sum ≥ +0.
		z := expShifted(row[:a], scale, shift, 0)
		row[a] = 0
		z = expShifted(row[a+1:], scale, shift, z)
		invZ[a] = 1 / z
		sum += num.Log(z) + shift - pos
	}
	return sum
}

// expShifted sets x[i] = num.Exp(x[i]·scale - shift) and returns sum plus
// them, added in index order. Exp's algorithm is inline for the arguments
// a softmax over cosines has (-2/τ ≤ d ≤ 0, results that are normal
// numbers), since on wasm the call costs as much as the polynomial; any
// other argument goes through num.Exp. TestExpShiftedIsExp checks the bits.
func expShifted(x []float64, scale, shift, sum float64) float64 {
	const (
		ln2Hi    = 6.93147180369123816490e-01
		ln2Lo    = 1.90821492927058770002e-10
		log2e    = 1.44269504088896338700e+00
		nearZero = 1.0 / (1 << 28)
		p1       = 1.66666666666666657415e-01
		p2       = -2.77777777770155933842e-03
		p3       = 6.61375632143793436117e-05
		p4       = -1.65339022054652515390e-06
		p5       = 4.13813679705723846039e-08
		// Below this, k < -1021 and 2**k is not normal: leave it to Exp.
		lowest = -708
	)
	for i, v := range x {
		d := float64(v*scale) - shift
		var e float64
		if lowest <= d && d <= -nearZero {
			// num.ExpShift's lines, so that a platform that fuses
			// multiply-adds fuses them as in num.Exp.
			k := int(log2e*d - 0.5)
			hi := d - float64(k)*ln2Hi
			lo := float64(k) * ln2Lo
			r := hi - lo
			t := r * r
			c := r - t*(p1+t*(p2+t*(p3+t*(p4+t*p5))))
			y := 1 - ((lo - (r*c)/(2-c)) - hi)
			e = y * math.Float64frombits(uint64(k+1023)<<52)
		} else {
			e = num.Exp(d)
		}
		x[i] = e
		sum += e
	}
	return sum
}

// Weights sets w (hi-lo, 2B) to the weights of rows [lo, hi)'s gradient,
// dL/dn_c = Σ_b w_cb n_b, from their rows e (hi-lo, 2B) of Forward and
// every row's invZ.
func (o *NTXentRows) Weights(w, e *tensor.Mat, lo, hi int, invZ []float64) {
	N := e.Cols
	B := N / 2
	scale := 1 / (float64(N) * o.Temperature)
	w.Resize(hi-lo, N)
	invZ = invZ[:N]
	for i := 0; i < hi-lo; i++ {
		c := lo + i
		er, wr := e.Row(i), w.Row(i)
		wr = wr[:len(er)]
		ic := invZ[c]
		for b, v := range er {
			// G_cb (row c's softmax at b) + G_bc (row b's softmax at c).
			wr[b] = float64(v*(ic+invZ[b])) * scale
		}
		wr[(c+B)%N] -= float64(2 * scale) // c is b's positive and b is c's
	}
}

// NormalizeRows sets n to the rows of z divided by their norms and records
// the norms in r, the forward step of NT-Xent's cosine similarity.
func NormalizeRows(n, z *tensor.Mat, r []float64) {
	n.Resize(z.Rows, z.Cols)
	for i := 0; i < z.Rows; i++ {
		src, dst := z.Row(i), n.Row(i)
		var ss float64
		for _, v := range src {
			ss += v * v
		}
		r[i] = math.Sqrt(ss + normEps)
		inv := 1 / r[i]
		for j, v := range src {
			dst[j] = v * inv
		}
	}
}

// NormalizeRowsBackward sets dz = (dn - n (n·dn)) / r, the gradient through
// NormalizeRows.
func NormalizeRowsBackward(dz, dn, n *tensor.Mat, r []float64) {
	dz.Resize(dn.Rows, dn.Cols)
	for i := 0; i < dn.Rows; i++ {
		d, nr, out := dn.Row(i), n.Row(i), dz.Row(i)
		var dot float64
		for j, v := range d {
			dot += v * nr[j]
		}
		inv := 1 / r[i]
		for j, v := range d {
			out[j] = (v - nr[j]*dot) * inv
		}
	}
}
