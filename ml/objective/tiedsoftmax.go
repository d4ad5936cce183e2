package objective

import (
	"fmt"
	"math"

	"sslab/ml/num"
	"sslab/ml/tensor"
)

// TiedSoftmax is the output layer of the language-model objectives: a
// softmax over the V words of the vocabulary whose weights are the input
// token embedding E (V, d) itself, plus a bias b (V):
//
//	p(w | h) = softmax(h·Eᵀ + b)_w,   loss = −log p(target | h).
//
// Tied, because the token table is already most of the model (5,003 × 64 =
// 320k of the default transformer's 422k parameters): an untied output
// matrix would add as many again and halve nothing of the cost, which is
// the (n, d)·(d, V) product either way. Tying, as BERT and GPT-2 do, also
// gives every word's input vector a gradient each time the word is scored,
// not only when it is read, and puts the encoder's features in the space
// of the word vectors, so "nearest words" to a context are dot products.
//
// Full softmax, not sampled: the loss is exact, so exp of its mean is a
// true perplexity, and with V ≈ 5,000 the logits cost 2·d·V FLOPs a row,
// computed only for the rows that are scored (the masked positions, for
// masked-token prediction). Rows are processed in blocks of blockRows so
// the logits' scratch stays small (for next-token prediction a shard scores
// some 600 rows); the block size is a constant, so the sums do not depend
// on the shard or on who computes it.
type TiedSoftmax struct {
	logits tensor.Mat // (blockRows, V) logits, then probabilities, then dL/dlogits
	dE     tensor.Mat // (V, d) one block's gradient of E before it is added
	hb, db tensor.Mat // a block's rows of h and of dL/dh
	// E packed for the products, once per call rather than once per block:
	// as Eᵀ (d, V) for the logits and as E (V, d) for dL/dh.
	eT, e tensor.PackedB
}

// blockRows is how many rows of h share one product with E.
const blockRows = 64

func checkVocab(op string, h, emb *tensor.Mat, bias []float64, targets []int) {
	if h.Cols != emb.Cols || len(bias) != emb.Rows || len(targets) != h.Rows {
		panic(fmt.Sprintf("objective: %s: h (%d,%d), embedding (%d,%d), %d biases, %d targets", op, h.Rows, h.Cols, emb.Rows, emb.Cols, len(bias), len(targets)))
	}
}

// Loss returns weight · Σ_i −log p(targets[i] | h_i) over the rows of h
// (n, d), sets dh (n, d) to its gradient, and adds its gradient with
// respect to E into demb (V·d, laid out like E) and with respect to b into
// dbias (V). weight is 1 / (the number of scored rows in the whole batch),
// so that the shards' values and gradients add up to the batch mean.
func (o *TiedSoftmax) Loss(h *tensor.Mat, targets []int, emb *tensor.Mat, bias []float64, weight float64, dh *tensor.Mat, demb, dbias []float64) float64 {
	checkVocab("TiedSoftmax", h, emb, bias, targets)
	V, d := emb.Rows, emb.Cols
	dh.Resize(h.Rows, d)
	demb, dbias = demb[:V*d], dbias[:V]
	o.eT.Pack(emb, true)
	o.e.Pack(emb, false)
	var total float64
	for lo := 0; lo < h.Rows; lo += blockRows {
		hi := min(lo+blockRows, h.Rows)
		o.hb.Rows, o.hb.Cols, o.hb.Data = hi-lo, d, h.Data[lo*d:hi*d]
		total += o.block(&o.hb, targets[lo:hi], emb, bias, weight, true)
		// backward: dh = G·E, dE += Gᵀ·h, db += Σ_rows G.
		g := &o.logits
		o.db.Rows, o.db.Cols, o.db.Data = hi-lo, d, dh.Data[lo*d:hi*d]
		tensor.MatMulPacked(&o.db, g, &o.e)  // (rows, d)
		tensor.MatMulTransA(&o.dE, g, &o.hb) // (V, d)
		for i, v := range o.dE.Data {
			demb[i] += v
		}
		for i := 0; i < g.Rows; i++ {
			for j, v := range g.Row(i) {
				dbias[j] += v
			}
		}
	}
	return total
}

// NLL returns Σ_i −log p(targets[i] | h_i), without gradients: the held-out
// loss that Perplexity turns into a perplexity.
func (o *TiedSoftmax) NLL(h *tensor.Mat, targets []int, emb *tensor.Mat, bias []float64) float64 {
	checkVocab("TiedSoftmax.NLL", h, emb, bias, targets)
	d := emb.Cols
	o.eT.Pack(emb, true)
	var total float64
	for lo := 0; lo < h.Rows; lo += blockRows {
		hi := min(lo+blockRows, h.Rows)
		o.hb.Rows, o.hb.Cols, o.hb.Data = hi-lo, d, h.Data[lo*d:hi*d]
		total += o.block(&o.hb, targets[lo:hi], emb, bias, 1, false)
	}
	return total
}

// Probabilities sets probs (n, V) to p(· | h_i) for each row of h: what the
// model predicts at a blank, for showing its top words.
func (o *TiedSoftmax) Probabilities(probs, h, emb *tensor.Mat, bias []float64) {
	checkVocab("TiedSoftmax.Probabilities", h, emb, bias, make([]int, h.Rows))
	tensor.MatMulTransB(probs, h, emb) // (n, V)
	for i := 0; i < probs.Rows; i++ {
		softmaxRow(probs.Row(i), bias)
	}
}

// block computes the loss of rows hb against targets, with E packed in
// o.eT; with grad it leaves
// weight·(p − onehot) in o.logits.
func (o *TiedSoftmax) block(hb *tensor.Mat, targets []int, emb *tensor.Mat, bias []float64, weight float64, grad bool) float64 {
	V := emb.Rows
	tensor.MatMulPacked(&o.logits, hb, &o.eT) // (rows, V) = hb·Eᵀ
	var total float64
	for i, y := range targets {
		if y < 0 || y >= V {
			panic(fmt.Sprintf("objective: TiedSoftmax: target %d of row %d outside [0, %d)", y, i, V))
		}
		row := o.logits.Row(i)
		logit := row[y] + bias[y]
		lse, inv := expRow(row, bias)
		total += lse - logit
		if !grad {
			continue
		}
		scale := weight * inv
		for j, e := range row {
			row[j] = e * scale
		}
		row[y] -= weight
	}
	return weight * total
}

// expRow replaces the logits row (before its bias) by exp(row + bias − m),
// m the row's largest logit, and returns log Σ exp(row + bias), the log
// normaliser, and 1/Σ exp(row + bias − m), which turns the row into the
// softmax. A single pass of each kind over the V entries: this loop and
// the product are the whole cost of the output layer.
func expRow(row, bias []float64) (lse, inv float64) {
	bias = bias[:len(row)]
	m := math.Inf(-1)
	for j := range row {
		v := row[j] + bias[j]
		row[j] = v
		if v > m { // not the max builtin: on wasm that is a call per element
			m = v
		}
	}
	sum := num.ExpShift(row, m)
	return m + num.Log(sum), 1 / sum
}

// softmaxRow replaces the logits row (before its bias) by the softmax of
// row + bias.
func softmaxRow(row, bias []float64) {
	_, inv := expRow(row, bias)
	for j := range row {
		row[j] *= inv
	}
}

// FLOPs returns the operations of Loss on n rows with a (V, d) embedding:
// the logits' product and its two gradients.
func (o *TiedSoftmax) FLOPs(n, V, d int) int64 { return 3 * 2 * int64(n) * int64(V) * int64(d) }
