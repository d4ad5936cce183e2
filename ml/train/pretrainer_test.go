package train

import (
	"errors"
	"math"
	"slices"
	"strings"
	"testing"
)

// The batch is cut into shards of fixed size, so one, two or three
// executors must produce the same parameters to the last bit.
func TestExecutorsGiveIdenticalBits(t *testing.T) {
	for _, obj := range objectives {
		t.Run(obj, func(t *testing.T) {
			cfg := smallConfig(t, obj)
			cfg.Batch = 80 // three shards
			var ref []float64
			for _, exec := range []Executor{Serial{}, Parallel{Workers: 2}, Parallel{Workers: 3}} {
				p := newTestPretrainer(t, cfg, exec)
				for i := 0; i < 5; i++ {
					if _, err := p.Step(); err != nil {
						t.Fatal(err)
					}
				}
				if ref == nil {
					ref = slices.Clone(p.params)
					continue
				}
				for i := range ref {
					if math.Float64bits(ref[i]) != math.Float64bits(p.params[i]) {
						t.Fatalf("%#v: parameter %d is %v, serial gave %v", exec, i, p.params[i], ref[i])
					}
				}
			}
		})
	}
}

func TestLossFalls(t *testing.T) {
	for _, obj := range objectives {
		t.Run(obj, func(t *testing.T) {
			cfg := smallConfig(t, obj)
			cfg.Epochs = 3
			p := newTestPretrainer(t, cfg, Parallel{Workers: 2})
			var first, last float64
			n := 0
			for !p.Done() {
				m, err := p.Step()
				if err != nil {
					t.Fatal(err)
				}
				if m.Step <= 5 {
					first += m.Loss / 5
				}
				if _, total := p.Steps(); m.Step > total-5 {
					last += m.Loss / 5
				}
				n++
			}
			if !(last < first) {
				t.Fatalf("loss rose from %.4f (first 5 steps) to %.4f (last 5) over %d steps", first, last, n)
			}
			t.Logf("loss %.4f -> %.4f over %d steps", first, last, n)
		})
	}
}

func TestDivergenceStopsWithAMessage(t *testing.T) {
	cfg := smallConfig(t, "mae")
	cfg.LR = 10
	cfg.Optimizer = "sgd"
	cfg.Activation = "tanh" // ReLU units would die and end the growth
	cfg.Epochs = 20
	p := newTestPretrainer(t, cfg, Serial{})
	var err error
	for !p.Done() && err == nil {
		_, err = p.Step()
	}
	if !errors.Is(err, ErrDiverged) {
		t.Fatalf("masked autoencoding at lr 10 with SGD: want a divergence error, got %v", err)
	}
	if !strings.Contains(err.Error(), "smaller learning rate") {
		t.Fatalf("the message does not suggest a remedy: %v", err)
	}
	t.Log(err)
}

func TestBatchLargerThanData(t *testing.T) {
	cfg := smallConfig(t, "simclr")
	cfg.Dataset, cfg.Encoder = "moons", []int{8}
	cfg.Batch = 2048
	cfg.Rotation, cfg.Scale, cfg.Shift, cfg.Dropout = 0, 0, 0, 0
	if _, err := NewRun(cfg); err != nil {
		t.Skip(err)
	}
	r, _ := NewRun(cfg)
	if _, err := NewPretrainer(cfg, r.Dataset, r.Split, nil); err == nil || !strings.Contains(err.Error(), "batch") {
		t.Fatalf("a batch of 2048 on %d examples: got %v", len(r.Split.Train), err)
	}
}
