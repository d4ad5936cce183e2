package view

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

// collapseExplained says what collapse is and who is prone to it.
const collapseExplained = "Collapse is when the encoder maps every input to (nearly) the same point, or onto a single line: " +
	"the two views of an example then always agree, so the loss looks fine while the representation is useless. " +
	"SimSiam and BYOL use no negative examples, so nothing in their loss forbids it — only the predictor and " +
	"the stop-gradient (and BYOL's slowly moving target) hold it off, and with a poor learning rate or predictor they can still collapse. " +
	"SimCLR's negatives, and Barlow Twins' and VICReg's variance and decorrelation terms, push against it directly."

// collapsedRank is the effective rank under which the embeddings are
// essentially one-dimensional.
const collapsedRank = 1.5

func (c *CollapseMeter) Render() app.UI {
	shown := c.SVG != ""
	return app.Div().Class("collapse-meter").Body(
		&ChartCard{ID: session.ChartCollapse, Title: "Collapse meter", SVG: c.SVG,
			Caption: "Spread of each embedding dimension over the test split, largest first. Dimensions with no spread carry no information. " + collapseExplained,
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
					"), so they barely tell examples apart. " + collapseExplained + " A lower learning rate, another objective or stronger augmentations may help.")
		}),
	)
}
