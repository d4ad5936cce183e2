package train

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"sslab/ml/config"
	"sslab/ml/eval"
	"sslab/ml/nn"
	"sslab/ml/num"
	"sslab/ml/tensor"
)

// BenchmarkTextReadout measures which of the shipped long encoder's layers
// a part-of-speech probe should read, without the test split: probes are
// fitted on labelled sentences drawn from the first 4,000 of the
// brown-mlm-long preset's pool of 5,000 training sentences and scored on
// the tokens of the other 1,000, with the lab's penalty rule (penalty) and
// solver. The readouts, each through the model's final LayerNorm:
//
//   - last: the last block's output, what the language model reads;
//   - last+layer1: that and the first block's output, side by side;
//   - last+emb: that and the embedding's output (word and position),
//     which is what the lab's probes read (nn.Transformer.Features),
//     chosen from this benchmark;
//   - all: the three.
//
// It reports, per readout and budget, the held-out accuracy: at 10 and
// 100 sentences the mean and standard deviation over 5 draws, at 1,000 one
// draw, at 4,000 every labelled sentence. A few minutes natively.
func BenchmarkTextReadout(b *testing.B) {
	ta, enc, last, first, emb := longReadouts(b, config.POS)
	ds := ta.a.ds
	readouts := []readout{
		{"last", last, 1},
		{"last+layer1", sideBySide(last, first), 1},
		{"last+emb", sideBySide(last, emb), 1},
		{"all", sideBySide(sideBySide(last, first), emb), 1},
	}
	// The lab's features are the last+emb readout, bit for bit.
	if lab := enc.TokenFeatures(ds, ta.pool, nil).X; !slices.Equal(lab.Data, readouts[2].x.Data) {
		b.Fatal("the lab's token features are not the last+emb readout")
	}
	all := seq(readoutLabelled + readoutHeld)
	scoreReadouts(b, ta, readouts, all[:readoutLabelled], all[readoutLabelled:], 5)
}

// BenchmarkTextGenreReadout is BenchmarkTextReadout for the sentence task
// (informative against imaginative prose), with every fifth pool sentence
// held out instead of the last fifth. The probe reads each readout
// mean-pooled over a sentence's tokens, as the lab's does
// (TokenFeatures.Sentences), and it takes 40 draws at 10 and 100
// sentences: one sentence per example, a draw of ten spreads over five
// points. It also fits the lab's readout with the penalty rule's constant
// (penaltyScale) scaled by 0.1 to 10.
func BenchmarkTextGenreReadout(b *testing.B) {
	ta, enc, last, _, emb := longReadouts(b, config.Genre)
	pooled := func(x *tensor.Mat) *tensor.Mat {
		return (&TokenFeatures{Rows: ta.pool, Start: ta.poolStart, X: x}).Sentences() // (S, cols)
	}
	lab := pooled(sideBySide(last, emb))
	readouts := []readout{
		{"last", pooled(last), 1},
		{"emb", pooled(emb), 1},
		{"last+emb", lab, 1},
	}
	// The lab's readout with the penalty rule's constant scaled.
	for _, s := range []float64{0.1, 0.3, 3, 10} {
		readouts = append(readouts, readout{fmt.Sprintf("last+emb,penalty×%g", s), lab, s})
	}
	// The lab's sentence features are the pooled last+emb readout.
	if got := enc.TokenFeatures(ta.a.ds, ta.pool, nil).Sentences(); !slices.Equal(got.Data, lab.Data) {
		b.Fatal("the lab's sentence features are not the pooled last+emb readout")
	}
	// Every fifth pool sentence is held out: the pool runs through the
	// corpus in order, so its last fifth holds other genres in other
	// proportions than the first four fifths, and a probe fitted on
	// those would be scored on a task unlike its own.
	var labelled, held []int
	for i := range readoutLabelled + readoutHeld {
		if i%5 == 4 {
			held = append(held, i)
		} else {
			labelled = append(labelled, i)
		}
	}
	scoreReadouts(b, ta, readouts, labelled, held, 40)
}

// readout is a named readout of the pool's examples (tokens or sentences)
// and the factor its probes' penalty takes over the lab's rule (penalty).
type readout struct {
	name  string
	x     *tensor.Mat
	scale float64
}

