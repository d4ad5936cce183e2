package train

import (
	"slices"
	"strings"
	"testing"

	"sslab/ml/config"
	"sslab/ml/data"
	"sslab/ml/tensor"
)

// The pretrainer's neighbour views are training rows near the example: on
// moons with the noise off, every view is one of the k training rows
// nearest to its example, never a test row.
func TestPretrainerNeighbourViews(t *testing.T) {
	cfg, err := config.Preset("moons-simclr")
	if err != nil {
		t.Fatal(err)
	}
	cfg.Neighbours, cfg.Hops, cfg.Noise, cfg.Jitter, cfg.Epochs = 5, 1, 0, 0, 1
	run, err := NewRun(cfg)
	if err != nil {
		t.Fatal(err)
	}
	p, err := NewPretrainer(run.Config, run.Dataset, run.Split, Serial{})
	if err != nil {
		t.Fatal(err)
	}
	nb := data.NewNeighbours(run.Dataset.X, run.Split.Train, cfg.Neighbours, 1)
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

// The config's bounds on the neighbour view's k and walk are those ml/data
// accepts (config does not import data).
func TestNeighboursBoundsAgree(t *testing.T) {
	for _, tc := range []struct {
		name     string
		min, max float64
	}{{"neighbours", 0, data.MaxNeighbours}, {"hops", 1, data.MaxHops}} {
		f, ok := config.Lookup(tc.name)
		if !ok {
			t.Fatalf("no %s field", tc.name)
		}
		if f.Min != tc.min || f.Max != tc.max {
			t.Errorf("%s allows %v to %v, want %v to %v as ml/data", tc.name, f.Min, f.Max, tc.min, tc.max)
		}
	}
}

// The 2-D presets show the lesson on one seed at their fewest labels (1
// per class): the neighbour view's encoder beats the random encoder and
// the raw inputs there. The seed sweep is the lesson command's (README).
func TestPointPresetsLearn(t *testing.T) {
	if testing.Short() {
		t.Skip("pretrains for a few seconds")
	}
	for _, tc := range []struct {
		preset      string
		random, raw float64 // the lead wanted over each, in accuracy
	}{
		{"moons-simclr", 0.15, 0.15},
		{"circles-simclr", 0.15, 0.15},
		{"spirals-simclr", 0.01, 0.01},
	} {
		cfg, err := config.Preset(tc.preset)
		if err != nil {
			t.Fatal(err)
		}
		cfg.FewShotSeeds = 3
		run, err := NewRun(cfg)
		if err != nil {
			t.Fatal(err)
		}
		rep, err := run.Execute(Parallel{Workers: 2}, nil)
		if err != nil {
			t.Fatal(err)
		}
		n := run.Dataset.Classes
		get := func(enc string) float64 {
			v, ok := rep.Find(enc, "linear-probe", n, "accuracy")
			if !ok {
				t.Fatalf("%s: no %s probe row at n_task %d", tc.preset, enc, n)
			}
			return v
		}
		pre, random, raw := get("pretrained"), get("random"), get("raw")
		if pre-random < tc.random || pre-raw < tc.raw {
			t.Errorf("%s, 1 label per class: pretrained %.3f, random %.3f, raw %.3f; want a lead of %.2f and %.2f",
				tc.preset, pre, random, raw, tc.random, tc.raw)
		} else {
			t.Logf("%s, 1 label per class: pretrained %.3f, random %.3f, raw %.3f", tc.preset, pre, random, raw)
		}
	}
}

// A table too large for the neighbour view's search is refused before any
// work, naming the setting and the sizes; with the view off it is not.
func TestNeighbourViewTooLarge(t *testing.T) {
	cfg, err := config.Preset("moons-simclr")
	if err != nil {
		t.Fatal(err)
	}
	const n, d = 9000, 16 // 9000² · 16 = 1.3·10⁹
	ds := &data.Dataset{Name: "big.csv", X: tensor.NewMat(n, d), Labels: make([]int, n), Classes: 2}
	for i := range ds.Labels {
		ds.Labels[i] = i % 2
	}
	split := data.Split{Train: seq(n), Test: []int{0}}
	_, err = NewPretrainer(cfg, ds, split, Serial{})
	if err == nil || !strings.Contains(err.Error(), "neighbours 10") || !strings.Contains(err.Error(), "9000² × 16") {
		t.Fatalf("err = %v, want a refusal naming neighbours and the sizes", err)
	}
	cfg.Neighbours = 0 // hops keeps the preset's value, which then does not apply
	if _, err := NewPretrainer(cfg, ds, split, Serial{}); err != nil {
		t.Errorf("with the view off: %v", err)
	}
}
