package view

import "github.com/maxence-charriere/go-app/v10/pkg/app"

// Idea is the short explanation beside a view: what it shows and the
// formula it illustrates.
type Idea struct {
	app.Compo

	Topic string // a key of ideas
}

func (i *Idea) Render() app.UI {
	t, ok := ideas[i.Topic]
	if !ok {
		return app.Div()
	}
	return app.Aside().Class("idea").Aria("label", t.title).Body(
		app.H3().Text(t.title),
		app.P().Text(t.before),
		// The formulas are MathML constants of this package (math.go),
		// rendered by the browser with no network and no script.
		// Raw takes one root element: a formula may hold several lines.
		// A box that may scroll sideways is reachable by keyboard (tabindex).
		app.If(t.math != "", func() app.UI {
			return app.Raw(`<div class="formula" tabindex="0" role="group" aria-label="Formula">` + t.math + `</div>`)
		}),
		app.If(t.after != "", func() app.UI { return app.P().Text(t.after) }),
	)
}
