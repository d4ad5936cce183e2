package train

import (
	"math"
	"testing"

	"sslab/ml/config"
	"sslab/ml/internal/gradcheck"
)

// Each text objective's whole step (the sentence views, the shards, the
// transformer or the word vectors, the tied output layer) has the
// gradient that finite differences of its loss give: the views come from
// (seed, step, sentence), so the loss is a function of the parameters.
func TestTextGradients(t *testing.T) {
	ds := tinyCorpus(t, 4, 6)
	for _, obj := range textObjectives {
		t.Run(string(obj), func(t *testing.T) {
			cfg := textConfig(t, obj)
			cfg.DModel, cfg.Batch, cfg.Epochs = 8, 40, 10
			if obj != config.SkipGram {
				cfg.FFN = 12
			}
			p := newTextPretrainer(t, cfg, ds, Serial{})
			// A few steps first, so the output vectors of skip-gram (zero
			// at the start) and every part of the model are generic.
			for range 3 {
				if _, err := p.Step(); err != nil {
					t.Fatal(err)
				}
			}
			if _, err := p.lossAndGradient(); err != nil {
				t.Fatal(err)
			}
			grad := append([]float64(nil), p.grad...)
			loss := func() float64 {
				l, err := p.lossAndGradient()
				if err != nil {
					t.Fatal(err)
				}
				return l
			}
			tol := gradcheck.Tolerance{H: 1e-5, Rel: 1e-5, Abs: 2e-9, Min: 1e-4}
			gradcheck.Check(t, "parameters", tol, p.params, grad, loss, gradcheck.Stride(len(p.params), 200))
		})
	}
}

// Replicas that see only the protocol's messages give the serial run's
// bits for every text objective and 1, 2 or 3 replicas; so do goroutines.
func TestTextReplicasGiveIdenticalBits(t *testing.T) {
	ds := tinyCorpus(t, 4, 10)
	for _, obj := range textObjectives {
		t.Run(string(obj), func(t *testing.T) {
			cfg := textConfig(t, obj)
			cfg.Batch, cfg.Epochs = 80, 4 // three shards: 32, 32, 16
			ref := newTextPretrainer(t, cfg, ds, Serial{})
			for range 3 {
				if _, err := ref.Step(); err != nil {
					t.Fatal(err)
				}
			}
			check := func(name string, p *Pretrainer) {
				t.Helper()
				for range 3 {
					if _, err := p.Step(); err != nil {
						t.Fatal(err)
					}
				}
				for i := range ref.params {
					if math.Float64bits(ref.params[i]) != math.Float64bits(p.params[i]) {
						t.Fatalf("%s: parameter %d is %v, serial gave %v", name, i, p.params[i], ref.params[i])
					}
				}
			}
			check("2 goroutines", newTextPretrainer(t, cfg, ds, Parallel{Workers: 2}))
			for _, n := range []int{1, 2, 3} {
				e := &replicaExecutor{t: t}
				for range n {
					e.replicas = append(e.replicas, newTextPretrainer(t, cfg, ds, Serial{}))
				}
				check(string(rune('0'+n))+" replicas", newTextPretrainer(t, cfg, ds, e))
			}
		})
	}
}

// Pretraining lowers the held-out loss of the monitor's sentences: for the
// language models, their perplexity, which starts near the vocabulary's
// size.
func TestTextPretrainingLearns(t *testing.T) {
	ds := tinyCorpus(t, 4, 20)
	for _, obj := range textObjectives {
		t.Run(string(obj), func(t *testing.T) {
			cfg := textConfig(t, obj)
			cfg.Batch, cfg.Epochs = 32, 20
			p := newTextPretrainer(t, cfg, ds, Serial{})
			before := p.Monitor()
			for !p.Done() {
				if _, err := p.Step(); err != nil {
					t.Fatal(err)
				}
			}
			after := p.Monitor()
			if !(after.HeldOutLoss < 0.8*before.HeldOutLoss) {
				t.Errorf("held-out loss %.4f -> %.4f: not learning", before.HeldOutLoss, after.HeldOutLoss)
			}
			V := float64(len(ds.Text.Vocab))
			if obj != config.SkipGram {
				if !(before.Perplexity > 0.5*V && before.Perplexity < 2*V) || !(after.Perplexity < before.Perplexity/3) {
					t.Errorf("perplexity %.1f -> %.1f (vocabulary %v)", before.Perplexity, after.Perplexity, V)
				}
			} else if after.Perplexity != 0 {
				t.Errorf("skip-gram has a perplexity %v", after.Perplexity)
			}
			if len(after.Points) != 2*len(after.Labels) || len(after.Labels) == 0 {
				t.Errorf("%d coordinates for %d tagged tokens", len(after.Points), len(after.Labels))
			}
		})
	}
}
