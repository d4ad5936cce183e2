package objective

import (
	"fmt"

	"sslab/ml/tensor"
)

// SquaredError is the regression head's loss: the mean over rows of
// ½(pred - target)². The ½ makes the per-row gradient the plain residual,
// so dpred = (pred - target)/B.
type SquaredError struct{}

// Loss returns the mean half squared error of pred (B, 1) against targets
// (B) and writes its gradient into dpred (B, 1).
func (o *SquaredError) Loss(pred *tensor.Mat, targets []float64, dpred *tensor.Mat) float64 {
	B := pred.Rows
	if pred.Cols != 1 || len(targets) != B || B == 0 {
		panic(fmt.Sprintf("objective: SquaredError: pred (%d,%d) with %d targets, want (B,1) with B targets", pred.Rows, pred.Cols, len(targets)))
	}
	dpred.Resize(B, 1)
	invB := 1 / float64(B)
	var total float64
	for b, t := range targets {
		d := pred.Data[b] - t
		total += 0.5 * d * d
		dpred.Data[b] = d * invB
	}
	return total * invB
}
