package train

import (
	"errors"
	"fmt"
	"math"

	"sslab/ml/config"
	"sslab/ml/data"
	"sslab/ml/nn"
	"sslab/ml/num"
	"sslab/ml/optim"
	"sslab/ml/tensor"
)

// Stream tags keep the parts of a run on independent random streams.
const (
	streamInit uint64 = iota + 1
	streamEpoch
	streamAug
	streamRandomEncoder
	streamAdapt
)

func augStream(step, row, view int) uint64 {
	return num.Stream(streamAug, uint64(step), uint64(row), uint64(view))
}

// maxLoss is where a loss counts as diverged before it reaches Inf: every
// objective here starts below 100, and one that has grown a billion-fold is
// only spending the seconds until overflow.
const maxLoss = 1e12

// maxWeightGrowth is how many times its starting norm the weight vector may
// grow before the run counts as diverged: healthy runs stay within a few
// times it; a learning rate a thousand times too large passes a hundred in
// tens of steps.
const maxWeightGrowth = 100

// ErrDiverged is wrapped by the error Step returns when the loss or the
// weights stop being finite numbers, or the weights grow without end.
var ErrDiverged = errors.New("training diverged")

// StepMetrics is what one pretraining step reports.
type StepMetrics struct {
	Step, Epoch int     // the step just taken (1-based) and its epoch (0-based)
	Loss        float64 // the objective on this mini-batch
	GradNorm    float64 // Euclidean norm of the summed gradient
	// Terms are the parts of the loss an objective has, whose sum is Loss:
	// VICReg's invariance, variance and covariance (see TermNames); nil for
	// the others.
	Terms []float64
}

// Pretrainer runs self-supervised pretraining one mini-batch at a time, so a
// caller (the command line, a Web Worker, a test) can stop between steps,
// draw a snapshot, or hand the encoder to the adapters.
type Pretrainer struct {
	cfg   config.Config
	ds    *data.Dataset
	split data.Split
	m     method
	exec  Executor

	params, grad []float64          // trainable parameters and their gradient
	headGrad     []float64          // the part of grad that the loss adds (heads run on the whole batch)
	nodeBuf      map[span][]float64 // sums of the gradient tree's inner nodes
	sent         map[span][]float64 // this step's node sums that workers sent
	sentBuf      map[span][]float64
	target       []float64 // BYOL's target encoder and projector
	initial      []float64 // the parameters before the first step
	opt          optim.Optimizer
	packs        []*nn.Packed // the networks' weights for this step's products (startPhase)

	augs   []*data.Pipeline // one per shard: a pipeline holds scratch
	shards []*shard
	out    []*tensor.Mat // gathered outputs, per slot
	dout   []*tensor.Mat
	batch  []int // dataset rows of the current mini-batch
	perm   []int // this epoch's order of the training rows

	step, stepsPerEpoch, totalSteps int
	permEpoch                       int     // the epoch p.perm was drawn for
	loss                            float64 // this step's loss, once a phase has computed it
	flopsPerStep                    int64

	// initNorm is the parameters' norm before the first step, refScale the
	// scale of the test embeddings and of their projections then: the
	// references for weights that explode and embeddings that shrink.
	initNorm float64
	refScale [2]float64
	knn      *KNNMonitor // made at the first Monitor
}

// maxNeighbourWork bounds the n²·d operations of the neighbour view's
// table (data.NewNeighbours), which a run pays before its first step: the
// lab's sets need at most about 10⁸ (digits), a user's file of 20,000 rows
// and 1,024 columns would need 4·10¹¹, minutes in a browser before the
// first step.
const maxNeighbourWork = 1e9

