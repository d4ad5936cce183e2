package view

import (
	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"sslab/app/session"
	"sslab/ml/config"
	"sslab/ml/train"
)

// AdaptPanel is the adaptation view: the label budget, the approaches side
// by side at that budget, the label-efficiency chart, a confusion matrix,
// and the downloads.
type AdaptPanel struct {
	app.Compo

	Config       config.Config // the current settings (its Shots is the selected budget)
	ResultConfig config.Config // the settings the result was computed with
	Status       Status
	Result       *session.Result
	Confusion    *session.Confusion
	Approach     session.Approach
	Ideas        bool
	Checkpoint   string // the checkpoint the run adapted, "" if it pretrained
	// The worker's charts of the result.
	EfficiencySVG, ConfusionSVG string
}

func (p *AdaptPanel) Render() app.UI {
	cfg, r := p.Config, p.Result
	regression := cfg.IsRegression()
	var rows []train.Row
	classes := 0
	if r != nil {
		rows, classes = r.Rows, len(r.ClassNames)
	}
	shots := cfg.Shots
	if cfg.IsText() {
		classes = 1 // text budgets count labelled sentences
	}
	nTask := nTaskOf(shots, rows, classes, regression)
	// Finetuning runs at the run's own budget and with all labels only.
	finetuned := r != nil && (shots == p.ResultConfig.Shots || shots < 0)
	canReadapt := p.Status == StatusDone && !finetuned && shots != 0 && session.SamePretraining(cfg, p.ResultConfig)
	return app.Section().Class("panel").ID("adapt").Aria("labelledby", "adapt-title").Body(
		app.H2().Class("panel-title").ID("adapt-title").Text("Adapting to a labelled task"),
		app.If(p.Checkpoint != "", func() app.UI {
			return app.P().Class("hint").Text("Pretraining skipped: the encoder comes from the checkpoint “" + p.Checkpoint + "”.")
		}),
		app.Div().Class("cards").Body(
			app.Div().Class("card card-wide").Body(
				&BudgetPicker{Shots: shots, Task: cfg.Task, NTask: nTask, Known: r != nil, Locked: p.Status.Running()},
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
						app.Text("Finetuning and training from scratch ran at the run's budget and with all labels. "),
						app.Button().Class("btn btn-small").ID("btn-readapt").Type("button").
							OnClick(func(ctx app.Context, e app.Event) { ctx.NewAction(ActReadapt) }).
							Text("Adapt again at this budget"),
					)
				})),
				app.Div().Class("zero-shot-slot").Body(app.If(r != nil && nTask != 0, func() app.UI {
					return &ResultsTable{Rows: rowsAt(rows, 0), Title: "Zero-shot: no labels at all", ID: "zero-shot-table"}
				})),
				app.If(p.Ideas, func() app.UI { return &Idea{Topic: "regimes"} }),
			),
			app.Div().Class("card").Body(
				&ChartCard{ID: session.ChartEfficiency, Title: "Label efficiency", SVG: p.EfficiencySVG,
					Caption: "How each approach improves with more labels; bars show the spread over few-shot draws. The gap at the left is what pretraining buys.",
					Empty:   "The label-efficiency chart appears with the results."},
				app.If(p.Ideas, func() app.UI { return &Idea{Topic: "probe"} }),
			),
			app.If(!regression, func() app.UI {
				return app.Div().Class("card").Body(
					&ConfusionView{Confusion: p.Confusion, SVG: p.ConfusionSVG, Approach: p.Approach, Shots: shots,
						HasResult: r != nil, Pending: r != nil && p.Status == StatusDone},
					app.If(p.Ideas, func() app.UI { return &Idea{Topic: "finetune"} }),
				)
			}).Else(func() app.UI {
				return app.If(p.Ideas, func() app.UI { return app.Div().Class("card").Body(&Idea{Topic: "finetune"}) })
			}),
			app.Div().Class("card card-wide").Body(
				&ResultActions{HasResult: r != nil, Running: p.Status.Running()},
			),
		),
	)
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
