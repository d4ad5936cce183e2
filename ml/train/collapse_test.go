package train

import (
	"errors"
	"strings"
	"testing"

	"sslab/ml/config"
)

// A bounded loss cannot diverge, so a far too large learning rate shows in
// the weights: every objective stops with a message that says so and names
// the remedy, within a few steps.
func TestRuinedRunStops(t *testing.T) {
	for _, obj := range objectives {
		t.Run(obj, func(t *testing.T) {
			cfg := smallConfig(t, obj)
			cfg.LR = 10
			cfg.Epochs = 3
			p := newTestPretrainer(t, cfg, Serial{})
			var err error
			for !p.Done() && err == nil {
				_, err = p.Step()
			}
			if !errors.Is(err, ErrDiverged) || !strings.Contains(err.Error(), "smaller learning rate") {
				t.Fatalf("lr 10: want a divergence error naming the remedy, got %v", err)
			}
			if done, _ := p.Steps(); done > 20 {
				t.Errorf("caught only after %d steps", done)
			}
		})
	}
}

// Each objective with its mechanism against collapse switched off is seen
// collapsed by the monitor within its run; with it on, it is not.
func TestCollapseCaught(t *testing.T) {
	for _, tc := range []struct {
		name, objective string
		off             func(c *config.Config)
	}{
		{"simsiam stop-gradient", "simsiam", func(c *config.Config) { c.StopGrad = false }},
		{"simsiam predictor", "simsiam", func(c *config.Config) { c.Predictor = 0 }},
		{"byol target network", "byol", func(c *config.Config) { c.StopGrad = false }},
		{"simclr negatives", "simclr", func(c *config.Config) { c.Negatives = false }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			for _, on := range []bool{true, false} {
				cfg := smallConfig(t, tc.objective)
				cfg.Encoder, cfg.Projector = []int{32, 16}, []int{16, 16}
				// A larger learning rate than the presets' gets a short run
				// to where the collapse shows.
				cfg.Batch, cfg.Epochs, cfg.LR = 64, 4, 0.01
				if !on {
					tc.off(&cfg)
				}
				p := newTestPretrainer(t, cfg, Parallel{Workers: 2})
				for !p.Done() {
					if _, err := p.Step(); err != nil {
						t.Fatal(err)
					}
				}
				s := p.Monitor()
				if s.Collapsed() == on {
					t.Errorf("mechanism on %v: collapsed %v (representation %+v, projections %+v)", on, s.Collapsed(), s.Collapse, s.HeadCollapse)
				}
			}
		})
	}
}

// VICReg reports its three terms, which add up to its loss, and Barlow
// Twins its cross-correlation; the other objectives report neither.
func TestObjectiveViews(t *testing.T) {
	for _, obj := range objectives {
		p := newTestPretrainer(t, smallConfig(t, obj), Serial{})
		m, err := p.Step()
		if err != nil {
			t.Fatal(err)
		}
		names := TermNames(config.Objective(obj))
		if len(m.Terms) != len(names) {
			t.Errorf("%s: %d terms, %d names", obj, len(m.Terms), len(names))
		}
		if len(m.Terms) > 0 {
			var sum float64
			for _, v := range m.Terms {
				sum += v
			}
			if d := sum - m.Loss; d > 1e-9 || d < -1e-9 {
				t.Errorf("%s: terms add to %v, loss %v", obj, sum, m.Loss)
			}
		}
		c := p.CrossCorrelation()
		if (c != nil) != (obj == "barlow") {
			t.Errorf("%s: cross-correlation %v", obj, c != nil)
		}
		if c != nil && (c.Rows != c.Cols || c.Rows != smallConfig(t, obj).Projector[len(smallConfig(t, obj).Projector)-1]) {
			t.Errorf("barlow: cross-correlation %dx%d", c.Rows, c.Cols)
		}
	}
}

// The report carries the collapse meter's reading and, when pretraining
// did not help, a verdict that names the collapse.
func TestReportSaysCollapsed(t *testing.T) {
	cfg := smallConfig(t, "simsiam")
	cfg.Encoder, cfg.Projector = []int{32, 16}, []int{16, 16}
	cfg.Batch, cfg.Epochs, cfg.LR = 64, 4, 0.01
	cfg.StopGrad = false
	cfg.FewShotSeeds, cfg.AdaptEpochs = 1, 5
	run, err := NewRun(cfg)
	if err != nil {
		t.Fatal(err)
	}
	rep, err := run.Execute(Parallel{Workers: 2}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Collapse == nil || !rep.Collapse.Collapsed || !strings.Contains(rep.Collapse.Reason, "projections") {
		t.Fatalf("collapse report %+v", rep.Collapse)
	}
	if v := rep.Verdict; !v.Helped && v.Cause != CauseCollapse {
		t.Errorf("pretraining did not help and the verdict blames %q, not the collapse: %v", v.Cause, v.Sentences)
	}
}

// The snapshot's kNN monitor is the adaptation view's: at 1 label per
// class and all labels, with the raw inputs and the random encoder as
// reference lines that stay put while training runs.
func TestSnapshotKNN(t *testing.T) {
	p := newTestPretrainer(t, smallConfig(t, "simclr"), Serial{})
	s0 := p.Monitor()
	for range 3 {
		if _, err := p.Step(); err != nil {
			t.Fatal(err)
		}
	}
	s := p.Monitor()
	m, err := NewKNNMonitor(p.cfg, p.ds, p.split, p.InitialEncoder())
	if err != nil {
		t.Fatal(err)
	}
	want := m.Measure(p.Encoder())
	if len(s.KNNAt) != len(MonitorBudgets) || s.KNNAt[0] != want[0] || s.KNNAt[1] != want[1] || s.KNN != want[1].Accuracy {
		t.Errorf("snapshot kNN %+v (%v), want %+v", s.KNNAt, s.KNN, want)
	}
	if s.KNNRaw[0] != s0.KNNRaw[0] || s.KNNRandom[1] != s0.KNNRandom[1] || s0.KNNRandom[1] != s0.KNNAt[1] {
		t.Errorf("reference lines moved or step 0 is not the random encoder: %+v %+v %+v", s0.KNNRandom, s.KNNRandom, s0.KNNAt)
	}
}
