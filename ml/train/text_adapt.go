package train

import (
	"fmt"
	"math"

	"sslab/ml/data"
	"sslab/ml/eval"
	"sslab/ml/tensor"
)

// TextBudgets are the label budgets of text, in labelled sentences: one
// sentence (about 20 tagged tokens), ten, a hundred, a thousand, and every
// sentence of the labelled pool (the whole training split: some 43k
// sentences, 800k tagged tokens, the notes' 100k+ regime).
var TextBudgets = []Budget{1, 10, 100, 1000, All}

// TextFinetuneBudgets are the budgets at which text finetuning (LP-FT) and
// training from scratch run: few labels, where the pretrained features
// matter most, and all of them, where finetuning wins back what a lookup
// table of words beats a frozen probe by.
var TextFinetuneBudgets = []Budget{10, All}

// textProbeSolver fits text probes, full batch, to a largest gradient
// entry of 1e-4 (scikit-learn's default tolerance): the probes here fit up
// to 800k tokens, where each iteration costs a pass over all of them, and
// the last digits of a nearly unpenalised fit move its accuracy by less
// than a draw does. A fit that stops at the cap says so in its row's note.
var textProbeSolver = eval.LBFGS{Memory: 10, MaxIter: 200, GradTol: 1e-4}

// textRetrievalMax caps the test sentences that zero-shot retrieval ranks
// (every pair is compared and each ranking sorted).
const textRetrievalMax = 2000

// textKMeansInits is k-means' restarts on text, whose tokens number in the
// hundreds of thousands.
const textKMeansInits = 3

// textAdapter is the text track's adaptation: part-of-speech tagging of
// every token (the 12 universal tags) or informative against imaginative
// prose per sentence, with labels from a pool of training sentences.
type textAdapter struct {
	a          *Adapter
	token      bool // the task labels tokens
	classes    int
	maxLen     int
	pool, test []int // dataset rows (sentences)
	// poolStart[i] is sentence i of pool's first token (tokens cut to
	// maxLen); poolLabels and testLabels the tokens' tags or the
	// sentences' genres.
	poolStart  []int
	poolLabels []int
	testLabels []int

	probes fitCache[probeKey, *textProbe]
}

// textRep is one representation of the pool's and the test split's
// examples (tokens or sentences): dense features, or sparse raw inputs
// (one-hot word identity, a bag of words).
type textRep struct {
	name               string
	poolX, testX       *tensor.Mat
	poolRaw, testRaw   *eval.Sparse
	testUnit           *tensor.Mat // the test examples' contextual features scaled to unit length, for zero-shot
	poolFeat, testFeat *TokenFeatures
}

func newTextAdapter(a *Adapter, maxLen int) *textAdapter {
	t := &textAdapter{a: a, token: a.cfg.TokenTask(), maxLen: maxLen,
		pool: spread(a.split.Train, a.cfg.PoolSents), test: spread(a.split.Test, a.cfg.TestSents)}
	t.classes = a.ds.Classes
	if t.token {
		t.classes = len(a.ds.Text.TagNames)
	}
	t.poolStart = make([]int, len(t.pool)+1)
	for i, r := range t.pool {
		t.poolStart[i+1] = t.poolStart[i] + t.length(r)
	}
	t.poolLabels, t.testLabels = t.labels(t.pool), t.labels(t.test)
	return t
}

// length is the number of tokens of sentence r the model reads.
func (t *textAdapter) length(r int) int { return min(t.a.ds.SentenceLen(r), t.maxLen) }

// labels returns the labels of the examples of the sentences rows: their
// tokens' tags, or their genres.
func (t *textAdapter) labels(rows []int) []int {
	ds := t.a.ds
	var out []int
	for _, r := range rows {
		if !t.token {
			out = append(out, ds.Labels[r])
			continue
		}
		for j := range t.length(r) {
			out = append(out, int(ds.Text.Tags[r*ds.X.Cols+j]))
		}
	}
	return out
}

// examples returns the rows of the pool's examples (tokens or sentences)
// of the pool sentences picked (indices into pool).
func (t *textAdapter) examples(picked []int) []int {
	if !t.token {
		return picked
	}
	var rows []int
	for _, i := range picked {
		for r := t.poolStart[i]; r < t.poolStart[i+1]; r++ {
			rows = append(rows, r)
		}
	}
	return rows
}

