package nn

import (
	"fmt"
	"math"

	"sslab/ml/num"
	"sslab/ml/tensor"
)

// TransformerConfig fixes a Transformer's shape.
type TransformerConfig struct {
	Vocab  int  // token ids are in [0, Vocab)
	MaxLen int  // positions are in [0, MaxLen)
	Dim    int  // d_model
	Layers int  // blocks
	Heads  int  // attention heads per block; must divide Dim
	Hidden int  // the feed-forward block's width
	Causal bool // a token attends only to itself and the tokens before it
}

// DefaultTransformerConfig is the text track's encoder: d_model 64, 2
// layers of 4 heads, FFN 256, sentences of up to 32 tokens.
func DefaultTransformerConfig(vocab int) TransformerConfig {
	return TransformerConfig{Vocab: vocab, MaxLen: 32, Dim: 64, Layers: 2, Heads: 4, Hidden: 256}
}

// Validate reports a shape that cannot be built, naming the field.
func (c TransformerConfig) Validate() error {
	for _, f := range []struct {
		name string
		v    int
	}{{"vocab", c.Vocab}, {"max length", c.MaxLen}, {"dim", c.Dim}, {"layers", c.Layers}, {"heads", c.Heads}, {"hidden", c.Hidden}} {
		if f.v < 1 {
			return fmt.Errorf("transformer: %s is %d; allowed: 1 or more", f.name, f.v)
		}
	}
	if c.Dim%c.Heads != 0 {
		return fmt.Errorf("transformer: %d heads do not divide dim %d; allowed: a number of heads that divides it", c.Heads, c.Dim)
	}
	return nil
}

// Transformer is a token encoder: the embedding, Layers pre-norm blocks and
// a final LayerNorm, giving one Dim-vector per token. Its parameters, in
// one flat slice, are the embedding's (token table first), each block's,
// then the final norm's.
type Transformer struct {
	TransformerConfig
	Emb    Embedding
	Blocks []Block
	Final  LayerNorm
}

// NewTransformer returns an unbound transformer of shape cfg.
func NewTransformer(cfg TransformerConfig) (*Transformer, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	t := &Transformer{TransformerConfig: cfg, Emb: Embedding{Vocab: cfg.Vocab, MaxLen: cfg.MaxLen, Dim: cfg.Dim},
		Final: LayerNorm{Dim: cfg.Dim}}
	for range cfg.Layers {
		t.Blocks = append(t.Blocks, NewBlock(cfg.Dim, cfg.Heads, cfg.Hidden, cfg.Causal))
	}
	return t, nil
}

// NumParams returns the number of parameters.
func (m *Transformer) NumParams() int {
	n := m.Emb.NumParams() + m.Final.NumParams()
	for i := range m.Blocks {
		n += m.Blocks[i].NumParams()
	}
	return n
}

// Bind points every layer at its view of params[:NumParams()].
func (m *Transformer) Bind(params []float64) {
	m.Emb.Bind(params)
	off := m.Emb.NumParams()
	for i := range m.Blocks {
		m.Blocks[i].Bind(params[off:])
		off += m.Blocks[i].NumParams()
	}
	m.Final.Bind(params[off:])
}

// initStd is the standard deviation of every weight at initialisation, as
// in GPT-2; the projections that write into the residual stream (attention
// output, feed-forward down) are scaled by 1/√(2·Layers) so the stream's
// variance does not grow with depth.
const initStd = 0.02

// Init draws the bound weights from rng: N(0, 0.02²) for the embeddings
// and weights, biases 0, norms γ = 1 and β = 0.
func (m *Transformer) Init(rng *num.RNG) {
	normal := func(w []float64, std float64) {
		for i := range w {
			w[i] = std * rng.Normal()
		}
	}
	normal(m.Emb.Tok, initStd)
	normal(m.Emb.Pos, initStd)
	resid := initStd / math.Sqrt(float64(2*m.Layers))
	for i := range m.Blocks {
		b := &m.Blocks[i]
		b.LN1.Init()
		b.LN2.Init()
		for _, l := range []struct {
			d   *Dense
			std float64
		}{{&b.Attn.QKV, initStd}, {&b.Attn.Out, resid}, {&b.FFN.Up, initStd}, {&b.FFN.Down, resid}} {
			normal(l.d.W, l.std)
			clear(l.d.B)
		}
	}
	m.Final.Init()
}

// TransformerCache holds one forward pass's activations for its backward
// pass, and the scratch of both: once it has seen a shard as large as the
// ones to come, a forward and backward pass allocate nothing. Each shard
// (goroutine, Web Worker) has its own.
type TransformerCache struct {
	x      tensor.Mat // (N, Dim) the residual stream
	blocks []blockCache
	final  lnCache
	out    tensor.Mat // (N, Dim)
	d      tensor.Mat // (N, Dim) the stream's gradient
	// Features' second half: the final norm of the embedding's output.
	final0      lnCache
	out0        tensor.Mat // (N, Dim)
	feat        tensor.Mat // (N, 2·Dim)
	dout, dout0 tensor.Mat // (N, Dim) the halves of dL/d(feat)
}

