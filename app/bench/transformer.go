//go:build !wasm

package main

import (
	"fmt"
	"math"
	"strings"

	"sslab/ml/nn"
	"sslab/ml/objective"
	"sslab/ml/tensor"
)

// txStep is sslab's config of the transformer step TF.js also runs
// (web/bench/tfjs-mlm.js): the brown-mlm preset (d_model 64, 2 layers of 4
// heads, FFN 256, vocabulary 5,003, batch 64 sentences of 32 tokens, 15%
// masked, AdamW at lr 2e-3 and weight decay 0.01), with epochs only so
// that the run is long enough to time. The worker trains it on the
// training sentences of at least 32 tokens (app/worker's benchRun), so
// that every batch is 64×32 tokens with 5 masked in each sentence, the
// shape of TF.js's padded batch.
const txStep = "preset=brown-mlm&steps=0&epochs=100"

// The FLOPs of one transformer step, the one count of the transformer
// table: ml/train's Pretrainer.FLOPs() of txStep on those sentences (a
// test holds the two equal). With N = 64·32 = 2,048 tokens, d = 64, FFN
// 256, L = 32, and n = 64·5 = 320 scored rows over V = 5,003 words:
//
//	forward  = N · 2 layers · 2·(4d² + 2d·256 + 2Ld)  =   436,207,616
//	backward = 2 × forward                             =   872,415,232
//	output   = n · 3 · 2·V·d (logits, dh, dE)          =   614,768,640
//	total                                              = 1,923,391,488
//
// Embedding look-ups, norms, GELU, softmax and AdamW are left out.
const (
	txTokens       = 64 * 32
	txScored       = 64 * 5
	txForwardFLOPs = txTokens * 2 * 2 * (4*64*64 + 2*64*256 + 2*32*64)
	txOutputFLOPs  = txScored * 3 * 2 * 5003 * 64
	txStepFLOPs    = 3*txForwardFLOPs + txOutputFLOPs
)

// txCheckTolerance is how far TF.js's check (in float32) may be from
// sslab's (float64), relative to sslab's.
const txCheckTolerance = 1e-4

// txCheck is the input of the transformer check, which
// web/bench/tfjs-mlm.js's CHECK repeats: a model of vocabulary 11, 6
// positions, d_model 8, 2 layers of 2 heads, FFN 16, its parameters (in
// sslab's layout: the transformer's, then the output bias) 0.5·sin(1 + i);
// two sentences of 6 tokens, masked rows 1, 4 and 9 with targets 5, 9, 6.
var txCheck = struct {
	shape            nn.TransformerConfig
	ids, rows, targs []int
}{
	shape: nn.TransformerConfig{Vocab: 11, MaxLen: 6, Dim: 8, Layers: 2, Heads: 2, Hidden: 16},
	ids:   []int{4, 2, 7, 4, 9, 10, 3, 5, 2, 2, 8, 4},
	rows:  []int{1, 4, 9},
	targs: []int{5, 9, 6},
}

// txCheckReference is sslab's masked-token loss of the check input and the
// norm of its gradient over every parameter, computed by ml/nn's
// Transformer and objective.MaskedLM as a training step does.
func txCheckReference() (loss, gradNorm float64) {
	c := txCheck
	tr, err := nn.NewTransformer(c.shape)
	if err != nil {
		panic(err)
	}
	V, d, n := c.shape.Vocab, c.shape.Dim, tr.NumParams()
	params, grad := make([]float64, n+V), make([]float64, n+V)
	for i := range params {
		params[i] = 0.5 * math.Sin(float64(1+i))
	}
	tr.Bind(params)
	var tok nn.Tokens
	for s := 0; s < len(c.ids); s += c.shape.MaxLen {
		tok.Append(c.ids[s : s+c.shape.MaxLen])
	}
	cache := tr.NewCache()
	feat := tr.Forward(cache, &tok)
	var mlm objective.MaskedLM
	var dfeat tensor.Mat
	emb := &tensor.Mat{Rows: V, Cols: d, Data: params[:V*d]}
	loss = mlm.Loss(feat, c.rows, c.targs, len(c.rows), emb, params[n:], &dfeat, grad[:V*d], grad[n:])
	tr.Backward(cache, grad, &dfeat, &tok)
	var ss float64
	for _, g := range grad {
		ss += g * g
	}
	return loss, math.Sqrt(ss)
}

// txGoal is issue 12's bar: sslab with its workers at least this many
// times faster than TF.js wasm on the transformer step.
const txGoal = 2.0

