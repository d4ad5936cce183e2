package eval

import (
	"fmt"
	"math"

	"sslab/ml/num"
	"sslab/ml/tensor"
)

// LogReg is multinomial logistic regression, the linear probe of frozen
// features: logits = x·W + b, p = softmax(logits). Params holds W (D, C)
// row-major, then b (C): the layout of nn.Dense, so a fitted probe can be
// copied into a network's head.
type LogReg struct {
	D, C   int
	Params []float64
}

// W returns the weight matrix (D, C), a view of Params.
func (m *LogReg) W() *tensor.Mat {
	return &tensor.Mat{Rows: m.D, Cols: m.C, Data: m.Params[:m.D*m.C]}
}

// B returns the biases (C), a view of Params.
func (m *LogReg) B() []float64 { return m.Params[m.D*m.C:] }

// Logits returns x·W + b for the rows of x (n, D) -> (n, C).
func (m *LogReg) Logits(x *tensor.Mat) *tensor.Mat {
	out := new(tensor.Mat)
	tensor.MatMul(out, x, m.W()) // (n, C)
	b := m.B()
	for i := 0; i < out.Rows; i++ {
		row := out.Row(i)
		for j := range row {
			row[j] += b[j]
		}
	}
	return out
}

// Predict returns the most probable class of each row of x (ties: the
// lower class).
func (m *LogReg) Predict(x *tensor.Mat) []int {
	z := m.Logits(x)
	pred := make([]int, z.Rows)
	for i := range pred {
		row := z.Row(i)
		for j, v := range row {
			if v > row[pred[i]] {
				pred[i] = j
			}
		}
	}
	return pred
}

// FitLogReg fits multinomial logistic regression to the rows of x (n, d)
// with labels y in [0, classes), minimising
//
//	L(W, b) = 1/n Σᵢ −log softmax(xᵢ·W + b)_{yᵢ} + λ/2 ‖W‖²
//
// (the bias is not penalised) to convergence with solver. The objective is
// strictly convex in W for λ > 0, so the minimiser is unique up to adding a
// constant to every bias, which no gradient step does. init, if not nil,
// is the starting point (a warm start, laid out as Params); otherwise the
// fit starts from zero. It returns an error, and no model, when the input
// is unusable or the fit ends with a non-finite objective; a fit that
// stops before the gradient test is met is returned with
// LBFGSResult.Converged false.
//
// Softmax and log-sum-exp use num.Exp and num.Log, and the products are
// tensor's fixed-order kernels: the same bits natively and in wasm.
func FitLogReg(x *tensor.Mat, y []int, classes int, lambda float64, init []float64, solver LBFGS) (*LogReg, LBFGSResult, error) {
	n, d := x.Rows, x.Cols
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
	for i, v := range x.Data {
		if !finite(v) {
			return nil, LBFGSResult{}, fmt.Errorf("feature %d of example %d is %v: the features are not finite", i%d, i/d, v)
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
	// Fit on centred features, an exact reparameterisation (x−μ)·W + c
	// with c = b + μ·W and the same penalty on W: it leaves the minimiser
	// unchanged and conditions the problem far better for features with
	// large means, such as ReLU outputs.
	mu := colMeans(x)
	xc := centred(x)
	xct := transposed(xc)
	w, b := m.Params[:d*classes], m.Params[d*classes:]
	for k := 0; k < d; k++ {
		for j := 0; j < classes; j++ {
			b[j] += float64(mu[k] * w[k*classes+j])
		}
	}
	obj := newLogRegObjective(xc, xct, y, classes, lambda)
	res := solver.Minimize(m.Params, obj.eval)
	for k := 0; k < d; k++ {
		for j := 0; j < classes; j++ {
			b[j] -= float64(mu[k] * w[k*classes+j])
		}
	}
	if !finite(res.F) || !finite(res.GradMax) {
		return nil, res, fmt.Errorf("the logistic regression fit is not finite (objective %v)", res.F)
	}
	return m, res, nil
}

// logRegObjective evaluates L and its gradient, reusing its buffers. It
// holds the features twice, as rows and transposed, and the logits'
// gradient transposed: each product then reads its operands in the order
// they are stored (xᵀ·g read from x gathers one number per cache line of
// 100k rows), and each sum takes the same terms in the same order as x·W
// and xᵀ·g, so the bits are those products'.
type logRegObjective struct {
	x       *tensor.Mat // (n, d) the features
	xt      *tensor.Mat // (d, n) the same, transposed
	y       []int
	c       int
	lambda  float64
	z       *tensor.Mat // (n, C) logits
	gt      *tensor.Mat // (C, n) dL/dlogits, transposed
	gw      *tensor.Mat // (d, C) dL/dW before the penalty
	w       tensor.Mat  // a view of the weights in the parameters
	weights int         // d·C
}

// newLogRegObjective returns the objective on the features x (n, d),
// with xt their transpose, and labels y.
func newLogRegObjective(x, xt *tensor.Mat, y []int, classes int, lambda float64) *logRegObjective {
	return &logRegObjective{x: x, xt: xt, y: y, c: classes, lambda: lambda,
		z: new(tensor.Mat), gt: new(tensor.Mat), gw: new(tensor.Mat), weights: x.Cols * classes}
}

// eval returns L at params (W then b) and writes ∂L/∂params into grad.
func (o *logRegObjective) eval(params, grad []float64) float64 {
	n, C, dw := o.x.Rows, o.c, o.weights
	o.w = tensor.Mat{Rows: o.x.Cols, Cols: C, Data: params[:dw]}
	b := params[dw:]

	// forward: logits, softmax, cross-entropy.          x (n, d) -> z (n, C)
	tensor.MatMul(o.z, o.x, &o.w)
	o.gt.Resize(C, n)
	g := o.gt.Data
	invN := 1 / float64(n)
	var loss float64
	for i := 0; i < n; i++ {
		z := o.z.Row(i)
		mx := math.Inf(-1)
		for j := range z {
			z[j] += b[j]
			mx = math.Max(mx, z[j])
		}
		var sum float64
		for j, v := range z {
			e := num.Exp(v - mx)
			g[j*n+i] = e
			sum += e
		}
		loss += num.Log(sum) - (z[o.y[i]] - mx)
		// backward: dL/dz = (p - onehot(y)) / n.
		inv := 1 / sum
		for j := 0; j < C; j++ {
			g[j*n+i] = float64(g[j*n+i]*inv) * invN
		}
		g[o.y[i]*n+i] -= invN
	}
	loss *= invN

	// backward: dL/dW = xᵀ·g + λW, dL/db = Σ_rows g.
	tensor.MatMulTransB(o.gw, o.xt, o.gt) // (d, C)
	var pen float64
	for j, w := range params[:dw] {
		pen += float64(w * w)
		grad[j] = o.gw.Data[j] + float64(o.lambda*w)
	}
	gb := grad[dw:]
	clear(gb)
	for i := 0; i < n; i++ {
		for j := 0; j < C; j++ {
			gb[j] += g[j*n+i]
		}
	}
	return loss + float64(0.5*o.lambda*pen)
}
