package train

import (
	"slices"
	"testing"

	"sslab/ml/config"
	"sslab/ml/data"
)

// The pretrainer's neighbour views are training rows near the example: on
// moons with the noise off, every view is one of the k training rows
// nearest to its example, never a test row.
func TestPretrainerNeighbourViews(t *testing.T) {
	cfg, err := config.Preset("moons-simclr")
	if err != nil {
		t.Fatal(err)
	}
	cfg.Neighbours, cfg.Noise, cfg.Jitter, cfg.Epochs = 5, 0, 0, 1
	run, err := NewRun(cfg)
	if err != nil {
		t.Fatal(err)
	}
	p, err := NewPretrainer(run.Config, run.Dataset, run.Split, Serial{})
	if err != nil {
		t.Fatal(err)
	}
	nb := data.NewNeighbours(run.Dataset.X, run.Split.Train, cfg.Neighbours)
	near := make([]int, cfg.Neighbours)
	for range 3 {
		if _, err := p.Step(); err != nil {
			t.Fatal(err)
		}
		in, rows, views := p.Inputs()
		for v := range views {
			for i := range rows {
				example := p.batch[i]
				k := nb.Nearest(near, run.Dataset.X.Row(example))
				view := in.Row(v*rows + i)
				if !slices.ContainsFunc(near[:k], func(r int) bool { return slices.Equal(run.Dataset.X.Row(r), view) }) {
					t.Fatalf("view %d of example %d is %v, none of its %d nearest training rows %v", v, example, view, k, near[:k])
				}
			}
		}
	}
}

// The config's bound on the neighbour view's k is the one ml/data keeps
// room for (config does not import data).
func TestNeighboursBoundAgrees(t *testing.T) {
	f, ok := config.Lookup("neighbours")
	if !ok {
		t.Fatal("no neighbours field")
	}
	if f.Min != 0 || f.Max != data.MaxNeighbours {
		t.Errorf("neighbours allows %v to %v, want 0 to data.MaxNeighbours = %d", f.Min, f.Max, data.MaxNeighbours)
	}
}
