package objective

import (
	"fmt"
	"math"

	"sslab/ml/num"
	"sslab/ml/tensor"
)

// normEps is added to a squared norm before the square root, so that a zero
// row normalises to zero instead of dividing by zero. Because it sits inside
// the root, the normalisation stays smooth and its gradient keeps the exact
// textbook form (dn - n(n·dn))/r with r = sqrt(|z|² + normEps).
const normEps = 1e-12

// NTXent is SimCLR's normalised-temperature cross-entropy (InfoNCE) over two
// views of one batch.
//
// Rows of z1 and z2 are stacked into 2B embeddings and L2-normalised, so
// the similarities are cosines. Each of the 2B rows is an anchor whose
// positive is the other view of the same example (i ↔ i+B); the 2B-2
// remaining rows are its negatives, and the anchor itself is left out of its
// softmax (its self-similarity is always 1 and would teach nothing). The
// loss is the cross-entropy of picking the positive, averaged over all 2B
// anchors.
//
// Temperature must be positive; SimCLR uses 0.5 for CIFAR and 0.1 for
// ImageNet-scale batches. Lower temperatures weigh the hardest negatives
// more heavily.
type NTXent struct {
	Temperature float64

	n   tensor.Mat // (2B, k) normalised rows of [z1; z2]
	r   []float64  // (2B) norms the rows were divided by
	sim tensor.Mat // (2B, 2B) cosine similarities, kept for Similarity
	g   tensor.Mat // (2B, 2B) gradient w.r.t. the similarities
	dn  tensor.Mat // (2B, k) gradient w.r.t. the normalised rows
}

// Loss returns the mean NT-Xent loss of the views z1, z2 (B, k) and writes
// its gradient into dz1, dz2 (B, k).
func (o *NTXent) Loss(z1, z2, dz1, dz2 *tensor.Mat) float64 {
	checkPair("NTXent", z1, z2)
	if !(o.Temperature > 0) {
		panic(fmt.Sprintf("objective: NTXent: Temperature must be > 0, got %v", o.Temperature))
	}
	B, k := z1.Rows, z1.Cols
	N := 2 * B
	invT := 1 / o.Temperature

	// forward: normalise every row of [z1; z2] into n. Writing straight
	// into n avoids ever materialising the stacked matrix.
	o.n.Resize(N, k) // (2B, k)
	o.r = grow(o.r, N)
	for a := 0; a < N; a++ {
		src := viewRow(z1, z2, a)
		var ss float64
		for _, v := range src {
			ss += v * v
		}
		r := math.Sqrt(ss + normEps)
		o.r[a] = r
		dst := o.n.Row(a)
		for j, v := range src {
			dst[j] = v / r
		}
	}

	// forward: cosine similarities. n·nᵀ is exactly symmetric because each
	// entry is the same products summed in the same order.
	tensor.MatMulTransB(&o.sim, &o.n, &o.n) // (2B, 2B)

	// forward + backward: per anchor a, a (2B-1)-way softmax over logits
	// sim/T with the self-similarity left out. The row max is subtracted
	// before exponentiating so large 1/T cannot overflow. g gets
	// d(mean loss)/d sim = (softmax - onehot(positive)) / (2B T).
	o.g.Resize(N, N)
	var total float64
	scale := invT / float64(N)
	for a := 0; a < N; a++ {
		pos := (a + B) % N
		s := o.sim.Row(a)
		g := o.g.Row(a)
		mx := math.Inf(-1)
		for j, v := range s {
			if j != a && v*invT > mx {
				mx = v * invT
			}
		}
		var sum float64
		for j, v := range s {
			if j == a {
				g[j] = 0
				continue
			}
			e := num.Exp(v*invT - mx)
			g[j] = e
			sum += e
		}
		// loss_a = logsumexp_{j≠a}(sim_aj/T) - sim_a,pos/T
		total += mx + num.Log(sum) - s[pos]*invT
		inv := 1 / sum
		for j := range g {
			g[j] *= inv * scale
		}
		g[pos] -= scale
	}

	// backward: sim = n·nᵀ, so dn = (g + gᵀ)·n. Symmetrise g in place; the
	// diagonal stays 0, so self-similarities pass no gradient.
	for i := 0; i < N; i++ {
		for j := i + 1; j < N; j++ {
			v := o.g.Data[i*N+j] + o.g.Data[j*N+i]
			o.g.Data[i*N+j] = v
			o.g.Data[j*N+i] = v
		}
	}
	tensor.MatMul(&o.dn, &o.g, &o.n) // (2B, k)

	// backward: through n = z / r: dz = (dn - n (n·dn)) / r, removing the
	// component along the row, which normalisation cannot see.
	dz1.Resize(B, k)
	dz2.Resize(B, k)
	for a := 0; a < N; a++ {
		n, dn := o.n.Row(a), o.dn.Row(a)
		var dot float64
		for j := range n {
			dot += n[j] * dn[j]
		}
		dst := viewRow(dz1, dz2, a)
		r := o.r[a]
		for j := range dst {
			dst[j] = (dn[j] - n[j]*dot) / r
		}
	}
	return total / float64(N)
}

// Similarity returns the (2B, 2B) cosine-similarity matrix of the last call:
// rows and columns 0..B-1 are the first view, B..2B-1 the second. It is the
// struct's own storage, overwritten by the next Loss; copy it to keep it.
func (o *NTXent) Similarity() *tensor.Mat { return &o.sim }

// viewRow returns row a of the stacked matrix [z1; z2] without building it.
func viewRow(z1, z2 *tensor.Mat, a int) []float64 {
	if a < z1.Rows {
		return z1.Row(a)
	}
	return z2.Row(a - z1.Rows)
}
