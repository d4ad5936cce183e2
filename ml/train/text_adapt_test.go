package train

import (
	"slices"
	"strings"
	"testing"

	"sslab/ml/config"
	"sslab/ml/nn"
)

// The text adaptation gives every mode's rows at every budget, for both
// tasks: zero-shot k-means (and retrieval per sentence), the probe on the
// pretrained and random features and on the raw inputs, the majority
// class, LP-FT and training from scratch; token rows say how many tokens
// their sentences hold.
func TestTextAdaptationRows(t *testing.T) {
	ds := tinyCorpus(t, 4, 30)
	cfg := textConfig(t, config.MLM)
	cfg.Batch, cfg.Epochs = 32, 10
	p := newTextPretrainer(t, cfg, ds, Serial{})
	for !p.Done() {
		if _, err := p.Step(); err != nil {
			t.Fatal(err)
		}
	}
	for _, task := range []config.Task{config.POS, config.Genre} {
		t.Run(string(task), func(t *testing.T) {
			c := cfg
			c.Task = task
			a := NewAdapter(c, p.ds, p.split)
			rows := a.Evaluate(p.Encoder(), p.InitialEncoder())
			find := func(enc, adaptation string, n int, metric string) Row {
				t.Helper()
				for _, r := range rows {
					if r.Encoder == enc && r.Adaptation == adaptation && r.NTask == n && r.Metric == metric {
						if !r.OK() || !(r.Value >= 0 && r.Value <= 1) {
							t.Errorf("%s %s %d %s: %+v", enc, adaptation, n, metric, r)
						}
						return r
					}
				}
				t.Fatalf("no row %s %s %d %s in %v", enc, adaptation, n, metric, rows)
				return Row{}
			}
			pool := len(p.split.Train)
			for _, enc := range []string{"pretrained", "random"} {
				find(enc, "kmeans", 0, "accuracy")
				if task == config.Genre {
					find(enc, "knn", 0, "precision@1")
				}
			}
			for _, n := range []int{1, 10, 100, pool} {
				for _, enc := range []string{"pretrained", "random", "raw", "majority"} {
					adaptation := "linear-probe"
					if enc == "majority" {
						adaptation = "majority"
					}
					r := find(enc, adaptation, n, "accuracy")
					if task == config.POS && !(r.NTokens >= n) {
						t.Errorf("%s at %d sentences: %d tokens", enc, n, r.NTokens)
					}
					if task == config.Genre && r.NTokens != 0 {
						t.Errorf("a sentence row counts %d tokens", r.NTokens)
					}
				}
			}
			for _, n := range []int{10, pool} {
				find("pretrained", "finetune", n, "accuracy")
				find("scratch", "finetune", n, "accuracy")
			}
			for _, r := range rows {
				t.Logf("%-10s %-12s %5d %6d %-12s %.3f ±%.3f %s", r.Encoder, r.Adaptation, r.NTask, r.NTokens, r.Metric, r.Value, r.Std, r.Note)
			}
		})
	}
}

// The verdict of a text run speaks of labelled sentences and of the text
// baselines: one-hot word identity for tags, bags of words for genres.
func TestTextVerdictWords(t *testing.T) {
	rows := []Row{
		{Encoder: "pretrained", Adaptation: "linear-probe", NTask: 1, Metric: "accuracy", Value: 0.4, Draws: 3},
		{Encoder: "raw", Adaptation: "linear-probe", NTask: 1, Metric: "accuracy", Value: 0.3, Draws: 3},
		{Encoder: "pretrained", Adaptation: "linear-probe", NTask: 500, Metric: "accuracy", Value: 0.8, Draws: 1},
		{Encoder: "raw", Adaptation: "linear-probe", NTask: 500, Metric: "accuracy", Value: 0.9, Draws: 1},
	}
	v := NewVerdict(rows, Evidence{Dataset: "brown", Task: config.POS, AllLabels: 500})
	s := strings.Join(v.Sentences, " ")
	for _, w := range []string{"1 labelled sentence", "all 500 labelled sentences", "one-hot word identity does better"} {
		if !strings.Contains(s, w) {
			t.Errorf("verdict %q lacks %q", s, w)
		}
	}
	v = NewVerdict(rows, Evidence{Dataset: "brown", Task: config.Genre, AllLabels: 500})
	if s := strings.Join(v.Sentences, " "); !strings.Contains(s, "bags of words do better") {
		t.Errorf("verdict %q", s)
	}
}

// Ahead of a random encoder and behind the raw words, a text verdict
// blames the short pretraining and names the longer preset; level with a
// random encoder it is the undertrained cause, as for images.
func TestTextVerdictShortPretraining(t *testing.T) {
	rows := func(pre, rnd, raw float64) []Row {
		return []Row{
			{Encoder: "pretrained", Adaptation: "linear-probe", NTask: 1, Metric: "accuracy", Value: pre, Draws: 3},
			{Encoder: "random", Adaptation: "linear-probe", NTask: 1, Metric: "accuracy", Value: rnd, Draws: 3},
			{Encoder: "raw", Adaptation: "linear-probe", NTask: 1, Metric: "accuracy", Value: raw, Draws: 3},
		}
	}
	for _, tc := range []struct {
		task          config.Task
		pre, rnd, raw float64
		cause, words  string
	}{
		{config.POS, 0.32, 0.26, 0.34, CauseShortText, "behind one-hot word identity"},
		{config.Genre, 0.62, 0.58, 0.66, CauseShortText, "brown-mlm-long"},
		{config.POS, 0.265, 0.26, 0.34, CauseUndertrained, "random encoder"},
	} {
		v := NewVerdict(rows(tc.pre, tc.rnd, tc.raw), Evidence{Dataset: "brown", Task: tc.task, AllLabels: 500})
		if s := strings.Join(v.Sentences, " "); v.Cause != tc.cause || !strings.Contains(s, tc.words) {
			t.Errorf("%s %v: cause %q, verdict %q; want %q with %q", tc.task, tc.pre, v.Cause, s, tc.cause, tc.words)
		}
	}
}

// A transformer's token features are its language model's output at each
// token beside the embedding's, both through the final norm: twice its
// width, the first half (Contextual) what the output layer reads. Word
// vectors' are the vectors, and their contextual half is all of them.
func TestTokenFeaturesReadout(t *testing.T) {
	ds := tinyCorpus(t, 4, 12)
	for _, obj := range textObjectives {
		t.Run(string(obj), func(t *testing.T) {
			cfg := textConfig(t, obj)
			cfg.Batch = 40
			p := newTextPretrainer(t, cfg, ds, Serial{})
			if _, err := p.Step(); err != nil {
				t.Fatal(err)
			}
			enc := p.Encoder()
			rows := p.split.Test[:3]
			f := enc.TokenFeatures(p.ds, rows, nil)
			d := enc.Text.Dim()
			want := d
			if obj != config.SkipGram {
				want = 2 * d
			}
			if f.X.Cols != want || f.Context != d {
				t.Fatalf("features %d wide with a contextual half of %d; want %d and %d", f.X.Cols, f.Context, want, d)
			}
			var tok nn.Tokens
			sentenceTokens(&tok, p.ds, rows, enc.Text.Shape.MaxLen)
			lm := enc.Text.forward(enc.Text.newCache(), enc.Params, &tok)
			c := f.Contextual().X
			if c.Rows != lm.Rows || !slices.Equal(c.Data, lm.Data) {
				t.Fatal("the contextual half is not the language model's output")
			}
		})
	}
}
