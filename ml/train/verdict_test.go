package train

import (
	"strings"
	"testing"

	"sslab/ml/config"
)

// rowsOfValues builds probe (and finetune) rows: at each n, the values of
// the pretrained probe, random probe, raw probe and scratch (< 0: absent).
func rowsOfValues(metric string, vals map[int][4]float64) []Row {
	var rows []Row
	for n, v := range vals {
		for i, enc := range []string{"pretrained", "random", "raw", "scratch"} {
			if v[i] < -5 {
				continue
			}
			adaptation := "linear-probe"
			if enc == "scratch" {
				adaptation = "finetune"
			}
			rows = append(rows, Row{Encoder: enc, Adaptation: adaptation, NTask: n, Metric: metric, Value: v[i], Draws: 5})
		}
	}
	return rows
}

var digitsEvidence = Evidence{Dataset: "digits", Task: config.Classification, Classes: 10, AllLabels: 1346}

func TestVerdictHelpedThenCaughtUp(t *testing.T) {
	rows := rowsOfValues("accuracy", map[int][4]float64{
		10:   {0.672, 0.50, 0.604, 0.59},
		50:   {0.880, 0.79, 0.878, 0.86},
		1346: {0.970, 0.95, 0.975, 0.97},
	})
	v := NewVerdict(rows, digitsEvidence)
	if !v.Helped || v.Cause != "" || len(v.Budgets) != 3 {
		t.Fatalf("verdict %+v", v)
	}
	b := v.Budgets[0]
	if b.BaselineName != "raw" || b.PerClass != 1 || b.Outcome != OutcomeHelped || b.Delta < 0.0679 || b.Delta > 0.0681 {
		t.Errorf("first budget %+v", b)
	}
	if v.Budgets[1].Outcome != OutcomeTie || v.Budgets[2].Outcome != OutcomeHurt || v.Budgets[2].PerClass != -1 {
		t.Errorf("budgets %+v", v.Budgets)
	}
	want := []string{
		"Pretraining helped: +6.8 points at 1 label per class (pretrained probe 0.672, best baseline raw pixels 0.604).",
		"From 5 labels per class raw pixels catch up (+0.2 points).",
	}
	if strings.Join(v.Sentences, "\n") != strings.Join(want, "\n") {
		t.Errorf("sentences\n%s\nwant\n%s", strings.Join(v.Sentences, "\n"), strings.Join(want, "\n"))
	}
}

func TestVerdictStillLeadsAndFinetuneCounts(t *testing.T) {
	rows := rowsOfValues("accuracy", map[int][4]float64{
		10:   {0.70, 0.50, 0.60, 0.61},
		1346: {0.975, 0.95, 0.96, 0.97},
	})
	rows = append(rows, Row{Encoder: "pretrained", Adaptation: "finetune", NTask: 1346, Metric: "accuracy", Value: 0.985, Draws: 1})
	v := NewVerdict(rows, digitsEvidence)
	last := v.Budgets[1]
	if last.PretrainedBy != "finetune" || last.Pretrained != 0.985 || last.BaselineName != "scratch" {
		t.Errorf("all labels: %+v", last)
	}
	if got := v.Sentences[1]; got != "It still leads with all 1,346 labels: +1.5 points over training from scratch." {
		t.Errorf("second sentence %q", got)
	}
}

