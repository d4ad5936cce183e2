package train

import (
	"fmt"
	"sync"

	"sslab/ml/config"
	"sslab/ml/data"
	"sslab/ml/data/text"
	"sslab/ml/nn"
	"sslab/ml/num"
	"sslab/ml/tensor"
)

// TextModel is a text encoder's architecture, the language model a text
// objective trains:
//
//   - a transformer over each sentence's tokens (masked-token or
//     next-token prediction), its parameters the transformer's (the token
//     table first) then the output layer's bias (Vocab): the output layer
//     is tied to the token table, so the encoder is the whole model;
//   - with Layers 0, skip-gram's static word vectors: the input vectors
//     (Vocab, Dim), which are the features, then the output vectors.
//
// A token's features are the transformer's (nn.Transformer.Features: the
// last block's output beside the embedding's, both through the final
// norm), or its word's input vector; a sentence's are its tokens' mean.
type TextModel struct {
	Shape nn.TransformerConfig // Layers 0: word vectors
	tr    *nn.Transformer      // nil for word vectors
}

// newTextModel returns the model of shape s, unbound.
func newTextModel(s nn.TransformerConfig) (*TextModel, error) {
	m := &TextModel{Shape: s}
	if s.Layers == 0 {
		if s.Vocab < 1 || s.Dim < 1 {
			return nil, fmt.Errorf("word vectors: vocabulary %d, width %d; both must be at least 1", s.Vocab, s.Dim)
		}
		return m, nil
	}
	tr, err := nn.NewTransformer(s)
	if err != nil {
		return nil, err
	}
	m.tr = tr
	return m, nil
}

// textShape returns the model cfg trains on a vocabulary of vocab words.
func textShape(cfg config.Config, vocab int) nn.TransformerConfig {
	if cfg.Objective == config.SkipGram {
		return nn.TransformerConfig{Vocab: vocab, MaxLen: text.MaxLen, Dim: cfg.DModel}
	}
	return nn.TransformerConfig{Vocab: vocab, MaxLen: cfg.MaxLen, Dim: cfg.DModel, Layers: cfg.Layers,
		Heads: cfg.Heads, Hidden: cfg.FFN, Causal: cfg.Objective == config.GPT}
}

// Words reports whether the model is static word vectors.
func (m *TextModel) Words() bool { return m.tr == nil }

// Transformer returns the transformer, nil for word vectors; it is bound
// to whichever parameters were bound last.
func (m *TextModel) Transformer() *nn.Transformer { return m.tr }

// NumParams returns the model's parameters.
func (m *TextModel) NumParams() int {
	if m.tr == nil {
		return 2 * m.Shape.Vocab * m.Shape.Dim
	}
	return m.tr.NumParams() + m.Shape.Vocab
}

// Dim returns the model's width, d_model.
func (m *TextModel) Dim() int { return m.Shape.Dim }

// FeatureDim returns the width of a token's features: 2·Dim for a
// transformer, Dim for word vectors.
func (m *TextModel) FeatureDim() int {
	if m.tr != nil {
		return 2 * m.Shape.Dim
	}
	return m.Shape.Dim
}

// Bind points the transformer at params (word vectors need no binding).
func (m *TextModel) Bind(params []float64) {
	if m.tr != nil {
		m.tr.Bind(params)
	}
}

// Init draws the parameters bound last (word vectors: those given) from
// rng: the transformer's initialisation and a zero output bias; word2vec's
// input vectors uniform in ±0.5/Dim and output vectors zero.
func (m *TextModel) Init(params []float64, rng *num.RNG) {
	if m.tr != nil {
		m.tr.Bind(params)
		m.tr.Init(rng)
		clear(m.Bias(params))
		return
	}
	n := m.Shape.Vocab * m.Shape.Dim
	scale := 1 / float64(m.Shape.Dim)
	for i := range params[:n] {
		params[i] = (rng.Float64() - 0.5) * scale
	}
	clear(params[n:])
}

// TokenTable returns the token table (Vocab, Dim) in params: the
// transformer's token embedding, which the output layer shares, or the
// input word vectors.
func (m *TextModel) TokenTable(params []float64) *tensor.Mat {
	n := m.Shape.Vocab * m.Shape.Dim
	return &tensor.Mat{Rows: m.Shape.Vocab, Cols: m.Shape.Dim, Data: params[:n]}
}

// OutputTable returns skip-gram's output vectors (Vocab, Dim) in params.
func (m *TextModel) OutputTable(params []float64) *tensor.Mat {
	n := m.Shape.Vocab * m.Shape.Dim
	return &tensor.Mat{Rows: m.Shape.Vocab, Cols: m.Shape.Dim, Data: params[n : 2*n]}
}

