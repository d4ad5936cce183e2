package view

import (
	"slices"
	"strings"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"sslab/app/session"
	"sslab/ml/config"
	"sslab/ml/train"
)

// AdaptPanel is the adaptation view: the verdict, the label budget, the
// approaches side by side at that budget, the input plane of 2-D data, the
// label-efficiency chart, a confusion matrix, and the downloads. Its words
// follow the result: when pretraining lost, they say so and why.
type AdaptPanel struct {
	app.Compo

	Config       config.Config // the current settings (its Shots is the selected budget)
	ResultConfig config.Config // the settings the result was computed with
	Status       Status
	Result       *session.Result
	Confusion    *session.Confusion
	Approach     session.Approach
	Ideas        bool
	Checkpoint   string            // the checkpoint the run adapted, "" if it pretrained
	Charts       map[string]string // the worker's charts, by session chart id
}

func (p *AdaptPanel) Render() app.UI {
	cfg, r := p.Config, p.Result
	regression := cfg.IsRegression()
	var rows []train.Row
	var verdict *train.Verdict
	var collapse *train.CollapseReport
	classes := 0
	if r != nil {
		rows, classes = r.Rows, len(r.ClassNames)
		if r.Report != nil {
			verdict, collapse = r.Report.Verdict, r.Report.Collapse
		}
	}
	shots := cfg.Shots
	if cfg.IsText() {
		classes = 1 // text budgets count labelled sentences
	}
	nTask := nTaskOf(shots, rows, classes, regression)
	finetuned := r != nil && finetunedAt(shots, p.ResultConfig.Shots)
	same := session.SamePretraining(cfg, p.ResultConfig)
	canReadapt := p.Status == StatusDone && !finetuned && shots != 0 && same
	zeroShot := rowsAt(rows, 0)
	target := targetOf(cfg)
	// The input plane of 2-D data: the toy sets, or a 2-D file of one's own.
	plane := cfg.Kind() == config.Points || p.Charts[session.RegionsChartID("pretrained")] != ""
	return app.Section().Class("panel").ID("adapt").Aria("labelledby", "adapt-title").Body(
		app.H2().Class("panel-title").ID("adapt-title").Text("Adapting to a labelled task"),
		app.If(p.Checkpoint != "", func() app.UI {
			return app.P().Class("hint").Text("Pretraining skipped: the encoder comes from the checkpoint “" + p.Checkpoint + "”.")
		}),
		app.Div().Class("cards").Body(
			app.Div().Class("card card-wide").Body(
				&VerdictView{Verdict: verdict, Collapse: collapse, SVG: p.Charts[session.ChartVerdict], Note: presetNote(p.ResultConfig)},
			),
			app.Div().Class("card card-wide").Body(
				&BudgetPicker{Shots: shots, Task: cfg.Task, NTask: nTask, Known: r != nil, Locked: p.Status.Running()},
				app.If(regression, func() app.UI {
					return app.P().Class("task-line").ID("regression-target").Text(regressionWords(target))
				}),
				app.If(r == nil, func() app.UI {
					return app.P().Class("chart-empty").Text("The results appear here when the run has pretrained and adapted the encoder.")
				}).Else(func() app.UI {
					return &ResultsTable{Rows: rowsAt(rows, nTask), Title: budgetTitle(shots, nTask), ID: "results-table"}
				}),
				// Slots that are always there, full or empty: go-app pairs
				// children by position, so a part that came and went would
				// shift the idea after it and rebuild it (MathML and all) as
				// the results arrive.
				app.Div().Class("readapt-slot").Body(app.If(canReadapt, func() app.UI {
					return app.P().Class("readapt").Body(
						app.Text("Finetuning and training from scratch ran at "+finetuneWords()+" and the run's own budget. "),
						app.Button().Class("btn btn-small").ID("btn-readapt").Type("button").
							OnClick(func(ctx app.Context, e app.Event) { ctx.NewAction(ActReadapt) }).
							Text("Adapt again at this budget"),
					)
				})),
				app.Div().Class("zero-shot-slot").Body(app.If(nTask != 0 && len(zeroShot) > 0, func() app.UI {
					return &ResultsTable{Rows: zeroShot, Title: "Zero-shot: no labels at all", ID: "zero-shot-table"}
				})),
				app.Div().Class("retrieval-slot").Body(app.If(len(zeroShot) > 0, func() app.UI {
					return retrievalNotes(cfg.Kind() == config.Images)
				})),
				app.If(p.Ideas, func() app.UI { return &Idea{Topic: "regimes", Level: 3} }),
			),
			app.If(plane, func() app.UI {
				return app.Div().Class("card card-wide").Body(&RegionsView{
					Charts: p.Charts, DrawnAt: RegionsShots(p.ResultConfig.Shots), Shots: shots, Regression: regression, Target: target,
					HasResult: r != nil, CanRedraw: p.Status == StatusDone && same,
				})
			}),
			app.Div().Class("card").Body(
				&ChartCard{ID: session.ChartEfficiency, Title: "Label efficiency", SVG: p.Charts[session.ChartEfficiency],
					Caption: efficiencyCaption(verdict, regression),
					Empty:   "The label-efficiency chart appears with the results."},
				app.If(p.Ideas, func() app.UI { return &Idea{Topic: "probe", Result: probeResult(verdict)} }),
			),
			app.If(!regression, func() app.UI {
				return app.Div().Class("card").Body(
					&ConfusionView{Confusion: p.Confusion, SVG: p.Charts[session.ChartConfusion], Approach: p.Approach, Shots: shots,
						HasResult: r != nil, Pending: r != nil && p.Status == StatusDone},
					app.If(p.Ideas, func() app.UI { return &Idea{Topic: "finetune", Result: finetuneResult(rows, verdict)} }),
				)
			}).Else(func() app.UI {
				return app.If(p.Ideas, func() app.UI {
					return app.Div().Class("card").Body(&Idea{Topic: "finetune", Result: finetuneResult(rows, verdict)})
				})
			}),
			app.Div().Class("card card-wide").Body(
				&ResultActions{HasResult: r != nil, Running: p.Status.Running()},
			),
		),
	)
}

