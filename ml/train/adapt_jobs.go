package train

import (
	"fmt"
	"math"

	"sslab/ml/eval"
	"sslab/ml/tensor"
)

// retrievalK is the K of the precision@K retrieval row.
const retrievalK = 10

// zeroShot scores a representation with no labels: k-means on the test
// features matched to the classes (Hungarian), and retrieval among the test
// examples (cosine similarity): precision@1, precision@10 and the mean
// average precision over the whole class. Labels only score; they never
// shape the clusters or the rankings.
func (a *Adapter) zeroShot(r features) []Row {
	test := new(tensor.Mat)
	test.Gather(r.unit, a.split.Test)
	labels := pick(a.ds.Labels, a.split.Test)
	km := eval.ClusterAccuracy(a.kmeans(test), labels, a.classes, a.classes)
	ret := eval.Retrieval(test, labels, retrievalK)
	one := func(adaptation, metric string, v float64) Row {
		return Row{Encoder: r.name, Adaptation: adaptation, NTask: 0, Metric: metric, Value: v, Draws: 1}
	}
	return []Row{
		one("kmeans", "accuracy", km),
		one("knn", "precision@1", ret.P1),
		one("knn", fmt.Sprintf("precision@%d", retrievalK), ret.PK),
		one("knn", "map", ret.MAP),
	}
}

// draw is one labelled draw's scores, or why it has none.
type draw struct {
	value, mse float64 // the test metric (accuracy or R²), and the MSE for regression
	failed     string
	note       string
}

// probeRows fits the linear probe on the frozen features at budget b, one
// fit per draw, and, for classification, the kNN classifier on the same
// labels.
func (a *Adapter) probeRows(r features, b Budget) []Row {
	test := new(tensor.Mat)
	test.Gather(r.x, a.split.Test)
	var probes, knn []draw
	for d, rows := range a.draws(b) {
		p, err := a.probeOf(r, b, d, rows)
		if err != nil {
			probes = append(probes, draw{failed: err.Error()})
		} else {
			d := a.score(p.predict(test))
			d.note = p.note
			probes = append(probes, d)
		}
		if !a.regression {
			knn = append(knn, draw{value: a.knnAccuracy(r.x, rows, test)})
		}
	}
	return a.rowsOf(r.name, "linear-probe", a.NTask(b), probes, knn)
}

// knnAccuracy is the few-shot kNN classifier's test accuracy: the labelled
// rows of the features x vote (cosine, k = 5, or all of them if fewer) on
// each row of test.
func (a *Adapter) knnAccuracy(x *tensor.Mat, rows []int, test *tensor.Mat) float64 {
	s := a.labelled(x, rows)
	return eval.KNNAccuracy(s.x, s.labels, test, pick(a.ds.Labels, a.split.Test), knnK(len(rows)), a.classes)
}

// knnK is the k of the few-shot kNN classifier on n labels.
func knnK(n int) int { return min(5, n) }

// finetuneRows trains the encoder and a linear head together at budget b:
// LP-FT when name is "pretrained" (the head starts from the probe fitted on
// rep, the pretrained features), training from scratch when it is
// "scratch" (enc is the random initialisation, the head random).
func (a *Adapter) finetuneRows(name string, enc *Encoder, rep features, b Budget) []Row {
	test := new(tensor.Mat)
	test.Gather(a.ds.X, a.split.Test)
	var fits []draw
	for d, rows := range a.draws(b) {
		var m *model
		var err error
		if name == "scratch" {
			m = a.scratchModel(enc, rows, d)
		} else {
			m, err = a.finetuneModel(enc, rep, b, rows, d)
		}
		if err != nil {
			fits = append(fits, draw{failed: err.Error()})
			continue
		}
		fits = append(fits, a.score(m.predict(test)))
	}
	return a.rowsOf(name, "finetune", a.NTask(b), fits, nil)
}

// score returns a draw's test metric (accuracy or R²) and, for regression,
// the MSE in the target's own units; outputs that are not finite (a
// finetuning that diverged) give no score.
func (a *Adapter) score(out *tensor.Mat) draw {
	for _, v := range out.Data {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return draw{failed: "the model's outputs are not finite numbers (training diverged; try a smaller learning rate)"}
		}
	}
	if !a.regression {
		return draw{value: eval.Accuracy(argmax(out), pick(a.ds.Labels, a.split.Test))}
	}
	pred := make([]float64, out.Rows)
	for i := range pred {
		pred[i] = out.Data[i]*a.sd + a.mean
	}
	truth := make([]float64, len(a.split.Test))
	for i, r := range a.split.Test {
		truth[i] = a.ds.Targets[r]
	}
	return draw{value: eval.R2(pred, truth), mse: eval.MSE(pred, truth)}
}

// rowsOf turns the draws of one approach into its rows: the task's metric
// (and the MSE for regression), and for classification probes the kNN row
// from knn.
func (a *Adapter) rowsOf(enc, adaptation string, n int, fits, knn []draw) []Row {
	rows := []Row{a.row(enc, adaptation, n, a.metric(), fits, func(d draw) float64 { return d.value })}
	if a.regression {
		rows = append(rows, a.row(enc, adaptation, n, "mse", fits, func(d draw) float64 { return d.mse }))
	} else if knn != nil {
		rows = append(rows, a.row(enc, "knn", n, "accuracy", knn, func(d draw) float64 { return d.value }))
	}
	return rows
}

// r2Floor is the R² below which a row carries a warning: the predictions
// miss by more than twice what predicting the mean would.
const r2Floor = -1

// row averages the draws' values into a row. One failed draw fails the row
// (a mean over the draws that worked would be a different protocol), with
// the first draw's reason.
func (a *Adapter) row(enc, adaptation string, n int, metric string, draws []draw, value func(draw) float64) Row {
	r := Row{Encoder: enc, Adaptation: adaptation, NTask: n, Metric: metric, Draws: len(draws)}
	values := make([]float64, 0, len(draws))
	for i, d := range draws {
		if d.failed != "" {
			r.Failed = d.failed
			if len(draws) > 1 {
				r.Failed = fmt.Sprintf("draw %d of %d: %s", i+1, len(draws), d.failed)
			}
			return r
		}
		if d.note != "" && r.Note == "" {
			r.Note = d.note
		}
		values = append(values, value(d))
	}
	r.Value, r.Std = meanStd(values)
	if math.IsNaN(r.Value) || math.IsInf(r.Value, 0) {
		return Row{Encoder: enc, Adaptation: adaptation, NTask: n, Metric: metric, Draws: len(draws),
			Failed: fmt.Sprintf("the %s is not a finite number", metric)}
	}
	if metric == "r2" && r.Value < r2Floor {
		r.Note = joinNotes(r.Note, fmt.Sprintf("R² = %.3g is below −1: the squared error is more than twice that of always predicting the mean (R² = 0)", r.Value))
	}
	return r
}

func joinNotes(a, b string) string {
	if a == "" {
		return b
	}
	return a + "; " + b
}

func meanStd(v []float64) (float64, float64) {
	if len(v) == 0 {
		return math.NaN(), 0
	}
	var s float64
	for _, x := range v {
		s += x
	}
	mean := s / float64(len(v))
	var ss float64
	for _, x := range v {
		ss += (x - mean) * (x - mean)
	}
	return mean, math.Sqrt(ss / float64(len(v)))
}
