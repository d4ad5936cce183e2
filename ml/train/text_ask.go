package train

import (
	"errors"
	"fmt"
	"math"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"sslab/ml/data"
	"sslab/ml/data/text"
	"sslab/ml/nn"
	"sslab/ml/num"
	"sslab/ml/objective"
	"sslab/ml/tensor"
)

// "Ask the model": a sentence typed by a learner, read as the corpus is
// written, and what the language model says about it.

// MaxAskBytes bounds what a learner may type: a sentence, not a page.
const MaxAskBytes = 400

// Blank is how a learner marks the word to guess ("___" or "[MASK]").
const Blank = "___"

// Tokenize splits typed text as the Brown corpus is written: lowercased,
// words apart from the punctuation around them ("Don't stop." ->
// "don't", "stop", "."). Anything that is not a letter, digit, apostrophe
// or hyphen inside a word is a token of its own, so markup such as "<b>"
// becomes the tokens "<", "b", ">" and is never read as markup. The blank
// marker ___ (or [MASK]) stays one token.
func Tokenize(s string) []string {
	var out []string
	s = strings.ReplaceAll(s, "[MASK]", " "+Blank+" ")
	for _, f := range strings.Fields(s) {
		for f != "" {
			if strings.HasPrefix(f, Blank) {
				out = append(out, Blank)
				f = strings.TrimLeft(f, "_")
				continue
			}
			r, n := utf8.DecodeRuneInString(f)
			if !wordRune(r) {
				out = append(out, strings.ToLower(f[:n]))
				f = f[n:]
				continue
			}
			end := 0
			for end < len(f) {
				r, n := utf8.DecodeRuneInString(f[end:])
				inner := (r == '\'' || r == '-') && end > 0 && end+n < len(f)
				if !wordRune(r) && !inner || strings.HasPrefix(f[end:], Blank) {
					break
				}
				end += n
			}
			out = append(out, strings.ToLower(f[:end]))
			f = f[end:]
		}
	}
	return out
}

func wordRune(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }

// WordProb is a word and the model's probability of it.
type WordProb struct {
	Word string  `json:"word"`
	P    float64 `json:"p"`
}

// Answer is what the model says to a typed sentence.
type Answer struct {
	Tokens  []string   `json:"tokens"`            // the sentence as the model reads it ([UNK] for unknown words)
	Unknown []string   `json:"unknown,omitempty"` // the typed words outside the vocabulary
	Top     []WordProb `json:"top,omitempty"`     // fill the blank: the likeliest words
	Words   []string   `json:"words,omitempty"`   // continue: the words sampled after the prompt
	Note    string     `json:"note,omitempty"`
}

// ErrAsk is wrapped by every refusal of a typed sentence.
var ErrAsk = errors.New("ask the model")

func askErr(format string, args ...any) error {
	return fmt.Errorf("%w: "+format, append([]any{ErrAsk}, args...)...)
}

// read tokenizes typed for the model: the ids, the tokens as it reads
// them, and the unknown words; it refuses empty or overlong text.
func (e *Encoder) read(vocab *text.Vocab, typed string, room int) ([]int, *Answer, error) {
	if len(typed) > MaxAskBytes {
		return nil, nil, askErr("the text is %d bytes long; type at most %d (a sentence)", len(typed), MaxAskBytes)
	}
	words := Tokenize(typed)
	if len(words) == 0 {
		return nil, nil, askErr("the box is empty: type a sentence")
	}
	if most := e.Text.Shape.MaxLen - room; len(words) > most {
		return nil, nil, askErr("the sentence has %d tokens; the model reads at most %d", len(words), most)
	}
	a := &Answer{}
	ids := make([]int, len(words))
	known := 0
	for i, w := range words {
		if w == Blank {
			ids[i] = text.MASK
			a.Tokens = append(a.Tokens, "[MASK]")
			continue
		}
		ids[i] = vocab.ID(w)
		if ids[i] == text.UNK {
			a.Unknown = append(a.Unknown, w)
			a.Tokens = append(a.Tokens, "[UNK]")
			continue
		}
		known++
		a.Tokens = append(a.Tokens, w)
	}
	if known == 0 && len(a.Unknown) > 0 {
		return nil, nil, askErr("none of the words is among the %d the model knows, so it would read only [UNK]: try common English words", vocab.Len()-text.FirstWord)
	}
	return ids, a, nil
}

// distribution returns the model's probabilities over the vocabulary at
// row r of the features of ids (one sentence).
func (e *Encoder) distribution(ids []int, r int) []float64 {
	var tok nn.Tokens
	tok.Append(ids)
	m := e.Text
	c := m.newCache()
	feat := m.forward(c, e.Params, &tok)
	h := tensor.Mat{Rows: 1, Cols: feat.Cols, Data: feat.Row(r)}
	probs := new(tensor.Mat)
	var soft objective.TiedSoftmax
	soft.Probabilities(probs, &h, m.TokenTable(e.Params), m.Bias(e.Params))
	return probs.Row(0)
}