// NewPretrainer prepares pretraining on the training rows of split. The
// config must be valid (config.Validate); exec runs the shards.
func NewPretrainer(cfg config.Config, ds *data.Dataset, split data.Split, exec Executor) (*Pretrainer, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	n := len(split.Train)
	if cfg.Batch > n {
		return nil, fmt.Errorf("batch %d is larger than the %d training examples of %s; choose a batch of at most %d", cfg.Batch, n, ds.Name, n)
	}
	if work := float64(neighbourOps(n, ds.Dim())); cfg.Neighbours > 0 && work > maxNeighbourWork {
		return nil, fmt.Errorf("neighbours %d: the neighbour view first finds every training example's nearest ones, %d² × %d = %.1e operations for %s, more than the %.0e allowed (seconds in a browser); use a file with fewer rows or columns, or neighbours 0",
			cfg.Neighbours, n, ds.Dim(), work, ds.Name, maxNeighbourWork)
	}
	if cfg.Objective != "simsiam" && cfg.Objective != "byol" && cfg.Objective != "mae" && cfg.Batch < 2 {
		return nil, fmt.Errorf("batch %d: %s needs at least 2 examples per batch", cfg.Batch, cfg.Objective)
	}
	var m method
	var err error
	if cfg.IsText() {
		m, err = newTextMethod(cfg, ds, split.Train)
	} else {
		m, err = newMethod(cfg, ds.Dim())
	}
	if err != nil {
		return nil, err
	}
	if exec == nil {
		exec = Serial{}
	}
	p := &Pretrainer{cfg: cfg, ds: ds, split: split, m: m, exec: exec}
	p.stepsPerEpoch = n / cfg.Batch
	p.totalSteps = p.stepsPerEpoch * cfg.Epochs
	if cfg.IsText() && cfg.Steps > 0 {
		p.totalSteps = cfg.Steps
	}

	size := 0
	for _, net := range m.nets() {
		size += net.NumParams()
	}
	tm, _ := m.(*textMethod)
	var model *TextModel
	if tm != nil {
		model, _ = newTextModel(tm.shape)
		size = model.NumParams()
	}
	p.params = make([]float64, size)
	p.grad = make([]float64, size)
	p.headGrad = make([]float64, size)
	p.nodeBuf, p.sent, p.sentBuf = map[span][]float64{}, map[span][]float64{}, map[span][]float64{}
	off := 0
	rng := num.NewRNG(cfg.Seed, streamInit)
	for _, net := range m.nets() {
		net.Bind(p.params[off:])
		net.Init(rng)
		off += net.NumParams()
	}
	if model != nil {
		model.Init(p.params, rng)
	}
	if s := siamese(m); s != nil && s.byol {
		// The target starts as a copy of the online encoder and projector.
		size := s.enc.NumParams()
		if s.proj != nil {
			size += s.proj.NumParams()
		}
		p.target = append([]float64(nil), p.params[:size]...)
		s.tenc.Bind(p.target)
		if s.tproj != nil {
			s.tproj.Bind(p.target[s.enc.NumParams():])
		}
	}
	p.initial = append([]float64(nil), p.params...)
	p.initNorm = norm2(p.params)
	if p.opt, err = optim.New(cfg.Optimizer, size, cfg.LR, cfg.WeightDecay); err != nil {
		return nil, err
	}

	B := cfg.Batch
	aug := AugmentConfig(cfg)
	aug.Marginal = split.Train // corrupted features and neighbours come from training examples only
	for lo := 0; lo < B; lo += ShardSize {
		p.shards = append(p.shards, p.newShard(lo, min(lo+ShardSize, B)))
		if tm == nil { // a sentence's view is drawn by the text method
			p.augs = append(p.augs, data.NewAugmentation(ds, aug))
		}
	}
	for _, w := range m.slots() {
		p.out = append(p.out, tensor.NewMat(m.views()*B, w))
		p.dout = append(p.dout, tensor.NewMat(m.views()*B, w))
	}
	p.batch = make([]int, B)
	p.perm = make([]int, n)
	p.permEpoch = -1
	p.flopsPerStep = p.stepFLOPs()
	p.refScale = p.scales()
	return p, nil
}

// AugmentConfig returns the augmentation strengths of cfg. The rows that
// feature corruption and the neighbour view draw from are the split's, not
// the config's: a caller with cfg.Corrupt or cfg.Neighbours > 0 sets
// Marginal to the training rows.
func AugmentConfig(cfg config.Config) data.AugmentConfig {
	return data.AugmentConfig{RotationDeg: cfg.Rotation, Scale: cfg.Scale, Shift: cfg.Shift,
		Dropout: cfg.Dropout, Cutout: cfg.Cutout, Noise: cfg.Noise, Jitter: cfg.Jitter,
		Corrupt: cfg.Corrupt, Neighbours: cfg.Neighbours, Hops: cfg.Hops}
}

func (p *Pretrainer) newShard(lo, hi int) *shard {
	s := &shard{lo: lo, hi: hi, x: new(tensor.Mat), in: new(tensor.Mat), target: new(tensor.Mat),
		mask: new(tensor.Mat), grad: make([]float64, len(p.params)), rng: num.NewRNG(0, 0),
		n: new(tensor.Mat), w: new(tensor.Mat), sim: new(tensor.Mat)}
	for _, net := range p.m.nets() {
		s.caches = append(s.caches, net.NewCache())
	}
	if sm := siamese(p.m); sm != nil && sm.byol {
		s.tcache = append(s.tcache, sm.tenc.NewCache())
		if sm.tproj != nil {
			s.tcache = append(s.tcache, sm.tproj.NewCache())
		}
	}
	s.out = make([]*tensor.Mat, len(p.m.slots()))
	for range max(2, len(p.m.slots())) {
		s.dout = append(s.dout, new(tensor.Mat))
	}
	return s
}

