package train

import (
	"errors"
	"fmt"
	"math"

	"sslab/ml/eval"
	"sslab/ml/tensor"
)

// Confusion refits one approach of Evaluate at budget b and returns its
// confusion matrix on the test split, counts[true][predicted], with the
// number of labels it used. The page draws it for the approach a learner
// selects; Evaluate keeps only scores, so the approach is fitted again, on
// the first labelled draw with exactly Evaluate's seeds and settings: the
// matrix's accuracy equals the first draw's score.
//
// encoder is pretrained, random or raw (scratch for finetune), adaptation
// one of linear-probe, knn, finetune (pretrained or scratch) or kmeans
// (zero-shot, b ignored); knn at budget 0 is zero-shot retrieval, each test
// example taking the class of its nearest other test example. Regression
// tasks have no confusion matrix and return an error.
func (a *Adapter) Confusion(pre, random *Encoder, encoder, adaptation string, b Budget) ([][]int, int, error) {
	if a.regression {
		return nil, 0, errors.New("a confusion matrix needs a classification task")
	}
	labels := pick(a.ds.Labels, a.split.Test)
	if adaptation == "finetune" {
		var enc *Encoder
		switch encoder {
		case "pretrained":
			enc = pre
		case "scratch":
			enc = random
		default:
			return nil, 0, fmt.Errorf("finetuning applies to the pretrained encoder or from scratch, not %q", encoder)
		}
		if b == 0 {
			return nil, 0, errors.New("finetuning needs labels: choose a budget of at least 1 per class")
		}
		m := a.finetuneModel(enc, a.draws(b)[0], 0)
		test := new(tensor.Mat)
		test.Gather(a.ds.X, a.split.Test)
		return eval.ConfusionMatrix(argmax(m.predict(test)), labels, a.classes), a.NTask(b), nil
	}

	var x, unit *tensor.Mat
	for _, r := range a.representations(pre, random) {
		if r.name == encoder {
			x, unit = r.x, r.unit
		}
	}
	if x == nil {
		return nil, 0, fmt.Errorf("unknown encoder %q for %s: want pretrained, random or raw", encoder, adaptation)
	}
	test, testUnit := new(tensor.Mat), new(tensor.Mat)
	test.Gather(x, a.split.Test)
	testUnit.Gather(unit, a.split.Test)
	var pred []int
	n := a.NTask(b)
	switch {
	case adaptation == "kmeans":
		pred, n = matchClusters(a.kmeans(testUnit), labels, a.classes), 0
	case adaptation == "knn" && b == 0:
		pred, n = nearestOther(testUnit, labels), 0
	case adaptation == "knn":
		rows := a.draws(b)[0]
		s := a.labelled(x, rows)
		pred = eval.KNNPredict(s.x, s.labels, test, min(5, len(rows)), a.classes)
	case adaptation == "linear-probe" && b != 0:
		m := a.probeModel(x, a.draws(b)[0], 0)
		pred = argmax(m.predict(test))
	case adaptation == "linear-probe":
		return nil, 0, errors.New("a linear probe needs labels: choose a budget of at least 1 per class")
	default:
		return nil, 0, fmt.Errorf("unknown adaptation %q: want linear-probe, knn, finetune or kmeans", adaptation)
	}
	return eval.ConfusionMatrix(pred, labels, a.classes), n, nil
}

// matchClusters maps cluster ids to classes one-to-one so as to maximise
// agreement (as ClusterAccuracy does) and returns each example's class;
// an unmatched cluster predicts -1, which ConfusionMatrix leaves out.
func matchClusters(assign, labels []int, classes int) []int {
	cost := make([][]float64, classes)
	for c := range cost {
		cost[c] = make([]float64, classes)
	}
	for i, c := range assign {
		if c >= 0 && c < classes {
			cost[c][labels[i]]--
		}
	}
	match := eval.Hungarian(cost)
	pred := make([]int, len(assign))
	for i, c := range assign {
		pred[i] = -1
		if c >= 0 && c < classes {
			pred[i] = match[c]
		}
	}
	return pred
}

// nearestOther predicts each row's label as that of its nearest other row
// under cosine similarity, the retrieval of Evaluate's zero-shot rows.
func nearestOther(z *tensor.Mat, labels []int) []int {
	n := z.Rows
	pred := make([]int, n)
	norm := make([]float64, n)
	for i := range norm {
		var s float64
		for _, v := range z.Row(i) {
			s += v * v
		}
		norm[i] = math.Sqrt(s) + 1e-12
	}
	sim := new(tensor.Mat)
	tensor.MatMulTransB(sim, z, z)
	for i := 0; i < n; i++ {
		best, bestSim := -1, math.Inf(-1)
		for j := 0; j < n; j++ {
			if j == i {
				continue
			}
			if s := sim.At(i, j) / (norm[i] * norm[j]); s > bestSim {
				best, bestSim = j, s
			}
		}
		pred[i] = -1
		if best >= 0 {
			pred[i] = labels[best]
		}
	}
	return pred
}
