package train

import (
	"errors"
	"math"
	"slices"
	"strings"
	"testing"

	"sslab/ml/config"
	"sslab/ml/data/text"
)

func TestTokenize(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want []string
	}{
		{"The cat sat on the ___ .", []string{"the", "cat", "sat", "on", "the", "___", "."}},
		{"Don't stop, well-known!", []string{"don't", "stop", ",", "well-known", "!"}},
		{"a [MASK] b", []string{"a", "___", "b"}},
		{"<b>bold</b>", []string{"<", "b", ">", "bold", "<", "/", "b", ">"}},
		{"the___", []string{"the", "___"}},
		{"  ", nil},
		{"'quoted'", []string{"'", "quoted", "'"}},
	} {
		if got := Tokenize(tc.in); !slices.Equal(got, tc.want) {
			t.Errorf("Tokenize(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

// The model answers a typed sentence or refuses it with a message saying
// what to change: empty, too long, made only of unknown words, without a
// blank or with two, or asked of the wrong kind of model. Markup is read
// as the tokens it is made of.
func TestAskTheModel(t *testing.T) {
	ds := tinyCorpus(t, 4, 20)
	vocab, err := text.NewVocab(ds.Text.Vocab)
	if err != nil {
		t.Fatal(err)
	}
	trained := func(obj config.Objective) *Encoder {
		cfg := textConfig(t, obj)
		cfg.Batch, cfg.Epochs = 32, 8
		p := newTextPretrainer(t, cfg, ds, Serial{})
		for !p.Done() {
			if _, err := p.Step(); err != nil {
				t.Fatal(err)
			}
		}
		return p.Encoder().Clone()
	}
	mlm, gpt := trained(config.MLM), trained(config.GPT)

	a, err := mlm.FillBlank(vocab, "the old horse ___ in the forest .", 5)
	if err != nil {
		t.Fatal(err)
	}
	var sum float64
	for _, w := range a.Top {
		sum += w.P
		if !(w.P > 0 && w.P <= 1) || vocab.ID(w.Word) < text.FirstWord {
			t.Errorf("top word %+v", w)
		}
	}
	if len(a.Top) != 5 || sum > 1+1e-9 || !(a.Top[0].P >= a.Top[4].P) {
		t.Errorf("top words %+v", a.Top)
	}
	verbs := map[string]bool{"ran": true, "dreamed": true, "sang": true, "wandered": true, "said": true}
	if !verbs[a.Top[0].Word] {
		t.Errorf("the blank of “the old horse ___ in the forest” is filled with %q; want a verb of the toy grammar", a.Top[0].Word)
	}

	for _, tc := range []struct {
		name, typed string
		want        string
	}{
		{"empty", "   ", "empty"},
		{"too long", strings.Repeat("the ", 40) + "___", "at most"},
		{"far too long", strings.Repeat("x", MaxAskBytes+1), "bytes"},
		{"unknown words", "zyzzyva quux ___", "none of the words"},
		{"no blank", "the old horse ran", "mark the word"},
		{"two blanks", "the ___ horse ___", "more than one blank"},
	} {
		_, err := mlm.FillBlank(vocab, tc.typed, 5)
		if !errors.Is(err, ErrAsk) || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: %v, want an ask error containing %q", tc.name, err, tc.want)
		}
	}
	a, err = mlm.FillBlank(vocab, "<script>the</script> ___", 3)
	if err != nil || !slices.Contains(a.Tokens, "[UNK]") || !slices.Contains(a.Unknown, "script") {
		t.Errorf("markup: %+v, %v", a, err)
	}
	if _, err := gpt.FillBlank(vocab, "the ___", 3); !errors.Is(err, ErrAsk) {
		t.Errorf("a next-token model filled a blank: %v", err)
	}

	c1, err := gpt.Continue(vocab, "the old", 6, 0.8, 3)
	if err != nil || len(c1.Words) == 0 {
		t.Fatalf("continue: %+v, %v", c1, err)
	}
	c2, _ := gpt.Continue(vocab, "the old", 6, 0.8, 3)
	if !slices.Equal(c1.Words, c2.Words) {
		t.Errorf("the same seed continued %q, then %q", c1.Words, c2.Words)
	}
	for _, temp := range []float64{0, -1, 6, math.NaN()} {
		if _, err := gpt.Continue(vocab, "the", 3, temp, 1); !errors.Is(err, ErrAsk) {
			t.Errorf("temperature %v accepted", temp)
		}
	}
	if _, err := mlm.Continue(vocab, "the", 3, 1, 1); !errors.Is(err, ErrAsk) {
		t.Errorf("a masked-token model continued: %v", err)
	}
}

// "can" the noun and "can" the verb: apart in a contextual model, one and
// the same vector in skip-gram's.
func TestWordSenses(t *testing.T) {
	ds := tinyCorpus(t, 4, 30)
	for _, obj := range []config.Objective{config.MLM, config.SkipGram} {
		cfg := textConfig(t, obj)
		cfg.Batch, cfg.Epochs = 32, 8
		p := newTextPretrainer(t, cfg, ds, Serial{})
		for !p.Done() {
			if _, err := p.Step(); err != nil {
				t.Fatal(err)
			}
		}
		ws, err := p.Encoder().Senses(ds, p.split.Train, p.split.Test, "Can", 4)
		if err != nil {
			t.Fatal(err)
		}
		tags := []string{}
		for _, s := range ws.Senses {
			tags = append(tags, s.Tag)
			if s.Count == 0 || len(s.Nearest) == 0 {
				t.Errorf("%s: sense %+v", obj, s)
			}
		}
		slices.Sort(tags)
		if !slices.Equal(tags, []string{"NOUN", "VERB"}) {
			t.Fatalf("%s: senses %v", obj, tags)
		}
		switch obj {
		case config.SkipGram:
			if math.Abs(ws.Cosine-1) > 1e-9 {
				t.Errorf("static vectors: the senses' cosine is %v, want 1", ws.Cosine)
			}
		default:
			if !(ws.Cosine < 0.99) {
				t.Errorf("contextual features: the senses' cosine is %v; want them apart", ws.Cosine)
			}
		}
		if _, err := p.Encoder().Senses(ds, p.split.Train, p.split.Test, "zyzzyva", 4); !errors.Is(err, ErrAsk) {
			t.Errorf("an unknown word: %v", err)
		}
	}
}

// The snapshot's guesses sit at masked positions (or next words) of short
// test sentences, best first; the attention maps of a typed sentence are
// one L×L map per layer and head whose rows sum to 1.
func TestGuessesAndAttention(t *testing.T) {
	ds := tinyCorpus(t, 4, 20)
	vocab, _ := text.NewVocab(ds.Text.Vocab)
	for _, obj := range textObjectives {
		cfg := textConfig(t, obj)
		p := newTextPretrainer(t, cfg, ds, Serial{})
		gs := p.Guesses(3, 4)
		if obj == config.SkipGram {
			if gs != nil {
				t.Errorf("skip-gram guesses %v", gs)
			}
			if p.Encoder().Attention(vocab, []string{"the", "girl"}) != nil {
				t.Error("word vectors have attention maps")
			}
			continue
		}
		if len(gs) != 3 {
			t.Fatalf("%s: %d guesses", obj, len(gs))
		}
		for _, g := range gs {
			if len(g.Positions) == 0 || len(g.Top) != len(g.Positions) {
				t.Fatalf("%s: guess %+v", obj, g)
			}
			for i, top := range g.Top {
				if g.Positions[i] >= len(g.Tokens) || len(top) != 4 || top[0].P < top[3].P {
					t.Errorf("%s: guesses %+v at %d", obj, top, g.Positions[i])
				}
			}
		}
		tokens := []string{"the", "[MASK]", "horse", "ran", "."}
		maps := p.Encoder().Attention(vocab, tokens)
		if len(maps) != cfg.Layers*cfg.Heads {
			t.Fatalf("%s: %d maps", obj, len(maps))
		}
		for _, m := range maps {
			for i := range len(tokens) {
				var s float64
				for _, v := range m[i*len(tokens) : (i+1)*len(tokens)] {
					s += v
				}
				if math.Abs(s-1) > 0.01 {
					t.Errorf("%s: row %d sums to %v", obj, i, s)
				}
			}
		}
	}
}
