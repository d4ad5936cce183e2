package nn

import "sslab/ml/tensor"

// Dense is the affine map y = x·W + b, with W (In, Out) and b (Out) read from
// a view of the model's flat parameter slice: W row-major, then b.
type Dense struct {
	In, Out int
	W, B    []float64
}

// NumParams returns In*Out + Out.
func (d *Dense) NumParams() int { return d.In*d.Out + d.Out }

// Bind points W and b at params[:NumParams()].
func (d *Dense) Bind(params []float64) {
	d.W = params[:d.In*d.Out]
	d.B = params[d.In*d.Out : d.NumParams()]
}

// Forward sets y = x·W + b.                       x (B, In) -> y (B, Out)
func (d *Dense) Forward(y, x *tensor.Mat) {
	w := tensor.Mat{Rows: d.In, Cols: d.Out, Data: d.W}
	tensor.MatMul(y, x, &w) // (B, Out)
	for i := 0; i < y.Rows; i++ {
		row := y.Row(i)
		for j, b := range d.B {
			row[j] += b
		}
	}
}

// Backward adds dL/dW = xᵀ·dy and dL/db = Σ_rows dy into grad (laid out like
// the parameters) and, if dx is not nil, sets dx = dy·Wᵀ. scratch holds the
// (In, Out) weight gradient before it is added, so that grad's entries
// receive one addition per call in a fixed order.
func (d *Dense) Backward(dx, scratch *tensor.Mat, grad []float64, x, dy *tensor.Mat) {
	tensor.MatMulTransA(scratch, x, dy) // (In, Out)
	gw := grad[:d.In*d.Out]
	for i, v := range scratch.Data {
		gw[i] += v
	}
	gb := grad[d.In*d.Out : d.NumParams()]
	for j := range gb {
		var s float64
		for i := 0; i < dy.Rows; i++ {
			s += dy.Data[i*d.Out+j]
		}
		gb[j] += s
	}
	if dx != nil {
		w := tensor.Mat{Rows: d.In, Cols: d.Out, Data: d.W}
		tensor.MatMulTransB(dx, dy, &w) // (B, In)
	}
}

// FLOPs returns the floating-point operations of Forward on rows rows; a
// Backward with dx costs twice that, one without it the same.
func (d *Dense) FLOPs(rows int) int64 { return 2 * int64(rows) * int64(d.In) * int64(d.Out) }