// scoreReadouts fits the lab's probe on each readout's examples of
// labelled sentences drawn from labelled (indices into the pool) and
// reports its accuracy on those of held: at 10 and 100 sentences the mean
// and standard deviation over fewDraws draws, at 1,000 one draw, at 4,000
// every labelled sentence.
func scoreReadouts(b *testing.B, ta *textAdapter, readouts []readout, labelled, held []int, fewDraws int) {
	b.Helper()
	heldEx := ta.examples(held)
	labelsOf := func(ex []int) []int {
		y := make([]int, len(ex))
		for i, e := range ex {
			y[i] = ta.poolLabels[e]
		}
		return y
	}
	heldY := labelsOf(heldEx)
	b.ResetTimer()
	for range b.N {
		for _, r := range readouts {
			xv := new(tensor.Mat)
			xv.Gather(r.x, heldEx)
			for _, n := range []int{10, 100, 1000, len(labelled)} {
				draws := 1
				if n <= 100 {
					draws = fewDraws
				}
				acc := make([]float64, draws)
				for d := range draws {
					rng := num.NewRNG(uint64(d+1), num.Stream(streamAdapt, 900, uint64(n)))
					picked := make([]int, n)
					for i, j := range rng.Perm(len(labelled))[:n] {
						picked[i] = labelled[j]
					}
					ex := ta.examples(picked)
					x := new(tensor.Mat)
					x.Gather(r.x, ex)
					p, _, err := eval.FitLogReg(x, labelsOf(ex), ta.classes, r.scale*penalty(x), nil, textProbeSolver)
					if err != nil {
						b.Fatal(err)
					}
					acc[d] = eval.Accuracy(argmax(p.Logits(xv)), heldY)
				}
				mean, std := meanStd(acc)
				b.ReportMetric(mean, fmt.Sprintf("acc_%s_%d", r.name, n))
				if draws > 1 {
					b.ReportMetric(std, fmt.Sprintf("std_%s_%d", r.name, n))
				}
			}
		}
	}
}

// longReadouts reads the shipped long encoder for task and returns the
// preset's adapter, the encoder, and the pool's tokens through the final
// LayerNorm after the last block, the first block and the embedding.
func longReadouts(b *testing.B, task config.Task) (ta *textAdapter, enc *Encoder, last, first, emb *tensor.Mat) {
	b.Helper()
	ds := readBrownForBench(b)
	cfg, _ := config.Preset("brown-mlm-long")
	cfg.Task = task
	run, err := NewRunWithData(cfg, ds)
	if err != nil {
		b.Fatal(err)
	}
	f, err := os.Open(filepath.Join("..", "..", "web", "checkpoints", "brown-mlm-long.json"))
	if err != nil {
		b.Skip(err)
	}
	defer f.Close()
	ck, err := ReadCheckpoint(f)
	if err != nil {
		b.Fatal(err)
	}
	if enc, err = ck.EncoderFor(run.Config, run.Dataset); err != nil {
		b.Fatal(err)
	}
	ta = newTextAdapter(NewAdapter(run.Config, run.Dataset, run.Split), enc.Text.Shape.MaxLen)
	if len(ta.pool) != readoutLabelled+readoutHeld {
		b.Fatalf("the preset's pool holds %d sentences, want %d", len(ta.pool), readoutLabelled+readoutHeld)
	}
	m, _ := newTextModel(enc.Text.Shape)
	m.tr.Bind(enc.Params)
	// A transformer of the first k blocks shares the model's parameters:
	// its output is block k's residual stream through the final LayerNorm.
	upTo := func(k int) *tensor.Mat {
		tr := &nn.Transformer{Emb: m.tr.Emb, Blocks: m.tr.Blocks[:k], Final: m.tr.Final}
		var tok nn.Tokens
		sentenceTokens(&tok, ds, ta.pool, enc.Text.Shape.MaxLen)
		return tr.Forward(tr.NewCache(), &tok).Clone() // (N, d)
	}
	return ta, enc, upTo(len(m.tr.Blocks)), upTo(1), upTo(0)
}

// The readout benchmarks' split of the long preset's pool: labels from the
// first 4,000 sentences, scores on the other 1,000.
const readoutLabelled, readoutHeld = 4000, 1000

// sideBySide returns the rows of a and b concatenated: (N, da+db).
func sideBySide(a, b *tensor.Mat) *tensor.Mat {
	out := tensor.NewMat(a.Rows, a.Cols+b.Cols)
	for i := range a.Rows {
		copy(out.Row(i), a.Row(i))
		copy(out.Row(i)[a.Cols:], b.Row(i))
	}
	return out
}
