package train

import (
	"fmt"

	"sslab/ml/config"
	"sslab/ml/data"
	"sslab/ml/nn"
	"sslab/ml/objective"
	"sslab/ml/tensor"
)

// A method wires a self-supervised objective to its networks. Per-example
// work (forward, backward) happens on shards; the loss sees the outputs of
// the whole batch, gathered view by view: slot k is (views·B, width_k) with
// view 0's rows first.
type method interface {
	nets() []*nn.MLP // trainable networks in parameter order; [0] is the encoder
	views() int      // augmented views per example
	slots() []int    // widths of the gathered outputs
	// prepare fills s.in (and s.target, s.mask) from s.x; example i of the
	// shard is dataset row idx[i], drawn at step.
	prepare(s *shard, p *Pretrainer, idx []int)
	forward(s *shard)
	loss(out, dout []*tensor.Mat, B int) float64
	backward(s *shard)
	afterStep(p *Pretrainer)
	lossFLOPs(B int) int64
}

// newMethod builds the networks of cfg's objective for inputs of width d.
func newMethod(cfg config.Config, d int) (method, error) {
	act, err := nn.ParseActivation(cfg.Activation)
	if err != nil {
		return nil, err
	}
	enc := newEncoderMLP(append([]int{d}, cfg.Encoder...), act)
	m := enc.Out()
	var proj *nn.MLP
	if len(cfg.Projector) > 0 {
		proj = nn.NewMLP(append([]int{m}, cfg.Projector...), act)
	}
	k := m
	if proj != nil {
		k = proj.Out()
	}
	switch cfg.Objective {
	case "simclr":
		return &pairMethod{enc: enc, proj: proj, k: k, pair: &objective.NTXent{Temperature: cfg.Temperature}}, nil
	case "barlow":
		return &pairMethod{enc: enc, proj: proj, k: k, pair: &objective.BarlowTwins{Lambda: cfg.Lambda}}, nil
	case "vicreg":
		return &pairMethod{enc: enc, proj: proj, k: k, pair: &objective.VICReg{Sim: 25, Var: 25, Cov: 1}}, nil
	case "simsiam", "byol":
		pred := nn.NewMLP([]int{k, cfg.Predictor, k}, act)
		s := &siameseMethod{enc: enc, proj: proj, pred: pred, k: k}
		if cfg.Objective == "byol" {
			s.byol = true
			s.ema = cfg.EMA
			s.tenc = newEncoderMLP(enc.Sizes, act)
			if proj != nil {
				s.tproj = nn.NewMLP(proj.Sizes, act)
			}
		}
		return s, nil
	case "mae":
		sizes := []int{m}
		for i := len(cfg.Encoder) - 2; i >= 0; i-- {
			sizes = append(sizes, cfg.Encoder[i])
		}
		sizes = append(sizes, d)
		return &maskedMethod{enc: enc, dec: nn.NewMLP(sizes, act), ratio: cfg.MaskRatio}, nil
	}
	return nil, fmt.Errorf("unknown objective %q", cfg.Objective)
}

// twoViews fills s.in with two augmented views of every example: view v of
// dataset row r at step t draws from its own stream (seed, t, r, v), so the
// views do not depend on which shard or executor makes them.
func twoViews(s *shard, p *Pretrainer, idx []int, aug *data.Pipeline) {
	b, d := s.rows(), s.x.Cols
	s.in.Resize(2*b, d)
	for v := 0; v < 2; v++ {
		for i := 0; i < b; i++ {
			s.rng.Reset(p.cfg.Seed, augStream(p.step, idx[i], v))
			aug.Apply(s.in.Row(v*b+i), s.x.Row(i), s.rng)
		}
	}
}

// encode runs the encoder and the projection head, if any.
func encode(enc, proj *nn.MLP, cEnc, cProj *nn.Cache, x *tensor.Mat) *tensor.Mat {
	h := enc.Forward(cEnc, x)
	if proj == nil {
		return h
	}
	return proj.Forward(cProj, h)
}

