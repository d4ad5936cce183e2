package objective

import (
	"fmt"

	"sslab/ml/tensor"
)

// MaskedMSE is the reconstruction loss of masked and denoising autoencoders:
// the squared error between a reconstruction and its target, weighted
// entry by entry by a mask, averaged over the total mask weight:
//
//	L = Σ m (recon - target)² / Σ m
//
// A mask entry of 1 marks a hidden input, which is what the model is scored
// on (as in MAE, where reconstructing visible entries would be copying); 0
// leaves the entry out entirely, value and gradient. Fractional weights are
// allowed. A nil mask scores every entry, giving the plain mean squared
// error. If the mask is all zero the loss and gradient are 0.
type MaskedMSE struct{}

// Loss returns the masked mean squared error of recon against target (B, k)
// under mask (B, k, or nil) and writes its gradient w.r.t. recon into
// drecon (B, k).
func (o *MaskedMSE) Loss(recon, target, mask, drecon *tensor.Mat) float64 {
	checkPair("MaskedMSE", recon, target)
	if mask != nil && (mask.Rows != recon.Rows || mask.Cols != recon.Cols) {
		panic(fmt.Sprintf("objective: MaskedMSE: mask (%d,%d) does not match recon (%d,%d)", mask.Rows, mask.Cols, recon.Rows, recon.Cols))
	}
	drecon.Resize(recon.Rows, recon.Cols)

	// forward: weighted sum of squares and the weight it is averaged over.
	var sum, weight float64
	for i, r := range recon.Data {
		m := 1.0
		if mask != nil {
			m = mask.Data[i]
		}
		d := r - target.Data[i]
		sum += m * d * d
		weight += m
	}
	if weight == 0 {
		clear(drecon.Data)
		return 0
	}

	// backward: dL/dr = 2 m (r - t) / Σm; unmasked entries get exactly 0.
	s := 2 / weight
	for i, r := range recon.Data {
		m := 1.0
		if mask != nil {
			m = mask.Data[i]
		}
		drecon.Data[i] = s * m * (r - target.Data[i])
	}
	return sum / weight
}