// FillBlank answers a sentence with one blank (___) from a masked-token
// model: the k likeliest words there, specials excluded.
func (e *Encoder) FillBlank(vocab *text.Vocab, typed string, k int) (*Answer, error) {
	if e.Text.Words() || e.Text.Shape.Causal {
		return nil, askErr("only a masked-token model (objective mlm) fills a blank; this one is not")
	}
	ids, a, err := e.read(vocab, typed, 0)
	if err != nil {
		return nil, err
	}
	blank := -1
	for i, id := range ids {
		if id == text.MASK {
			if blank >= 0 {
				return nil, askErr("the sentence has more than one blank; mark one word with %s", Blank)
			}
			blank = i
		}
	}
	if blank < 0 {
		return nil, askErr("mark the word to guess with %s, as in “the cat sat on the %s .”", Blank, Blank)
	}
	p := e.distribution(ids, blank)
	a.Top = topOf(vocab.Words, p, k)
	return a, nil
}

// Attention returns the attention maps of a transformer reading tokens
// (words of the vocabulary or its specials, as an Answer gives them): per
// layer, per head, the (L, L) probabilities, each rounded to 3 decimals
// for the page. Word vectors have none.
func (e *Encoder) Attention(vocab *text.Vocab, tokens []string) [][]float64 {
	tr := e.Text.Transformer()
	if tr == nil || len(tokens) == 0 {
		return nil
	}
	ids := make([]int, 0, len(tokens))
	for _, w := range tokens[:min(len(tokens), e.Text.Shape.MaxLen)] {
		ids = append(ids, vocab.ID(w))
	}
	var tok nn.Tokens
	tok.Append(ids)
	c := e.Text.newCache()
	e.Text.forward(c, e.Params, &tok)
	var maps [][]float64
	for l := range e.Text.Shape.Layers {
		for h := range e.Text.Shape.Heads {
			p := c.tc.Attention(l, h, &tok, 0)
			m := make([]float64, len(p))
			for i, v := range p {
				m[i] = math.Round(v*1000) / 1000
			}
			maps = append(maps, m)
		}
	}
	return maps
}

// Continue samples up to n words after a prompt from a next-token model,
// each from softmax(logits / temperature) with its own stream of seed,
// the specials excluded; it stops after a full stop or at the model's
// length.
func (e *Encoder) Continue(vocab *text.Vocab, typed string, n int, temperature float64, seed uint64) (*Answer, error) {
	if !e.Text.Shape.Causal {
		return nil, askErr("only a next-token model (objective gpt) continues a sentence; this one is not")
	}
	if !(temperature > 0 && temperature <= 5) {
		return nil, askErr("temperature %v; allowed: above 0, at most 5", temperature)
	}
	ids, a, err := e.read(vocab, typed, 1)
	if err != nil {
		return nil, err
	}
	for _, id := range ids {
		if id == text.MASK {
			return nil, askErr("a next-token model continues a beginning; it has no blanks to fill (remove the %s)", Blank)
		}
	}
	rng := num.NewRNG(seed, 0x5a3)
	for len(a.Words) < n && len(ids) < e.Text.Shape.MaxLen {
		p := e.distribution(ids, len(ids)-1)
		// p^(1/T), renormalised, over the words (not the specials).
		w := make([]float64, len(p))
		var sum float64
		for id := text.FirstWord; id < len(p); id++ {
			w[id] = num.Exp(num.Log(max(p[id], 1e-300)) / temperature)
			sum += w[id]
		}
		u, acc, pick := rng.Float64()*sum, 0.0, len(p)-1
		for id := text.FirstWord; id < len(p); id++ {
			acc += w[id]
			if acc > u {
				pick = id
				break
			}
		}
		ids = append(ids, pick)
		a.Words = append(a.Words, vocab.Words[pick])
		if vocab.Words[pick] == "." {
			break
		}
	}
	return a, nil
}

// Sense is one part of speech of a word: how often it occurs so among the
// sentences searched, and the tokens whose features are nearest its mean.
type Sense struct {
	Tag     string      `json:"tag"`
	Count   int         `json:"count"`
	Nearest []Neighbour `json:"nearest"`
}

// Neighbour is a token near a sense: its word, its part of speech and the
// cosine of their features.
type Neighbour struct {
	Word   string  `json:"word"`
	Tag    string  `json:"tag"`
	Cosine float64 `json:"cosine"`
}