// encodeBackward is encode's backward pass, adding into grad (encoder
// parameters first, then the projector's).
func encodeBackward(enc, proj *nn.MLP, cEnc, cProj *nn.Cache, grad []float64, dz *tensor.Mat) {
	dh := dz
	if proj != nil {
		dh = proj.Backward(cProj, grad[enc.NumParams():], dz, true)
	}
	enc.Backward(cEnc, grad, dh, false)
}

func mlpFLOPs(nets []*nn.MLP, rows int) int64 {
	var f int64
	for _, n := range nets {
		if n != nil {
			f += n.FLOPs(rows)
		}
	}
	return f
}

// pairMethod is an encoder and projector applied to two views, with a loss on
// the pair of projections: SimCLR, Barlow Twins, VICReg.
type pairMethod struct {
	enc, proj *nn.MLP
	k         int
	pair      interface {
		Loss(z1, z2, dz1, dz2 *tensor.Mat) float64
	}
}

func (m *pairMethod) nets() []*nn.MLP {
	if m.proj == nil {
		return []*nn.MLP{m.enc}
	}
	return []*nn.MLP{m.enc, m.proj}
}
func (m *pairMethod) views() int   { return 2 }
func (m *pairMethod) slots() []int { return []int{m.k} }
func (m *pairMethod) prepare(s *shard, p *Pretrainer, idx []int) {
	twoViews(s, p, idx, p.augs[s.lo/ShardSize])
}
func (m *pairMethod) forward(s *shard) {
	s.out[0] = encode(m.enc, m.proj, s.caches[0], s.caches[len(s.caches)-1], s.in) // (2b, k)
}
func (m *pairMethod) loss(out, dout []*tensor.Mat, B int) float64 {
	z, dz := out[0], dout[0].Resize(2*B, m.k)
	return m.pair.Loss(z.Slice(0, B), z.Slice(B, 2*B), dz.Slice(0, B), dz.Slice(B, 2*B))
}
func (m *pairMethod) backward(s *shard) {
	encodeBackward(m.enc, m.proj, s.caches[0], s.caches[len(s.caches)-1], s.grad, s.dout[0])
}
func (m *pairMethod) afterStep(*Pretrainer) {}
func (m *pairMethod) lossFLOPs(B int) int64 {
	// A similarity or cross-correlation product and its gradient's two.
	if _, ok := m.pair.(*objective.NTXent); ok {
		return 3 * 2 * int64(2*B) * int64(2*B) * int64(m.k)
	}
	return 3 * 2 * int64(B) * int64(m.k) * int64(m.k)
}

// siameseMethod is SimSiam (shared weights, stop-gradient) or, with byol
// set, BYOL (a target network that follows the online one by an exponential
// moving average). The loss is the symmetrised negative cosine between one
// view's prediction and the other view's (constant) target projection.
type siameseMethod struct {
	enc, proj, pred *nn.MLP
	tenc, tproj     *nn.MLP // BYOL's target networks
	k               int
	byol            bool
	ema             float64
	cos             objective.NegCosine
	half            *tensor.Mat
}

