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
}

// NewCache returns a cache for m.
func (m *Transformer) NewCache() *TransformerCache {
	return &TransformerCache{blocks: make([]blockCache, len(m.Blocks))}
}

// Forward encodes the sentences of t and returns their tokens' features
// (N, Dim), which c owns until the next Forward. t must be valid for m
// (Tokens.Validate); a bad id panics.
func (m *Transformer) Forward(c *TransformerCache, t *Tokens) *tensor.Mat {
	m.Emb.Forward(&c.x, t) // (N, Dim)
	for i := range m.Blocks {
		m.Blocks[i].Forward(&c.blocks[i], &c.x, t)
	}
	m.Final.Forward(&c.final, &c.out, &c.x) // (N, Dim)
	return &c.out
}

// Backward takes dL/d(features) (N, Dim) of the last Forward on t and adds
// every parameter's gradient into grad (laid out like the parameters).
func (m *Transformer) Backward(c *TransformerCache, grad []float64, dout *tensor.Mat, t *Tokens) {
	d := c.d.Resize(dout.Rows, dout.Cols)
	clear(d.Data)
	off := m.NumParams() - m.Final.NumParams()
	m.Final.Backward(&c.final, grad[off:], d, dout) // d = LNᵀ(dout)
	for i := len(m.Blocks) - 1; i >= 0; i-- {
		off -= m.Blocks[i].NumParams()
		m.Blocks[i].Backward(&c.blocks[i], grad[off:], d, t)
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
