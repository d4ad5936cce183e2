package view

import (
	"html"

	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// Idea is the short explanation beside a view: what it shows and the
// formula it illustrates.
type Idea struct {
	app.Compo

	Topic string // a key of ideas
	Level int    // of its heading: 3 where no h3 comes before it in its panel, else 4
	// Result, if set, is a sentence on what this run's numbers say about
	// the idea, shown after it.
	Result string
}

func (i *Idea) Render() app.UI {
	t, ok := ideas[i.Topic]
	if !ok {
		return app.Div()
	}
	var heading app.UI = app.H4().Text(t.title)
	if i.Level == 3 {
		heading = app.H3().Text(t.title)
	}
	return app.Aside().Class("idea").Aria("label", t.title).Body(
		heading,
		app.P().Text(t.before),
		// The formulas are MathML constants of this package (math.go),
		// rendered by the browser with no network and no script.
		// Raw takes one root element: a formula may hold several lines.
		// A narrow frame scrolls a wide formula: it takes the keyboard's
		// focus, so that the arrow keys scroll it too, under a name.
		app.If(t.math != "", func() app.UI {
			return app.Raw(`<div class="formula" tabindex="0" role="group" aria-label="` + html.EscapeString(t.title) + `: formula">` + t.math + `</div>`)
		}),
		app.If(t.after != "", func() app.UI { return app.P().Text(t.after) }),
		app.If(i.Result != "", func() app.UI { return app.P().Class("idea-result").Body(app.Em().Text(i.Result)) }),
	)
}
