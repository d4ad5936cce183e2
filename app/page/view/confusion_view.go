package view

import (
	"strings"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"sslab/app/session"
)

// ConfusionView draws the confusion matrix of a chosen approach at the
// selected budget. The worker refits the approach to get its predictions.
type ConfusionView struct {
	app.Compo

	Confusion *session.Confusion
	SVG       string // the worker's drawing of Confusion
	Approach  session.Approach
	Shots     int
	HasResult bool
	Pending   bool // a matrix was or will be requested
}

// confusionChoices are the approaches one can inspect.
var confusionChoices = []session.Approach{
	{Encoder: "pretrained", Adaptation: "linear-probe"},
	{Encoder: "pretrained", Adaptation: "finetune"},
	{Encoder: "pretrained", Adaptation: "knn"},
	{Encoder: "pretrained", Adaptation: "kmeans"},
	{Encoder: "random", Adaptation: "linear-probe"},
	{Encoder: "raw", Adaptation: "linear-probe"},
	{Encoder: "scratch", Adaptation: "finetune"},
}

func (v *ConfusionView) Render() app.UI {
	var chart, caption, empty string
	needsLabels := v.Shots == 0 && (v.Approach.Adaptation == "linear-probe" || v.Approach.Adaptation == "finetune")
	c := v.Confusion
	switch {
	case !v.HasResult:
		empty = "The confusion matrix appears with the results."
	case needsLabels:
		empty = "This approach needs labels: choose a label budget of at least 1 per class."
	case c == nil || c.Approach.Encoder != v.Approach.Encoder || c.Approach.Adaptation != v.Approach.Adaptation:
		if v.Pending {
			empty = "Computing the confusion matrix…"
		}
	default:
		chart = v.SVG
		caption = "Rows: true class; columns: predicted class. " + approachName(c.Approach.Encoder, c.Approach.Adaptation)
		if c.NTask > 0 {
			caption += " with n_task = " + groupThousands(c.NTask) + " (first labelled draw)."
		} else {
			caption += ", no labels (clusters matched to classes)."
		}
	}
	selected := v.Approach.Encoder + "/" + v.Approach.Adaptation
	return app.Div().Class("confusion").Body(
		app.Div().Class("field field-inline").Body(
			app.Label().For("confusion-approach").Text("Approach"),
			disabledIf(app.Select().ID("confusion-approach"), !v.HasResult).
				OnChange(func(ctx app.Context, e app.Event) {
					enc, adapt, _ := strings.Cut(ctx.JSSrc().Get("value").String(), "/")
					ctx.NewActionWithValue(ActApproach, session.Approach{Encoder: enc, Adaptation: adapt})
				}).
				Body(app.Range(confusionChoices).Slice(func(i int) app.UI {
					a := confusionChoices[i]
					key := a.Encoder + "/" + a.Adaptation
					return selectedIf(app.Option().Value(key), key == selected).Text(approachName(a.Encoder, a.Adaptation))
				})),
		),
		&ChartCard{ID: "confusion", Title: "Confusion matrix", SVG: chart, Caption: caption, Empty: empty},
	)
}