// NewCache returns a cache for m.
func (m *Transformer) NewCache() *TransformerCache {
	return &TransformerCache{blocks: make([]blockCache, len(m.Blocks))}
}

// Forward encodes the sentences of t and returns their tokens' features
// (N, Dim), which c owns until the next Forward: the final norm of the last
// block's output, what a language model's output layer reads. t must be
// valid for m (Tokens.Validate); a bad id panics.
func (m *Transformer) Forward(c *TransformerCache, t *Tokens) *tensor.Mat {
	m.forward(c, t, false)
	return &c.out
}

// Features encodes the sentences of t and returns their tokens' features
// for a task (N, 2·Dim), which c owns until the next pass: the final norm
// of the last block's output (Forward's) beside the final norm of the
// embedding's output. Pretraining's objectives read only the first half;
// a probe reads both because the blocks trade some of a word's identity,
// which part-of-speech tags need, for its context, which the objective
// needs. The second half has no parameters of its own: it shares the
// final norm's γ and β.
func (m *Transformer) Features(c *TransformerCache, t *Tokens) *tensor.Mat {
	m.forward(c, t, true)
	n, d := c.out.Rows, m.Dim
	f := c.feat.Resize(n, 2*d)
	for i := range n {
		row := f.Row(i)
		copy(row[:d], c.out.Row(i))
		copy(row[d:], c.out0.Row(i))
	}
	return f
}

// forward runs the embedding, the blocks and the final norm, and with
// readEmb the final norm of the embedding's output into c.out0 too, before
// the blocks overwrite the stream in place.
func (m *Transformer) forward(c *TransformerCache, t *Tokens, readEmb bool) {
	m.Emb.Forward(&c.x, t) // (N, Dim)
	if readEmb {
		m.Final.Forward(&c.final0, &c.out0, &c.x) // (N, Dim)
	}
	for i := range m.Blocks {
		m.Blocks[i].Forward(&c.blocks[i], &c.x, t)
	}
	m.Final.Forward(&c.final, &c.out, &c.x) // (N, Dim)
}

// Backward takes dL/d(features) (N, Dim) of the last Forward on t and adds
// every parameter's gradient into grad (laid out like the parameters).
func (m *Transformer) Backward(c *TransformerCache, grad []float64, dout *tensor.Mat, t *Tokens) {
	m.backward(c, grad, dout, nil, t)
}

// FeaturesBackward takes dL/d(features) (N, 2·Dim) of the last Features
// on t and adds every parameter's gradient into grad.
func (m *Transformer) FeaturesBackward(c *TransformerCache, grad []float64, dfeat *tensor.Mat, t *Tokens) {
	n, d := dfeat.Rows, m.Dim
	dout, dout0 := c.dout.Resize(n, d), c.dout0.Resize(n, d)
	for i := range n {
		row := dfeat.Row(i)
		copy(dout.Row(i), row[:d])
		copy(dout0.Row(i), row[d:])
	}
	m.backward(c, grad, dout, dout0, t)
}

// backward runs the passes back from the final norm's gradient dout and,
// if not nil, that of the embedding's norm dout0, which joins the stream's
// gradient where the embedding's output entered the blocks.
func (m *Transformer) backward(c *TransformerCache, grad []float64, dout, dout0 *tensor.Mat, t *Tokens) {
	d := c.d.Resize(dout.Rows, dout.Cols)
	clear(d.Data)
	finalOff := m.NumParams() - m.Final.NumParams()
	m.Final.Backward(&c.final, grad[finalOff:], d, dout) // d = LNᵀ(dout)
	off := finalOff
	for i := len(m.Blocks) - 1; i >= 0; i-- {
		off -= m.Blocks[i].NumParams()
		m.Blocks[i].Backward(&c.blocks[i], grad[off:], d, t)
	}
	if dout0 != nil {
		m.Final.Backward(&c.final0, grad[finalOff:], d, dout0) // d += LNᵀ(dout0)
	}
	m.Emb.Backward(grad, t, d)
}

// FLOPs returns the floating-point operations of one forward pass on t
// (multiply-adds count 2; norms, softmax and GELU are not counted). A
// backward pass costs twice as much: every product has two gradients.
func (m *Transformer) FLOPs(t *Tokens) int64 {
	var f int64
	for i := range m.Blocks {
		f += m.Blocks[i].FLOPs(t)
	}
	return f
}

// FLOPsPerToken returns the forward operations per token in sentences of
// length l: 2·Layers·(4·Dim² + 2·Dim·Hidden + 2·l·Dim).
func (m *Transformer) FLOPsPerToken(l int) int64 {
	d, h := int64(m.Dim), int64(m.Hidden)
	return int64(m.Layers) * 2 * (4*d*d + 2*d*h + 2*int64(l)*d)
}
