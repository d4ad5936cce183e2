package train

import (
	"testing"

	"sslab/ml/config"
	"sslab/ml/data"
	"sslab/ml/data/text"
)

// tinyCorpus is text.Toy's corpus under the protocol, as a dataset.
func tinyCorpus(t testing.TB, docsPerGenre, sentencesPerDoc int) *data.Dataset {
	t.Helper()
	cats, docs := text.Toy(docsPerGenre, sentencesPerDoc, 7)
	c, err := text.BuildBrown(cats, docs)
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
