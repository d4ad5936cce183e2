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

// fitSpec says how to train a model with its encoder: Adam on mini-batches,
// the head and the encoder each with its own learning rate.
type fitSpec struct {
	headLR, encLR float64 // Adam learning rates of the head and of the encoder
	headL2        float64 // λ of a penalty λ/2 ‖W‖² on the head's weights (LP-FT: the probe's)
	epochs        int
	maxSteps      int // 0: no cap
	batch         int
	seed          uint64
	stream        uint64
}

// steps returns the number of mini-batch steps spec takes on n examples:
// its epochs, at most maxSteps.
func (spec fitSpec) steps(n int) int {
	B := min(spec.batch, n)
	s := spec.epochs * ((n + B - 1) / B)
	if spec.maxSteps > 0 {
		s = min(s, spec.maxSteps)
	}
	return s
}

// model is an encoder followed by a linear head w: the predictor
// w^T φ(x) of finetuning and of training from scratch.
type model struct {
	enc  *nn.MLP
	head *nn.MLP
	p    []float64 // encoder parameters, then the head's
}

// newModel returns enc's network (a copy of its parameters) with a head of
// out outputs drawn at random from (seed, stream).
func newModel(enc *Encoder, out int, seed, stream uint64) *model {
	m := &model{head: nn.NewMLP([]int{enc.MLP.Out(), out}, nn.Identity), enc: newEncoderMLP(enc.MLP.Sizes, enc.MLP.Act)}
	m.p = make([]float64, m.enc.NumParams()+m.head.NumParams())
	copy(m.p, enc.Params)
	m.enc.Bind(m.p)
	m.head.Bind(m.p[m.enc.NumParams():])
	m.head.Init(num.NewRNG(seed, num.Stream(streamAdapt, stream, 1)))
	return m
}

// headParams returns the head's parameters, W (in, out) then b (a view).
func (m *model) headParams() []float64 { return m.p[m.enc.NumParams():] }

// fit trains m on s by Adam and returns the last mini-batch loss (without
// the head's penalty).
func (m *model) fit(s supervised, spec fitSpec) float64 {
	n := s.x.Rows
	if n == 0 {
		return math.NaN()
	}
	B := min(spec.batch, n)
	perEpoch := (n + B - 1) / B
	steps := spec.steps(n)
	off := m.enc.NumParams()
	grad := make([]float64, len(m.p))
	encOpt := optim.NewAdam(off, spec.encLR, 0)
	headOpt := optim.NewAdam(len(m.p)-off, spec.headLR, 0)
	nw := m.head.Layers[0].In * m.head.Layers[0].Out // the head's weights, before its biases
	rng := num.NewRNG(spec.seed, num.Stream(streamAdapt, spec.stream, 2))
	perm := rng.Perm(n)
	cEnc, cHead := m.enc.NewCache(), m.head.NewCache()
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
		// forward: encoder, head, loss.              x (b, d) -> h (b, m) -> out (b, C)
		h := m.enc.Forward(cEnc, xb)
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
		// backward: head (with its penalty λW), then encoder.
		clear(grad)
		hg := grad[off:]
		dh := m.head.Backward(cHead, hg, dout, true)
		if spec.headL2 > 0 {
			hp := m.p[off:]
			for j := range nw {
				hg[j] += float64(spec.headL2 * hp[j])
			}
		}
		m.enc.Backward(cEnc, grad[:off], dh, false)
		encOpt.Step(m.p[:off], grad[:off])
		headOpt.Step(m.p[off:], hg)
	}
	return loss
}

// predict returns the head's outputs for x (n, C): logits or standardised
// predictions.
func (m *model) predict(x *tensor.Mat) *tensor.Mat {
	h := (&Encoder{MLP: m.enc, Params: m.p[:m.enc.NumParams()]}).Embed(x)
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
