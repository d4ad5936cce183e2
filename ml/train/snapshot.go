package train

import (
	"sslab/ml/eval"
	"sslab/ml/tensor"
)

// Snapshot is what the page draws while pretraining runs: the monitors of
// representation quality and collapse, and a 2-D picture of the embedding.
type Snapshot struct {
	Step, Steps int
	KNN         float64   // kNN (k=5) accuracy of test features against training features
	EffRank     float64   // effective rank of the test embeddings (1: collapsed)
	MeanStd     float64   // mean per-dimension standard deviation
	MinStd      float64   // smallest per-dimension standard deviation
	Alignment   float64   // of the last batch's two views (pair objectives)
	Uniformity  float64   // of the test embeddings
	DimStd      []float64 // standard deviation of each dimension of the test embeddings
	Points      []float64 // test embeddings projected to 2-D by PCA: x0, y0, x1, y1, ...
	Labels      []int     // class of each point (nil for unlabeled data)
}

// Monitor embeds the test split with the current encoder and measures it.
// Training labels are used only by the kNN monitor, which the encoder never
// sees.
func (p *Pretrainer) Monitor() Snapshot {
	enc := p.Encoder()
	all := enc.Embed(p.ds.X)
	train, test := new(tensor.Mat), new(tensor.Mat)
	train.Gather(all, p.split.Train)
	test.Gather(all, p.split.Test)
	s := Snapshot{Step: p.step, Steps: p.totalSteps}
	if p.ds.Labels != nil {
		s.Labels = pick(p.ds.Labels, p.split.Test)
		s.KNN = eval.KNNAccuracy(train, pick(p.ds.Labels, p.split.Train), test, s.Labels, 5, p.ds.Classes)
	}
	spectrum := eval.NewSpectrum(test)
	s.EffRank = spectrum.EffectiveRank()
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