// dense returns an encoder's representation of the pool and the test split.
func (t *textAdapter) dense(name string, enc *Encoder) textRep {
	ds, exec := t.a.ds, t.a.Exec
	if _, ok := exec.(PlanExecutor); ok {
		exec = nil // the plan's workers each embed, in parallel with each other
	}
	r := textRep{name: name, poolFeat: enc.TokenFeatures(ds, t.pool, exec), testFeat: enc.TokenFeatures(ds, t.test, exec)}
	if t.token {
		r.poolX, r.testX = r.poolFeat.X, r.testFeat.X
	} else {
		r.poolX, r.testX = r.poolFeat.Sentences(), r.testFeat.Sentences()
	}
	// Zero-shot reads the contextual half (TokenFeatures.Contextual).
	if t.token {
		r.testUnit = l2rows(r.testFeat.Contextual().X)
	} else {
		r.testUnit = l2rows(r.testFeat.Contextual().Sentences())
	}
	return r
}

// raw returns the raw inputs: each token's word as a one-hot vector, or
// each sentence's bag of words (1 for every word it holds).
func (t *textAdapter) raw() textRep {
	return textRep{name: "raw", poolRaw: t.sparse(t.pool), testRaw: t.sparse(t.test)}
}

func (t *textAdapter) sparse(rows []int) *eval.Sparse {
	ds := t.a.ds
	x := &eval.Sparse{Cols: len(ds.Text.Vocab), Ptr: []int{0}}
	for _, r := range rows {
		ids := ds.X.Row(r)[:t.length(r)]
		if t.token {
			for _, v := range ids {
				x.Idx = append(x.Idx, int(v))
				x.Ptr = append(x.Ptr, len(x.Idx))
			}
			continue
		}
		first := len(x.Idx)
		for _, v := range ids {
			seen := false
			for _, j := range x.Idx[first:] {
				seen = seen || j == int(v)
			}
			if !seen {
				x.Idx = append(x.Idx, int(v))
			}
		}
		x.Ptr = append(x.Ptr, len(x.Idx))
	}
	return x
}

// draws returns the labelled pool sentences (indices into pool) of budget
// b, one set per draw, nested in the budget as Adapter.draws's are.
func (t *textAdapter) draws(b Budget) [][]int {
	all := make([]int, len(t.pool))
	for i := range all {
		all[i] = i
	}
	if b == All {
		return [][]int{all}
	}
	sets := make([][]int, max(1, t.a.cfg.FewShotSeeds))
	for d := range sets {
		sets[d] = data.Subset(all, int(b), t.a.cfg.Seed+uint64(d)*1000003)
	}
	return sets
}

// noteSample notes on the rows of budget All that the pool is a sample of
// the training sentences (lsents), when it is.
func (t *textAdapter) noteSample(rows []Row, b Budget) {
	if b != All || len(t.pool) == len(t.a.split.Train) {
		return
	}
	for i := range rows {
		if rows[i].OK() {
			rows[i].Note = joinNotes(rows[i].Note, fmt.Sprintf("all labels of a pool of %d of the %d training sentences, evenly spread (lsents)", len(t.pool), len(t.a.split.Train)))
		}
	}
}

// budgets returns the budgets of list that the pool can fill, with All:
// a budget of as many sentences as the pool holds, or more, is All.
func (t *textAdapter) budgets(list []Budget) []Budget {
	var out []Budget
	for _, b := range list {
		if b == All || int(b) < len(t.pool) {
			out = append(out, b)
		}
	}
	return out
}

// nTask is the number of labelled sentences of budget b.
func (t *textAdapter) nTask(b Budget) int {
	if b == All {
		return len(t.pool)
	}
	return min(int(b), len(t.pool))
}

