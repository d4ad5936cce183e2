package train

import (
	"math"

	"sslab/ml/nn"
	"sslab/ml/num"
	"sslab/ml/objective"
	"sslab/ml/optim"
	"sslab/ml/tensor"
)

// Text finetuning trains the encoder and a linear head on the labelled
// sentences: on every token's features (part of speech) or on each
// sentence's mean feature (genre). It takes aepochs epochs of batches of
// textFinetuneBatch sentences, at least textFinetuneMinSteps and at most
// textFinetuneMaxSteps steps: a step is a transformer's forward and
// backward pass over some 600 tokens, so "all" labels (43k sentences)
// gets a fraction of an epoch, which is already most of what it gives.
const (
	textFinetuneBatch    = 32
	textFinetuneMinSteps = 20
	textFinetuneMaxSteps = 200
)

// textSteps returns the finetuning steps on n labelled sentences.
func (t *textAdapter) textSteps(n int) int {
	per := (n + textFinetuneBatch - 1) / textFinetuneBatch
	return min(textFinetuneMaxSteps, max(textFinetuneMinSteps, t.a.cfg.AdaptEpochs*per))
}

// textModelHead is a text encoder with a linear head: parameters are the
// encoder's, then the head's W (Dim, C) and b (C).
type textModelHead struct {
	enc  *TextModel
	head nn.Dense
	p    []float64
}

func newTextModelHead(enc *Encoder, classes int) *textModelHead {
	m, _ := newTextModel(enc.Text.Shape)
	h := &textModelHead{enc: m, head: nn.Dense{In: m.FeatureDim(), Out: classes}}
	h.p = make([]float64, len(enc.Params)+h.head.NumParams())
	copy(h.p, enc.Params)
	h.head.Bind(h.p[len(enc.Params):])
	return h
}

func (h *textModelHead) encParams() []float64  { return h.p[:len(h.p)-h.head.NumParams()] }
func (h *textModelHead) headParams() []float64 { return h.p[len(h.p)-h.head.NumParams():] }

// finetuneRows trains at budget b, once per draw: LP-FT when name is
// "pretrained" (the head starts at the probe fitted on rep, the encoder at
// 0.3 of the head's learning rate, the probe's penalty kept on the head),
// training from scratch when it is "scratch" (enc the random encoder, a
// random head, both at ftlr).
func (t *textAdapter) finetuneRows(name string, enc *Encoder, rep textRep, b Budget) []Row {
	var fits []draw
	tokens := 0
	draws := t.draws(b)
	for d, picked := range draws {
		ex := t.examples(picked)
		tokens += len(ex)
		h := newTextModelHead(enc, t.classes)
		encLR, l2 := t.a.cfg.FinetuneLR, 0.0
		if name == "scratch" {
			rng := num.NewRNG(t.a.cfg.Seed, num.Stream(streamAdapt, 100+uint64(d), 1))
			for i := range h.head.W {
				h.head.W[i] = rng.Normal() / math.Sqrt(float64(h.head.In))
			}
		} else {
			p, err := t.probe(rep, b, d, ex)
			if err != nil {
				fits = append(fits, draw{failed: err.Error()})
				continue
			}
			copy(h.headParams(), p.m.Params)
			encLR *= encoderLRFactor
			l2 = p.lambda
		}
		t.fit(h, picked, encLR, l2, d)
		fits = append(fits, t.score(h))
	}
	row := t.a.row(name, "finetune", t.nTask(b), "accuracy", fits, func(d draw) float64 { return d.value })
	if t.token {
		row.NTokens = (tokens + len(draws)/2) / len(draws)
	}
	rows := []Row{row}
	t.noteSample(rows, b)
	return rows
}