// WordSenses compares a word's uses as different parts of speech ("can"
// the noun and the verb): in a contextual model their features differ,
// in static word vectors they are the same vector.
type WordSenses struct {
	Word   string  `json:"word"`
	Senses []Sense `json:"senses"`
	// Cosine is the cosine of the two commonest senses' mean features (1
	// for static vectors), 0 with fewer than two senses.
	Cosine float64 `json:"cosine"`
}

// sensesPerTag bounds the sentences read for each sense of a word.
const sensesPerTag = 40

// Senses finds word in the sentences rows of ds (the first sensesPerTag of
// each part of speech it has there), and for each part of speech the k
// tokens of the sentences pool whose contextual features
// (TokenFeatures.Contextual) are nearest its uses' mean.
func (e *Encoder) Senses(ds *data.Dataset, rows, pool []int, word string, k int) (*WordSenses, error) {
	words := Tokenize(word)
	if len(words) != 1 || words[0] == Blank {
		return nil, askErr("type one word to look up, not %d tokens", len(words))
	}
	vocab, err := text.NewVocab(ds.Text.Vocab)
	if err != nil {
		return nil, err
	}
	id := vocab.ID(words[0])
	if id < text.FirstWord {
		return nil, askErr("%q is not among the %d words the model knows", words[0], vocab.Len()-text.FirstWord)
	}
	T := ds.X.Cols
	maxLen := e.Text.Shape.MaxLen
	bySense := map[uint8][]int{} // sentence rows, by the tag of the word in them
	var order []uint8
	for _, r := range rows {
		for j, v := range ds.X.Row(r)[:min(ds.SentenceLen(r), maxLen)] {
			if int(v) != id {
				continue
			}
			tag := ds.Text.Tags[r*T+j]
			if _, seen := bySense[tag]; !seen {
				order = append(order, tag)
			}
			if len(bySense[tag]) < sensesPerTag {
				bySense[tag] = append(bySense[tag], r)
			}
			break
		}
	}
	if len(order) == 0 {
		return nil, askErr("%q does not occur in the sentences searched", words[0])
	}
	sort.SliceStable(order, func(i, j int) bool { return len(bySense[order[i]]) > len(bySense[order[j]]) })
	poolFeat := e.TokenFeatures(ds, pool, nil).Contextual()
	poolUnit := l2rows(poolFeat.X)
	ws := &WordSenses{Word: words[0]}
	var means [][]float64
	for _, tag := range order {
		f := e.TokenFeatures(ds, bySense[tag], nil).Contextual()
		mean := make([]float64, f.X.Cols)
		for i, r := range f.Rows {
			for j := range f.Start[i+1] - f.Start[i] {
				if int(ds.X.At(r, j)) == id && ds.Text.Tags[r*T+j] == tag {
					for c, v := range f.X.Row(f.Start[i] + j) {
						mean[c] += v
					}
					break
				}
			}
		}
		means = append(means, mean)
		ws.Senses = append(ws.Senses, Sense{Tag: ds.Text.TagNames[tag], Count: len(bySense[tag]),
			Nearest: nearestTokens(ds, poolFeat, poolUnit, mean, id, k)})
	}
	if len(means) > 1 {
		ws.Cosine = cosineOf(means[0], means[1])
	}
	return ws, nil
}

// nearestTokens returns the k distinct (word, tag) tokens of the pool
// nearest v by cosine, the word skip excluded.
func nearestTokens(ds *data.Dataset, f *TokenFeatures, unit *tensor.Mat, v []float64, skip, k int) []Neighbour {
	norm := math.Sqrt(dotOf(v, v)) + 1e-12
	type cand struct {
		word, tag int
		cos       float64
	}
	var cands []cand
	T := ds.X.Cols
	for i, r := range f.Rows {
		for j := range f.Start[i+1] - f.Start[i] {
			w := int(ds.X.At(r, j))
			if w == skip || w < text.FirstWord {
				continue
			}
			cands = append(cands, cand{w, int(ds.Text.Tags[r*T+j]), dotOf(unit.Row(f.Start[i]+j), v) / norm})
		}
	}
	sort.SliceStable(cands, func(a, b int) bool { return cands[a].cos > cands[b].cos })
	seen := map[[2]int]bool{}
	var out []Neighbour
	for _, c := range cands {
		if len(out) == k {
			break
		}
		if key := [2]int{c.word, c.tag}; !seen[key] {
			seen[key] = true
			out = append(out, Neighbour{Word: ds.Text.Vocab[c.word], Tag: ds.Text.TagNames[c.tag], Cosine: c.cos})
		}
	}
	return out
}

func dotOf(a, b []float64) float64 {
	var s float64
	for i, v := range a {
		s += float64(v * b[i])
	}
	return s
}

func cosineOf(a, b []float64) float64 {
	return dotOf(a, b) / (math.Sqrt(dotOf(a, a)*dotOf(b, b)) + 1e-12)
}
