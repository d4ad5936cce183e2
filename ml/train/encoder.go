package train

import (
	"sslab/ml/nn"
	"sslab/ml/tensor"
)

// Encoder is phi_theta: an MLP, or for text a TextModel (Text set, MLP
// nil), with its own parameters.
type Encoder struct {
	MLP    *nn.MLP
	Text   *TextModel
	Params []float64
}

// Clone returns an encoder with its own copy of the parameters.
func (e *Encoder) Clone() *Encoder {
	if e.Text != nil {
		m, _ := newTextModel(e.Text.Shape)
		return &Encoder{Text: m, Params: append([]float64(nil), e.Params...)}
	}
	m := newEncoderMLP(e.MLP.Sizes, e.MLP.Act)
	p := append([]float64(nil), e.Params...)
	m.Bind(p)
	return &Encoder{MLP: m, Params: p}
}

// Embed returns phi(x) for every row of x (n, d) -> (n, m), computed in
// chunks of ShardSize rows so the result does not depend on n. For text,
// the rows are sentences and phi their tokens' mean features.
func (e *Encoder) Embed(x *tensor.Mat) *tensor.Mat {
	if e.Text != nil {
		return e.textEmbed(x)
	}
	e.MLP.Bind(e.Params)
	return forwardInChunks(e.MLP, x)
}

// forwardInChunks runs net on x a shard's worth of rows at a time, so the
// bits of each row do not depend on how many rows x has.
func forwardInChunks(net *nn.MLP, x *tensor.Mat) *tensor.Mat {
	out := tensor.NewMat(x.Rows, net.Out())
	c := net.NewCache()
	for lo := 0; lo < x.Rows; lo += ShardSize {
		hi := min(lo+ShardSize, x.Rows)
		h := net.Forward(c, x.Slice(lo, hi))
		copy(out.Data[lo*out.Cols:hi*out.Cols], h.Data)
	}
	return out
}

// newEncoderMLP returns an encoder network: its output, the representation
// phi(x), passes through the activation like every hidden layer (as a
// ResNet's pooled features do), and projection heads or probes read it.
func newEncoderMLP(sizes []int, act nn.Activation) *nn.MLP {
	m := nn.NewMLP(sizes, act)
	m.ActOut = true
	return m
}

// NewEncoder returns the encoder with layer sizes sizes and activation act
// whose parameters are params (kept, not copied): how a replica in another
// Web Worker rebuilds an encoder it was sent.
func NewEncoder(sizes []int, act nn.Activation, params []float64) (*Encoder, error) {
	if len(sizes) < 2 {
		return nil, errorf("an encoder needs at least 2 layer sizes, got %v", sizes)
	}
	for _, s := range sizes {
		if s < 1 {
			return nil, errorf("encoder layer sizes must be positive, got %v", sizes)
		}
	}
	m := newEncoderMLP(sizes, act)
	if len(params) != m.NumParams() {
		return nil, errorf("an encoder %v has %d parameters, got %d", sizes, m.NumParams(), len(params))
	}
	m.Bind(params)
	return &Encoder{MLP: m, Params: params}, nil
}
