package objective

import (
	"fmt"

	"sslab/ml/tensor"
)

// MaskedLM is BERT's masked-token prediction: some positions of each
// sentence were chosen and their tokens hidden (mostly replaced by [MASK];
// the choice and the replacement belong with the data, drawn from the
// run's per-sentence streams), and the model predicts each chosen
// position's original token from its features, through the TiedSoftmax.
// The loss is the mean over the chosen positions of the whole batch; the
// other positions contribute nothing.
type MaskedLM struct {
	Out    TiedSoftmax
	h, dhs tensor.Mat // the chosen rows' features and their gradient
}

// Loss returns the shard's share of the batch loss, Σ_chosen −log p / count,
// where positions are the shard's chosen rows of feat (N, d), targets their
// original tokens and count the chosen positions in the whole batch. It sets
// dfeat (N, d) (zero at the rows not chosen) and adds the gradients of the
// embedding and the output bias into demb and dbias.
func (o *MaskedLM) Loss(feat *tensor.Mat, positions, targets []int, count int, emb *tensor.Mat, bias []float64, dfeat *tensor.Mat, demb, dbias []float64) float64 {
	if len(positions) != len(targets) || count < len(positions) || count < 1 {
		panic(fmt.Sprintf("objective: MaskedLM: %d positions, %d targets, %d chosen in the batch", len(positions), len(targets), count))
	}
	o.h.Gather(feat, positions) // (n, d)
	loss := o.Out.Loss(&o.h, targets, emb, bias, 1/float64(count), &o.dhs, demb, dbias)
	dfeat.Resize(feat.Rows, feat.Cols)
	clear(dfeat.Data)
	for i, r := range positions {
		copy(dfeat.Row(r), o.dhs.Row(i))
	}
	return loss
}

// FLOPs returns the operations of Loss on n chosen positions.
func (o *MaskedLM) FLOPs(n, V, d int) int64 { return o.Out.FLOPs(n, V, d) }
