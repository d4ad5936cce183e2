package train

import (
	"fmt"

	"sslab/ml/config"
	"sslab/ml/data"
	"sslab/ml/data/text"
	"sslab/ml/nn"
	"sslab/ml/objective"
	"sslab/ml/tensor"
)

// textMethod pretrains a TextModel with a language-model objective, in one
// phase: each shard reads its 32 sentences, draws its view of each from the
// sentence's own stream (seed, step, sentence) — BERT's masking, or
// skip-gram's windows and negative words —, runs the model forward and
// backward and keeps its part of the loss. The losses are means over the
// batch's scored positions (masked tokens, next-token predictions,
// (word, context) pairs), whose count every shard works out for the whole
// batch from the batch's sentences alone (see batchCount), so the shards'
// parts and gradients add up to the batch mean with nothing gathered. The
// coordinator adds the parts in shard order (finish).
type textMethod struct {
	obj     config.Objective
	shape   nn.TransformerConfig
	rate    float64 // masked-token prediction: the fraction of tokens chosen
	window  int     // skip-gram
	negK    int
	sampler *text.NegativeSampler
	maxLen  int // tokens read of each sentence
	// avgFLOPs is a forward pass's operations per sentence and avgScored
	// the scored positions per sentence, averaged over the training
	// sentences: what a step's FLOPs are counted from.
	avgFLOPs, avgScored float64
}

// textShard is one shard's state for a text method.
type textShard struct {
	model     *TextModel // the shard's own, bound to the pretrainer's parameters
	c         *textCache
	tok       nn.Tokens // the model's input: the shard's sentences (masked for MLM)
	ids       []int     // one sentence's ids
	in        []int     // its masked input
	positions []int     // MLM: the chosen tokens' rows in tok
	targets   []int     // MLM: their original ids
	orig      []int     // GPT: every token's id
	centers   []int     // skip-gram: the pairs and their negatives
	contexts  []int
	negatives []int
	count     int // the batch's scored positions
	dfeat     tensor.Mat
	mlm       objective.MaskedLM
	gpt       objective.NextToken
	sg        objective.SkipGram
}

// newTextMethod returns cfg's text method for the vocabulary of ds, its
// negative words and FLOPs drawn from the training rows. Without data (nil
// ds: a cost estimate) it assumes the Brown protocol's vocabulary and
// sentences of typical length.
func newTextMethod(cfg config.Config, ds *data.Dataset, train []int) (*textMethod, error) {
	vocab := text.VocabWords + text.FirstWord
	if ds != nil {
		if ds.Text == nil {
			return nil, fmt.Errorf("objective %q trains on text, but data %q holds no sentences", cfg.Objective, ds.Name)
		}
		vocab = len(ds.Text.Vocab)
	}
	m := &textMethod{obj: cfg.Objective, shape: textShape(cfg, vocab), rate: cfg.MaskRatio,
		window: cfg.Window, negK: cfg.NegK, maxLen: cfg.MaxLen}
	if cfg.Objective == config.SkipGram {
		m.maxLen = text.MaxLen
	}
	if _, err := newTextModel(m.shape); err != nil {
		return nil, err
	}
	if ds == nil {
		m.averages(func(yield func(int) bool) {
			for range 100 {
				if !yield(typicalSentence) {
					return
				}
			}
		})
		return m, nil
	}
	m.averages(func(yield func(int) bool) {
		for _, r := range train {
			if !yield(ds.SentenceLen(r)) {
				return
			}
		}
	})
	if m.obj == config.SkipGram {
		counts := make([]int, vocab)
		for _, r := range train {
			for _, v := range ds.X.Row(r)[:ds.SentenceLen(r)] {
				counts[int(v)]++
			}
		}
		s, err := text.NewNegativeSampler(counts)
		if err != nil {
			return nil, fmt.Errorf("data %q: %v", ds.Name, err)
		}
		m.sampler = s
	}
	return m, nil
}

// typicalSentence is the length of an average Brown sentence cut to 32
// tokens, for cost estimates made before the data is loaded.
const typicalSentence = 18

// averages sets avgFLOPs and avgScored from the sentence lengths.
func (m *textMethod) averages(lengths func(yield func(int) bool)) {
	model, _ := newTextModel(m.shape)
	n := 0
	var flops, scored float64
	for l := range lengths {
		l = min(l, m.maxLen)
		flops += float64(l) * float64(model.flopsPerToken(l))
		scored += m.expectedScored(l)
		n++
	}
	if n > 0 {
		m.avgFLOPs, m.avgScored = flops/float64(n), scored/float64(n)
	}
}

// expectedScored is the mean number of scored positions of a sentence of
// l tokens (skip-gram: counting every token as a word).
func (m *textMethod) expectedScored(l int) float64 {
	switch m.obj {
	case config.MLM:
		return float64(text.MaskCount(l, m.rate))
	case config.GPT:
		return float64(max(0, l-1))
	}
	// Each word's window b is uniform in 1..window; it pairs with the
	// words within b on either side.
	var pairs float64
	for i := range l {
		for b := 1; b <= m.window; b++ {
			pairs += float64(min(i, b)+min(l-1-i, b)) / float64(m.window)
		}
	}
	return pairs
}

func (m *textMethod) nets() []*nn.MLP { return nil }
func (m *textMethod) views() int      { return 1 }
func (m *textMethod) slots() []int    { return nil }
func (m *textMethod) phases() int     { return 1 }

func (m *textMethod) newShard(params []float64) *textShard {
	model, _ := newTextModel(m.shape)
	model.Bind(params)
	return &textShard{model: model, c: model.newCache()}
}