// textPlan is Plan for text: zero-shot k-means (and, per sentence,
// retrieval) on the pretrained and random encoders' features; at every
// budget the linear probe on each representation (and the majority class
// with the raw inputs' job); LP-FT and training from scratch at
// TextFinetuneBudgets.
func (a *Adapter) textPlan(pre, random *Encoder) *Plan {
	t := newTextAdapter(a, pre.Text.Shape.MaxLen)
	reps := []textRep{t.dense("pretrained", pre), t.dense("random", random), t.raw()}
	plan := &Plan{Adapter: a}
	for _, r := range reps[:2] {
		plan.jobs = append(plan.jobs, func() []Row { return t.zeroShot(r) })
	}
	for _, b := range t.budgets(TextBudgets) {
		for _, r := range reps {
			plan.jobs = append(plan.jobs, func() []Row { return t.probeRows(r, b) })
		}
	}
	cheap := len(plan.jobs)
	for _, b := range t.budgets(TextFinetuneBudgets) {
		plan.jobs = append(plan.jobs, func() []Row { return t.finetuneRows("pretrained", pre, reps[0], b) })
		plan.jobs = append(plan.jobs, func() []Row { return t.finetuneRows("scratch", random, reps[0], b) })
	}
	for i := len(plan.jobs) - 2; i >= cheap; i -= 2 {
		plan.Order = append(plan.Order, i, i+1)
	}
	for i := 0; i < cheap; i++ {
		plan.Order = append(plan.Order, i)
	}
	return plan
}

// zeroShot scores r's test features with no labels: k-means with as many
// clusters as classes, matched to them (Hungarian), and, for sentences,
// retrieval of the nearest test sentences.
func (t *textAdapter) zeroShot(r textRep) []Row {
	assign := eval.KMeans(r.testUnit, t.classes, t.a.cfg.Seed, textKMeansInits, 100)
	rows := []Row{{Encoder: r.name, Adaptation: "kmeans", Metric: "accuracy", Draws: 1,
		Value: eval.ClusterAccuracy(assign, t.testLabels, t.classes, t.classes)}}
	if len(t.test) < len(t.a.split.Test) {
		rows[0].Note = fmt.Sprintf("on %d of the %d test sentences, evenly spread (tsents); every row is scored on them", len(t.test), len(t.a.split.Test))
	}
	if t.token {
		rows[0].NTokens = r.testUnit.Rows
		return rows
	}
	idx := spread(seq(len(t.test)), textRetrievalMax)
	z := new(tensor.Mat)
	z.Gather(r.testUnit, idx)
	labels := make([]int, len(idx))
	for i, j := range idx {
		labels[i] = t.testLabels[j]
	}
	ret := eval.Retrieval(z, labels, retrievalK)
	note := ""
	if len(idx) < len(t.test) {
		note = fmt.Sprintf("retrieval among %d of the %d test sentences, evenly spread", len(idx), len(t.test))
	}
	for _, m := range []struct {
		metric string
		v      float64
	}{{"precision@1", ret.P1}, {fmt.Sprintf("precision@%d", retrievalK), ret.PK}, {"map", ret.MAP}} {
		rows = append(rows, Row{Encoder: r.name, Adaptation: "knn", Metric: m.metric, Value: m.v, Draws: 1, Note: note})
	}
	return rows
}

func seq(n int) []int {
	out := make([]int, n)
	for i := range out {
		out[i] = i
	}
	return out
}

// textProbe is a fitted probe on one text representation.
type textProbe struct {
	lambda float64
	m      *eval.LogReg
	note   string
}

// textWarmRows is the size from which a probe first fits on an eighth of
// its examples and starts the whole fit from there: the same minimum,
// reached with a fraction of the passes over hundreds of thousands of
// tokens.
const textWarmRows = 50000

// probeKey names a probe fit: the representation, the budget and the draw.
type probeKey struct {
	rep string
	b   Budget
	d   int
}

// probe returns the probe of r fitted on draw d of budget b, whose
// labelled examples are ex, fitting it the first time it is asked for.
func (t *textAdapter) probe(r textRep, b Budget, d int, ex []int) (*textProbe, error) {
	return t.probes.get(probeKey{r.name, b, d}, func() (*textProbe, error) { return t.fitProbe(r, ex) })
}

// fitProbe fits the L2 logistic-regression probe on the labelled pool
// examples ex of r, with the penalty rule of the image track (penalty).
func (t *textAdapter) fitProbe(r textRep, ex []int) (*textProbe, error) {
	label := func(ex []int) []int {
		y := make([]int, len(ex))
		for i, e := range ex {
			y[i] = t.poolLabels[e]
		}
		return y
	}
	lambda := t.lambda(r, ex)
	var start []float64
	if len(ex) >= textWarmRows {
		part := make([]int, 0, len(ex)/8)
		for _, j := range spread(seq(len(ex)), len(ex)/8) {
			part = append(part, ex[j])
		}
		if q, err := t.fitFrom(r, part, label(part), lambda, nil); err == nil {
			start = q.m.Params
		}
	}
	return t.fitFrom(r, ex, label(ex), lambda, start)
}

