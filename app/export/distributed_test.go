package export

import (
	"path/filepath"
	"strconv"
	"testing"

	"sslab/ml/config"
)

// TestDistributedSameLoss checks that two processes compute what one does:
// the same loss and gradient norm at every step, from the same weights and
// the same views, for every objective. Each process encodes half of every
// batch, so a loss or a batch norm that saw only its half would differ
// from the first step; a gradient that DDP combined wrongly would show in
// the gradient norm and, from the second step on, in the loss. An odd
// batch gives the processes slices of different sizes.
func TestDistributedSameLoss(t *testing.T) {
	py := python(t)
	for _, c := range []struct {
		preset string
		batch  int // 0 keeps the preset's
	}{
		{"digits-simclr", 0},
		{"digits-simsiam", 0},
		{"digits-byol", 63},
		{"digits-barlow", 0},
		{"digits-vicreg", 0},
		{"digits-mae", 63},
	} {
		t.Run(c.preset, func(t *testing.T) {
			r := newRun(t, c.preset, func(cfg *config.Config) {
				if c.batch > 0 {
					cfg.Batch = c.batch
				}
			})
			path := script(t, r, Options{})
			dir := filepath.Dir(path)
			const steps = 3
			args := func(trace string) []string {
				return []string{path, "--pretrain-only", "--quiet", "--threads", "1", "--steps", strconv.Itoa(steps), "--trace", filepath.Join(dir, trace)}
			}
			runPy(t, py, args("one.jsonl")...)
			runWorld(t, py, 2, args("two.jsonl")...)
			one, two := readTrace(t, filepath.Join(dir, "one.jsonl")), readTrace(t, filepath.Join(dir, "two.jsonl"))
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
