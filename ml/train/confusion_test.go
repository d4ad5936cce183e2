package train

import (
	"testing"

	"sslab/ml/config"
)

// TestConfusionMatchesEvaluate checks that each confusion matrix is the
// approach Evaluate scored: with one draw per budget, the matrix's accuracy
// must equal the row's value exactly.
func TestConfusionMatchesEvaluate(t *testing.T) {
	cfg, err := config.Preset("blobs-simclr")
	if err != nil {
		t.Fatal(err)
	}
	cfg.Epochs, cfg.AdaptEpochs, cfg.FewShotSeeds, cfg.Shots = 1, 5, 1, 2
	run, err := NewRun(cfg)
	if err != nil {
		t.Fatal(err)
	}
	p, err := NewPretrainer(cfg, run.Dataset, run.Split, nil)
	if err != nil {
		t.Fatal(err)
	}
	for !p.Done() {
		if _, err := p.Step(); err != nil {
			t.Fatal(err)
		}
	}
	a := NewAdapter(cfg, run.Dataset, run.Split)
	rows := a.Evaluate(p.Encoder(), p.InitialEncoder())
	for _, tc := range []struct {
		encoder, adaptation, metric string
		b                           Budget
	}{
		{"pretrained", "kmeans", "accuracy", 0},
		{"raw", "knn", "precision@1", 0},
		{"pretrained", "linear-probe", "accuracy", 2},
		{"random", "knn", "accuracy", 5},
		{"raw", "linear-probe", "accuracy", All},
		{"pretrained", "finetune", "accuracy", 2},
		{"scratch", "finetune", "accuracy", All},
	} {
		counts, n, err := a.Confusion(p.Encoder(), p.InitialEncoder(), tc.encoder, tc.adaptation, tc.b)
		if err != nil {
			t.Fatalf("%+v: %v", tc, err)
		}
		var hits, total int
		for i, row := range counts {
			for j, c := range row {
				if i == j {
					hits += c
				}
			}
		}
		total = len(run.Split.Test)
		got := float64(hits) / float64(total)
		found := false
		for _, r := range rows {
			if r.Encoder == tc.encoder && r.Adaptation == tc.adaptation && r.NTask == n && r.Metric == tc.metric {
				found = true
				if r.Value != got {
					t.Errorf("%+v: confusion accuracy %v, Evaluate %v", tc, got, r.Value)
				}
			}
		}
		if !found {
			t.Errorf("%+v: no row with n_task %d", tc, n)
		}
	}
	if _, _, err := a.Confusion(p.Encoder(), p.InitialEncoder(), "raw", "finetune", 2); err == nil {
		t.Error("finetuning raw inputs: no error")
	}
}
