package train

import (
	"testing"
)

// The kNN monitor measures what the results table reports: its readings
// of the final encoder, of the raw inputs and of the random encoder equal
// Evaluate's knn rows at 1 label per class and with all labels, bit for
// bit.
func TestKNNMonitorMatchesEvaluate(t *testing.T) {
	f := evaluatedBlobs(t)
	m, err := NewKNNMonitor(f.cfg, f.run.Dataset, f.run.Split, f.p.InitialEncoder())
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		encoder string
		points  []KNNPoint
	}{{"pretrained", m.Measure(f.p.Encoder())}, {"raw", m.Raw}, {"random", m.Random}} {
		if len(tc.points) != len(MonitorBudgets) {
			t.Fatalf("%s: %d points, want %d", tc.encoder, len(tc.points), len(MonitorBudgets))
		}
		for _, pt := range tc.points {
			want, ok := (&Report{Rows: f.rows}).Find(tc.encoder, "knn", pt.NTask, "accuracy")
			if !ok {
				t.Fatalf("%s: no knn row with n_task %d", tc.encoder, pt.NTask)
			}
			if pt.Accuracy != want {
				t.Errorf("%s at %d labels: monitor %v, results table %v", tc.encoder, pt.NTask, pt.Accuracy, want)
			}
		}
	}
	if m.Raw[0].Budget != 1 || m.Raw[1].Budget != All || m.Raw[1].NTask != len(f.run.Split.Train) {
		t.Errorf("budgets %+v", m.Raw)
	}
}

func TestKNNMonitorNeedsClasses(t *testing.T) {
	cfg := smallConfig(t, "simclr")
	cfg.Task = "regression"
	a, random := probeFixture(t, smallConfig(t, "simclr"))
	if _, err := NewKNNMonitor(cfg, a.ds, a.split, random); err == nil {
		t.Error("regression: no error")
	}
}
