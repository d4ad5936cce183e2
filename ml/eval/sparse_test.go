package eval

import (
	"math"
	"testing"

	"sslab/ml/num"
	"sslab/ml/tensor"
)

// The sparse fit is the dense fit of the same rows written out: the same
// objective, so (to the solver's tolerance) the same probe and the same
// predictions; and its total variance is the dense rows'.
func TestSparseLogRegMatchesDense(t *testing.T) {
	rng := num.NewRNG(3, 3)
	n, d, C := 120, 9, 3
	x := &Sparse{Cols: d, Ptr: []int{0}}
	dense := tensor.NewMat(n, d)
	y := make([]int, n)
	for i := range n {
		y[i] = rng.IntN(C)
		// a word tied to the class, and a random one
		for _, j := range []int{y[i]*2 + rng.IntN(2), 6 + rng.IntN(3)} {
			x.Idx = append(x.Idx, j)
			dense.Set(i, j, dense.At(i, j)+1)
		}
		x.Ptr = append(x.Ptr, len(x.Idx))
	}
	if a, b := x.TotalVariance(), totalVarianceDense(dense); math.Abs(a-b) > 1e-12 {
		t.Fatalf("total variance %v, dense %v", a, b)
	}
	solver := LBFGS{Memory: 10, MaxIter: 2000, GradTol: 1e-8}
	sm, sres, err := FitSparseLogReg(x, y, C, 0.01, nil, solver)
	if err != nil || !sres.Converged {
		t.Fatalf("sparse: %v %+v", err, sres)
	}
	dm, dres, err := FitLogReg(dense, y, C, 0.01, nil, solver)
	if err != nil || !dres.Converged {
		t.Fatalf("dense: %v %+v", err, dres)
	}
	if math.Abs(sres.F-dres.F) > 1e-9 {
		t.Errorf("objective %v, dense %v", sres.F, dres.F)
	}
	sl, dl := sm.SparseLogits(x), dm.Logits(dense)
	for i := range n {
		for c := range C {
			// Logits agree up to a constant per row (the biases' shift).
			a := sl.At(i, c) - sl.At(i, 0)
			b := dl.At(i, c) - dl.At(i, 0)
			if math.Abs(a-b) > 1e-5 {
				t.Fatalf("row %d class %d: logit gap %v, dense %v", i, c, a, b)
			}
		}
	}
	if _, _, err := FitSparseLogReg(&Sparse{Cols: 2, Ptr: []int{0, 1}, Idx: []int{5}}, []int{0}, 2, 0, nil, solver); err == nil {
		t.Error("a column out of range was accepted")
	}
}

func totalVarianceDense(x *tensor.Mat) float64 {
	mean := colMeans(x)
	var s float64
	for i := range x.Rows {
		for j, v := range x.Row(i) {
			s += (v - mean[j]) * (v - mean[j])
		}
	}
	return s / float64(x.Rows)
}