func TestVerdictCauses(t *testing.T) {
	blobs := Evidence{Dataset: "blobs", Task: config.Classification, Classes: 4, AllLabels: 450}
	for _, tc := range []struct {
		name  string
		ev    Evidence
		vals  [4]float64 // at the fewest labels
		cause string
		words string
	}{
		{"separable", blobs, [4]float64{0.91, 0.95, 0.99, 0.97}, CauseSeparable, "raw inputs reach 0.990 with 1 label per class"},
		{"collapse beats separable", Evidence{Dataset: "blobs", Classes: 4, AllLabels: 450, Collapsed: true, CollapseReason: "effective rank 1.2"},
			[4]float64{0.91, 0.95, 0.99, 0.97}, CauseCollapse, "collapsed during pretraining (effective rank 1.2)"},
		{"undertrained", digitsEvidence, [4]float64{0.51, 0.50, 0.60, 0.55}, CauseUndertrained, "only +1.0 points above a random encoder"},
		{"mismatch", digitsEvidence, [4]float64{0.55, 0.45, 0.60, 0.55}, CauseMismatch, "than raw pixels do"},
		{"below random", digitsEvidence, [4]float64{0.45, 0.50, 0.40, 0.30}, CauseMismatch, "than the random encoder's features do"},
		{"level with random", digitsEvidence, [4]float64{0.497, 0.50, 0.60, 0.30}, CauseUndertrained, "no better than a random encoder's (−0.3 points)"},
		{"scratch", digitsEvidence, [4]float64{0.60, 0.50, 0.55, 0.602}, CauseScratch,
			"beats the frozen baselines (raw pixels 0.550, the random encoder 0.500), but training from scratch with 1 label per class does as well (0.602)"},
		{"scratch ahead", digitsEvidence, [4]float64{0.60, 0.50, 0.55, 0.63}, CauseScratch, "training from scratch with 1 label per class does better (0.630)"},
		{"scratch, below raw", digitsEvidence, [4]float64{0.55, 0.50, 0.58, 0.60}, CauseMismatch, "than raw pixels do"},
		{"tie", digitsEvidence, [4]float64{0.601, 0.45, 0.60, 0.55}, CauseMismatch, "Pretraining made no difference at 1 label per class"},
	} {
		n := tc.ev.Classes
		v := NewVerdict(rowsOfValues("accuracy", map[int][4]float64{n: tc.vals, tc.ev.AllLabels: {0.99, 0.95, 0.98, 0.97}}), tc.ev)
		text := strings.Join(v.Sentences, " ")
		if v.Helped || v.Cause != tc.cause || !strings.Contains(text, tc.words) {
			t.Errorf("%s: cause %q, sentences %q; want %q and %q", tc.name, v.Cause, text, tc.cause, tc.words)
		}
		if !strings.Contains(text, "It did help at all 450 labels") && tc.ev.Dataset == "blobs" {
			t.Errorf("%s: %q does not say it helped with all labels", tc.name, text)
		}
	}
}

// Regression verdicts are in R² of the dataset's named target; failed rows
// take no part.
func TestVerdictRegressionAndFailedRows(t *testing.T) {
	ev := Evidence{Dataset: "spirals", Task: config.Regression, AllLabels: 450}
	rows := rowsOfValues("r2", map[int][4]float64{10: {0.80, 0.70, 0.40, 0.60}, 20: {0.9, 0.8, 0.5, 0.7}})
	rows = append(rows, Row{Encoder: "pretrained", Adaptation: "linear-probe", NTask: 50, Metric: "r2", Failed: "singular"},
		Row{Encoder: "raw", Adaptation: "linear-probe", NTask: 50, Metric: "r2", Value: 0.5})
	v := NewVerdict(rows, ev)
	if v.Metric != "r2" || v.Target != "the position along the spiral arm" || len(v.Budgets) != 2 {
		t.Fatalf("verdict %+v", v)
	}
	if want := "Pretraining helped: +0.100 R² of the position along the spiral arm at 10 labels (pretrained probe 0.800, best baseline the random encoder 0.700)."; v.Sentences[0] != want {
		t.Errorf("got  %q\nwant %q", v.Sentences[0], want)
	}
	if v := NewVerdict(nil, ev); len(v.Budgets) != 0 || len(v.Sentences) != 1 {
		t.Errorf("no rows: %+v", v)
	}
}

