package nn

import "sslab/ml/tensor"

// FeedForward is a transformer's position-wise block: y = GELU(x·W1 + b1)·W2
// + b2, Dim -> Hidden -> Dim, with the exact GELU. Its parameters are Up's
// (W1, b1) then Down's (W2, b2).
type FeedForward struct {
	Dim, Hidden int
	Up, Down    Dense
}

// NewFeedForward returns an unbound block.
func NewFeedForward(dim, hidden int) FeedForward {
	return FeedForward{Dim: dim, Hidden: hidden, Up: Dense{In: dim, Out: hidden}, Down: Dense{In: hidden, Out: dim}}
}

// NumParams returns the parameters of both layers.
func (f *FeedForward) NumParams() int { return f.Up.NumParams() + f.Down.NumParams() }

// Bind points Up and Down at consecutive views of params.
func (f *FeedForward) Bind(params []float64) {
	f.Up.Bind(params)
	f.Down.Bind(params[f.Up.NumParams():])
}

// ffnCache holds the block's input, pre-activation and activation.
type ffnCache struct {
	x, u, g tensor.Mat // (N, Dim), (N, Hidden), (N, Hidden)
	cdf     []float64  // (N·Hidden) Φ(u), for the backward pass
	dg      tensor.Mat // (N, Hidden)
	scratch tensor.Mat // a weight gradient before it is added
}

// Forward sets y = FFN(x).                          x (N, Dim) -> y (N, Dim)
func (f *FeedForward) Forward(c *ffnCache, y, x *tensor.Mat) {
	c.x.CopyFrom(x)
	f.Up.Forward(&c.u, x) // (N, Hidden)
	c.g.Resize(c.u.Rows, c.u.Cols)
	c.cdf = growF(c.cdf, len(c.u.Data))
	geluErf(c.g.Data, c.cdf, c.u.Data)
	f.Down.Forward(y, &c.g) // (N, Dim)
}

// Backward adds the parameter gradients into grad and sets dx = dL/dx.
func (f *FeedForward) Backward(c *ffnCache, grad []float64, dx, dy *tensor.Mat) {
	f.Down.Backward(&c.dg, &c.scratch, grad[f.Up.NumParams():], &c.g, dy) // dg (N, Hidden)
	geluErfBackward(c.dg.Data, c.dg.Data, c.u.Data, c.cdf)                // du, in place
	f.Up.Backward(dx, &c.scratch, grad, &c.x, &c.dg)                      // dx (N, Dim)
}

// FLOPs returns the forward pass's operations on n tokens.
func (f *FeedForward) FLOPs(n int) int64 { return f.Up.FLOPs(n) + f.Down.FLOPs(n) }
