package view

import (
	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// ChartCard frames one chart: a title, the SVG drawn inline, a caption
// saying how to read it, and a button saving the same SVG as a file.
type ChartCard struct {
	app.Compo

	ID      string // element id, also the base of the file name
	Title   string
	SVG     string // a standalone <svg> document from app/svg; "" for none yet
	Caption string
	Empty   string // shown instead of the chart while there is none
}

func (c *ChartCard) Render() app.UI {
	return app.Figure().Class("chart").ID(c.ID).Body(
		app.Div().Class("chart-head").Body(
			app.H3().Text(c.Title),
			app.If(c.SVG != "", func() app.UI {
				return app.Button().Class("btn btn-small btn-quiet").Type("button").
					Title("Save this chart as an SVG file").Aria("label", "Download "+c.Title+" as SVG").
					OnClick(func(ctx app.Context, e app.Event) {
						Download("sslab-"+c.ID+".svg", "image/svg+xml", c.SVG)
					}).Text("SVG ↓")
			}),
		),
		app.If(c.SVG != "", func() app.UI {
			// The SVG comes from our chart builders, which escape every
			// text they draw; nothing in it comes from the URL unescaped.
			return app.Div().Class("chart-body").Body(app.Raw(c.SVG))
		}).Else(func() app.UI {
			return app.Div().Class("chart-empty").Text(c.Empty)
		}),
		app.If(c.Caption != "", func() app.UI {
			return app.FigCaption().Text(c.Caption)
		}),
	)
}
