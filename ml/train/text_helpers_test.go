package train

import (
	"fmt"
	"strings"
	"testing"

	"sslab/ml/config"
	"sslab/ml/data"
	"sslab/ml/data/text"
	"sslab/ml/num"
)

// tinyCorpus is a small synthetic corpus in Brown's files and under its
// protocol: sentences of a toy grammar (determiner, adjective, noun, verb,
// adverb, preposition...) whose nouns and verbs depend on the genre, so both
// tasks are learnable from unlabelled text. "can" is a noun and a verb.
// It is made from a seed, so it runs anywhere (a browser test has no disk).
func tinyCorpus(t testing.TB, docsPerGenre, sentencesPerDoc int) *data.Dataset {
	t.Helper()
	lex := map[string][]string{
		"at":  {"the", "a", "every", "this"},
		"jj":  {"old", "red", "quiet", "small", "bright"},
		"rb":  {"slowly", "often", "never"},
		"in":  {"in", "on", "near"},
		"pps": {"he", "she", "it"},
		"cc":  {"and", "but"},
		"cd":  {"two", "three"},
	}
	nouns := map[bool][]string{
		true:  {"report", "court", "market", "law", "city", "can", "price"},
		false: {"girl", "horse", "dream", "forest", "ship", "can", "moon"},
	}
	verbs := map[bool][]string{
		true:  {"reported", "ruled", "rose", "voted", "said"},
		false: {"ran", "dreamed", "sang", "wandered", "said"},
	}
	genres := []string{"news", "learned", "fiction", "romance"}
	rng := num.NewRNG(7, 7)
	pick := func(w []string) string { return w[rng.IntN(len(w))] }
	var cats strings.Builder
	docs := map[string][]byte{}
	for gi, g := range genres {
		inf := text.Informative(g)
		for d := range docsPerGenre {
			id := fmt.Sprintf("c%c%02d", 'a'+gi, d+1)
			fmt.Fprintf(&cats, "%s %s\n", id, g)
			var b strings.Builder
			for range sentencesPerDoc {
				var toks []string
				add := func(w, tag string) { toks = append(toks, w+"/"+tag) }
				noun := func() {
					if rng.IntN(3) == 0 {
						add(pick(lex["cd"]), "cd")
					} else {
						add(pick(lex["at"]), "at")
					}
					if rng.IntN(2) == 0 {
						add(pick(lex["jj"]), "jj")
					}
					add(pick(nouns[inf]), "nn")
				}
				if rng.IntN(4) == 0 {
					add(pick(lex["pps"]), "pps")
				} else {
					noun()
				}
				if rng.IntN(5) == 0 {
					add("can", "md")
					add(strings.TrimSuffix(pick(verbs[inf]), "ed"), "vb")
				} else {
					add(pick(verbs[inf]), "vbd")
				}
				if rng.IntN(3) == 0 {
					add(pick(lex["rb"]), "rb")
				}
				add(pick(lex["in"]), "in")
				noun()
				if rng.IntN(3) == 0 {
					add(pick(lex["cc"]), "cc")
					noun()
				}
				add(".", ".")
				b.WriteString("\t" + strings.Join(toks, " ") + "\n\n")
			}
			docs[id] = []byte(b.String())
		}
	}
	c, err := text.BuildBrown([]byte(cats.String()), docs)
	if err != nil {
		t.Fatal(err)
	}
	return data.FromCorpus("brown", c)
}

// textConfig is a small, quick config of a text objective on tinyCorpus.
func textConfig(t testing.TB, obj config.Objective) config.Config {
	t.Helper()
	name := map[config.Objective]string{config.MLM: "brown-mlm", config.GPT: "brown-gpt", config.SkipGram: "brown-skipgram"}[obj]
	cfg, err := config.Preset(name)
	if err != nil {
		t.Fatal(err)
	}
	cfg.DModel, cfg.Layers, cfg.Heads, cfg.FFN, cfg.MaxLen = 16, 2, 2, 32, 16
	cfg.Batch, cfg.Epochs, cfg.Steps = 80, 2, 0
	cfg.MaskRatio = 0.3
	cfg.LR = 0.005
	cfg.FewShotSeeds, cfg.AdaptEpochs = 2, 2
	cfg.TestSents, cfg.PoolSents = 0, 0
	cfg = cfg.WithoutInapplicable()
	if err := cfg.Validate(); err != nil {
		t.Fatal(err)
	}
	return cfg
}

var textObjectives = []config.Objective{config.MLM, config.GPT, config.SkipGram}

func newTextPretrainer(t testing.TB, cfg config.Config, ds *data.Dataset, exec Executor) *Pretrainer {
	t.Helper()
	run, err := NewRunWithData(cfg, ds)
	if err != nil {
		t.Fatal(err)
	}
	p, err := NewPretrainer(cfg, run.Dataset, run.Split, exec)
	if err != nil {
		t.Fatal(err)
	}
	return p
}
