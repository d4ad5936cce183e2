package main

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"runtime/debug"
	"slices"
	"time"

	"github.com/gomlx/gomlx/backends"
	. "github.com/gomlx/gomlx/pkg/core/graph" //nolint:staticcheck
	"github.com/gomlx/gomlx/pkg/core/tensors"
)

// Warm-up: at least warmupSteps steps and warmupTime of stepping, the rule
// every contender of the benchmark follows, so that V8 has compiled and
// optimised the hot code before the timed steps.
const (
	warmupSteps = 3
	warmupTime  = 2 * time.Second
)

// result is what the worker posts to the page (and the page sets as
// window.gomlxBench): the fields of the other contenders' results.
type result struct {
	Library   string    `json:"library"`
	Version   string    `json:"gomlx_version"`
	Backend   string    `json:"backend"`
	DType     string    `json:"dtype"`
	Steps     int       `json:"steps"`
	Batch     int       `json:"batch"`
	Warmup    int       `json:"warmup"`
	MsPerStep float64   `json:"ms_per_step"`
	MsMin     float64   `json:"ms_min"`
	MsMax     float64   `json:"ms_max"`
	Times     []float64 `json:"times"`
	LastLoss  float64   `json:"last_loss"`
	CheckLoss float64   `json:"check_loss"`
	Inputs    string    `json:"inputs"`
	Error     string    `json:"error,omitempty"`
}

// checkInput is the fixed input of the loss check every contender runs:
// z (8, 4) with z[i][j] = sin(1 + 4i + j), as 2 views of a batch of 4. The
// benchmark compares each contender's NT-Xent of it (temperature Tau) with
// sslab's objective.NTXent, so that they are known to compute the same loss.
func checkInput() *tensors.Tensor {
	const rows, cols = 8, 4
	z := make([]float32, rows*cols)
	for i := range z {
		z[i] = float32(math.Sin(float64(1 + i)))
	}
	return tensors.FromFlatDataAndDimensions(z, rows, cols)
}

// checkLoss is ntXent, the step's loss, on checkInput.
func checkLoss(backend backends.Backend) (float64, error) {
	exec, err := NewExec(backend, func(z *Node) *Node { return ntXent(nil, []*Node{z}) })
	if err != nil {
		return 0, err
	}
	out, err := exec.Exec1(checkInput())
	if err != nil {
		return 0, err
	}
	return float64(tensors.ToScalar[float32](out)), nil
}

// gomlxVersion is the version of the GoMLX module this binary was built
// with, as the Go toolchain recorded it.
func gomlxVersion() string {
	if bi, ok := debug.ReadBuildInfo(); ok {
		for _, m := range bi.Deps {
			if m.Path == "github.com/gomlx/gomlx" {
				if m.Replace != nil {
					return m.Version + " => " + m.Replace.Path + " " + m.Replace.Version
				}
				return m.Version
			}
		}
	}
	return "unknown"
}

// views returns the two views of a batch, stacked (2B, 64): random-normal,
// made before each timed step (no augmentation is timed), rows i and i+B a
// positive pair.
func views(rng *rand.Rand) *tensors.Tensor {
	x := make([]float32, 2*B*D)
	for i := range x {
		x[i] = float32(rng.NormFloat64())
	}
	return tensors.FromFlatDataAndDimensions(x, 2*B, D)
}

// bench times at most steps training steps of GoMLX's trainer on backend
// after the warm-up, each from its inputs to its loss read back on the host;
// it stops after budget of timed stepping if it has timed 5 steps by then.
func bench(backend backends.Backend, steps int, budget time.Duration) (r result, err error) {
	defer func() {
		// GoMLX reports graph-building errors as panics.
		if p := recover(); p != nil {
			err = fmt.Errorf("panic: %v", p)
		}
	}()
	r = result{Library: "GoMLX", Version: gomlxVersion(), Backend: backend.Name(), DType: learnedDType.String(),
		Steps: steps, Batch: B, Inputs: "random-normal views made before each timed step (no augmentation timed)"}
	if r.CheckLoss, err = checkLoss(backend); err != nil {
		return r, fmt.Errorf("loss check: %w", err)
	}
	trainer := newTrainer(backend, 1)
	rng := rand.New(rand.NewPCG(1, 2))
	warmStart := time.Now()
	var timed time.Duration
	for {
		x := views(rng)
		t0 := time.Now()
		metrics, err := trainer.TrainStep(nil, []*tensors.Tensor{x}, nil)
		if err != nil {
			return r, err
		}
		// The first metric is the batch loss; reading it waits for the step.
		r.LastLoss = float64(tensors.ToScalar[float32](metrics[0]))
		t1 := time.Now()
		x.FinalizeAll()
		if r.Warmup < warmupSteps || t1.Sub(warmStart) < warmupTime {
			r.Warmup++
			continue
		}
		r.Times = append(r.Times, float64(t1.Sub(t0).Microseconds())/1e3)
		timed += t1.Sub(t0)
		if len(r.Times) == steps || (len(r.Times) >= 5 && timed >= budget) {
			break
		}
	}
	if math.IsNaN(r.LastLoss) || math.IsInf(r.LastLoss, 0) {
		return r, errors.New("loss is not finite: " + fmt.Sprint(r.LastLoss))
	}
	r.Steps = len(r.Times)
	s := slices.Sorted(slices.Values(r.Times))
	r.MsPerStep = (s[(len(s)-1)/2] + s[len(s)/2]) / 2
	r.MsMin, r.MsMax = s[0], s[len(s)-1]
	return r, nil
}
