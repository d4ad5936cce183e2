package view

import (
	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"sslab/app/session"
)

// RegionsView shows the input plane of a 2-D dataset as TensorFlow
// Playground draws it: the test points coloured by class over the regions
// the linear probe predicts (or, for a regression, the surface it
// predicts), for the pretrained encoder, the random one and the raw
// inputs side by side. The worker draws them with the result, at the
// result's label budget; another budget is drawn on request.
type RegionsView struct {
	app.Compo

	Charts     map[string]string // by session chart id
	DrawnAt    int               // labels per class (tens for regression; -1 all) of the drawing
	Shots      int               // the selected budget
	Regression bool
	Target     string // what a regression predicts
	HasResult  bool
	CanRedraw  bool // the selected budget can be drawn (a finished run of the same pretraining)
}

func (v *RegionsView) Render() app.UI {
	drawn := v.HasResult && v.Charts[session.RegionsChartID("pretrained")] != ""
	caption := "Each cell of the plane is tinted with the class the linear probe predicts there; the test points have their true class's colour, " +
		"so a point on a tint of another colour is a mistake. An encoder can bend the plane, so its probe's boundaries may curve; " +
		"on the raw inputs the probe can only draw straight lines."
	if v.Regression {
		caption = "The plane is shaded by the target the linear probe predicts there (" + v.Target + "): " +
			"yellow is low, blue is high. Each test point has the colour of its true target on the same scale, so a point that matches the shade under it is predicted well. " +
			"On the raw inputs a linear probe can only draw a tilted plane."
	}
	return app.Div().Class("regions").ID("regions").Body(
		app.Div().Class("chart-head").Body(app.H3().Text("The input plane, as each probe divides it")),
		app.If(!drawn, func() app.UI {
			return app.Div().Class("chart-empty").Text("The input plane is drawn with the results.")
		}).Else(func() app.UI {
			return app.Div().Class("regions-row").Body(app.Range(regionsOrder).Slice(func(i int) app.UI {
				id := session.RegionsChartID(regionsOrder[i])
				return &ChartCard{ID: id, Title: encoderWords(regionsOrder[i]), SVG: v.Charts[id]}
			}))
		}),
		app.P().Class("hint").ID("regions-budget").Body(
			app.If(drawn, func() app.UI {
				return app.Text("Drawn at " + shotsWords(v.DrawnAt, v.Regression) + ", with the first draw of the labels. ")
			}),
			app.Text(caption),
		),
		app.If(drawn && v.CanRedraw && v.Shots != v.DrawnAt && v.Shots != 0, func() app.UI {
			return app.Button().Class("btn btn-small").ID("btn-regions").Type("button").
				OnClick(func(ctx app.Context, e app.Event) { ctx.NewAction(ActReadapt) }).
				Text("Draw at " + shotsWords(v.Shots, v.Regression))
		}),
	)
}

// regionsOrder is the order of the planes, left to right.
var regionsOrder = []string{"pretrained", "random", "raw"}

// shotsWords names a budget of labels per class (tens for regression).
func shotsWords(shots int, regression bool) string {
	switch {
	case shots < 0:
		return "all labels"
	case regression:
		return groupThousands(10*shots) + " labels"
	case shots == 1:
		return "1 label per class"
	}
	return itoa(shots) + " labels per class"
}

// RegionsShots is the budget the worker draws a result's input plane at:
// the result's own, or 1 per class for zero-shot (a probe needs labels).
func RegionsShots(shots int) int {
	if shots == 0 {
		return 1
	}
	return shots
}
