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
	z       []*tensor.Mat // pre-activation of each layer (unless ReLU or identity)
	u       []*tensor.Mat // the Dense output of a normed layer, before its norm
	bn      []*bnCache
	d       [2]*tensor.Mat // gradients flowing down, alternately
	colSum  []float64      // a bias's gradient before it is added
	scratch *tensor.Mat
	weights *Packed
}

// NewCache returns a cache for m.
func (m *MLP) NewCache() *Cache {
	c := &Cache{d: [2]*tensor.Mat{new(tensor.Mat), new(tensor.Mat)}, scratch: new(tensor.Mat)}
	for range m.Layers {
		c.x = append(c.x, new(tensor.Mat))
		c.z = append(c.z, new(tensor.Mat))
		c.u = append(c.u, new(tensor.Mat))
		c.bn = append(c.bn, new(bnCache))
	}
	c.x = append(c.x, new(tensor.Mat)) // the output
	return c
}

// Packed holds an MLP's weights laid out for the products of a training
// step, W for x·W and Wᵀ for dy·Wᵀ, so that the shards of a batch, each
// with its own Cache, share one packing per step instead of each packing
// the weights twice.
type Packed struct {
	w, wt []tensor.PackedB
}

// Pack lays out m's current weights in p. A cache that uses p (UseWeights)
// computes with the weights as they were at the last Pack.
func (m *MLP) Pack(p *Packed) {
	if len(p.w) != len(m.Layers) {
		p.w = make([]tensor.PackedB, len(m.Layers))
		p.wt = make([]tensor.PackedB, len(m.Layers))
	}
	for i := range m.Layers {
		l := &m.Layers[i]
		w := tensor.Mat{Rows: l.In, Cols: l.Out, Data: l.W}
		p.w[i].Pack(&w, false)
		p.wt[i].Pack(&w, true)
	}
}

// UseWeights makes the passes through c read the weights from p (nil: from
// the network itself). The caller packs p whenever the weights change.
func (c *Cache) UseWeights(p *Packed) { c.weights = p }

// packed returns layer i's packed W and Wᵀ, or nils.
func (c *Cache) packed(i int) (w, wt *tensor.PackedB) {
	if c.weights == nil {
		return nil, nil
	}
	return &c.weights.w[i], &c.weights.wt[i]
}

// fused reports whether layer i's activation is applied as its product's
// epilogue (ReLU, identity), which keeps no pre-activation: ReLU's
// derivative reads its output, since y > 0 exactly where z > 0.
func (m *MLP) fused(i int) bool {
	a := m.actAt(i)
	return !m.normed(i) && (a == ReLU || a == Identity)
}

// Forward runs x (B, Sizes[0]) through the network and returns the output
// (B, Out), which c owns until the next Forward.
func (m *MLP) Forward(c *Cache, x *tensor.Mat) *tensor.Mat {
	c.x[0].CopyFrom(x)
	for i := range m.Layers {
		l := &m.Layers[i]
		pw, _ := c.packed(i)
		act := m.actAt(i)
		y := c.x[i+1]
		switch {
		case m.fused(i):
			l.forward(y, c.x[i], pw, act == ReLU) // (B, Out_i)
		case m.normed(i):
			l.forward(c.u[i], c.x[i], pw, false)        // (B, Out_i)
			m.Norms[i].Forward(c.bn[i], c.z[i], c.u[i]) // (B, Out_i)
			act.forward(y.Resize(c.z[i].Rows, c.z[i].Cols).Data, c.z[i].Data)
		default:
			l.forward(c.z[i], c.x[i], pw, false) // (B, Out_i)
			act.forward(y.Resize(c.z[i].Rows, c.z[i].Cols).Data, c.z[i].Data)
		}
	}
	return c.x[len(m.Layers)]
}

// Backward takes dL/dout (B, Out), adds the parameter gradients into grad
// (laid out like the parameters) and returns dL/dx (B, In) if wantDx, else
// nil. The returned matrix belongs to c.
func (m *MLP) Backward(c *Cache, grad []float64, dout *tensor.Mat, wantDx bool) *tensor.Mat {
	return m.backward(c, grad, dout, wantDx, false)
}

// BackwardSet is Backward with the parameter gradients written into grad
// instead of added to it: for a caller whose grad holds nothing yet, one
// pass over the gradient fewer.
func (m *MLP) BackwardSet(c *Cache, grad []float64, dout *tensor.Mat, wantDx bool) *tensor.Mat {
	return m.backward(c, grad, dout, wantDx, true)
}

func (m *MLP) backward(c *Cache, grad []float64, dout *tensor.Mat, wantDx, set bool) *tensor.Mat {
	last := len(m.Layers) - 1
	off := m.NumParams()
	dy, slot := dout, -1 // dy is c.d[slot], or the caller's dout (read only)
	for i := last; i >= 0; i-- {
		l := &m.Layers[i]
		off -= m.layerParams(i)
		g := grad[off:]
		// dz = dy·a'(z) (B, Out_i) in the other slot, or in place in ours.
		dz := dy
		free := 0
		if slot == 0 {
			free = 1
		}
		switch act := m.actAt(i); {
		case m.fused(i) && act == Identity:
			l.biasGrad(c, g, dz, set)
		case m.fused(i):
			if slot < 0 {
				dz = c.d[free]
				free = 1 - free
			}
			l.reluBackward(c, g, dz, dy, c.x[i+1], set)
		default:
			if slot < 0 {
				dz = c.d[free]
				free = 1 - free
			}
			dz.Resize(dy.Rows, dy.Cols)
			act.backward(dz.Data, dy.Data, c.z[i].Data, c.x[i+1].Data)
			if m.normed(i) {
				gn := g[l.NumParams():m.layerParams(i)]
				if set {
					clear(gn)
				}
				m.Norms[i].Backward(c.bn[i], gn, dz, dz)
			}
			l.biasGrad(c, g, dz, set)
		}
		_, pwt := c.packed(i)
		l.weightGrad(c, g, c.x[i], dz, set)
		if i == 0 && !wantDx {
			return nil
		}
		dx := c.d[free]
		l.inputGrad(dx, dz, pwt) // (B, In_i)
		dy, slot = dx, free
	}
	return dy
}