// lambda returns the penalty of a probe on r's labelled examples ex.
func (t *textAdapter) lambda(r textRep, ex []int) float64 {
	if r.poolRaw != nil {
		n := float64(len(ex))
		return penaltyScale * r.poolRaw.Pick(ex).TotalVariance() / (n * math.Sqrt(n))
	}
	x := new(tensor.Mat)
	x.Gather(r.poolX, ex)
	return penalty(x)
}

// fitFrom fits the probe on examples ex of r with labels y and penalty
// lambda, starting from start (nil: zero).
func (t *textAdapter) fitFrom(r textRep, ex, y []int, lambda float64, start []float64) (*textProbe, error) {
	var m *eval.LogReg
	var res eval.LBFGSResult
	var err error
	p := &textProbe{lambda: lambda}
	if r.poolRaw != nil {
		m, res, err = eval.FitSparseLogReg(r.poolRaw.Pick(ex), y, t.classes, lambda, start, textProbeSolver)
	} else {
		x := new(tensor.Mat)
		x.Gather(r.poolX, ex)
		for i, v := range x.Data {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				return nil, fmt.Errorf("feature %d of labelled example %d is %v: the features are not finite (did the encoder diverge?)", i%x.Cols, i/x.Cols, v)
			}
		}
		m, res, err = eval.FitLogReg(x, y, t.classes, lambda, start, textProbeSolver)
	}
	if err != nil {
		return nil, err
	}
	if !res.Converged {
		p.note = fmt.Sprintf("the probe's fit stopped after %d iterations with its largest gradient entry at %.1e, above the %.0e it aims for",
			res.Iter, res.GradMax, textProbeSolver.GradTol)
	}
	p.m = m
	return p, nil
}

// accuracy returns the probe's accuracy on r's test examples.
func (t *textAdapter) accuracy(p *textProbe, r textRep) float64 {
	var logits *tensor.Mat
	if r.testRaw != nil {
		logits = p.m.SparseLogits(r.testRaw)
	} else {
		logits = p.m.Logits(r.testX)
	}
	return eval.Accuracy(argmax(logits), t.testLabels)
}

// probeRows fits the probe on r at budget b, once per draw; the raw
// inputs' job adds the majority class of each draw's labels.
func (t *textAdapter) probeRows(r textRep, b Budget) []Row {
	var fits, majority []draw
	tokens := 0
	draws := t.draws(b)
	for d, picked := range draws {
		ex := t.examples(picked)
		tokens += len(ex)
		p, err := t.probe(r, b, d, ex)
		if err != nil {
			fits = append(fits, draw{failed: err.Error()})
		} else {
			fits = append(fits, draw{value: t.accuracy(p, r), note: p.note})
		}
		if r.poolRaw != nil {
			majority = append(majority, draw{value: t.majority(ex)})
		}
	}
	n := t.nTask(b)
	rows := []Row{t.a.row(r.name, "linear-probe", n, "accuracy", fits, func(d draw) float64 { return d.value })}
	if majority != nil {
		rows = append(rows, t.a.row("majority", "majority", n, "accuracy", majority, func(d draw) float64 { return d.value }))
	}
	if t.token {
		for i := range rows {
			rows[i].NTokens = (tokens + len(draws)/2) / len(draws)
		}
	}
	t.noteSample(rows, b)
	return rows
}

// majority returns the test accuracy of always answering the most common
// label of the labelled examples ex (the lowest class on a tie).
func (t *textAdapter) majority(ex []int) float64 {
	count := make([]int, t.classes)
	for _, e := range ex {
		count[t.poolLabels[e]]++
	}
	best := 0
	for c, n := range count {
		if n > count[best] {
			best = c
		}
	}
	hit := 0
	for _, y := range t.testLabels {
		if y == best {
			hit++
		}
	}
	return float64(hit) / float64(len(t.testLabels))
}
