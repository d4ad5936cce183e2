package objective

import (
	"fmt"

	"sslab/ml/tensor"
)

// NextToken is GPT's next-token prediction: the features of token t of a
// sentence, from a causal encoder (each token sees only itself and the
// tokens before it), predict token t+1, through the TiedSoftmax. Every
// token but a sentence's last is a prediction, so the model learns from
// every token it reads (masked-token prediction learns from 15% of them).
// The loss is the mean over the predictions of the whole batch.
type NextToken struct {
	Out     TiedSoftmax
	rows    []int
	targets []int
	h, dhs  tensor.Mat
}

// Predictions returns the number of next-token predictions in sentences
// with boundaries start: Σ (length − 1) over the non-empty sentences.
func Predictions(start []int) int {
	n := 0
	for s := 0; s+1 < len(start); s++ {
		n += max(0, start[s+1]-start[s]-1)
	}
	return n
}

// Loss returns the shard's share of the batch loss, Σ −log p(ids[r+1] |
// feat_r) / count over rows r that are not the last of their sentence,
// where feat (N, d) are the features of the sentences ids with boundaries
// start (sentence s is rows [start[s], start[s+1])) and count is
// Predictions of the whole batch. It sets dfeat (N, d) and adds the
// gradients of the embedding and the output bias into demb and dbias.
func (o *NextToken) Loss(feat *tensor.Mat, ids, start []int, count int, emb *tensor.Mat, bias []float64, dfeat *tensor.Mat, demb, dbias []float64) float64 {
	if len(ids) != feat.Rows || len(start) == 0 || start[len(start)-1] != len(ids) {
		panic(fmt.Sprintf("objective: NextToken: %d ids for %d rows, sentence starts ending at %v", len(ids), feat.Rows, start[len(start)-1:]))
	}
	o.rows, o.targets = o.rows[:0], o.targets[:0]
	for s := 0; s+1 < len(start); s++ {
		for r := start[s]; r+1 < start[s+1]; r++ {
			o.rows = append(o.rows, r)
			o.targets = append(o.targets, ids[r+1])
		}
	}
	if count < len(o.rows) || count < 1 {
		panic(fmt.Sprintf("objective: NextToken: %d predictions in the shard but %d in the batch", len(o.rows), count))
	}
	o.h.Gather(feat, o.rows)
	loss := o.Out.Loss(&o.h, o.targets, emb, bias, 1/float64(count), &o.dhs, demb, dbias)
	dfeat.Resize(feat.Rows, feat.Cols)
	clear(dfeat.Data)
	for i, r := range o.rows {
		copy(dfeat.Row(r), o.dhs.Row(i))
	}
	return loss
}
