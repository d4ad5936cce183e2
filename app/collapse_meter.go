package main

import (
	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"sslab/app/session"
)

// CollapseMeter shows whether the embeddings are collapsing: the spread of
// each dimension, largest first, and the effective rank, with a warning
// when it nears 1.
type CollapseMeter struct {
	app.Compo

	SVG     string
	EffRank float64
	Dim     int
}

// collapsedRank is the effective rank under which the embeddings are
// essentially one-dimensional.
const collapsedRank = 1.5

func (c *CollapseMeter) Render() app.UI {
	shown := c.SVG != ""
	return app.Div().Class("collapse-meter").Body(
		&ChartCard{ID: session.ChartCollapse, Title: "Collapse meter", SVG: c.SVG,
			Caption: "Spread of each embedding dimension over the test split, largest first. Dimensions with no spread carry no information.",
			Empty:   "The collapse meter appears when pretraining starts."},
		app.If(shown, func() app.UI {
			return app.P().Class("meter-value").ID("effective-rank").Body(
				app.Strong().Text("Effective rank "+fixed(c.EffRank, 1)),
				app.Text(" of "+itoa(c.Dim)+" dimensions"),
			)
		}),
		app.If(shown && c.EffRank < collapsedRank, func() app.UI {
			return app.P().Class("alert alert-warn").Role("status").ID("collapse-warning").
				Text("Collapse: the embeddings have shrunk to about one direction (effective rank " + fixed(c.EffRank, 2) +
					"), so they barely tell examples apart. A lower learning rate, another objective or stronger augmentations may help.")
		}),
	)
}