// A task that is (nearly) linear in the raw input is "separable" whatever
// the fewest labels reach: with all labels no network beats a linear probe
// on the raw input by more than the margin. One that a network does beat
// by more keeps its other cause.
func TestVerdictLinearTask(t *testing.T) {
	diabetes := Evidence{Dataset: "diabetes", Task: config.Regression, AllLabels: 331}
	for _, tc := range []struct {
		name  string
		all   [4]float64 // pretrained, random, raw, scratch with all labels
		ft    float64    // the pretrained network finetuned with all labels
		cause string
	}{
		{"raw best", [4]float64{0.45, 0.42, 0.48, 0.40}, 0.46, CauseSeparable},
		{"raw within the margin", [4]float64{0.484, 0.42, 0.48, 0.40}, 0.46, CauseSeparable},
		{"finetuning beats raw", [4]float64{0.45, 0.42, 0.48, 0.40}, 0.50, CauseUndertrained},
		{"scratch beats raw", [4]float64{0.45, 0.42, 0.48, 0.55}, 0.46, CauseUndertrained},
	} {
		rows := rowsOfValues("r2", map[int][4]float64{10: {0.10, 0.095, 0.20, 0.05}, 331: tc.all})
		rows = append(rows, Row{Encoder: "pretrained", Adaptation: "finetune", NTask: 331, Metric: "r2", Value: tc.ft, Draws: 1})
		v := NewVerdict(rows, diabetes)
		text := strings.Join(v.Sentences, " ")
		if v.Helped || v.Cause != tc.cause {
			t.Errorf("%s: cause %q (%q), want %q", tc.name, v.Cause, text, tc.cause)
		}
		if tc.cause == CauseSeparable && !strings.Contains(text, "(nearly) linear in the raw input: with all 331 labels a linear probe on raw inputs reaches 0.480") {
			t.Errorf("%s: %q does not say why", tc.name, text)
		}
	}
	// On text the raw input is a lookup table of words: its fit with the
	// most labels is no reason to call the task linear.
	rows := rowsOfValues("accuracy", map[int][4]float64{1: {0.30, 0.25, 0.33, 0.20}, 1000: {0.65, 0.60, 0.86, 0.80}})
	if v := NewVerdict(rows, Evidence{Dataset: "brown", Task: config.POS, AllLabels: 1000}); v.Cause == CauseSeparable {
		t.Errorf("text: cause %q (%q), want another than separable", v.Cause, v.Sentences)
	}
}

// A budget at which every approach scores what the majority class scores
// (one labelled sentence names one genre) takes no part in the verdict,
// which says why it starts later.
func TestVerdictSkipsUninformativeBudgets(t *testing.T) {
	rows := rowsOfValues("accuracy", map[int][4]float64{1: {0.55, 0.55, 0.55, -10}, 10: {0.70, 0.64, 0.62, 0.60}})
	rows = append(rows, Row{Encoder: "majority", Adaptation: "majority", NTask: 1, Metric: "accuracy", Value: 0.55, Draws: 3},
		Row{Encoder: "majority", Adaptation: "majority", NTask: 10, Metric: "accuracy", Value: 0.59, Draws: 3})
	v := NewVerdict(rows, Evidence{Dataset: "brown", Task: config.Genre, AllLabels: 1000})
	if len(v.Budgets) != 1 || v.Budgets[0].NTask != 10 || !v.Helped {
		t.Fatalf("budgets %+v, helped %v; want the verdict at 10 sentences only, helped", v.Budgets, v.Helped)
	}
	text := strings.Join(v.Sentences, " ")
	if !strings.Contains(text, "With 1 labelled sentence every approach scores 0.550, as predicting the labelled majority class does") {
		t.Errorf("sentences %q do not say why 1 sentence is left out", text)
	}
	// A budget where one approach differs from the majority stays.
	for i, r := range rows {
		if r.Encoder == "pretrained" && r.NTask == 1 {
			rows[i].Value += 0.01
		}
	}
	if v := NewVerdict(rows, Evidence{Dataset: "brown", Task: config.Genre, AllLabels: 1000}); len(v.Budgets) != 2 {
		t.Errorf("budgets %+v, want 2", v.Budgets)
	}
}
