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
	N := sim.Cols
	B := N / 2
	shift := 1 / o.Temperature
	var sum float64
	for i := 0; i < hi-lo; i++ {
		a := lo + i
		row := sim.Row(i)
		pos := row[(a+B)%N]
		if o.AlignOnly {
			// No softmax: e = 0 leaves only the positive's term in Backward.
			clear(row)
			invZ[a] = 1
			sum += shift - pos
			continue
		}
		var z float64
		for b, v := range row {
			e := num.Exp(v - shift)
			if b == a {
				e = 0
			}
			row[b] = e
			z += e
		}
		invZ[a] = 1 / z
		sum += num.Log(z) + shift - pos
	}
	return sum
}

// Backward sets dn (hi-lo, k) to dL/dn for rows [lo, hi) of the mean loss,
// given their rows e (hi-lo, 2B) from Forward, every row's invZ (2B) and
// all of n (2B, k). w is scratch, resized to (hi-lo, 2B).
func (o *NTXentRows) Backward(dn, e, n *tensor.Mat, lo, hi int, invZ []float64, w *tensor.Mat) {
	N := e.Cols
	B := N / 2
	scale := 1 / (float64(N) * o.Temperature)
	w.Resize(hi-lo, N)
	for i := 0; i < hi-lo; i++ {
		c := lo + i
		er, wr := e.Row(i), w.Row(i)
		ic := invZ[c]
		for b, v := range er {
			// G_cb (row c's softmax at b) + G_bc (row b's softmax at c).
			wr[b] = v * (ic + invZ[b]) * scale
		}
		wr[(c+B)%N] -= 2 * scale // c is b's positive and b is c's
	}
	tensor.MatMul(dn, w, n) // (hi-lo, k)
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
