// Package main is the GoMLX contender of sslab's browser benchmark
// (go run ./app/bench): one SimCLR training step written in GoMLX's own
// idiom (a context with layers.Dense variables, NT-Xent written with graph
// ops, its Adam optimizer, train.Trainer), run on GoMLX's pure-Go simplego
// backend. Built with GOOS=js GOARCH=wasm, it runs in a Web Worker
// (web/bench/gomlx-worker.js); natively, its tests check the loss.
//
// It is a module of its own so that sslab's module, its tests and its
// binaries never depend on GoMLX.
package main

import (
	"github.com/gomlx/gomlx/backends"
	"github.com/gomlx/gomlx/pkg/core/dtypes"
	. "github.com/gomlx/gomlx/pkg/core/graph" //nolint:staticcheck // GoMLX's examples dot-import graph
	"github.com/gomlx/gomlx/pkg/core/shapes"
	"github.com/gomlx/gomlx/pkg/ml/context"
	"github.com/gomlx/gomlx/pkg/ml/layers"
	"github.com/gomlx/gomlx/pkg/ml/layers/activations"
	"github.com/gomlx/gomlx/pkg/ml/train"
	"github.com/gomlx/gomlx/pkg/ml/train/optimizers"
)

// The step every contender of the benchmark runs: a batch of B 8×8 images
// in two views (2B rows of 64 features), MLP 64-256-128 (encoder, ReLU) +
// 128-128-64 (projection, ReLU then linear), NT-Xent at temperature Tau,
// Adam with learning rate LR.
const (
	B            = 256
	D            = 64
	Tau          = 0.5
	LR           = 2e-3
	learnedDType = dtypes.Float32 // GoMLX's (and TF.js's, jax-js's) default
)

// widths are the output widths of the four dense layers.
var widths = []int{256, 128, 128, 64}

// model maps the stacked views x (2B, 64) to the projections z (2B, 64).
func model(ctx *context.Context, _ any, inputs []*Node) []*Node {
	h := inputs[0] // (2B, 64)
	for i, w := range widths {
		h = layers.Dense(ctx.In([]string{"enc0", "enc1", "proj0", "proj1"}[i]), h, true, w)
		if i < len(widths)-1 {
			h = activations.Relu(h)
		}
	}
	return []*Node{h} // (2B, 64)
}

// ntXent is SimCLR's loss as a train.LossFn (no labels): the mean over the
// 2B anchors of the (2B-1)-way log-softmax of the cosine similarities / Tau,
// self-similarity masked out, at the anchor's positive: row i's is row
// (i+B) mod 2B, the other view of the same image.
func ntXent(_ []*Node, predictions []*Node) *Node {
	z := predictions[0] // (2B, k)
	g := z.Graph()
	n := z.Shape().Dimensions[0]
	zn := L2Normalize(z, -1)                                         // (2B, k)
	logits := DivScalar(Einsum("ik,jk->ij", zn, zn), Tau)            // (2B, 2B)
	logp := MaskedLogSoftmax(logits, LogicalNot(Diagonal(g, n)), -1) // -inf on the diagonal
	rows := Iota(g, shapes.Make(dtypes.Int64, n, n), 0)
	cols := Iota(g, shapes.Make(dtypes.Int64, n, n), 1)
	positive := Equal(cols, ModScalar(AddScalar(rows, n/2), n))
	return Neg(ReduceAllMean(ReduceSum(Where(positive, logp, ZerosLike(logp)), -1)))
}

// newTrainer returns GoMLX's trainer of the step on backend, its weights
// initialised from seed.
func newTrainer(backend backends.Backend, seed int64) *train.Trainer {
	ctx := context.New()
	ctx.SetParam(context.ParamInitialSeed, seed)
	return train.NewTrainer(backend, ctx, model, ntXent,
		optimizers.Adam().LearningRate(LR).Done(), nil, nil)
}
