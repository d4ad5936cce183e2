package nn

import "sslab/ml/tensor"

// Block is a pre-norm transformer block: each sub-layer reads a
// layer-normalised copy of the residual stream and adds its output back,
//
//	x ← x + Attn(LN1(x)),  x ← x + FFN(LN2(x)),
//
// so the stream itself is never normalised and gradients reach the
// embedding through the identity paths. Its parameters are LN1, Attn, LN2,
// FFN in that order.
type Block struct {
	LN1  LayerNorm
	Attn SelfAttention
	LN2  LayerNorm
	FFN  FeedForward
}

// NewBlock returns an unbound block.
func NewBlock(dim, heads, hidden int, causal bool) Block {
	return Block{LN1: LayerNorm{Dim: dim}, Attn: NewSelfAttention(dim, heads, causal),
		LN2: LayerNorm{Dim: dim}, FFN: NewFeedForward(dim, hidden)}
}

// NumParams returns the parameters of the four sub-layers.
func (b *Block) NumParams() int {
	return b.LN1.NumParams() + b.Attn.NumParams() + b.LN2.NumParams() + b.FFN.NumParams()
}

// offsets returns where Attn, LN2 and FFN start in the block's parameters.
func (b *Block) offsets() (attn, ln2, ffn int) {
	attn = b.LN1.NumParams()
	ln2 = attn + b.Attn.NumParams()
	ffn = ln2 + b.LN2.NumParams()
	return
}

// Bind points the sub-layers at consecutive views of params.
func (b *Block) Bind(params []float64) {
	attn, ln2, ffn := b.offsets()
	b.LN1.Bind(params)
	b.Attn.Bind(params[attn:])
	b.LN2.Bind(params[ln2:])
	b.FFN.Bind(params[ffn:])
}

// blockCache holds one block's sub-layer caches and activations.
type blockCache struct {
	ln1, ln2 lnCache
	attn     attnCache
	ffn      ffnCache
	h, y     tensor.Mat // (N, Dim) a normalised input, a sub-layer's output
	dh       tensor.Mat // (N, Dim) a sub-layer's input gradient
}

// Forward runs the block on the residual stream x in place.    x (N, Dim)
func (b *Block) Forward(c *blockCache, x *tensor.Mat, t *Tokens) {
	b.LN1.Forward(&c.ln1, &c.h, x)
	b.Attn.Forward(&c.attn, &c.y, &c.h, t)
	addInto(x, &c.y)
	b.LN2.Forward(&c.ln2, &c.h, x)
	b.FFN.Forward(&c.ffn, &c.y, &c.h)
	addInto(x, &c.y)
}

// Backward adds the block's parameter gradients into grad and turns d,
// dL/d(output stream), into dL/d(input stream) in place.       d (N, Dim)
func (b *Block) Backward(c *blockCache, grad []float64, d *tensor.Mat, t *Tokens) {
	attn, ln2, ffn := b.offsets()
	b.FFN.Backward(&c.ffn, grad[ffn:], &c.dh, d)
	b.LN2.Backward(&c.ln2, grad[ln2:], d, &c.dh) // d += LN2ᵀ(FFNᵀ(d))
	b.Attn.Backward(&c.attn, grad[attn:], &c.dh, d, t)
	b.LN1.Backward(&c.ln1, grad, d, &c.dh) // d += LN1ᵀ(Attnᵀ(d))
}

// FLOPs returns the forward pass's operations on the tokens of t.
func (b *Block) FLOPs(t *Tokens) int64 { return b.Attn.FLOPs(t) + b.FFN.FLOPs(t.Len()) }

// addInto sets x += y.
func addInto(x, y *tensor.Mat) {
	yd := y.Data[:len(x.Data)]
	for i := range x.Data {
		x.Data[i] += yd[i]
	}
}
