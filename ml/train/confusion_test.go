package train

import (
	"sync"
	"testing"

	"sslab/ml/config"
)

// blobsFixture is a short blobs-simclr run, evaluated with one draw per
// budget (so that a budget's row is its first draw's score): shared by the
// tests that compare other paths with Evaluate's rows.
type blobsFixture struct {
	cfg  config.Config
	run  *Run
	p    *Pretrainer
	a    *Adapter
	rows []Row
}

var (
	blobsOnce sync.Once
	blobs     blobsFixture
	blobsErr  error
)

func evaluatedBlobs(t *testing.T) blobsFixture {
	t.Helper()
	blobsOnce.Do(func() {
		cfg, err := config.Preset("blobs-simclr")
		if err != nil {
			blobsErr = err
			return
		}
		cfg.Epochs, cfg.AdaptEpochs, cfg.FewShotSeeds, cfg.Shots = 1, 5, 1, 2
		run, err := NewRun(cfg)
		if err != nil {
			blobsErr = err
			return
		}
		p, err := NewPretrainer(cfg, run.Dataset, run.Split, nil)
		if err != nil {
			blobsErr = err
			return
		}
		for !p.Done() {
			if _, err := p.Step(); err != nil {
				blobsErr = err
				return
			}
		}
		a := NewAdapter(cfg, run.Dataset, run.Split)
		blobs = blobsFixture{cfg: cfg, run: run, p: p, a: a, rows: a.Evaluate(p.Encoder(), p.InitialEncoder())}
	})
	if blobsErr != nil {
		t.Fatal(blobsErr)
	}
	return blobs
}

// TestConfusionMatchesEvaluate checks that each confusion matrix is the
// approach Evaluate scored: with one draw per budget, the matrix's accuracy
// must equal the row's value exactly.
func TestConfusionMatchesEvaluate(t *testing.T) {
	f := evaluatedBlobs(t)
	a, p, rows, run := f.a, f.p, f.rows, f.run
	for _, tc := range []struct {
		encoder, adaptation, metric string
		b                           Budget
	}{
		{"pretrained", "kmeans", "accuracy", 0},
		{"raw", "knn", "precision@1", 0},
		{"pretrained", "knn", "precision@1", 0},
		{"pretrained", "linear-probe", "accuracy", 2},
		{"random", "knn", "accuracy", 5},
		{"raw", "linear-probe", "accuracy", All},
		{"pretrained", "finetune", "accuracy", 2},
		{"pretrained", "finetune", "accuracy", 1},
		{"pretrained", "finetune", "accuracy", All},
		{"scratch", "finetune", "accuracy", 5},
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
