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
//
// A step runs in phases: every shard runs phase k (shardPhase), then the
// coordinator combines their results (reduce), and so on; after the last
// phase each shard holds its gradient. Between phases, data moves only
// through the gathered buffers: after phase k each shard's rows of up(k)
// reach the coordinator, and before phase k the coordinator's down(k) reach
// every shard. An executor that runs shards in other address spaces (Web
// Workers) moves exactly these.
type method interface {
	nets() []*nn.MLP // trainable networks in parameter order; [0] is the encoder
	views() int      // augmented views per example
	slots() []int    // widths of the gathered outputs (views·B rows each)
	// prepare fills s.in (and s.target, s.mask) from s.x; example i of the
	// shard is dataset row idx[i], drawn at step.
	prepare(s *shard, p *Pretrainer, idx []int)
	phases() int
	shardPhase(k int, s *shard, p *Pretrainer)
	reduce(k int, p *Pretrainer) error // after each phase but the last
	up(k int, p *Pretrainer) []*tensor.Mat
	down(k int, p *Pretrainer) []*tensor.Mat
	afterStep(p *Pretrainer)
	lossFLOPs(B int) int64
}

// batchLoss is a method whose loss needs the whole batch and runs at the
// coordinator: shards run forward (phase 0), the coordinator computes the
// loss and its gradient on the gathered outputs, and shards run backward
// (phase 1).
type batchLoss interface {
	nets() []*nn.MLP
	views() int
	slots() []int
	prepare(s *shard, p *Pretrainer, idx []int)
	forward(s *shard)
	// loss sees the gathered outputs, writes their gradients into dout and
	// adds the gradient of any parameters it uses itself (heads that need
	// the whole batch) into grad.
	loss(out, dout []*tensor.Mat, B int, grad []float64) float64
	backward(s *shard)
	afterStep(p *Pretrainer)
	lossFLOPs(B int) int64
}

// twoPhase runs a batchLoss as a two-phase method.
type twoPhase struct{ batchLoss }

func (m twoPhase) phases() int { return 2 }
func (m twoPhase) shardPhase(k int, s *shard, p *Pretrainer) {
	B, views := p.cfg.Batch, m.views()
	if k == 0 {
		m.forward(s)
		for i, o := range s.out {
			gatherRows(p.out[i], o, views, B, s.lo, s.rows())
		}
		return
	}
	for i, d := range p.dout {
		if d != nil {
			scatterRows(s.dout[i], d, views, B, s.lo, s.rows())
		}
	}
	m.backward(s)
}
func (m twoPhase) reduce(k int, p *Pretrainer) error {
	return p.setLoss(m.loss(p.out, p.dout, p.cfg.Batch, p.headGrad))
}
func (m twoPhase) up(k int, p *Pretrainer) []*tensor.Mat {
	if k == 0 {
		return p.out
	}
	return nil
}
func (m twoPhase) down(k int, p *Pretrainer) []*tensor.Mat {
	if k == 1 {
		return p.dout
	}
	return nil
}

