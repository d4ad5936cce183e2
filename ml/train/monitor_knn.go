package train

import (
	"errors"

	"sslab/ml/config"
	"sslab/ml/data"
	"sslab/ml/tensor"
)

// KNNMonitor measures an encoder during pretraining the way the adaptation
// view measures it: the few-shot kNN classifier's test accuracy at 1 label
// per class and with all labels, on the same label draws, the same
// features (as the probes read them) and the same k as Evaluate's knn
// rows. So the monitor's last reading equals the results table's kNN rows,
// and a kNN voting with every training label (which looks good from the
// first step) is shown beside the few-label one, where pretraining shows.
//
// The same numbers for the raw inputs and for the random encoder, which do
// not change while training runs, are computed once by NewKNNMonitor: the
// chart's reference lines, i.e. step 0 of what pretraining must beat.
type KNNMonitor struct {
	a       *Adapter
	budgets []Budget
	draws   [][][]int // per budget, per draw: labelled training rows
	// Raw and Random are the reference lines: the kNN accuracy of the raw
	// inputs and of the random encoder at each budget.
	Raw, Random []KNNPoint
}

// KNNPoint is the kNN accuracy at one budget, the mean over its draws.
type KNNPoint struct {
	Budget   Budget  `json:"budget"` // labels per class, All (-1) for all labels
	NTask    int     `json:"n_task"`
	Accuracy float64 `json:"accuracy"`
	Std      float64 `json:"std"`   // over the draws
	Draws    int     `json:"draws"` // label draws averaged
}

// MonitorBudgets are the budgets the kNN monitor measures.
var MonitorBudgets = []Budget{1, All}

// NewKNNMonitor prepares the monitor of cfg's run on ds (with its split)
// and measures the reference lines with the random encoder random (the
// pretrainer's initial encoder). It needs a classification task.
func NewKNNMonitor(cfg config.Config, ds *data.Dataset, split data.Split, random *Encoder) (*KNNMonitor, error) {
	if cfg.Task == config.Regression || ds.Labels == nil || ds.Classes < 2 {
		return nil, errors.New("the kNN monitor needs a classification task with labels")
	}
	a := NewAdapter(cfg, ds, split)
	m := &KNNMonitor{a: a, budgets: MonitorBudgets}
	for _, b := range m.budgets {
		m.draws = append(m.draws, a.draws(b))
	}
	m.Raw = m.measure("raw", ds.X)
	m.Random = m.Measure(random)
	return m, nil
}

// Measure returns enc's kNN accuracy at each of MonitorBudgets.
func (m *KNNMonitor) Measure(enc *Encoder) []KNNPoint {
	return m.measure("encoder", enc.Embed(m.a.ds.X))
}

// measure scores the representation x (every example) at each budget.
func (m *KNNMonitor) measure(name string, x *tensor.Mat) []KNNPoint {
	f := m.a.feature(name, x)
	test := new(tensor.Mat)
	test.Gather(f.x, m.a.split.Test)
	out := make([]KNNPoint, len(m.budgets))
	for i, b := range m.budgets {
		acc := make([]float64, len(m.draws[i]))
		for d, rows := range m.draws[i] {
			acc[d] = m.a.knnAccuracy(f.x, rows, test)
		}
		mean, sd := meanStd(acc)
		out[i] = KNNPoint{Budget: b, NTask: m.a.NTask(b), Accuracy: mean, Std: sd, Draws: len(acc)}
	}
	return out
}