// siamese returns m's SimSiam or BYOL method, or nil if it is another.
func siamese(m method) *siameseMethod {
	if tp, ok := m.(twoPhase); ok {
		s, _ := tp.batchLoss.(*siameseMethod)
		return s
	}
	return nil
}

// stepFLOPs counts one step's floating-point operations: every network's
// forward pass, a backward pass of about twice that, and the loss.
func (p *Pretrainer) stepFLOPs() int64 { return stepFLOPs(p.m, p.cfg.Batch) }

func stepFLOPs(m method, batch int) int64 {
	if tm, ok := m.(*textMethod); ok {
		return tm.stepFLOPs(batch)
	}
	rows := m.views() * batch
	f := 3 * mlpFLOPs(m.nets(), rows)
	f -= m.nets()[0].Layers[0].FLOPs(rows) // no gradient for the input
	if s := siamese(m); s != nil {
		f = 3*mlpFLOPs([]*nn.MLP{s.enc}, rows) - s.enc.Layers[0].FLOPs(rows)
		if s.byol {
			f += mlpFLOPs([]*nn.MLP{s.tenc}, rows)
		}
	}
	return f + m.lossFLOPs(batch)
}

// Step takes one optimiser step on the next mini-batch and reports it. It
// returns an error wrapping ErrDiverged, and changes nothing, if the loss or
// the gradient is not finite (or the loss passes maxLoss); and, after the
// step, if the weights have grown maxWeightGrowth-fold.
func (p *Pretrainer) Step() (StepMetrics, error) {
	if p.Done() {
		return StepMetrics{}, errors.New("pretraining is already complete")
	}
	if _, err := p.lossAndGradient(); err != nil {
		return StepMetrics{}, err
	}
	return p.update()
}

// lossAndGradient runs the current step's mini-batch through every phase
// and leaves its loss in p.loss and its gradient in p.grad, without
// changing the parameters. It depends only on the parameters and the step
// number: the views and masks come from per-example streams of (seed, step).
func (p *Pretrainer) lossAndGradient() (float64, error) {
	p.beginStep()
	clear(p.headGrad)
	for k := 0; k < p.m.phases(); k++ {
		if err := p.runPhase(k); err != nil {
			return math.NaN(), err
		}
		if k < p.m.phases()-1 {
			if err := p.m.reduce(k, p); err != nil {
				return p.loss, err
			}
		}
	}
	if f, ok := p.m.(interface{ finish(*Pretrainer) error }); ok {
		// A method whose loss is the sum of the shards' parts, known once
		// the last phase is done.
		if err := f.finish(p); err != nil {
			return p.loss, err
		}
	}
	p.sumGrads()
	return p.loss, nil
}

// beginStep draws the epoch's order at its first step and fixes the batch.
func (p *Pretrainer) beginStep() {
	epoch, pos := p.step/p.stepsPerEpoch, p.step%p.stepsPerEpoch
	if pos == 0 || p.permEpoch != epoch {
		rng := num.NewRNG(p.cfg.Seed, num.Stream(streamEpoch, uint64(epoch)))
		copy(p.perm, p.split.Train)
		rng.Shuffle(p.perm)
		p.permEpoch = epoch
	}
	B := p.cfg.Batch
	copy(p.batch, p.perm[pos*B:(pos+1)*B])
	p.loss = math.NaN()
}

// runPhase runs phase k of the step on every shard, through the executor.
func (p *Pretrainer) runPhase(k int) error {
	p.startPhase(k)
	if pe, ok := p.exec.(PhaseExecutor); ok {
		return pe.RunPhase(p, k)
	}
	p.exec.Run(len(p.shards), func(i int) { p.ShardPhase(k, i) })
	return nil
}

// ShardPhase runs phase k of the current step on shard i. An executor that
// keeps replicas of the pretrainer (Web Workers) calls it on a replica.
func (p *Pretrainer) ShardPhase(k, i int) {
	s := p.shards[i]
	if k == 0 {
		idx := p.batch[s.lo:s.hi]
		s.x.Gather(p.ds.X, idx)
		p.m.prepare(s, p, idx)
	}
	if k == p.m.phases()-1 {
		clear(s.grad)
	}
	p.m.shardPhase(k, s, p)
}

