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
	ds := readBrownForBench(b)
	cfg, _ := config.Preset("brown-mlm-long")
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
	enc, err := ck.EncoderFor(run.Config, run.Dataset)
	if err != nil {
		b.Fatal(err)
	}
	ta := newTextAdapter(NewAdapter(run.Config, run.Dataset, run.Split), enc.Text.Shape.MaxLen)
	const labelled, held = 4000, 1000
	if len(ta.pool) != labelled+held {
		b.Fatalf("the preset's pool holds %d sentences, want %d", len(ta.pool), labelled+held)
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
	layers := len(m.tr.Blocks)
	last, first, emb := upTo(layers), upTo(1), upTo(0)
	readouts := []struct {
		name string
		x    *tensor.Mat
	}{
		{"last", last},
		{"last+layer1", sideBySide(last, first)},
		{"last+emb", sideBySide(last, emb)},
		{"all", sideBySide(sideBySide(last, first), emb)},
	}
	// The lab's features are the last+emb readout, bit for bit.
	if lab := enc.TokenFeatures(ds, ta.pool, nil).X; !slices.Equal(lab.Data, readouts[2].x.Data) {
		b.Fatal("the lab's token features are not the last+emb readout")
	}
	heldEx := ta.examples(seq(labelled + held)[labelled:])
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
			for _, n := range []int{10, 100, 1000, labelled} {
				draws := 1
				if n <= 100 {
					draws = 5
				}
				acc := make([]float64, draws)
				for d := range draws {
					rng := num.NewRNG(uint64(d+1), num.Stream(streamAdapt, 900, uint64(n)))
					ex := ta.examples(rng.Perm(labelled)[:n])
					x := new(tensor.Mat)
					x.Gather(r.x, ex)
					p, _, err := eval.FitLogReg(x, labelsOf(ex), ta.classes, penalty(x), nil, textProbeSolver)
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

// sideBySide returns the rows of a and b concatenated: (N, da+db).
func sideBySide(a, b *tensor.Mat) *tensor.Mat {
	out := tensor.NewMat(a.Rows, a.Cols+b.Cols)
	for i := range a.Rows {
		copy(out.Row(i), a.Row(i))
		copy(out.Row(i)[a.Cols:], b.Row(i))
	}
	return out
}