// newMethod builds the networks of cfg's objective for inputs of width d.
func newMethod(cfg config.Config, d int) (method, error) {
	if cfg.IsText() {
		return newTextMethod(cfg, nil, nil) // no data: a cost estimate
	}
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
	case config.SimCLR:
		nt := objective.NTXentRows{Temperature: cfg.Temperature, AlignOnly: !cfg.Negatives}
		return &simclrMethod{enc: enc, proj: proj, k: k, nt: nt}, nil
	case config.Barlow:
		return twoPhase{&pairMethod{enc: enc, proj: proj, k: k, pair: &objective.BarlowTwins{Lambda: cfg.Lambda}}}, nil
	case config.VICReg:
		vic := &objective.VICReg{Sim: cfg.VICRegSim, Var: cfg.VICRegVar, Cov: cfg.VICRegCov}
		return twoPhase{&pairMethod{enc: enc, proj: proj, k: k, pair: vic}}, nil
	case config.SimSiam, config.BYOL:
		return twoPhase{newSiamese(cfg, enc, act)}, nil
	case config.MAE:
		sizes := []int{m}
		for i := len(cfg.Encoder) - 2; i >= 0; i-- {
			sizes = append(sizes, cfg.Encoder[i])
		}
		sizes = append(sizes, d)
		return twoPhase{&maskedMethod{enc: enc, dec: nn.NewMLP(sizes, act), ratio: cfg.MaskRatio}}, nil
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
			aug.ApplyRow(s.in.Row(v*b+i), s.x.Row(i), idx[i], s.rng)
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
func (m *pairMethod) loss(out, dout []*tensor.Mat, B int, _ []float64) float64 {
	z, dz := out[0], dout[0].Resize(2*B, m.k)
	return m.pair.Loss(z.Slice(0, B), z.Slice(B, 2*B), dz.Slice(0, B), dz.Slice(B, 2*B))
}
func (m *pairMethod) backward(s *shard) {
	encodeBackward(m.enc, m.proj, s.caches[0], s.caches[len(s.caches)-1], s.grad, s.dout[0])
}
func (m *pairMethod) afterStep(*Pretrainer) {}
func (m *pairMethod) lossFLOPs(B int) int64 {
	// A cross-correlation product and its gradient's two.
	return 3 * 2 * int64(B) * int64(m.k) * int64(m.k)
}

// siameseMethod is SimSiam (shared weights, stop-gradient) or, with byol
// set, BYOL (a target network that follows the online one by an exponential
// moving average). The loss is the symmetrised negative cosine between one
// view's prediction and the other view's (constant) target projection.
//
// The mechanisms that hold off collapse can be switched off, so a learner
// can watch it happen: without a predictor (pred 0) the prediction is the
// projection itself; without the stop-gradient the target is the other
// view's online projection and the gradient flows into it too (for BYOL
// this removes the target network: there is nothing left to average).
//
// Without batch statistics both methods collapse to a constant embedding,
// so, as in the papers, their projection and prediction heads batch-
// normalise their hidden layers. Batch norm needs the whole batch, so the
// shards run only the encoders and the small heads run where the batch is
// gathered, in loss.
type siameseMethod struct {
	enc, proj, pred *nn.MLP
	tenc, tproj     *nn.MLP // BYOL's target networks
	k               int
	byol            bool
	stopGrad        bool // the targets are constants
	ema             float64
	cos             objective.NegCosine

	cProj, cPred, cTProj [2]*nn.Cache // per view, at the coordinator
	z, t, dp, dt         [2]*tensor.Mat

	// frozen, if set, replaces SimSiam's targets: a gradient check must
	// hold the stop-gradient's constants fixed while it moves parameters.
	frozen [2]*tensor.Mat
}

func newSiamese(cfg config.Config, enc *nn.MLP, act nn.Activation) *siameseMethod {
	m := enc.Out()
	s := &siameseMethod{enc: enc, k: m, stopGrad: cfg.StopGrad}
	if len(cfg.Projector) > 0 {
		s.proj = nn.NewNormMLP(append([]int{m}, cfg.Projector...), act)
		s.k = s.proj.Out()
	}
	if cfg.Predictor > 0 {
		s.pred = nn.NewNormMLP([]int{s.k, cfg.Predictor, s.k}, act)
	}
	if cfg.Objective == config.BYOL && cfg.StopGrad {
		s.byol, s.ema = true, cfg.EMA
		s.tenc = newEncoderMLP(enc.Sizes, act)
		if s.proj != nil {
			s.tproj = nn.NewNormMLP(s.proj.Sizes, act)
		}
	}
	for v := 0; v < 2; v++ {
		if s.proj != nil {
			s.cProj[v] = s.proj.NewCache()
		}
		if s.tproj != nil {
			s.cTProj[v] = s.tproj.NewCache()
		}
		if s.pred != nil {
			s.cPred[v] = s.pred.NewCache()
		}
		s.z[v], s.t[v], s.dp[v], s.dt[v] = new(tensor.Mat), new(tensor.Mat), new(tensor.Mat), new(tensor.Mat)
	}
	return s
}

func (m *siameseMethod) nets() []*nn.MLP {
	nets := []*nn.MLP{m.enc}
	for _, n := range []*nn.MLP{m.proj, m.pred} {
		if n != nil {
			nets = append(nets, n)
		}
	}
	return nets
}
func (m *siameseMethod) views() int { return 2 }

// slots: the online encoder's features and, for BYOL, the target's.
func (m *siameseMethod) slots() []int {
	if m.byol {
		return []int{m.enc.Out(), m.enc.Out()}
	}
	return []int{m.enc.Out()}
}
func (m *siameseMethod) prepare(s *shard, p *Pretrainer, idx []int) {
	twoViews(s, p, idx, p.augs[s.lo/ShardSize])
}
func (m *siameseMethod) forward(s *shard) {
	s.out[0] = m.enc.Forward(s.caches[0], s.in) // (2b, m)
	if m.byol {
		s.out[1] = m.tenc.Forward(s.tcache[0], s.in) // (2b, m)
	}
}

// head runs a projector (if any) on view v's rows of h.
func head(proj *nn.MLP, c *nn.Cache, dst, h *tensor.Mat) {
	if proj == nil {
		dst.CopyFrom(h)
		return
	}
	dst.CopyFrom(proj.Forward(c, h))
}

func (m *siameseMethod) loss(out, dout []*tensor.Mat, B int, grad []float64) float64 {
	h := out[0]
	offProj := m.enc.NumParams()
	offPred := offProj
	if m.proj != nil {
		offPred += m.proj.NumParams()
	}
	var p [2]*tensor.Mat
	for v := 0; v < 2; v++ {
		head(m.proj, m.cProj[v], m.z[v], h.Slice(v*B, (v+1)*B)) // (B, k)
		p[v] = m.z[v]                                           // (B, k)
		if m.pred != nil {
			p[v] = m.pred.Forward(m.cPred[v], m.z[v])
		}
		switch {
		case m.byol:
			head(m.tproj, m.cTProj[v], m.t[v], out[1].Slice(v*B, (v+1)*B))
		case m.frozen[v] != nil:
			m.t[v].CopyFrom(m.frozen[v])
		default:
			m.t[v].CopyFrom(m.z[v]) // the stop-gradient: a constant copy
		}
	}
	// Without the stop-gradient, dt[v] is the gradient of the loss term
	// whose target is view v's projection, which flows back into z[v].
	var dt [2]*tensor.Mat
	if !m.stopGrad {
		dt = m.dt
	}
	l0 := m.cos.LossBoth(p[0], m.t[1], m.dp[0], dt[1])
	l1 := m.cos.LossBoth(p[1], m.t[0], m.dp[1], dt[0])
	dh := dout[0].Resize(2*B, m.enc.Out())
	for v := 0; v < 2; v++ {
		for i := range m.dp[v].Data {
			m.dp[v].Data[i] *= 0.5
		}
		dz := m.dp[v]
		if m.pred != nil {
			dz = m.pred.Backward(m.cPred[v], grad[offPred:], m.dp[v], true)
		}
		if dt[v] != nil {
			for i, g := range dt[v].Data {
				dz.Data[i] += 0.5 * g
			}
		}
		if m.proj != nil {
			dz = m.proj.Backward(m.cProj[v], grad[offProj:], dz, true)
		}
		copy(dh.Data[v*B*dh.Cols:(v+1)*B*dh.Cols], dz.Data)
	}
	if m.byol {
		dout[1] = nil // the target network gets no gradient
	}
	return 0.5 * (l0 + l1)
}
func (m *siameseMethod) backward(s *shard) {
	m.enc.Backward(s.caches[0], s.grad, s.dout[0], false)
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
func (m *siameseMethod) lossFLOPs(B int) int64 {
	heads := 3 * mlpFLOPs([]*nn.MLP{m.proj, m.pred}, 2*B)
	if m.byol {
		heads += mlpFLOPs([]*nn.MLP{m.tproj}, 2*B)
	}
	return heads + 2*3*2*int64(B)*int64(m.k)
}

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
		aug.ApplyRow(s.in.Row(i), s.x.Row(i), idx[i], s.rng)
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
func (m *maskedMethod) loss(out, dout []*tensor.Mat, B int, _ []float64) float64 {
	dout[1], dout[2] = nil, nil
	return m.mse.Loss(out[0], out[1], out[2], dout[0])
}
func (m *maskedMethod) backward(s *shard) {
	dh := m.dec.Backward(s.caches[1], s.grad[m.enc.NumParams():], s.dout[0], true)
	m.enc.Backward(s.caches[0], s.grad, dh, false)
}
func (m *maskedMethod) afterStep(*Pretrainer) {}
func (m *maskedMethod) lossFLOPs(B int) int64 { return 4 * int64(B) * int64(m.dec.Out()) }
