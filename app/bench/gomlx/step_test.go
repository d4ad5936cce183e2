package main

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/gomlx/gomlx/backends"
	"github.com/gomlx/gomlx/backends/simplego"
	"github.com/gomlx/gomlx/pkg/core/tensors"
)

func newBackend(t *testing.T) backends.Backend {
	t.Helper()
	b, err := backends.NewWithConfig(simplego.BackendName)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(b.Finalize)
	return b
}

// ntXent of the check input is NT-Xent computed the long way in float64
// (normalise, similarities / Tau, log-softmax without the anchor, at the
// positive), to float32's precision.
func TestNTXentOfCheckInput(t *testing.T) {
	const rows, cols = 8, 4
	var z [rows][cols]float64
	for i := range rows {
		var ss float64
		for j := range cols {
			z[i][j] = math.Sin(float64(1 + i*cols + j))
			ss += z[i][j] * z[i][j]
		}
		for j := range cols {
			z[i][j] /= math.Sqrt(ss)
		}
	}
	var want float64
	for a := range rows {
		var sum, pos float64
		for b := range rows {
			var s float64
			for j := range cols {
				s += z[a][j] * z[b][j]
			}
			s /= Tau
			if b != a {
				sum += math.Exp(s)
			}
			if b == (a+rows/2)%rows {
				pos = s
			}
		}
		want += math.Log(sum) - pos
	}
	want /= rows
	got, err := checkLoss(newBackend(t))
	if err != nil {
		t.Fatal(err)
	}
	if math.Abs(got-want) > 1e-5 {
		t.Errorf("ntXent of the check input = %.7g, want %.7g", got, want)
	}
}

// The trainer learns: on one fixed small batch, 40 Adam steps of the
// step's model and loss bring NT-Xent well below its starting value, about
// log(2B-1) for random projections.
func TestTrainerLearns(t *testing.T) {
	const rows = 32 // two views of 16
	rng := rand.New(rand.NewPCG(3, 4))
	x := make([]float32, rows*D)
	for i := range x {
		x[i] = float32(rng.NormFloat64())
	}
	batch := tensors.FromFlatDataAndDimensions(x, rows, D)
	trainer := newTrainer(newBackend(t), 1)
	var first, last float64
	for i := range 40 {
		m, err := trainer.TrainStep(nil, []*tensors.Tensor{batch}, nil)
		if err != nil {
			t.Fatal(err)
		}
		last = float64(tensors.ToScalar[float32](m[0]))
		if i == 0 {
			first = last
		}
	}
	if start := math.Log(rows - 1); math.Abs(first-start) > 0.5 {
		t.Errorf("first loss %.4f, want about log(%d) = %.4f", first, rows-1, start)
	}
	if !(last < first-1) {
		t.Errorf("loss went from %.4f to %.4f in 40 steps on one batch, want a drop of more than 1", first, last)
	}
}