// sentence returns the ids of dataset row r, cut to the method's length.
func (m *textMethod) sentence(dst []int, ds *data.Dataset, r int) []int {
	dst = dst[:0]
	for _, v := range ds.X.Row(r)[:min(ds.SentenceLen(r), m.maxLen)] {
		dst = append(dst, int(v))
	}
	return dst
}

// prepare draws the shard's view of each of its sentences from the
// sentence's stream and counts the batch's scored positions.
func (m *textMethod) prepare(s *shard, p *Pretrainer, idx []int) {
	if s.txt == nil {
		s.txt = m.newShard(p.params)
	}
	t := s.txt
	s.in.CopyFrom(s.x) // what Inputs shows: the sentences as stored
	t.tok.Reset()
	t.positions, t.targets, t.orig = t.positions[:0], t.targets[:0], t.orig[:0]
	t.centers, t.contexts, t.negatives = t.centers[:0], t.contexts[:0], t.negatives[:0]
	V := m.shape.Vocab
	for _, r := range idx {
		t.ids = m.sentence(t.ids, p.ds, r)
		s.rng.Reset(p.cfg.Seed, augStream(p.step, r, 0))
		switch m.obj {
		case config.MLM:
			t.in = append(t.in[:0], t.ids...)
			first, off := len(t.positions), t.tok.Len()
			t.positions, t.targets = text.MaskSentenceRate(m.rate, t.in, t.ids, V, s.rng, t.positions, t.targets)
			for i := first; i < len(t.positions); i++ {
				t.positions[i] += off // a position in the sentence -> a row of the shard
			}
			t.tok.Append(t.in)
		case config.GPT:
			t.tok.Append(t.ids)
			t.orig = append(t.orig, t.ids...)
		case config.SkipGram:
			first := len(t.centers)
			t.centers, t.contexts = text.SkipGramPairs(t.centers, t.contexts, t.ids, m.window, s.rng)
			t.negatives = m.sampler.Sample(t.negatives, m.negK*(len(t.centers)-first), s.rng)
		}
	}
	t.count = m.batchCount(s, p)
}

// batchCount returns the scored positions of the whole batch, which each
// shard needs for its share of the mean: masked-token and next-token
// counts follow from the sentences' lengths; skip-gram's pairs depend on
// the windows drawn, which are replayed from each sentence's stream.
func (m *textMethod) batchCount(s *shard, p *Pretrainer) int {
	n := 0
	t := s.txt
	var centers, contexts []int
	for _, r := range p.batch {
		l := min(p.ds.SentenceLen(r), m.maxLen)
		switch m.obj {
		case config.MLM:
			n += text.MaskCount(l, m.rate)
		case config.GPT:
			n += max(0, l-1)
		case config.SkipGram:
			t.ids = m.sentence(t.ids, p.ds, r)
			s.rng.Reset(p.cfg.Seed, augStream(p.step, r, 0))
			centers, contexts = text.SkipGramPairs(centers[:0], contexts[:0], t.ids, m.window, s.rng)
			n += len(centers)
		}
	}
	return max(n, 1)
}

func (m *textMethod) shardPhase(k int, s *shard, p *Pretrainer) {
	t := s.txt
	params, grad := p.params, s.grad
	model := t.model
	table := model.TokenTable(params)
	V, d := m.shape.Vocab, m.shape.Dim
	switch m.obj {
	case config.MLM, config.GPT:
		feat := model.forward(t.c, params, &t.tok) // (N, d)
		bias, dbias := model.Bias(params), model.Bias(grad)
		if m.obj == config.MLM {
			s.part = t.mlm.Loss(feat, t.positions, t.targets, t.count, table, bias, &t.dfeat, grad[:V*d], dbias)
		} else {
			s.part = t.gpt.Loss(feat, t.orig, t.tok.Start, t.count, table, bias, &t.dfeat, grad[:V*d], dbias)
		}
		model.backward(t.c, params, grad, &t.dfeat, &t.tok)
	case config.SkipGram:
		s.part = 0
		if len(t.centers) > 0 {
			s.part = t.sg.Loss(table, model.OutputTable(params), t.centers, t.contexts, t.negatives,
				1/float64(t.count), grad[:V*d], grad[V*d:2*V*d])
		}
	}
}

// finish sets the step's loss: the shards' parts, added in shard order.
func (m *textMethod) finish(p *Pretrainer) error {
	var sum float64
	for _, s := range p.shards {
		sum += s.part
	}
	return p.setLoss(sum)
}

func (m *textMethod) reduce(int, *Pretrainer) error       { return nil }
func (m *textMethod) up(int, *Pretrainer) []*tensor.Mat   { return nil }
func (m *textMethod) down(int, *Pretrainer) []*tensor.Mat { return nil }
func (m *textMethod) afterStep(*Pretrainer)               {}

// lossFLOPs counts the output layer: the tied softmax's product over the
// vocabulary and its two gradients for each scored position, or
// skip-gram's dot products and updates.
func (m *textMethod) lossFLOPs(B int) int64 {
	scored := m.avgScored * float64(B)
	if m.obj == config.SkipGram {
		return int64(scored * float64(3*2*(m.negK+1)*m.shape.Dim))
	}
	return int64(scored * float64(3*2*m.shape.Vocab*m.shape.Dim))
}

// stepFLOPs counts a step: the transformer forward and a backward pass of
// twice that, and the output layer.
func (m *textMethod) stepFLOPs(B int) int64 {
	return int64(3*m.avgFLOPs*float64(B)) + m.lossFLOPs(B)
}
