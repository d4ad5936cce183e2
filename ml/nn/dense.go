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
func (d *Dense) Forward(y, x *tensor.Mat) { d.forward(y, x, nil, false) }

// forward sets y = x·W + b, then ReLU if relu, with W packed in pw if it
// is not nil: the bias and the activation are the product's epilogue.
func (d *Dense) forward(y, x *tensor.Mat, pw *tensor.PackedB, relu bool) {
	if pw != nil {
		tensor.MatMulPackedBias(y, x, pw, d.B, relu) // (B, Out)
		return
	}
	w := tensor.Mat{Rows: d.In, Cols: d.Out, Data: d.W}
	tensor.MatMul(y, x, &w) // (B, Out)
	for i := 0; i < y.Rows; i++ {
		row := y.Row(i)
		b := d.B[:len(row)]
		for j, v := range row {
			v += b[j]
			if relu && !(v > 0 || v != v) {
				v = 0
			}
			row[j] = v
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
		d.inputGrad(dx, dy, nil)
	}
}

// weightGrad sets (set) or adds dL/dW = xᵀ·dz into grad[:In·Out].
func (d *Dense) weightGrad(c *Cache, grad []float64, x, dz *tensor.Mat, set bool) {
	gw := grad[:d.In*d.Out]
	if set {
		dst := tensor.Mat{Rows: d.In, Cols: d.Out, Data: gw}
		tensor.MatMulTransA(&dst, x, dz) // (In, Out)
		return
	}
	tensor.MatMulTransA(c.scratch, x, dz) // (In, Out)
	for i, v := range c.scratch.Data[:len(gw)] {
		gw[i] += v
	}
}

// biasGrad sets or adds dL/db = Σ_rows dz, each column summed from +0 in
// row order.
func (d *Dense) biasGrad(c *Cache, grad []float64, dz *tensor.Mat, set bool) {
	s := c.colSums(d.Out)
	for i := 0; i < dz.Rows; i++ {
		for j, v := range dz.Data[i*d.Out : (i+1)*d.Out] {
			s[j] += v
		}
	}
	d.putBiasGrad(grad, s, set)
}

// reluBackward sets dz = dy where y > 0, else +0 (dz may be dy), and sets
// or adds dL/db = Σ_rows dz, in one pass.
func (d *Dense) reluBackward(c *Cache, grad []float64, dz, dy, y *tensor.Mat, set bool) {
	dz.Resize(dy.Rows, dy.Cols)
	s := c.colSums(d.Out)
	for i := 0; i < dy.Rows; i++ {
		lo, hi := i*d.Out, (i+1)*d.Out
		yr, dyr, dzr := y.Data[lo:hi], dy.Data[lo:hi], dz.Data[lo:hi]
		dyr, dzr, s := dyr[:len(yr)], dzr[:len(yr)], s[:len(yr)]
		for j, v := range yr {
			var g float64
			if v > 0 {
				g = dyr[j]
			}
			dzr[j] = g
			s[j] += g
		}
	}
	d.putBiasGrad(grad, s, set)
}

func (d *Dense) putBiasGrad(grad, s []float64, set bool) {
	gb := grad[d.In*d.Out : d.NumParams()]
	if set {
		copy(gb, s)
		return
	}
	for j, v := range s {
		gb[j] += v
	}
}

// inputGrad sets dx = dz·Wᵀ, with Wᵀ packed in pwt if it is not nil.
func (d *Dense) inputGrad(dx, dz *tensor.Mat, pwt *tensor.PackedB) {
	if pwt != nil {
		tensor.MatMulPacked(dx, dz, pwt) // (B, In)
		return
	}
	w := tensor.Mat{Rows: d.In, Cols: d.Out, Data: d.W}
	tensor.MatMulTransB(dx, dz, &w) // (B, In)
}

// colSums returns c's zeroed column-sum scratch of length n.
func (c *Cache) colSums(n int) []float64 {
	if cap(c.colSum) < n {
		c.colSum = make([]float64, n)
	}
	c.colSum = c.colSum[:n]
	clear(c.colSum)
	return c.colSum
}

// FLOPs returns the floating-point operations of Forward on rows rows; a
// Backward with dx costs twice that, one without it the same.
func (d *Dense) FLOPs(rows int) int64 { return 2 * int64(rows) * int64(d.In) * int64(d.Out) }
