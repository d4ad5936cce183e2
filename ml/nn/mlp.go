package nn

import (
	"fmt"
	"math"

	"sslab/ml/num"
	"sslab/ml/tensor"
)

// MLP is a stack of Dense layers with an activation after every layer but
// the last (and after the last too if ActOut): Sizes = [d, h1, ..., out].
type MLP struct {
	Sizes  []int
	Act    Activation
	ActOut bool        // an encoder's output is activated like its hidden layers
	Norms  []BatchNorm // with NewNormMLP: batch norm after each hidden layer
	Layers []Dense
}

// NewNormMLP returns an MLP with batch normalisation between each hidden
// layer and its activation, as SimSiam's and BYOL's heads have. It must
// see whole batches: it runs where the batch is gathered, not on shards.
func NewNormMLP(sizes []int, act Activation) *MLP {
	m := NewMLP(sizes, act)
	for i := 0; i+1 < len(m.Layers); i++ {
		m.Norms = append(m.Norms, BatchNorm{Dim: m.Layers[i].Out})
	}
	return m
}

// normed reports whether layer i is followed by batch norm.
func (m *MLP) normed(i int) bool { return i < len(m.Norms) }

// layerParams returns the parameters of layer i (its Dense, then its norm).
func (m *MLP) layerParams(i int) int {
	n := m.Layers[i].NumParams()
	if m.normed(i) {
		n += m.Norms[i].NumParams()
	}
	return n
}

// NewMLP returns an unbound MLP; Bind it to a parameter slice before use.
func NewMLP(sizes []int, act Activation) *MLP {
	if len(sizes) < 2 {
		panic(fmt.Sprintf("nn: an MLP needs at least two sizes, got %v", sizes))
	}
	m := &MLP{Sizes: append([]int(nil), sizes...), Act: act}
	for i := 0; i+1 < len(sizes); i++ {
		if sizes[i] <= 0 || sizes[i+1] <= 0 {
			panic(fmt.Sprintf("nn: MLP sizes must be positive, got %v", sizes))
		}
		m.Layers = append(m.Layers, Dense{In: sizes[i], Out: sizes[i+1]})
	}
	return m
}

// In and Out return the input and output widths.
func (m *MLP) In() int  { return m.Sizes[0] }
func (m *MLP) Out() int { return m.Sizes[len(m.Sizes)-1] }

// NumParams returns the number of parameters.
func (m *MLP) NumParams() int {
	n := 0
	for i := range m.Layers {
		n += m.layerParams(i)
	}
	return n
}

// Bind points the layers at consecutive views of params[:NumParams()].
func (m *MLP) Bind(params []float64) {
	off := 0
	for i := range m.Layers {
		m.Layers[i].Bind(params[off:])
		if m.normed(i) {
			m.Norms[i].Bind(params[off+m.Layers[i].NumParams():])
		}
		off += m.layerParams(i)
	}
}

// Init draws the bound weights from rng: He-normal for ReLU and GELU,
// Glorot-normal otherwise; biases start at 0.
func (m *MLP) Init(rng *num.RNG) {
	for i := range m.Layers {
		l := &m.Layers[i]
		std := math.Sqrt(2 / float64(l.In+l.Out))
		if m.Act == ReLU || m.Act == GELU {
			std = math.Sqrt(2 / float64(l.In))
		}
		for j := range l.W {
			l.W[j] = std * rng.Normal()
		}
		clear(l.B)
		if m.normed(i) {
			m.Norms[i].Init()
		}
	}
}

// actAt returns the activation after layer i.
func (m *MLP) actAt(i int) Activation {
	if i == len(m.Layers)-1 && !m.ActOut {
		return Identity
	}
	return m.Act
}

// FLOPs returns the floating-point operations of one forward pass on rows
// rows (backward costs about twice as much).
func (m *MLP) FLOPs(rows int) int64 {
	var f int64
	for i := range m.Layers {
		f += m.Layers[i].FLOPs(rows)
	}
	return f
}

// Cache holds what a forward pass keeps for its backward pass, and the
// scratch of both, so that repeated steps allocate nothing.
type Cache struct {
	x       []*tensor.Mat // input of each layer
	z       []*tensor.Mat // pre-activation of each layer
	u       []*tensor.Mat // the Dense output of a normed layer, before its norm
	bn      []*bnCache
	dz, dx  *tensor.Mat
	scratch *tensor.Mat
}

// NewCache returns a cache for m.
func (m *MLP) NewCache() *Cache {
	c := &Cache{dz: new(tensor.Mat), dx: new(tensor.Mat), scratch: new(tensor.Mat)}
	for range m.Layers {
		c.x = append(c.x, new(tensor.Mat))
		c.z = append(c.z, new(tensor.Mat))
		c.u = append(c.u, new(tensor.Mat))
		c.bn = append(c.bn, new(bnCache))
	}
	c.x = append(c.x, new(tensor.Mat)) // the output
	return c
}

// Forward runs x (B, Sizes[0]) through the network and returns the output
// (B, Out), which c owns until the next Forward.
func (m *MLP) Forward(c *Cache, x *tensor.Mat) *tensor.Mat {
	c.x[0].CopyFrom(x)
	last := len(m.Layers) - 1
	for i := range m.Layers {
		l := &m.Layers[i]
		z := c.z[i]
		if m.normed(i) {
			l.Forward(c.u[i], c.x[i])              // (B, Out_i)
			m.Norms[i].Forward(c.bn[i], z, c.u[i]) // (B, Out_i)
		} else {
			l.Forward(z, c.x[i]) // (B, Out_i)
		}
		act := m.actAt(i)
		y := c.x[i+1].Resize(z.Rows, z.Cols)
		act.forward(y.Data, z.Data)
	}
	return c.x[last+1]
}

// Backward takes dL/dout (B, Out), adds the parameter gradients into grad
// (laid out like the parameters) and returns dL/dx (B, In) if wantDx, else
// nil. The returned matrix belongs to c.
func (m *MLP) Backward(c *Cache, grad []float64, dout *tensor.Mat, wantDx bool) *tensor.Mat {
	last := len(m.Layers) - 1
	dy := c.dx
	dy.CopyFrom(dout)
	offs := make([]int, 0, 8)
	off := 0
	for i := range m.Layers {
		offs = append(offs, off)
		off += m.layerParams(i)
	}
	for i := last; i >= 0; i-- {
		l := &m.Layers[i]
		act := m.actAt(i)
		dz := c.dz.Resize(dy.Rows, dy.Cols)
		act.backward(dz.Data, dy.Data, c.z[i].Data, c.x[i+1].Data) // (B, Out_i)
		if m.normed(i) {
			m.Norms[i].Backward(c.bn[i], grad[offs[i]+l.NumParams():], dz, dz)
		}
		var dx *tensor.Mat
		if i > 0 || wantDx {
			dx = dy // dy is consumed: reuse its storage for dx
		}
		l.Backward(dx, c.scratch, grad[offs[i]:], c.x[i], dz)
	}
	if !wantDx {
		return nil
	}
	return dy
}