// update checks the gradient and takes the optimiser step.
func (p *Pretrainer) update() (StepMetrics, error) {
	norm := norm2(p.grad)
	if math.IsNaN(norm) || math.IsInf(norm, 0) {
		return StepMetrics{}, p.diverged("the gradient norm", norm)
	}
	p.opt.Step(p.params, p.grad)
	p.m.afterStep(p)
	// A loss that is bounded (a cosine, a softmax) cannot show a learning
	// rate that is far too large: the weights do, growing without end.
	if n := norm2(p.params); !(n <= maxWeightGrowth*max(p.initNorm, 1)) {
		return StepMetrics{}, fmt.Errorf("%w at step %d of %d: the weights have grown %.0f-fold (norm %.3g, %.3g at the start); try a smaller learning rate than %g",
			ErrDiverged, p.step+1, p.totalSteps, n/max(p.initNorm, 1), n, p.initNorm, p.cfg.LR)
	}
	epoch := p.step / p.stepsPerEpoch
	p.step++
	m := StepMetrics{Step: p.step, Epoch: epoch, Loss: p.loss, GradNorm: norm}
	if v := p.vicreg(); v != nil {
		inv, variance, cov := v.Terms()
		m.Terms = []float64{inv, variance, cov}
	}
	return m, nil
}

// setLoss records the step's loss, or the divergence it shows.
func (p *Pretrainer) setLoss(loss float64) error {
	p.loss = loss
	if !(math.Abs(loss) < maxLoss) { // also true for NaN
		return p.diverged("the loss", loss)
	}
	return nil
}

func (p *Pretrainer) diverged(what string, v float64) error {
	return fmt.Errorf("%w at step %d of %d: %s is %v; try a smaller learning rate than %g", ErrDiverged, p.step+1, p.totalSteps, what, v, p.cfg.LR)
}

// Done reports whether every step has been taken.
func (p *Pretrainer) Done() bool { return p.step >= p.totalSteps }

// Steps returns the steps taken and the total.
func (p *Pretrainer) Steps() (done, total int) { return p.step, p.totalSteps }

// StepsPerEpoch returns the number of mini-batches in one epoch.
func (p *Pretrainer) StepsPerEpoch() int { return p.stepsPerEpoch }

// FLOPs returns the floating-point operations of one step and of the whole
// pretraining.
func (p *Pretrainer) FLOPs() (perStep, total int64) {
	return p.flopsPerStep, p.flopsPerStep * int64(p.totalSteps)
}

// Encoder returns the current encoder; it shares the pretrainer's
// parameters, so take a Clone to keep it past further steps.
func (p *Pretrainer) Encoder() *Encoder {
	if tm, ok := p.m.(*textMethod); ok {
		m, _ := newTextModel(tm.shape)
		return &Encoder{Text: m, Params: p.params}
	}
	enc := p.m.nets()[0]
	return &Encoder{MLP: enc, Params: p.params[:enc.NumParams()]}
}

// InitialEncoder returns the encoder as it was before the first step: the
// "random encoder" baseline has exactly the pretrained network's
// architecture and initialisation.
func (p *Pretrainer) InitialEncoder() *Encoder {
	if tm, ok := p.m.(*textMethod); ok {
		m, _ := newTextModel(tm.shape)
		return &Encoder{Text: m, Params: append([]float64(nil), p.initial...)}
	}
	enc := p.m.nets()[0]
	return (&Encoder{MLP: enc, Params: p.initial[:enc.NumParams()]}).Clone()
}

// Params returns the trainable parameters (encoder first); the slice is the
// pretrainer's own.
func (p *Pretrainer) Params() []float64 { return p.params }

// Config returns the run's config.
func (p *Pretrainer) Config() config.Config { return p.cfg }

// Outputs returns the gathered outputs of the last step, per slot, views
// stacked (views·B, width): the projections for the pair objectives, whose
// similarity matrix the UI draws.
func (p *Pretrainer) Outputs() []*tensor.Mat { return p.out }

// Inputs returns the network inputs of the first shard of the last step
// (views stacked): the augmented views the UI shows. When the shards ran
// elsewhere (Web Workers), the first shard's views are made here.
func (p *Pretrainer) Inputs() (in *tensor.Mat, rows, views int) {
	s := p.shards[0]
	if s.in.Rows != s.rows()*p.m.views() {
		idx := p.batch[s.lo:s.hi]
		s.x.Gather(p.ds.X, idx)
		p.m.prepare(s, p, idx)
	}
	return s.in, s.rows(), p.m.views()
}

// norm2 returns the Euclidean norm of v.
func norm2(v []float64) float64 {
	var s float64
	for _, x := range v {
		s += x * x
	}
	return math.Sqrt(s)
}
