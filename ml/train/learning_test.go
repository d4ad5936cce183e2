package train

import (
	"testing"

	"sslab/ml/config"
)

// A short SimCLR run on digits must already show the lesson of the lab: the
// pretrained encoder beats the random one, and beats raw pixels when labels
// are scarce. The full-size thresholds of the default preset are checked by
// the command line (see the README); this is the same protocol, smaller.
func TestPretrainingHelps(t *testing.T) {
	if testing.Short() {
		t.Skip("pretrains for a few seconds")
	}
	cfg, err := config.Preset("digits-simclr")
	if err != nil {
		t.Fatal(err)
	}
	cfg.Epochs = 12
	run, err := NewRun(cfg)
	if err != nil {
		t.Fatal(err)
	}
	rep, err := run.Execute(Parallel{Workers: 2}, nil)
	if err != nil {
		t.Fatal(err)
	}
	get := func(enc, adaptation string, n int, metric string) float64 {
		v, ok := rep.Find(enc, adaptation, n, metric)
		if !ok {
			t.Fatalf("no row %s %s n_task=%d %s", enc, adaptation, n, metric)
		}
		return v
	}
	all := len(run.Split.Train)
	for _, c := range []struct {
		what      string
		got, want float64
	}{
		{"probe, all labels", get("pretrained", "linear-probe", all, "accuracy"), 0.93},
		{"probe, 1 label per class", get("pretrained", "linear-probe", 10, "accuracy"), 0.55},
		{"probe, 1 label per class, over the random encoder's",
			get("pretrained", "linear-probe", 10, "accuracy") - get("random", "linear-probe", 10, "accuracy"), 0.08},
		{"zero-shot k-means over the random encoder's",
			get("pretrained", "kmeans", 0, "accuracy") - get("random", "kmeans", 0, "accuracy"), 0.10},
		{"finetuning, all labels", get("pretrained", "finetune", all, "accuracy"), 0.95},
	} {
		if c.got < c.want {
			t.Errorf("%s: %.3f, want at least %.2f", c.what, c.got, c.want)
		} else {
			t.Logf("%s: %.3f (at least %.2f)", c.what, c.got, c.want)
		}
	}
}