// finetunedAt reports whether finetuning and training from scratch ran at
// budget shots in a run whose own budget was run: at train's
// FinetuneBudgets and the run's own.
func finetunedAt(shots, run int) bool {
	return shots == run || slices.Contains(train.FinetuneBudgets, train.Budget(shots))
}

// finetuneWords lists train.FinetuneBudgets: "1 and 5 labels per class,
// with all labels".
func finetuneWords() string {
	var few []string
	all := false
	for _, b := range train.FinetuneBudgets {
		if b == train.All {
			all = true
			continue
		}
		few = append(few, itoa(int(b)))
	}
	s := ""
	switch len(few) {
	case 0:
	case 1:
		s = few[0] + " label per class"
		if few[0] != "1" {
			s = few[0] + " labels per class"
		}
	default:
		s = strings.Join(few[:len(few)-1], ", ") + " and " + few[len(few)-1] + " labels per class"
	}
	if all {
		if s != "" {
			s += ", "
		}
		s += "with all labels"
	}
	return s
}

// targetOf names what a regression predicts.
// presetNote is the note of the preset cfg started from, while cfg
// pretrains as that preset does: the note speaks of the preset's
// pretraining, which a changed setting may have made untrue.
func presetNote(cfg config.Config) string {
	base, err := config.Preset(cfg.Preset)
	if err != nil || !base.SamePretraining(cfg) {
		return ""
	}
	return config.PresetNote(cfg.Preset)
}

func targetOf(cfg config.Config) string {
	if d, ok := config.DatasetOf(cfg.Dataset); ok && d.Target != "" {
		return d.Target
	}
	return "the target"
}

