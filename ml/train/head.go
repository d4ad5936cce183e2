package train

import (
	"math"

	"sslab/ml/nn"
	"sslab/ml/num"
	"sslab/ml/objective"
	"sslab/ml/optim"
	"sslab/ml/tensor"
)

// supervised is a labelled training set for a head: features (or raw
// inputs) with class labels, or with standardised regression targets.
type supervised struct {
	x       *tensor.Mat
	labels  []int     // classification
	targets []float64 // regression, standardised
	classes int       // 0 for regression
}

// fitSpec says how to train: the optimiser and its schedule.
type fitSpec struct {
	opt         string
	lr, wd      float64
	epochs      int
	maxSteps    int // 0: no cap
	batch       int
	seed        uint64
	stream      uint64
	trainEncode bool // finetuning: the encoder is trained with the head
}

// model is an optional encoder followed by a linear head w: the predictor
// w^T phi(x) of the adaptation methods (phi = identity for probes on
// precomputed features).
type model struct {
	enc  *nn.MLP // nil: the head reads its input directly
	head *nn.MLP
	p    []float64 // encoder parameters, then the head's
}

func newModel(enc *Encoder, in, out int, seed, stream uint64) *model {
	m := &model{head: nn.NewMLP([]int{in, out}, nn.Identity)}
	n := m.head.NumParams()
	if enc != nil {
		m.enc = newEncoderMLP(enc.MLP.Sizes, enc.MLP.Act)
		n += m.enc.NumParams()
	}
	m.p = make([]float64, n)
	off := 0
	if enc != nil {
		copy(m.p, enc.Params)
		m.enc.Bind(m.p)
		off = m.enc.NumParams()
	}
	m.head.Bind(m.p[off:])
	m.head.Init(num.NewRNG(seed, num.Stream(streamAdapt, stream, 1)))
	return m
}

// fit trains m on s; the encoder's part of the gradient is ignored unless
// spec.trainEncode. It returns the last mini-batch loss.
func (m *model) fit(s supervised, spec fitSpec) float64 {
	n := s.x.Rows
	if n == 0 {
		return math.NaN()
	}
	B := min(spec.batch, n)
	perEpoch := (n + B - 1) / B
	steps := spec.epochs * perEpoch
	if spec.maxSteps > 0 {
		steps = min(steps, spec.maxSteps)
	}
	off := 0
	if m.enc != nil {
		off = m.enc.NumParams()
	}
	trainable := m.p[off:]
	if spec.trainEncode {
		trainable = m.p
	}
	grad := make([]float64, len(m.p))
	opt, err := optim.New(spec.opt, len(trainable), spec.lr, spec.wd)
	if err != nil {
		panic(err) // the spec is built in this package from validated names
	}
	rng := num.NewRNG(spec.seed, num.Stream(streamAdapt, spec.stream, 2))
	perm := rng.Perm(n)
	var cEnc *nn.Cache
	if m.enc != nil {
		cEnc = m.enc.NewCache()
	}
	cHead := m.head.NewCache()
	xb, dout := new(tensor.Mat), new(tensor.Mat)
	labels := make([]int, B)
	targets := make([]float64, B)
	var ce objective.SoftmaxCrossEntropy
	var se objective.SquaredError
	var loss float64
	for step := 0; step < steps; step++ {
		pos := step % perEpoch
		if pos == 0 && step > 0 {
			rng.Shuffle(perm)
		}
		idx := perm[pos*B : min((pos+1)*B, n)]
		xb.Gather(s.x, idx)
		h := xb
		if m.enc != nil {
			h = m.enc.Forward(cEnc, xb)
		}
		out := m.head.Forward(cHead, h)
		if s.classes > 0 {
			for i, r := range idx {
				labels[i] = s.labels[r]
			}
			loss = ce.Loss(out, labels[:len(idx)], dout)
		} else {
			for i, r := range idx {
				targets[i] = s.targets[r]
			}
			loss = se.Loss(out, targets[:len(idx)], dout)
		}
		clear(grad)
		dh := m.head.Backward(cHead, grad[off:], dout, spec.trainEncode)
		if spec.trainEncode {
			m.enc.Backward(cEnc, grad, dh, false)
			opt.Step(m.p, grad)
		} else {
			opt.Step(trainable, grad[off:])
		}
	}
	return loss
}

// predict returns the head's outputs for x (n, C): logits or standardised
// predictions.
func (m *model) predict(x *tensor.Mat) *tensor.Mat {
	h := x
	if m.enc != nil {
		h = (&Encoder{MLP: m.enc, Params: m.p[:m.enc.NumParams()]}).Embed(x)
	}
	return forwardInChunks(m.head, h)
}

// argmax returns the index of each row's largest entry.
func argmax(m *tensor.Mat) []int {
	pred := make([]int, m.Rows)
	for i := range pred {
		row := m.Row(i)
		best := 0
		for j, v := range row {
			if v > row[best] {
				best = j
			}
		}
		pred[i] = best
	}
	return pred
}

// standardizer maps each column to mean 0 and standard deviation 1, with
// statistics taken from the rows it was fitted on (the training split).
type standardizer struct{ mean, inv []float64 }

func fitStandardizer(x *tensor.Mat, rows []int) standardizer {
	d := x.Cols
	s := standardizer{mean: make([]float64, d), inv: make([]float64, d)}
	for _, r := range rows {
		for j, v := range x.Row(r) {
			s.mean[j] += v
		}
	}
	n := float64(len(rows))
	for j := range s.mean {
		s.mean[j] /= n
	}
	for _, r := range rows {
		for j, v := range x.Row(r) {
			d := v - s.mean[j]
			s.inv[j] += d * d
		}
	}
	for j := range s.inv {
		sd := math.Sqrt(s.inv[j] / n)
		s.inv[j] = 1 / math.Max(sd, 1e-6)
	}
	return s
}

// apply returns a standardised copy of x.
func (s standardizer) apply(x *tensor.Mat) *tensor.Mat {
	out := x.Clone()
	for i := 0; i < out.Rows; i++ {
		row := out.Row(i)
		for j := range row {
			row[j] = (row[j] - s.mean[j]) * s.inv[j]
		}
	}
	return out
}
