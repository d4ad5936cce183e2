package view

import (
	"strings"
	"testing"

	"sslab/app/session"
	"sslab/ml/config"
	"sslab/ml/train"
)

// A failed row shows its reason and never a number; a note is shown under
// its row; a negative R² grows left of zero; retrieval rows are named.
func TestResultsTableLesson(t *testing.T) {
	rows := []train.Row{
		{Encoder: "pretrained", Adaptation: "linear-probe", NTask: 10, Metric: "r2", Value: 0.8, Draws: 5},
		{Encoder: "random", Adaptation: "linear-probe", NTask: 10, Metric: "r2", Value: -3e9, Draws: 5,
			Note: "R² = -3e+09 is below −1"},
		{Encoder: "raw", Adaptation: "linear-probe", NTask: 10, Metric: "r2", Failed: "the ridge system is singular", Draws: 5},
		{Encoder: "raw", Adaptation: "knn", NTask: 0, Metric: "map", Value: 0.4, Draws: 1},
	}
	h := pageHTML(t, mount(t, &ResultsTable{ID: "t", Rows: rows}))
	for _, want := range []string{
		"no result: the ridge system is singular",
		`data-failed="the ridge system is singular"`,
		"Note: R² = -3e+09 is below −1",
		">-3e+09<", "background: #D55E00",
		"Retrieval, raw inputs", ">mAP<", ">R²<",
		`title="the fraction of the target&#39;s variance the predictions explain`,
	} {
		if !strings.Contains(h, want) {
			t.Errorf("table lacks %s:\n%s", want, h)
		}
	}
	failed := h[strings.Index(h, `data-failed=`):]
	failed = failed[:strings.Index(failed, "</tr>")]
	if strings.Contains(failed, "0.000") || strings.Contains(failed, "data-value") {
		t.Errorf("a failed row shows a number: %s", failed)
	}
}

// The verdict shows its sentences (the first one strong), the collapse
// warning when the meter flagged the encoder, and the chart of the lead.
func TestVerdictView(t *testing.T) {
	h := pageHTML(t, mount(t, &VerdictView{}))
	if !strings.Contains(h, "The verdict appears with the results") || strings.Contains(h, `id="verdict-collapse"`) {
		t.Errorf("before a result:\n%s", h)
	}
	v := &train.Verdict{Metric: "accuracy", Cause: train.CauseCollapse,
		Sentences: []string{"Pretraining did not help at 1 label per class: pretrained probe 0.27, raw pixels 0.61 (−34.0 points).", "Likely cause: collapse."},
		Budgets:   []train.BudgetVerdict{{NTask: 10, PerClass: 1, Budget: "1 label per class", Delta: -0.34, BaselineName: "raw"}}}
	h = pageHTML(t, mount(t, &VerdictView{Verdict: v, SVG: "<svg></svg>",
		Collapse: &train.CollapseReport{Collapsed: true, Reason: "the representation collapsed to nearly one line"}}))
	for _, want := range []string{"<strong>Pretraining did not help at 1 label per class", "Likely cause: collapse.",
		`id="verdict-collapse"`, "the representation collapsed to nearly one line", "Lead over the best baseline", "verdict-lost"} {
		if !strings.Contains(h, want) {
			t.Errorf("verdict lacks %q:\n%s", want, h)
		}
	}
}

// A preset's note shows beside the preset and beside the verdict; the
// verdict drops it when the run's pretraining is no longer the preset's,
// and a preset without a note shows none.
func TestPresetNoteShown(t *testing.T) {
	note := config.PresetNote("spirals-regression")
	if note == "" || config.PresetNote("digits-simclr") != "" || config.PresetNote("nope") != "" {
		t.Fatalf("notes: spirals-regression %q, digits-simclr %q, unknown %q", note, config.PresetNote("digits-simclr"), config.PresetNote("nope"))
	}
	if h := pageHTML(t, mount(t, &PresetPicker{Preset: "spirals-regression"})); !strings.Contains(h, `id="preset-note"`) ||
		!strings.Contains(h, "A deliberate lesson") {
		t.Errorf("the picker lacks the note:\n%s", h)
	}
	if h := pageHTML(t, mount(t, &PresetPicker{Preset: "digits-simclr"})); strings.Contains(h, `id="preset-note"`) {
		t.Errorf("digits-simclr shows a note:\n%s", h)
	}
	cfg, _ := config.Preset("spirals-regression")
	if got := presetNote(cfg); got != note {
		t.Errorf("presetNote(preset) = %q, want %q", got, note)
	}
	cfg.Shots = 5 // an adaptation setting: still the preset's pretraining
	if got := presetNote(cfg); got != note {
		t.Errorf("presetNote with another budget = %q, want the note", got)
	}
	cfg.Epochs = 7
	if got := presetNote(cfg); got != "" {
		t.Errorf("presetNote with other epochs = %q, want none", got)
	}
}

