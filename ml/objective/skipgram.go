package objective

import (
	"fmt"

	"sslab/ml/num"
	"sslab/ml/tensor"
)

// SkipGram is word2vec's skip-gram with negative sampling: each word has a
// static input vector v (the embedding that is kept) and an output vector
// u, and for a (center c, context o) pair seen within the window, with K
// negative words n_k drawn from the unigram distribution to the power 0.75,
//
//	loss = −log σ(u_o·v_c) − Σ_k log σ(−u_{n_k}·v_c):
//
// co-occurring words are pulled together, random ones pushed apart. The
// pairs and negatives come from the data side (the window, K and the
// sampling table are the text data's parameters).
type SkipGram struct {
	dv []float64 // (d) the center's gradient, summed over its targets
}

// Loss returns weight · Σ_i loss_i for the pairs (centers[i], contexts[i])
// with negatives[i·K:(i+1)·K], in the input vectors in and output vectors
// out (V, d), and adds its gradient into din and dout (V·d each, laid out
// like in and out). weight is 1 / (pairs in the whole batch).
func (o *SkipGram) Loss(in, out *tensor.Mat, centers, contexts, negatives []int, weight float64, din, dout []float64) float64 {
	V, d := in.Rows, in.Cols
	if out.Rows != V || out.Cols != d || len(contexts) != len(centers) || len(centers) == 0 || len(negatives)%len(centers) != 0 {
		panic(fmt.Sprintf("objective: SkipGram: vectors (%d,%d) and (%d,%d), %d centers, %d contexts, %d negatives",
			V, d, out.Rows, out.Cols, len(centers), len(contexts), len(negatives)))
	}
	K := len(negatives) / len(centers)
	o.dv = grow(o.dv, d)
	din, dout = din[:V*d], dout[:V*d]
	var total float64
	for i, c := range centers {
		vc := in.Row(c)
		clear(o.dv)
		// the context (label 1), then the negatives (label 0).
		for k := -1; k < K; k++ {
			w, label := contexts[i], 1.0
			if k >= 0 {
				w, label = negatives[i*K+k], 0
			}
			uw := out.Row(w)
			var s float64
			for j, v := range vc {
				s += float64(v * uw[j])
			}
			// −log σ(s) if label 1, −log σ(−s) if 0; d/ds = σ(s) − label.
			z := s
			if label == 0 {
				z = -s
			}
			total += softplus(-z)
			g := weight * (num.Sigmoid(s) - label)
			gu := dout[w*d : (w+1)*d]
			for j, v := range vc {
				o.dv[j] += float64(g * uw[j])
				gu[j] += float64(g * v)
			}
		}
		gv := din[c*d : (c+1)*d]
		for j, v := range o.dv {
			gv[j] += v
		}
	}
	return weight * total
}

// softplus returns log(1 + e^x) without overflow.
func softplus(x float64) float64 {
	if x > 0 {
		return x + num.Log(1+num.Exp(-x))
	}
	return num.Log(1 + num.Exp(x))
}

// FLOPs returns the operations of Loss on n pairs with K negatives each in
// dimension d: per target a dot product and two gradient updates.
func (o *SkipGram) FLOPs(n, K, d int) int64 { return 3 * 2 * int64(n) * int64(K+1) * int64(d) }