// txMarkdown writes the transformer step's table and notes, if it ran.
func (r report) txMarkdown(b *strings.Builder) {
	if len(r.tx) == 0 {
		return
	}
	p := func(format string, a ...any) { fmt.Fprintf(b, format, a...) }
	cell := func(s string) string { return strings.ReplaceAll(s, "|", `\|`) }
	var wasm, one, many *contender
	for _, c := range r.tx {
		switch c.name {
		case "TF.js wasm":
			wasm = c
		case "sslab, 1 worker":
			one = c
		case fmt.Sprintf("sslab, %d workers", r.workers):
			many = c
		}
	}
	p("## Browser speed: one masked-token transformer step\n\n")
	p("| contender | ms/step (range over rounds) | GFLOP/s | vs TF.js wasm |\n")
	p("|---|---:|---:|---:|\n")
	var flopNotes []string
	for _, c := range r.tx {
		s := c.summary("")
		if s.n == 0 {
			p("| %s | %s | – | – |\n", r.rowName(c), cell(s.note))
			continue
		}
		vs := "–"
		if wasm != nil && c != wasm {
			vs = ratio(wasm, c)
		}
		p("| %s | %.1f (%.1f–%.1f) | %.2f | %s |\n", r.rowName(c), s.ms, s.msLo, s.msHi, s.gflops, vs)
		if c.peer == "" && s.ownFLOPs > 0 && math.Abs(s.ownFLOPs/txStepFLOPs-1) > 1e-3 {
			flopNotes = append(flopNotes, fmt.Sprintf("**%s: sslab's worker counted %s FLOPs per step (Pretrainer.FLOPs()), not the %s above**",
				c.name, comma(int(math.Round(s.ownFLOPs))), comma(txStepFLOPs)))
		}
	}
	p("\n")
	if one != nil && many != nil {
		p("- sslab with %d workers is **%s** faster than with 1 (ratio of the step times, per round).\n", r.workers, ratio(one, many))
	}
	if wasm != nil && many != nil {
		p("- Issue 12's bar, sslab with %d workers at least %.0f× faster than TF.js wasm: %s.\n", r.workers, txGoal, txVerdict(wasm, many))
	}
	p("- Step: masked-token prediction (BERT) on a batch of 64 sentences of 32 tokens; token and learned position embeddings, "+
		"2 pre-norm blocks of 4-head self-attention (d_model 64) and a GELU (exact) feed-forward block 64→256→64, a final LayerNorm; "+
		"the output softmax over the 5,003 words tied to the token table, plus a bias, scored at the masked positions only (5 a sentence, round(0.15·32): 320 rows), "+
		"mean cross-entropy; gradients of all weights; AdamW (lr 2e-3, weight decay 0.01; TF.js: tf.train.adam, then the decay applied to every weight). "+
		"sslab: the brown-mlm preset (`%s`) in float64, on the Brown corpus's training sentences of at least 32 tokens cut to 32 "+
		"(so that every batch has this shape; the worker fetches web/data's files), BERT's 80/10/10 masking; "+
		"TF.js (web/bench/tfjs-mlm.js, tf ops, tf.variableGrads through optimizer.minimize) in float32, on random word ids masked by the same rule before each timed step "+
		"(its work does not depend on the ids). TF.js's cpu backend is not timed here: a step would take seconds.\n", txStep)
	p("- FLOPs per step, for every contender: %s = forward %s (2,048 tokens · 2 layers · 2·(4·64² + 2·64·256 + 2·32·64)) + backward %s (2× forward) "+
		"+ output layer %s (320 rows · 3 · 2·5,003·64: the logits, their gradients for the features and for the table); "+
		"embedding look-ups, norms, GELU, softmax and AdamW are left out. sslab's Pretrainer.FLOPs() counts the same.\n",
		comma(txStepFLOPs), comma(txForwardFLOPs), comma(2*txForwardFLOPs), comma(txOutputFLOPs))
	for _, n := range flopNotes {
		p("- %s.\n", n)
	}
	p("- Same model: the TF.js page computes, with its own model code, the masked-token loss of a small check model "+
		"(vocabulary 11, d_model 8, 2 layers of 2 heads, FFN 16, parameters 0.5·sin(1 + i) in sslab's layout, 2 sentences of 6 tokens, 3 masked) "+
		"and the norm of its gradient over every weight; the benchmark requires them to be sslab's (ml/nn's Transformer, objective.MaskedLM), "+
		"%.7f and %.7f, within a relative %g; a page that differs gets an error instead of a figure.\n", r.txCheckLoss, r.txCheckNorm, txCheckTolerance)
	p("- Timing: as the SimCLR step's, in the same rounds (%d, interleaved with every other contender), the median of %d steps after the same warm-up.\n", r.rounds, r.steps)
}

// txVerdict words whether many (sslab with its workers) met txGoal
// against TF.js wasm: the median over rounds of TF.js's step time over
// sslab's.
func txVerdict(wasm, many *contender) string {
	var rs []float64
	for i := range min(len(wasm.outcomes), len(many.outcomes)) {
		a, b := wasm.outcomes[i], many.outcomes[i]
		if a.err == nil && b.err == nil && a.ms > 0 && b.ms > 0 {
			rs = append(rs, a.ms/b.ms)
		}
	}
	if len(rs) == 0 {
		return "not measured (no round where both ran)"
	}
	if m := median(rs); m < txGoal {
		return fmt.Sprintf("**not met** (%.2f×)", m)
	}
	return fmt.Sprintf("**met** (%.2f×)", median(rs))
}