// The adaptation panel's words follow the result: a lost run's caption
// says why, a regression names its target and has no zero-shot table, the
// zero-shot rows are defined, and finetuning's budgets follow
// train.FinetuneBudgets.
func TestAdaptPanelFollowsResult(t *testing.T) {
	cfg, _ := config.Preset("blobs-simclr")
	lost := &train.Verdict{Metric: "accuracy", Cause: train.CauseSeparable, Sentences: []string{"Pretraining did not help."},
		Budgets: []train.BudgetVerdict{{NTask: 4, PerClass: 1, Budget: "1 label per class", Delta: -0.041, BaselineName: "raw"}}}
	rows := []train.Row{
		{Encoder: "pretrained", Adaptation: "linear-probe", NTask: 4, Metric: "accuracy", Value: 0.94, Draws: 5},
		{Encoder: "raw", Adaptation: "knn", NTask: 0, Metric: "precision@1", Value: 0.99, Draws: 1},
	}
	res := &session.Result{Rows: rows, ClassNames: []string{"a", "b", "c", "d"}, Report: &train.Report{Verdict: lost}}
	h := pageHTML(t, mount(t, &AdaptPanel{Config: cfg, ResultConfig: cfg, Status: StatusDone, Result: res, Ideas: true,
		Charts: map[string]string{session.ChartEfficiency: "<svg></svg>"}}))
	for _, want := range []string{"Here pretraining bought no gap at the left (−4.1 points at 1 label per class)",
		`id="verdict-note"`, "About this preset: ", config.PresetNote("blobs-simclr"),
		"the raw inputs already separate the classes", "In this run there is no such gap", "precision@10: the share of its class",
		`id="zero-shot-table"`, `id="regions"`} {
		if !strings.Contains(h, want) {
			t.Errorf("lost run: panel lacks %q", want)
		}
	}
	if strings.Contains(h, "is what pretraining bought here") || strings.Contains(h, "Raw pixels retrieve well") {
		t.Error("lost run on points: the panel says pretraining bought the gap, or speaks of pixels")
	}

	reg, _ := config.Preset("diabetes-regression")
	res = &session.Result{Rows: []train.Row{{Encoder: "pretrained", Adaptation: "linear-probe", NTask: 10, Metric: "r2", Value: 0.3, Draws: 5}},
		Report: &train.Report{}}
	h = pageHTML(t, mount(t, &AdaptPanel{Config: reg, ResultConfig: reg, Status: StatusDone, Result: res}))
	for _, want := range []string{"Predicting disease progression one year after baseline", "fraction of the target&#39;s variance"} {
		if !strings.Contains(h, want) {
			t.Errorf("regression: panel lacks %q", want)
		}
	}
	for _, not := range []string{`id="zero-shot-table"`, `id="retrieval-notes"`, `id="regions"`} {
		if strings.Contains(h, not) {
			t.Errorf("regression: panel has %s", not)
		}
	}

	for _, c := range []struct {
		shots, run int
		want       bool
	}{{1, 2, true}, {5, 2, true}, {-1, 2, true}, {2, 2, true}, {10, 2, false}, {20, 1, false}} {
		if got := finetunedAt(c.shots, c.run); got != c.want {
			t.Errorf("finetunedAt(%d, run %d) = %v", c.shots, c.run, got)
		}
	}
	if got := finetuneWords(); got != "1 and 5 labels per class, with all labels" {
		t.Errorf("finetuneWords() = %q", got)
	}
}

// The input plane names the budget it was drawn at and offers to draw the
// selected one.
func TestRegionsView(t *testing.T) {
	charts := map[string]string{}
	for _, e := range regionsOrder {
		charts[session.RegionsChartID(e)] = "<svg></svg>"
	}
	h := pageHTML(t, mount(t, &RegionsView{Charts: charts, DrawnAt: 1, Shots: 5, HasResult: true, CanRedraw: true}))
	for _, want := range []string{"Drawn at 1 label per class", "Draw at 5 labels per class", "pretrained encoder", "random encoder", "raw inputs"} {
		if !strings.Contains(h, want) {
			t.Errorf("regions lack %q", want)
		}
	}
	h = pageHTML(t, mount(t, &RegionsView{Charts: charts, DrawnAt: 5, Shots: 5, HasResult: true, CanRedraw: true}))
	if strings.Contains(h, `id="btn-regions"`) {
		t.Error("offers to redraw the budget it shows")
	}
}
