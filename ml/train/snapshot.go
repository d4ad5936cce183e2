package train

import (
	"fmt"

	"sslab/ml/config"
	"sslab/ml/eval"
	"sslab/ml/nn"
	"sslab/ml/objective"
	"sslab/ml/tensor"
)

// Snapshot is what the page draws while pretraining runs: the monitors of
// representation quality and collapse, and a 2-D picture of the embedding.
type Snapshot struct {
	Step, Steps int
	// KNN is the kNN monitor with all labels; KNNAt the monitor at each of
	// MonitorBudgets (measured as the adaptation view measures kNN), and
	// KNNRaw and KNNRandom the same for the raw inputs and the random
	// encoder: the reference lines, which do not change over training.
	KNN                      float64
	KNNAt, KNNRaw, KNNRandom []KNNPoint
	EffRank                  float64   // effective rank of the test embeddings (1: collapsed)
	MeanStd                  float64   // mean per-dimension standard deviation
	MinStd                   float64   // smallest per-dimension standard deviation
	Alignment                float64   // of the last batch's two views (pair objectives)
	Uniformity               float64   // of the test embeddings
	DimStd                   []float64 // standard deviation of each dimension of the test embeddings
	// Spectrum is the fraction of the test embeddings' variance along each
	// of their first SpectrumLen principal directions.
	Spectrum []float64
	// Collapse is the collapse meter on the test embeddings (the
	// representation the probes read), HeadCollapse on their projections
	// (the space the loss acts on; nil when the loss reads the
	// representation itself).
	Collapse     eval.Collapse
	HeadCollapse *eval.Collapse `json:",omitempty"`
	Points       []float64      // test embeddings projected to 2-D by PCA: x0, y0, x1, y1, ...
	Labels       []int          // class of each point (nil for unlabeled data)
	// For text: the objective's mean loss on MonitorSentences test
	// sentences (their masks and negative words fixed for the run), and
	// the perplexity it amounts to for the language models (0 for
	// skip-gram, whose loss is not a likelihood). Points are then the
	// monitor sentences' tokens, Labels their parts of speech.
	HeldOutLoss float64 `json:",omitempty"`
	Perplexity  float64 `json:",omitempty"`
}

// SpectrumLen is the number of principal directions a Snapshot's Spectrum
// holds.
const SpectrumLen = 16

// Collapsed reports whether the snapshot's collapse meter sees a collapse
// of either the representation or its projections.
func (s *Snapshot) Collapsed() bool {
	return s.Collapse.Collapsed() || s.HeadCollapse != nil && s.HeadCollapse.Collapsed()
}

// Monitor embeds the data with the current encoder and measures it on the
// test split. Training labels are used only by the kNN monitor, which the
// encoder never sees.
func (p *Pretrainer) Monitor() Snapshot {
	if tm, ok := p.m.(*textMethod); ok {
		return p.textMonitor(tm)
	}
	enc := p.Encoder()
	all := enc.Embed(p.ds.X)
	test := new(tensor.Mat)
	test.Gather(all, p.split.Test)
	s := Snapshot{Step: p.step, Steps: p.totalSteps}
	if p.ds.Labels != nil {
		s.Labels = pick(p.ds.Labels, p.split.Test)
	}
	if p.knn == nil && p.ds.Labels != nil && p.cfg.Task == config.Classification {
		p.knn, _ = NewKNNMonitor(p.cfg, p.ds, p.split, p.InitialEncoder())
	}
	if p.knn != nil {
		s.KNNAt, s.KNNRaw, s.KNNRandom = p.knn.measure("encoder", all), p.knn.Raw, p.knn.Random
		s.KNN = s.KNNAt[len(s.KNNAt)-1].Accuracy // MonitorBudgets end with All
	}
	spectrum := eval.NewSpectrum(test)
	s.EffRank = spectrum.EffectiveRank()
	s.Spectrum = spectrum.VarianceFractions(SpectrumLen)
	s.Collapse = eval.AssessCollapse(test, spectrum, p.refScale[0])
	if h := p.head(); h != nil {
		z := forwardWhole(h, test)
		c := eval.AssessCollapse(z, eval.NewSpectrum(z), p.refScale[1])
		s.HeadCollapse = &c
	}
	std := eval.DimStd(test)
	s.DimStd = std
	s.MinStd = std[0]
	for _, v := range std {
		s.MeanStd += v / float64(len(std))
		s.MinStd = min(s.MinStd, v)
	}
	s.Uniformity = eval.Uniformity(test)
	if p.m.views() == 2 && p.step > 0 {
		z := p.out[0]
		B := z.Rows / 2
		s.Alignment = eval.Alignment(z.Slice(0, B), z.Slice(B, 2*B))
	}
	proj, _ := spectrum.PCA(2)
	s.Points = proj.Data
	return s
}

