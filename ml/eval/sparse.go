package eval

import (
	"fmt"
	"math"

	"sslab/ml/num"
	"sslab/ml/tensor"
)

// Sparse is a matrix of mostly zeros by rows (compressed sparse rows): row
// i holds the entries Val[k] at columns Idx[k] for k in [Ptr[i], Ptr[i+1]).
// Val nil means every entry is 1: one-hot word identity, a bag of words.
// The raw inputs of text are such rows: their width is the vocabulary's.
type Sparse struct {
	Cols int
	Ptr  []int // (rows+1)
	Idx  []int
	Val  []float64 // nil: all ones
}

// Rows returns the number of rows.
func (x *Sparse) Rows() int { return len(x.Ptr) - 1 }

// val returns entry k's value.
func (x *Sparse) val(k int) float64 {
	if x.Val == nil {
		return 1
	}
	return x.Val[k]
}

// Pick returns the rows of x listed in rows, in that order.
func (x *Sparse) Pick(rows []int) *Sparse {
	out := &Sparse{Cols: x.Cols, Ptr: make([]int, 1, len(rows)+1)}
	for _, r := range rows {
		lo, hi := x.Ptr[r], x.Ptr[r+1]
		out.Idx = append(out.Idx, x.Idx[lo:hi]...)
		if x.Val != nil {
			out.Val = append(out.Val, x.Val[lo:hi]...)
		}
		out.Ptr = append(out.Ptr, len(out.Idx))
	}
	return out
}

// TotalVariance returns 1/n Σᵢ ‖xᵢ − x̄‖² = 1/n Σᵢ ‖xᵢ‖² − ‖x̄‖², the
// trace of the rows' covariance, without forming a dense row.
func (x *Sparse) TotalVariance() float64 {
	n := x.Rows()
	if n == 0 {
		return 0
	}
	mean := make([]float64, x.Cols)
	var sq float64
	for k, j := range x.Idx {
		v := x.val(k)
		sq += float64(v * v)
		mean[j] += v
	}
	var mm float64
	for _, m := range mean {
		m /= float64(n)
		mm += float64(m * m)
	}
	return max(0, sq/float64(n)-mm)
}

// SparseLogits returns x·W + b for sparse rows x (n, D) -> (n, C).
func (m *LogReg) SparseLogits(x *Sparse) *tensor.Mat {
	out := tensor.NewMat(x.Rows(), m.C)
	w, b := m.Params[:m.D*m.C], m.B()
	for i := range x.Rows() {
		row := out.Row(i)
		copy(row, b)
		for k := x.Ptr[i]; k < x.Ptr[i+1]; k++ {
			v, wj := x.val(k), w[x.Idx[k]*m.C:(x.Idx[k]+1)*m.C]
			for c := range row {
				row[c] += float64(v * wj[c])
			}
		}
	}
	return out
}

// FitSparseLogReg is FitLogReg for sparse rows: the same objective
//
//	L(W, b) = 1/n Σᵢ −log softmax(xᵢ·W + b)_{yᵢ} + λ/2 ‖W‖²,
//
// evaluated in O(entries · C) rather than O(n · D · C), so a probe on a
// vocabulary's one-hot words or bags of words fits in seconds. The
// features are not centred (that would make them dense). init, if not
// nil, is the starting point (laid out as Params).
func FitSparseLogReg(x *Sparse, y []int, classes int, lambda float64, init []float64, solver LBFGS) (*LogReg, LBFGSResult, error) {
	n, d := x.Rows(), x.Cols
	switch {
	case n == 0:
		return nil, LBFGSResult{}, fmt.Errorf("logistic regression needs at least one labelled example")
	case len(y) != n:
		return nil, LBFGSResult{}, fmt.Errorf("logistic regression: %d rows but %d labels", n, len(y))
	case classes < 2:
		return nil, LBFGSResult{}, fmt.Errorf("logistic regression needs at least 2 classes, got %d", classes)
	case !(lambda >= 0) || math.IsInf(lambda, 0):
		return nil, LBFGSResult{}, fmt.Errorf("logistic regression: penalty λ = %v, want a finite λ ≥ 0", lambda)
	}
	for k, j := range x.Idx {
		if j < 0 || j >= d || !finite(x.val(k)) {
			return nil, LBFGSResult{}, fmt.Errorf("sparse entry %d (column %d of %d, value %v) is out of range or not finite", k, j, d, x.val(k))
		}
	}
	for i, c := range y {
		if c < 0 || c >= classes {
			return nil, LBFGSResult{}, fmt.Errorf("label %d of example %d is outside [0, %d)", c, i, classes)
		}
	}
	m := &LogReg{D: d, C: classes, Params: make([]float64, d*classes+classes)}
	if init != nil {
		if len(init) != len(m.Params) {
			return nil, LBFGSResult{}, fmt.Errorf("logistic regression: a start of %d parameters for %d", len(init), len(m.Params))
		}
		copy(m.Params, init)
	}
	z := tensor.NewMat(n, classes)
	obj := func(params, grad []float64) float64 {
		C, dw := classes, d*classes
		w, b := params[:dw], params[dw:]
		clear(grad)
		gw, gb := grad[:dw], grad[dw:]
		invN := 1 / float64(n)
		var loss float64
		for i := range n {
			row := z.Row(i)
			copy(row, b)
			for k := x.Ptr[i]; k < x.Ptr[i+1]; k++ {
				v, wj := x.val(k), w[x.Idx[k]*C:(x.Idx[k]+1)*C]
				for c := range row {
					row[c] += float64(v * wj[c])
				}
			}
			mx := math.Inf(-1)
			for _, v := range row {
				mx = math.Max(mx, v)
			}
			yi := y[i]
			zy := row[yi]
			var sum float64
			for c, v := range row {
				e := num.Exp(v - mx)
				row[c] = e
				sum += e
			}
			loss += mx + num.Log(sum) - zy // −log p_y = lse − z_y
			// backward: dL/dz = (p − onehot(y)) / n, into b and W's used rows.
			inv := 1 / sum
			for c := range row {
				row[c] = float64(row[c]*inv) * invN
			}
			row[yi] -= invN
			for c, g := range row {
				gb[c] += g
			}
			for k := x.Ptr[i]; k < x.Ptr[i+1]; k++ {
				v, gj := x.val(k), gw[x.Idx[k]*C:(x.Idx[k]+1)*C]
				for c, g := range row {
					gj[c] += float64(v * g)
				}
			}
		}
		loss *= invN
		var pen float64
		for j, wv := range w {
			pen += float64(wv * wv)
			gw[j] += float64(lambda * wv)
		}
		return loss + float64(0.5*lambda*pen)
	}
	res := solver.Minimize(m.Params, obj)
	if !finite(res.F) || !finite(res.GradMax) {
		return nil, res, fmt.Errorf("the logistic regression fit is not finite (objective %v)", res.F)
	}
	return m, res, nil
}
