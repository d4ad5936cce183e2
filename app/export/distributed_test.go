package export

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"sslab/ml/config"
	"sslab/ml/train"
)

// TestDistributedSameLoss checks that two processes compute what one does:
// the same loss and gradient norm at every step, from the same weights and
// the same views, for every objective and a user's CSV of images. Each
// process encodes its part of every batch, so a loss or a batch norm that
// saw only its part would differ from the first step; a gradient that DDP
// combined wrongly would show in the gradient norm and, from the second
// step on, in the loss. An odd batch gives the processes parts of
// different sizes. The scripts run their own build, trainer and pretrain,
// all in one process group (one torch start per process, not one per
// script); TestTorchrun runs a whole script under torchrun.
func TestDistributedSameLoss(t *testing.T) {
	py := python(t)
	odd := func(c *config.Config) { c.Batch = 63 }
	runs := []struct {
		name string
		run  *train.Run
	}{
		{"simclr", newRun(t, "digits-simclr", nil)},
		{"simsiam", newRun(t, "digits-simsiam", nil)},
		{"byol", newRun(t, "digits-byol", odd)},
		{"barlow", newRun(t, "digits-barlow", nil)},
		{"vicreg", newRun(t, "digits-vicreg", nil)},
		{"mae", newRun(t, "digits-mae", odd)},
		{"scarf", newRun(t, "cancer-scarf", nil)},
		{"csv", csvRun(t)},
	}
	const steps = 3
	dir := t.TempDir()
	prog := filepath.Join(dir, "harness.py")
	if err := os.WriteFile(prog, []byte(harness), 0o644); err != nil {
		t.Fatal(err)
	}
	scripts := make([]string, len(runs))
	for i, r := range runs {
		scripts[i] = script(t, r.run, Options{})
	}
	input := func(world string) string {
		var cases []map[string]any
		for i, r := range runs {
			cases = append(cases, map[string]any{"script": scripts[i], "steps": steps,
				"trace": filepath.Join(dir, r.name+"."+world+".jsonl")})
		}
		b, err := json.Marshal(map[string]any{"pretrain": map[string]any{"script": cases[0]["script"], "cases": cases}})
		if err != nil {
			t.Fatal(err)
		}
		path := filepath.Join(dir, world+".json")
		if err := os.WriteFile(path, b, 0o644); err != nil {
			t.Fatal(err)
		}
		return path
	}
	runPy(t, py, prog, input("one"), filepath.Join(dir, "one.out.json"))
	runWorld(t, py, 2, prog, input("two"), filepath.Join(dir, "two.out.json"))
	for _, r := range runs {
		t.Run(r.name, func(t *testing.T) {
			one, two := readTrace(t, filepath.Join(dir, r.name+".one.jsonl")), readTrace(t, filepath.Join(dir, r.name+".two.jsonl"))
			if len(one) != steps || len(two) != steps {
				t.Fatalf("traces of %d and %d steps, want %d", len(one), len(two), steps)
			}
			for i := range one {
				a, b := one[i], two[i]
				if !within(a.Loss, b.Loss, 1e-6) || !within(a.GradNorm, b.GradNorm, 1e-6) {
					t.Errorf("step %d: one process loss %.12g, gradient norm %.12g; two processes %.12g, %.12g",
						a.Step, a.Loss, a.GradNorm, b.Loss, b.GradNorm)
				}
			}
			if one[0].Loss == one[steps-1].Loss {
				t.Errorf("the loss did not change over %d steps (%v): the steps did nothing", steps, one[0].Loss)
			}
		})
	}
}
