package train

import (
	"testing"

	"sslab/ml/config"
	"sslab/ml/data"
)

// smallConfig returns a fast config of the given objective on digits:
// narrow networks and few epochs, for tests that check mechanics.
func smallConfig(t testing.TB, objective string) config.Config {
	t.Helper()
	cfg, err := config.Preset("digits-" + objective)
	if err != nil {
		t.Fatal(err)
	}
	cfg.Encoder = []int{24, 16}
	if len(cfg.Projector) > 0 {
		cfg.Projector = []int{16, 8}
	}
	if cfg.Objective.Uses("pred") {
		cfg.Predictor = 8
	}
	cfg.Batch = 40 // two shards: one full, one partial
	cfg.Epochs = 1
	return cfg
}

func newTestPretrainer(t testing.TB, cfg config.Config, exec Executor) *Pretrainer {
	t.Helper()
	ds, err := data.Load(cfg.Dataset, cfg.Seed)
	if err != nil {
		t.Fatal(err)
	}
	p, err := NewPretrainer(cfg, ds, data.DefaultSplit(ds), exec)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

var objectives = []string{"simclr", "simsiam", "byol", "barlow", "vicreg", "mae"}
