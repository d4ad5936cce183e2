package objective

import (
	"fmt"
	"math"

	"sslab/ml/num"
	"sslab/ml/tensor"
)

// SoftmaxCrossEntropy is the classification head's loss: softmax over each
// row of logits, then the mean over rows of -log p(label). The softmax is
// fused with the loss because their joint gradient, (p - onehot)/B, is both
// simpler and better conditioned than going through the softmax alone.
type SoftmaxCrossEntropy struct {
	probs tensor.Mat // (B, C) softmax of the last logits
}

// Loss returns the mean cross-entropy of logits (B, C) against labels (B,
// each in [0, C)) and writes its gradient into dlogits (B, C).
func (o *SoftmaxCrossEntropy) Loss(logits *tensor.Mat, labels []int, dlogits *tensor.Mat) float64 {
	B, C := logits.Rows, logits.Cols
	if len(labels) != B || B == 0 || C == 0 {
		panic(fmt.Sprintf("objective: SoftmaxCrossEntropy: logits (%d,%d) with %d labels", B, C, len(labels)))
	}
	o.probs.Resize(B, C)
	dlogits.Resize(B, C)
	invB := 1 / float64(B)
	var total float64
	for b := 0; b < B; b++ {
		y := labels[b]
		if y < 0 || y >= C {
			panic(fmt.Sprintf("objective: SoftmaxCrossEntropy: label %d of row %d outside [0, %d)", y, b, C))
		}
		x, p, g := logits.Row(b), o.probs.Row(b), dlogits.Row(b)

		// forward: subtract the row max so exp cannot overflow; then
		// -log p_y = log Σ exp(x - max) - (x_y - max), never log of 0.
		mx := math.Inf(-1)
		for _, v := range x {
			mx = max(mx, v)
		}
		var sum float64
		for j, v := range x {
			e := num.Exp(v - mx)
			p[j] = e
			sum += e
		}
		total += num.Log(sum) - (x[y] - mx)

		// backward: d/dx = (p - onehot(y)) / B.
		inv := 1 / sum
		for j := range p {
			p[j] *= inv
			g[j] = p[j] * invB
		}
		g[y] -= invB
	}
	return total * invB
}

// Probabilities returns the (B, C) softmax of the last call's logits. It is
// the struct's own storage, overwritten by the next Loss.
func (o *SoftmaxCrossEntropy) Probabilities() *tensor.Mat { return &o.probs }