// Bias returns the output layer's bias (Vocab) in params (transformers).
func (m *TextModel) Bias(params []float64) []float64 {
	n := m.tr.NumParams()
	return params[n : n+m.Shape.Vocab]
}

// textCache is one goroutine's scratch for a text model's passes.
type textCache struct {
	tc   *nn.TransformerCache
	feat tensor.Mat
}

func (m *TextModel) newCache() *textCache {
	c := &textCache{}
	if m.tr != nil {
		c.tc = m.tr.NewCache()
	}
	return c
}

// forward returns what the language model's output layer reads (N, Dim)
// at the tokens of t under params (word vectors: the input vectors), which
// c owns until the next pass.
func (m *TextModel) forward(c *textCache, params []float64, t *nn.Tokens) *tensor.Mat {
	if m.tr != nil {
		m.tr.Bind(params)
		return m.tr.Forward(c.tc, t)
	}
	return m.words(c, params, t)
}

// features returns the tokens' features for a task (N, FeatureDim()),
// which c owns until the next pass.
func (m *TextModel) features(c *textCache, params []float64, t *nn.Tokens) *tensor.Mat {
	if m.tr != nil {
		m.tr.Bind(params)
		return m.tr.Features(c.tc, t)
	}
	return m.words(c, params, t)
}

// words returns the input vectors of t's words (N, Dim).
func (m *TextModel) words(c *textCache, params []float64, t *nn.Tokens) *tensor.Mat {
	d := m.Shape.Dim
	c.feat.Resize(t.Len(), d)
	for i, id := range t.IDs {
		copy(c.feat.Row(i), params[id*d:(id+1)*d])
	}
	return &c.feat
}

// backward adds into grad the parameters' gradient from dout (N, Dim),
// the gradient of the last forward's output on t.
func (m *TextModel) backward(c *textCache, params, grad []float64, dout *tensor.Mat, t *nn.Tokens) {
	if m.tr != nil {
		m.tr.Bind(params)
		m.tr.Backward(c.tc, grad, dout, t)
		return
	}
	m.wordsBackward(grad, dout, t)
}

// featuresBackward adds into grad the parameters' gradient from dfeat
// (N, FeatureDim()), the gradient of the last features on t.
func (m *TextModel) featuresBackward(c *textCache, params, grad []float64, dfeat *tensor.Mat, t *nn.Tokens) {
	if m.tr != nil {
		m.tr.Bind(params)
		m.tr.FeaturesBackward(c.tc, grad, dfeat, t)
		return
	}
	m.wordsBackward(grad, dfeat, t)
}

// wordsBackward scatters dwords (N, Dim) into the input vectors' gradient.
func (m *TextModel) wordsBackward(grad []float64, dwords *tensor.Mat, t *nn.Tokens) {
	d := m.Shape.Dim
	for i, id := range t.IDs {
		g := grad[id*d : (id+1)*d]
		for j, v := range dwords.Row(i) {
			g[j] += v
		}
	}
}

// flopsPerToken returns a forward pass's operations per token in
// sentences of length l.
func (m *TextModel) flopsPerToken(l int) int64 {
	if m.tr == nil {
		return 0
	}
	return m.tr.FLOPsPerToken(l)
}

// sentenceTokens sets t to the dataset rows' sentences, each cut to maxLen
// tokens.
func sentenceTokens(t *nn.Tokens, ds *data.Dataset, rows []int, maxLen int) {
	t.Reset()
	var buf [text.MaxLen]int
	for _, r := range rows {
		n := min(ds.SentenceLen(r), maxLen)
		ids := buf[:n]
		for j, v := range ds.X.Row(r)[:n] {
			ids[j] = int(v)
		}
		t.Append(ids)
	}
}

// TokenFeatures holds a set of sentences' token features, sentence after
// sentence: sentence i of Rows is X rows [Start[i], Start[i+1]).
type TokenFeatures struct {
	Rows  []int       // the dataset rows (sentences)
	Start []int       // (len(Rows)+1)
	X     *tensor.Mat // (N, FeatureDim)
	// Context is the width of X's first columns that come from the
	// language model's last layer (Forward): all of them for word vectors.
	Context int
}

// Contextual returns the features' first Context columns, what the
// language model reads at each token, for the uses that have no labels to
// weigh the embedding's half against them: zero-shot clustering and
// retrieval, the token map, the senses of a word. Beside word identity
// that half carries the position, along which clusters and principal
// axes would otherwise fall.
func (f *TokenFeatures) Contextual() *TokenFeatures {
	if f.Context == f.X.Cols {
		return f
	}
	x := tensor.NewMat(f.X.Rows, f.Context)
	for i := range x.Rows {
		copy(x.Row(i), f.X.Row(i)[:f.Context])
	}
	return &TokenFeatures{Rows: f.Rows, Start: f.Start, X: x, Context: f.Context}
}