func (m *siameseMethod) nets() []*nn.MLP {
	if m.proj == nil {
		return []*nn.MLP{m.enc, m.pred}
	}
	return []*nn.MLP{m.enc, m.proj, m.pred}
}
func (m *siameseMethod) views() int   { return 2 }
func (m *siameseMethod) slots() []int { return []int{m.k, m.k} } // target z, prediction p
func (m *siameseMethod) prepare(s *shard, p *Pretrainer, idx []int) {
	twoViews(s, p, idx, p.augs[s.lo/ShardSize])
}
func (m *siameseMethod) forward(s *shard) {
	n := len(s.caches)
	var cProj *nn.Cache
	if m.proj != nil {
		cProj = s.caches[1]
	}
	z := encode(m.enc, m.proj, s.caches[0], cProj, s.in) // (2b, k)
	s.out[1] = m.pred.Forward(s.caches[n-1], z)          // (2b, k)
	if m.byol {
		var tProj *nn.Cache
		if m.tproj != nil {
			tProj = s.tcache[1]
		}
		z = encode(m.tenc, m.tproj, s.tcache[0], tProj, s.in)
	}
	s.out[0] = z
}
func (m *siameseMethod) loss(out, dout []*tensor.Mat, B int) float64 {
	z, p := out[0], out[1]
	dout[0] = nil // the targets are constants: stop-gradient
	dp := dout[1].Resize(2*B, m.k)
	l1 := m.cos.Loss(p.Slice(0, B), z.Slice(B, 2*B), dp.Slice(0, B))
	l2 := m.cos.Loss(p.Slice(B, 2*B), z.Slice(0, B), dp.Slice(B, 2*B))
	for i := range dp.Data {
		dp.Data[i] *= 0.5
	}
	return 0.5 * (l1 + l2)
}
func (m *siameseMethod) backward(s *shard) {
	n := len(s.caches)
	off := m.enc.NumParams()
	var cProj *nn.Cache
	if m.proj != nil {
		cProj = s.caches[1]
		off += m.proj.NumParams()
	}
	dz := m.pred.Backward(s.caches[n-1], s.grad[off:], s.dout[1], true)
	encodeBackward(m.enc, m.proj, s.caches[0], cProj, s.grad, dz)
}
func (m *siameseMethod) afterStep(p *Pretrainer) {
	if !m.byol {
		return
	}
	// target = ema·target + (1-ema)·online, over the encoder and projector.
	online := p.params[:len(p.target)]
	for i, o := range online {
		p.target[i] = m.ema*p.target[i] + (1-m.ema)*o
	}
}
func (m *siameseMethod) lossFLOPs(B int) int64 { return 2 * 3 * 2 * int64(B) * int64(m.k) }

// maskedMethod hides a random fraction of each (augmented) input and trains
// the encoder and a decoder to reconstruct the hidden entries of the clean
// input: masked (and, with noise, denoising) autoencoding.
type maskedMethod struct {
	enc, dec *nn.MLP
	ratio    float64
	mse      objective.MaskedMSE
}

func (m *maskedMethod) nets() []*nn.MLP { return []*nn.MLP{m.enc, m.dec} }
func (m *maskedMethod) views() int      { return 1 }
func (m *maskedMethod) slots() []int    { d := m.dec.Out(); return []int{d, d, d} } // recon, target, mask
func (m *maskedMethod) prepare(s *shard, p *Pretrainer, idx []int) {
	b, d := s.rows(), s.x.Cols
	s.in.Resize(b, d)
	s.mask.Resize(b, d)
	s.target.CopyFrom(s.x)
	aug := p.augs[s.lo/ShardSize]
	for i := 0; i < b; i++ {
		s.rng.Reset(p.cfg.Seed, augStream(p.step, idx[i], 0))
		aug.Apply(s.in.Row(i), s.x.Row(i), s.rng)
		mask := s.mask.Row(i)
		data.RandomMask(mask, m.ratio, s.rng)
		in := s.in.Row(i)
		for j, h := range mask {
			in[j] *= 1 - h
		}
	}
}
func (m *maskedMethod) forward(s *shard) {
	h := m.enc.Forward(s.caches[0], s.in)
	s.out[0] = m.dec.Forward(s.caches[1], h) // (b, d)
	s.out[1] = s.target
	s.out[2] = s.mask
}
func (m *maskedMethod) loss(out, dout []*tensor.Mat, B int) float64 {
	dout[1], dout[2] = nil, nil
	return m.mse.Loss(out[0], out[1], out[2], dout[0])
}
func (m *maskedMethod) backward(s *shard) {
	dh := m.dec.Backward(s.caches[1], s.grad[m.enc.NumParams():], s.dout[0], true)
	m.enc.Backward(s.caches[0], s.grad, dh, false)
}
func (m *maskedMethod) afterStep(*Pretrainer) {}
func (m *maskedMethod) lossFLOPs(B int) int64 { return 4 * int64(B) * int64(m.dec.Out()) }
