package view

import (
	"sslab/ml/config"

	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// BudgetPicker chooses the label budget, from zero-shot through few-shot
// to all labels; the regime is named by the number of labels, n_task.
type BudgetPicker struct {
	app.Compo

	Shots  int
	Task   config.Task
	NTask  int  // labelled examples of the selected budget
	Known  bool // NTask is known (there are results)
	Locked bool
}

func (b *BudgetPicker) Render() app.UI {
	choices := budgetChoices(b.Task, b.Shots)
	unit := "per class"
	if b.Task == config.Regression {
		unit = "× 10 labels"
	}
	if b.Task == config.POS || b.Task == config.Genre {
		unit = "labelled sentences"
	}
	summary := "Labels per class used to adapt the encoder."
	if b.Known {
		summary = "n_task = " + groupThousands(b.NTask) + ": " + regime(b.NTask, b.Shots < 0) + "."
	}
	return disabledIf(app.FieldSet().Class("budget").ID("budget"), b.Locked).Body(
		app.Legend().Text("Label budget ("+unit+")"),
		app.Div().Class("segmented").Role("radiogroup").Body(app.Range(choices).Slice(func(i int) app.UI {
			c := choices[i]
			id := "budget-" + itoa(c)
			label := itoa(c)
			switch c {
			case 0:
				label = "none"
			case -1:
				label = "all"
			}
			return app.Span().Class("segment").Body(
				checkedIf(app.Input().Type("radio").Name("budget").ID(id).Value(itoa(c)), c == b.Shots).
					OnChange(func(ctx app.Context, e app.Event) { ctx.NewActionWithValue(ActBudget, c) }),
				app.Label().For(id).Text(label),
			)
		})),
		app.P().Class("hint").ID("budget-summary").Text(summary),
	)
}
