package train

import (
	"sslab/ml/config"
	"sslab/ml/data/text"
	"sslab/ml/eval"
	"sslab/ml/nn"
	"sslab/ml/num"
	"sslab/ml/objective"
	"sslab/ml/tensor"
)

// MonitorSentences is how many test sentences the text monitor reads: a
// few thousand tokens, so a snapshot costs about a training step.
const MonitorSentences = 128

// streamTextMonitor is the stream of the monitor's fixed views (masks,
// negative words) of its sentences: the same at every snapshot, so the
// held-out loss moves only with the model.
const streamTextMonitor uint64 = 0x7e47_3017

// spread returns n of rows evenly spaced (all of them if there are fewer):
// a fixed sample of a split that covers its documents and genres.
func spread(rows []int, n int) []int {
	if n <= 0 || n >= len(rows) {
		return rows
	}
	out := make([]int, n)
	for i := range out {
		out[i] = rows[i*len(rows)/n]
	}
	return out
}

// MonitorRows returns the test sentences the text monitor reads.
func (p *Pretrainer) MonitorRows() []int { return spread(p.split.Test, MonitorSentences) }

// textScales returns the scale of the monitor sentences' token features at
// the start: the collapse meter's reference.
func (p *Pretrainer) textScales() [2]float64 {
	f := p.Encoder().TokenFeatures(p.ds, p.MonitorRows(), nil).Contextual()
	return [2]float64{eval.Scale(f.X), 0}
}

// textMonitor is Monitor for text: the held-out loss and perplexity of
// the monitor sentences, and the collapse meter and PCA map of their
// tokens' contextual features (TokenFeatures.Contextual), each point labelled with its token's part of speech
// (which the encoder never saw).
func (p *Pretrainer) textMonitor(tm *textMethod) Snapshot {
	enc := p.Encoder()
	rows := p.MonitorRows()
	f := enc.TokenFeatures(p.ds, rows, nil).Contextual()
	s := Snapshot{Step: p.step, Steps: p.totalSteps}
	loss, scored := heldOut(tm, enc, p, rows)
	s.HeldOutLoss = loss
	if tm.obj != config.SkipGram && scored > 0 {
		if ppl, err := objective.Perplexity(loss*float64(scored), scored); err == nil {
			s.Perplexity = ppl
		}
	}
	spectrum := eval.NewSpectrum(f.X)
	s.EffRank = spectrum.EffectiveRank()
	s.Spectrum = spectrum.VarianceFractions(SpectrumLen)
	s.Collapse = eval.AssessCollapse(f.X, spectrum, p.refScale[0])
	std := eval.DimStd(f.X)
	s.DimStd = std
	s.MinStd = std[0]
	for _, v := range std {
		s.MeanStd += v / float64(len(std))
		s.MinStd = min(s.MinStd, v)
	}
	s.Uniformity = eval.Uniformity(f.X)
	proj, _ := spectrum.PCA(2)
	s.Points = proj.Data
	s.Labels = tokenTags(p, f)
	return s
}

// tokenTags returns each token's tag in f, in f's order.
func tokenTags(p *Pretrainer, f *TokenFeatures) []int {
	tags := make([]int, 0, f.X.Rows)
	T := p.ds.X.Cols
	for i, r := range f.Rows {
		for j := range f.Start[i+1] - f.Start[i] {
			tags = append(tags, int(p.ds.Text.Tags[r*T+j]))
		}
	}
	return tags
}

// heldOut returns the objective's mean loss on sentences rows of the test
// split under enc, with their views drawn from the monitor's fixed
// streams, and the number of scored positions.
func heldOut(tm *textMethod, enc *Encoder, p *Pretrainer, rows []int) (float64, int) {
	model := enc.Text
	c := model.newCache()
	rng := num.NewRNG(0, 0)
	V := tm.shape.Vocab
	var total float64
	scored := 0
	var ids, in, positions, targets, centers, contexts, negatives []int
	var soft objective.TiedSoftmax
	var sg objective.SkipGram
	var h tensor.Mat
	var tok nn.Tokens
	var din []float64
	if tm.obj == config.SkipGram {
		din = make([]float64, 2*model.Shape.Vocab*model.Shape.Dim) // the gradient, unused
	}
	for lo := 0; lo < len(rows); lo += ShardSize {
		chunk := rows[lo:min(lo+ShardSize, len(rows))]
		tok.Reset()
		positions, targets = positions[:0], targets[:0]
		centers, contexts, negatives = centers[:0], contexts[:0], negatives[:0]
		for _, r := range chunk {
			ids = tm.sentence(ids, p.ds, r)
			rng.Reset(p.cfg.Seed, num.Stream(streamTextMonitor, uint64(r)))
			switch tm.obj {
			case config.MLM:
				in = append(in[:0], ids...)
				first, off := len(positions), tok.Len()
				positions, targets = text.MaskSentenceRate(tm.rate, in, ids, V, rng, positions, targets)
				for i := first; i < len(positions); i++ {
					positions[i] += off
				}
				tok.Append(in)
			case config.GPT:
				tok.Append(ids)
				for i := 0; i+1 < len(ids); i++ {
					targets = append(targets, ids[i+1])
				}
			case config.SkipGram:
				first := len(centers)
				centers, contexts = text.SkipGramPairs(centers, contexts, ids, tm.window, rng)
				negatives = tm.sampler.Sample(negatives, tm.negK*(len(centers)-first), rng)
			}
		}
		if tm.obj == config.SkipGram {
			if len(centers) > 0 {
				total += sg.Loss(model.TokenTable(enc.Params), model.OutputTable(enc.Params), centers, contexts, negatives,
					1, din[:len(din)/2], din[len(din)/2:])
				scored += len(centers)
			}
			continue
		}
		feat := model.forward(c, enc.Params, &tok)
		if tm.obj == config.MLM {
			h.Gather(feat, positions)
		} else {
			h.Gather(feat, predictionRows(&tok))
		}
		total += soft.NLL(&h, targets, model.TokenTable(enc.Params), model.Bias(enc.Params))
		scored += len(targets)
	}
	if scored == 0 {
		return 0, 0
	}
	return total / float64(scored), scored
}