// regressionWords says what a regression's metrics mean.
func regressionWords(target string) string {
	return "Predicting " + target + ". R² is the fraction of the target's variance the predictions explain: " +
		"1 is perfect, 0 is no better than always predicting the mean, and below 0 is worse than that " +
		"(the bar then grows left of zero). MSE is the mean squared error, in the target's units squared."
}

// retrievalNotes defines the zero-shot rows and, on images, says why raw
// pixels retrieve well.
func retrievalNotes(images bool) app.UI {
	return app.Div().Class("retrieval-notes hint").ID("retrieval-notes").Body(
		app.P().Text("Zero-shot, the labels only score: k-means clusters are matched to the classes (Hungarian matching), and in retrieval "+
			"each test example looks up the others by cosine similarity. precision@1: how often its nearest neighbour has its class. "+
			"precision@10: the share of its class among its 10 nearest. mAP (mean average precision): the whole class ranked, not just the nearest."),
		app.If(images, func() app.UI {
			return app.P().Text("Raw pixels retrieve well on digits: most handwritten digits have a near-duplicate of the same class in pixel space, " +
				"so the nearest neighbour is usually right whatever the representation. mAP, which asks for the whole class near the top, is where a " +
				"representation that gathers each class shows.")
		}),
	)
}

// efficiencyCaption says how to read the label-efficiency chart, and what
// the gap at the left means in this run.
func efficiencyCaption(v *train.Verdict, regression bool) string {
	s := "How each approach improves with more labels; bars show the spread over few-shot draws."
	if regression {
		s += " R² is the fraction of the target's variance the predictions explain; below −1 is cut off at the bottom (the tables say so)."
	}
	switch {
	case v == nil || len(v.Budgets) == 0:
	case v.Helped:
		s += " The gap at the left, pretrained over the best baseline, is what pretraining bought here: " + leadWords(v) + "."
	default:
		s += " Here pretraining bought no gap at the left (" + leadWords(v) + "): " + causeWords(v.Cause) + "."
	}
	return s
}

// probeResult is the probe idea's word on this run.
func probeResult(v *train.Verdict) string {
	switch {
	case v == nil || len(v.Budgets) == 0:
		return ""
	case v.Helped:
		return "In this run the gap is " + leadWords(v) + " over the best baseline."
	}
	return "In this run there is no such gap (" + leadWords(v) + "): " + causeWords(v.Cause) + "."
}

// finetuneResult compares finetuning with training from scratch at the
// fewest labels both ran at.
func finetuneResult(rows []train.Row, v *train.Verdict) string {
	metric := "accuracy"
	if v != nil {
		metric = v.Metric
	}
	find := func(enc string, n int) (float64, bool) {
		for _, r := range rows {
			if r.Encoder == enc && r.Adaptation == "finetune" && r.NTask == n && r.Metric == metric && r.OK() {
				return r.Value, true
			}
		}
		return 0, false
	}
	n := -1
	for _, r := range rows {
		if r.Adaptation == "finetune" && r.Encoder == "pretrained" && r.NTask > 0 && (n < 0 || r.NTask < n) {
			n = r.NTask
		}
	}
	ft, ok1 := find("pretrained", n)
	sc, ok2 := find("scratch", n)
	if !ok1 || !ok2 {
		return ""
	}
	name := metricName(metric)
	s := "In this run, with n_task = " + groupThousands(n) + ": finetuned " + fixed(ft, 3) + ", from scratch " + fixed(sc, 3) + " (" + name + "). "
	if ft > sc {
		return s + "Starting from the pretrained encoder helped."
	}
	return s + "Starting from the pretrained encoder did not help here."
}

func budgetTitle(shots, nTask int) string {
	switch {
	case shots == 0:
		return "Zero-shot: no labels at all"
	case shots < 0:
		return "All " + groupThousands(nTask) + " training labels"
	}
	return "n_task = " + groupThousands(nTask) + " labelled examples (" + regime(nTask, false) + ")"
}