// Sentences returns the features of each sentence, its tokens' mean
// (len(Rows), Dim).
func (f *TokenFeatures) Sentences() *tensor.Mat {
	out := tensor.NewMat(len(f.Rows), f.X.Cols)
	for i := range f.Rows {
		lo, hi := f.Start[i], f.Start[i+1]
		row := out.Row(i)
		for r := lo; r < hi; r++ {
			for j, v := range f.X.Row(r) {
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
	return out
}

// Tokens returns the features' sentences as Tokens.
func (f *TokenFeatures) tokens(ds *data.Dataset, maxLen int) *nn.Tokens {
	t := &nn.Tokens{}
	sentenceTokens(t, ds, f.Rows, maxLen)
	return t
}

// TokenFeatures returns the encoder's features of every token of the
// dataset rows' sentences (cut to the model's length), computed ShardSize
// sentences at a time, the chunks spread over exec (nil: here): a token's
// features depend only on its own sentence, so the bits are the same
// whatever the rows and the executor.
func (e *Encoder) TokenFeatures(ds *data.Dataset, rows []int, exec Executor) *TokenFeatures {
	m := e.Text
	maxLen := m.Shape.MaxLen
	f := &TokenFeatures{Rows: rows, Start: make([]int, len(rows)+1), Context: m.Dim()}
	for i, r := range rows {
		f.Start[i+1] = f.Start[i] + min(ds.SentenceLen(r), maxLen)
	}
	f.X = tensor.NewMat(f.Start[len(rows)], m.FeatureDim())
	chunks := (len(rows) + ShardSize - 1) / ShardSize
	if exec == nil {
		exec = Serial{}
	}
	// A model and cache per goroutine: a transformer holds the views of
	// the parameters it is bound to, so goroutines must not share one.
	var pool sync.Pool
	pool.New = func() any {
		mk, _ := newTextModel(m.Shape)
		return &textPass{m: mk, c: mk.newCache()}
	}
	exec.Run(chunks, func(k int) {
		lo, hi := k*ShardSize, min((k+1)*ShardSize, len(rows))
		ps := pool.Get().(*textPass)
		sentenceTokens(&ps.t, ds, rows[lo:hi], maxLen)
		out := ps.m.features(ps.c, e.Params, &ps.t)
		copy(f.X.Data[f.Start[lo]*f.X.Cols:f.Start[hi]*f.X.Cols], out.Data)
		pool.Put(ps)
	})
	return f
}

// textPass is a model with its own cache and tokens.
type textPass struct {
	m *TextModel
	c *textCache
	t nn.Tokens
}

// textEmbed returns the sentence features (mean of the token features) of
// the rows of x, which hold sentences as a text dataset's X does.
func (e *Encoder) textEmbed(x *tensor.Mat) *tensor.Mat {
	ds := &data.Dataset{X: x}
	rows := make([]int, x.Rows)
	for i := range rows {
		rows[i] = i
	}
	return e.TokenFeatures(ds, rows, nil).Sentences()
}

// textMark starts a text encoder's description in AppendTextEncoder's
// form: an MLP's starts with its layer count, which is positive.
const textMark = -1

// AppendTextEncoder appends the text encoder e as textMark, its shape
// (vocabulary, length, width, layers, heads, feed-forward width, causal)
// and its parameters: how an encoder travels to a helper worker as floats.
func AppendTextEncoder(dst []float64, e *Encoder) []float64 {
	s := e.Text.Shape
	causal := 0.0
	if s.Causal {
		causal = 1
	}
	dst = append(dst, textMark, float64(s.Vocab), float64(s.MaxLen), float64(s.Dim), float64(s.Layers),
		float64(s.Heads), float64(s.Hidden), causal)
	return append(dst, e.Params...)
}

// DecodeTextEncoder reads what AppendTextEncoder wrote at the start of src
// and returns the encoder (its parameters a copy) and the rest of src.
func DecodeTextEncoder(src []float64) (*Encoder, []float64, error) {
	if len(src) < 8 || src[0] != textMark {
		return nil, nil, fmt.Errorf("a text encoder's description is truncated")
	}
	s := nn.TransformerConfig{Vocab: int(src[1]), MaxLen: int(src[2]), Dim: int(src[3]), Layers: int(src[4]),
		Heads: int(src[5]), Hidden: int(src[6]), Causal: src[7] == 1}
	m, err := newTextModel(s)
	if err != nil {
		return nil, nil, err
	}
	src = src[8:]
	n := m.NumParams()
	if len(src) < n {
		return nil, nil, fmt.Errorf("a text encoder's parameters are truncated: %d of %d", len(src), n)
	}
	return &Encoder{Text: m, Params: append([]float64(nil), src[:n]...)}, src[n:], nil
}
