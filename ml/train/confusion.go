package train

import (
	"errors"
	"fmt"

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
// example taking the class of its nearest other test example. Finetuning
// is LP-FT for the pretrained encoder, as in Evaluate; at a budget where
// Evaluate does not finetune (see FinetuneBudgets) it is the model that
// Evaluate fits when that budget is the config's. Regression tasks have no
// confusion matrix and return an error.
func (a *Adapter) Confusion(pre, random *Encoder, encoder, adaptation string, b Budget) ([][]int, int, error) {
	if a.regression {
		return nil, 0, errors.New("a confusion matrix needs a classification task")
	}
	if pre.Text != nil {
		return nil, 0, errors.New("the confusion matrix is not drawn for text yet: its rows give every approach's accuracy")
	}
	labels := pick(a.ds.Labels, a.split.Test)
	reps := a.representations(pre, random)
	if adaptation == "finetune" {
		if encoder != "pretrained" && encoder != "scratch" {
			return nil, 0, fmt.Errorf("finetuning applies to the pretrained encoder or from scratch, not %q", encoder)
		}
		if b == 0 {
			return nil, 0, errors.New("finetuning needs labels: choose a budget of at least 1 per class")
		}
		rows := a.draws(b)[0]
		var m *model
		if encoder == "scratch" {
			m = a.scratchModel(random, rows, 0)
		} else {
			var err error
			if m, err = a.finetuneModel(pre, reps[0], b, rows, 0); err != nil {
				return nil, 0, fmt.Errorf("no finetuned model to draw: %v", err)
			}
		}
		test := new(tensor.Mat)
		test.Gather(a.ds.X, a.split.Test)
		out := m.predict(test)
		if d := a.score(out); d.failed != "" {
			return nil, 0, fmt.Errorf("no finetuned model to draw: %s", d.failed)
		}
		return eval.ConfusionMatrix(argmax(out), labels, a.classes), a.NTask(b), nil
	}

	var x, unit *tensor.Mat
	for _, r := range reps {
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
		pred, n = pick(labels, eval.Retrieval(testUnit, labels, retrievalK).Nearest), 0
	case adaptation == "knn":
		rows := a.draws(b)[0]
		s := a.labelled(x, rows)
		pred = eval.KNNPredict(s.x, s.labels, test, knnK(len(rows)), a.classes)
	case adaptation == "linear-probe" && b != 0:
		p, err := a.fitProbe(x, a.draws(b)[0])
		if err != nil {
			return nil, 0, fmt.Errorf("no linear probe to draw: %v", err)
		}
		pred = argmax(p.predict(test))
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