// scales returns the scale (root mean squared distance to the mean) of the
// test split's embeddings and of their projections (0 without a head): the
// references against which the collapse meter sees embeddings shrink.
func (p *Pretrainer) scales() [2]float64 {
	if _, ok := p.m.(*textMethod); ok {
		return p.textScales()
	}
	test := new(tensor.Mat)
	test.Gather(p.ds.X, p.split.Test)
	h := p.Encoder().Embed(test)
	var out [2]float64
	out[0] = eval.Scale(h)
	if head := p.head(); head != nil {
		out[1] = eval.Scale(forwardWhole(head, h))
	}
	return out
}

// head returns the projection head the objective's loss reads, or nil if
// the loss reads the representation itself.
func (p *Pretrainer) head() *nn.MLP {
	switch m := p.m.(type) {
	case *simclrMethod:
		return m.proj
	case twoPhase:
		switch b := m.batchLoss.(type) {
		case *pairMethod:
			return b.proj
		case *siameseMethod:
			return b.proj
		}
	}
	return nil
}

// forwardWhole runs net on all of x as one batch: a head with batch norm
// then normalises with the statistics of x, as it does in training.
func forwardWhole(net *nn.MLP, x *tensor.Mat) *tensor.Mat {
	return net.Forward(net.NewCache(), x).Clone()
}

// vicreg returns the run's VICReg loss, or nil for another objective.
func (p *Pretrainer) vicreg() *objective.VICReg {
	if tp, ok := p.m.(twoPhase); ok {
		if pm, ok := tp.batchLoss.(*pairMethod); ok {
			v, _ := pm.pair.(*objective.VICReg)
			return v
		}
	}
	return nil
}

// TermNames names the Terms of StepMetrics for objective o, nil if it has
// none.
func TermNames(o config.Objective) []string {
	if o == config.VICReg {
		return []string{"invariance", "variance", "covariance"}
	}
	return nil
}

// CrossCorrelation returns Barlow Twins' cross-correlation matrix of the
// last step's two views, (k, k), or nil for another objective. It is the
// loss's own buffer: copy it to keep it past the next step.
func (p *Pretrainer) CrossCorrelation() *tensor.Mat {
	if tp, ok := p.m.(twoPhase); ok {
		if pm, ok := tp.batchLoss.(*pairMethod); ok {
			if b, ok := pm.pair.(*objective.BarlowTwins); ok && p.step > 0 {
				return b.Correlation()
			}
		}
	}
	return nil
}

// CollapseReport is the collapse meter's reading as a report carries it:
// whether either the representation or its projections collapsed, each
// reading, and the reason in words.
type CollapseReport struct {
	Collapsed      bool           `json:"collapsed"`
	Representation eval.Collapse  `json:"representation"`
	Projections    *eval.Collapse `json:"projections,omitempty"`
	Reason         string         `json:"reason,omitempty"`
}

// CollapseReport returns the snapshot's collapse reading.
func (s *Snapshot) CollapseReport() *CollapseReport {
	r := &CollapseReport{Collapsed: s.Collapsed(), Representation: s.Collapse, Projections: s.HeadCollapse}
	switch {
	case s.Collapse.Collapsed():
		r.Reason = collapseReason("the representation", s.Collapse)
	case s.HeadCollapse != nil && s.HeadCollapse.Collapsed():
		r.Reason = collapseReason("the projections the loss compares", *s.HeadCollapse)
	}
	return r
}

// collapseReason says in words what the collapse meter saw in what.
func collapseReason(what string, c eval.Collapse) string {
	switch {
	case c.Complete && c.Shrink > 0 && c.Shrink < eval.CompleteShrink:
		return fmt.Sprintf("%s shrank to %.2g%% of their starting spread: every input maps to nearly the same point", what, 100*c.Shrink)
	case c.Complete:
		return fmt.Sprintf("%s collapsed to one point: their spread is %.2g%% of their size", what, 100*c.Spread)
	}
	return fmt.Sprintf("%s collapsed to nearly one line: %.0f%% of their variance lies along one direction", what, 100*c.Top)
}