// predictionRows returns the rows of t's next-token predictions: every
// token but its sentence's last.
func predictionRows(t *nn.Tokens) []int {
	var rows []int
	for s := 0; s < t.Sentences(); s++ {
		lo, hi := t.Span(s)
		for r := lo; r+1 < hi; r++ {
			rows = append(rows, r)
		}
	}
	return rows
}

// Guess is a model's guesses on one test sentence: at each of Positions
// (hidden for a masked-token model, the next word for a next-token one),
// the word that is there and the model's likeliest words.
type Guess struct {
	Tokens    []string     `json:"tokens"`
	Positions []int        `json:"positions"`
	Top       [][]WordProb `json:"top"`
}

// guessSentences is the longest sentence Guesses shows.
const guessSentences = 20

// Guesses returns the model's k likeliest words at the masked positions
// (masked-token prediction, the monitor's masks) or at a few next words
// (next-token prediction) of the first n monitor sentences of at most
// guessSentences tokens; none for skip-gram.
func (p *Pretrainer) Guesses(n, k int) []Guess {
	tm, ok := p.m.(*textMethod)
	if !ok || tm.obj == config.SkipGram {
		return nil
	}
	enc := p.Encoder()
	vocab := p.ds.Text.Vocab
	V := tm.shape.Vocab
	rng := num.NewRNG(0, 0)
	var out []Guess
	var ids, in []int
	for _, r := range p.MonitorRows() {
		if len(out) == n {
			break
		}
		ids = tm.sentence(ids, p.ds, r)
		if len(ids) < 4 || len(ids) > guessSentences {
			continue
		}
		g := Guess{}
		for _, id := range ids {
			g.Tokens = append(g.Tokens, vocab[id])
		}
		in = append(in[:0], ids...)
		var rows []int
		if tm.obj == config.MLM {
			rng.Reset(p.cfg.Seed, num.Stream(streamTextMonitor, uint64(r)))
			g.Positions, _ = text.MaskSentenceRate(tm.rate, in, ids, V, rng, nil, nil)
			rows = g.Positions
		} else {
			for _, j := range []int{1, len(ids) / 2, len(ids) - 1} {
				if len(g.Positions) == 0 || g.Positions[len(g.Positions)-1] != j {
					g.Positions = append(g.Positions, j)
					rows = append(rows, j-1) // the features before the word predict it
				}
			}
		}
		var tok nn.Tokens
		tok.Append(in)
		model := enc.Text
		feat := model.forward(model.newCache(), enc.Params, &tok)
		h := new(tensor.Mat)
		h.Gather(feat, rows)
		probs := new(tensor.Mat)
		var soft objective.TiedSoftmax
		soft.Probabilities(probs, h, model.TokenTable(enc.Params), model.Bias(enc.Params))
		for i := range rows {
			g.Top = append(g.Top, topOf(vocab, probs.Row(i), k))
		}
		out = append(out, g)
	}
	return out
}

// topOf returns the k words of highest probability, specials excluded.
func topOf(vocab []string, p []float64, k int) []WordProb {
	var top []WordProb
	for id := text.FirstWord; id < len(p); id++ {
		if len(top) < k || p[id] > top[len(top)-1].P {
			w := WordProb{Word: vocab[id], P: p[id]}
			i := len(top)
			if len(top) < k {
				top = append(top, w)
			} else {
				i--
				top[i] = w
			}
			for ; i > 0 && top[i].P > top[i-1].P; i-- {
				top[i], top[i-1] = top[i-1], top[i]
			}
		}
	}
	return top
}
