package train

import (
	"math"
	"testing"

	"sslab/ml/config"
	"sslab/ml/data"
	"sslab/ml/tensor"
)

// The pretrainer's SCARF views replace features only by values of training
// examples, at about the configured rate: on a table whose every value is
// distinct, each value of a view says which row and column it came from.
func TestPretrainerCorruptsFromTrainingRows(t *testing.T) {
	cfg, err := config.Preset("cancer-scarf")
	if err != nil {
		t.Fatal(err)
	}
	cfg.Corrupt, cfg.Noise, cfg.Jitter = 0.5, 0, 0
	cfg.Batch, cfg.Epochs = 40, 1
	const n, d = 160, 5
	ds := &data.Dataset{Name: "coded", X: tensor.NewMat(n, d), Labels: make([]int, n), Classes: 2}
	for i := range ds.X.Data {
		ds.X.Data[i] = float64(i + 1)
	}
	for i := range ds.Labels {
		ds.Labels[i] = i % 2
	}
	split := data.DefaultSplit(ds)
	train := map[int]bool{}
	for _, r := range split.Train {
		train[r] = true
	}
	p, err := NewPretrainer(cfg, ds, split, Serial{})
	if err != nil {
		t.Fatal(err)
	}
	replaced, total := 0, 0
	for !p.Done() {
		if _, err := p.Step(); err != nil {
			t.Fatal(err)
		}
		in, rows, views := p.Inputs()
		for v := range views {
			for i := range rows {
				example := p.batch[i]
				for j, x := range in.Row(v*rows + i) {
					k := int(x) - 1
					row, col := k/d, k%d
					if float64(k+1) != x || col != j || !train[row] {
						t.Fatalf("view %d of example %d: feature %d is %v, from row %d column %d; want column %d of a training row",
							v, example, j, x, row, col, j)
					}
					total++
					if row != example {
						replaced++
					}
				}
			}
		}
	}
	// A replacement drawn from the example itself goes unseen: the rate
	// seen is 0.5·(1-1/120). Allow 5 standard deviations.
	want := cfg.Corrupt * (1 - 1/float64(len(split.Train)))
	rate := float64(replaced) / float64(total)
	if sd := math.Sqrt(want * (1 - want) / float64(total)); math.Abs(rate-want) > 5*sd {
		t.Errorf("%.3f of the features replaced, want %.3f ± %.3f", rate, want, 5*sd)
	}
}

// SimCLR with SCARF views learns on the breast cancer table: the loss of
// the last steps is clearly below that of the first. A mechanics check on
// real data, fast enough for every run; the lesson itself is measured by
// the presets' seed sweep.
func TestCancerSCARFLearns(t *testing.T) {
	cfg, err := config.Preset("cancer-scarf")
	if err != nil {
		t.Fatal(err)
	}
	cfg.Epochs = 10
	run, err := NewRun(cfg)
	if err != nil {
		t.Fatal(err)
	}
	p, err := NewPretrainer(run.Config, run.Dataset, run.Split, Serial{})
	if err != nil {
		t.Fatal(err)
	}
	var losses []float64
	for !p.Done() {
		m, err := p.Step()
		if err != nil {
			t.Fatal(err)
		}
		losses = append(losses, m.Loss)
	}
	mean := func(x []float64) float64 {
		s := 0.0
		for _, v := range x {
			s += v
		}
		return s / float64(len(x))
	}
	first, last := mean(losses[:10]), mean(losses[len(losses)-10:])
	if !(last < first-0.2) {
		t.Errorf("loss over the first 10 steps %.3f, over the last 10 %.3f: want a drop of at least 0.2", first, last)
	}
}