// fit trains h on the pool sentences picked by Adam, the encoder at encLR
// and the head at ftlr with the penalty l2/2 ‖W‖², in batches drawn from
// draw d's stream.
func (t *textAdapter) fit(h *textModelHead, picked []int, encLR, l2 float64, d int) {
	ds := t.a.ds
	n := len(picked)
	B := min(textFinetuneBatch, n)
	perEpoch := (n + B - 1) / B
	steps := t.textSteps(n)
	encP := h.encParams()
	grad := make([]float64, len(h.p))
	encGrad, headGrad := grad[:len(encP)], grad[len(encP):]
	encOpt := optim.NewAdam(len(encP), encLR, 0)
	headOpt := optim.NewAdam(len(headGrad), t.a.cfg.FinetuneLR, 0)
	rng := num.NewRNG(t.a.cfg.Seed, num.Stream(streamAdapt, 200+uint64(d), 2))
	perm := rng.Perm(n)
	c := h.enc.newCache()
	var tok nn.Tokens
	var pooled, logits, dlogits, dpooled, scratch, dfeat tensor.Mat
	var ce objective.SoftmaxCrossEntropy
	rows := make([]int, 0, B)
	var labels []int
	for step := range steps {
		pos := step % perEpoch
		if pos == 0 && step > 0 {
			rng.Shuffle(perm)
		}
		rows, labels = rows[:0], labels[:0]
		for _, k := range perm[pos*B : min((pos+1)*B, n)] {
			i := picked[k]
			rows = append(rows, t.pool[i])
			if t.token {
				labels = append(labels, t.poolLabels[t.poolStart[i]:t.poolStart[i+1]]...)
			} else {
				labels = append(labels, t.poolLabels[i])
			}
		}
		sentenceTokens(&tok, ds, rows, t.maxLen)
		// forward: encoder, (mean over each sentence), head, loss.
		feat := h.enc.features(c, encP, &tok) // (N, f)
		in := feat
		if !t.token {
			meanPool(&pooled, feat, &tok) // (S, d)
			in = &pooled
		}
		h.head.Forward(&logits, in) // (N or S, C)
		ce.Loss(&logits, labels, &dlogits)
		// backward: head (with its penalty), (the mean), encoder.
		clear(grad)
		din := &dpooled
		h.head.Backward(din, &scratch, headGrad, in, &dlogits)
		for j := range h.head.W {
			headGrad[j] += float64(l2 * h.head.W[j])
		}
		if t.token {
			h.enc.featuresBackward(c, encP, encGrad, din, &tok)
		} else {
			meanPoolBackward(&dfeat, din, &tok)
			h.enc.featuresBackward(c, encP, encGrad, &dfeat, &tok)
		}
		encOpt.Step(encP, encGrad)
		headOpt.Step(h.headParams(), headGrad)
	}
}

// score returns h's test accuracy, or why it has none.
func (t *textAdapter) score(h *textModelHead) draw {
	enc := &Encoder{Text: h.enc, Params: h.encParams()}
	f := enc.TokenFeatures(t.a.ds, t.test, nil)
	x := f.X
	if !t.token {
		x = f.Sentences()
	}
	logits := new(tensor.Mat)
	h.head.Forward(logits, x)
	for _, v := range logits.Data {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return draw{failed: "the model's outputs are not finite numbers (training diverged; try a smaller learning rate)"}
		}
	}
	return draw{value: accuracyOf(argmax(logits), t.testLabels)}
}

func accuracyOf(pred, labels []int) float64 {
	hit := 0
	for i, p := range pred {
		if p == labels[i] {
			hit++
		}
	}
	return float64(hit) / float64(len(labels))
}

// meanPool sets dst (S, d) to each sentence's mean row of feat (N, d).
func meanPool(dst, feat *tensor.Mat, t *nn.Tokens) {
	dst.Resize(t.Sentences(), feat.Cols)
	clear(dst.Data)
	for s := range t.Sentences() {
		lo, hi := t.Span(s)
		row := dst.Row(s)
		for r := lo; r < hi; r++ {
			for j, v := range feat.Row(r) {
				row[j] += v
			}
		}
		if hi > lo {
			inv := 1 / float64(hi-lo)
			for j := range row {
				row[j] *= inv
			}
		}
	}
}

// meanPoolBackward sets dfeat (N, d) to the gradient of the tokens from
// that of their sentences' means dpooled (S, d).
func meanPoolBackward(dfeat, dpooled *tensor.Mat, t *nn.Tokens) {
	dfeat.Resize(t.Len(), dpooled.Cols)
	for s := range t.Sentences() {
		lo, hi := t.Span(s)
		inv := 1 / float64(max(1, hi-lo))
		for r := lo; r < hi; r++ {
			row := dfeat.Row(r)
			for j, v := range dpooled.Row(s) {
				row[j] = v * inv
			}
		}
	}
}
