package view

import (
	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"sslab/app/session"
	"sslab/ml/eval"
	"sslab/ml/train"
)

// CollapseMeter shows whether the embeddings are collapsing, both kinds:
// complete (every input near one point: the spread of the embeddings
// relative to their size, and to their spread before training) and
// dimensional (onto a line: the share of the variance along the first
// principal direction, and the effective rank), for the representation
// and for the projections the loss compares; the spectrum over training;
// and a warning, with the reason in words, when the meter flags either.
type CollapseMeter struct {
	app.Compo

	SVG     string         // the worker's spectrum chart
	Monitor train.Snapshot // the latest reading
	Dim     int            // width of the representation
	Head    bool           // the objective compares projections (a head), not the representation
}

// collapseExplained says what collapse is and who is prone to it.
const collapseExplained = "Collapse is when the encoder maps every input to (nearly) the same point, or onto a single line: " +
	"the two views of an example then always agree, so the loss looks fine while the representation is useless. " +
	"SimSiam and BYOL use no negative examples, so nothing in their loss forbids it — only the predictor and " +
	"the stop-gradient (and BYOL's slowly moving target) hold it off, and with a poor learning rate or predictor they can still collapse. " +
	"SimCLR's negatives, and Barlow Twins' and VICReg's variance and decorrelation terms, push against it directly."

// collapsedLoss is the loss card's word when the meter sees a collapse.
const collapsedLoss = " Here the embeddings collapsed (see the collapse meter): a low loss is no sign of a good representation."

func (c *CollapseMeter) Render() app.UI {
	mon := c.Monitor
	shown := c.SVG != ""
	collapsed := shown && mon.Collapsed()
	return app.Div().Class("collapse-meter").Body(
		&ChartCard{ID: session.ChartCollapse, Title: "Collapse meter", SVG: c.SVG,
			Caption: "The share of the test embeddings' variance along each of their first principal directions, over training. " +
				"Healthy embeddings spread over several directions; when the first holds nearly all of it (above the dashed line) they lie on a line.",
			Empty: "The collapse meter appears when pretraining starts."},
		app.If(shown, func() app.UI {
			return app.Div().Class("meter-readings").Body(
				app.P().Class("meter-value").ID("effective-rank").Body(
					app.Strong().Text("Effective rank "+fixed(mon.Collapse.EffectiveRank, 1)),
					app.Text(" of "+itoa(c.Dim)+" dimensions; the first direction holds "+percent(mon.Collapse.Top)+" of the variance"),
				),
				app.Raw(collapseTable(mon, c.Head)),
			)
		}),
		// A slot that is always there (see AdaptPanel).
		app.Div().Class("collapse-warning-slot").Body(app.If(collapsed, func() app.UI {
			return app.P().Class("alert alert-warn").Role("status").ID("collapse-warning").
				Text(collapseKind(mon) + ": " + mon.CollapseReport().Reason + ", so they barely tell examples apart. " +
					"A lower learning rate, the objective's defence against collapse switched back on (negatives, stop-gradient, predictor, " +
					"variance term), or stronger augmentations may help.")
		})),
		app.P().Class("hint").Text(collapseExplained),
	)
}

// collapseKind names the kind of collapse the meter sees.
func collapseKind(mon train.Snapshot) string {
	c := mon.Collapse
	if !c.Collapsed() && mon.HeadCollapse != nil {
		c = *mon.HeadCollapse
	}
	if c.Complete {
		return "Complete collapse"
	}
	return "Dimensional collapse"
}

// collapseTable writes the meter's readings, one row for the
// representation and one for the projections (when the loss compares
// them), a reading past its threshold marked.
func collapseTable(mon train.Snapshot, head bool) string {
	b := `<div class="results"><table class="results-table meter-table" id="collapse-readings"><thead><tr><td></td>` +
		`<th scope="col" class="num" title="spread of the embeddings over their size; below ` + percent(eval.CompleteSpread) + `: one point">spread</th>` +
		`<th scope="col" class="num" title="spread now over the spread before training; below ` + percent(eval.CompleteShrink) + `: shrunk to a point">vs start</th>` +
		`<th scope="col" class="num" title="share of the variance along the first principal direction; above ` + percent(eval.DimensionalTop) + `: a line">1st dir.</th>` +
		`<th scope="col" class="num" title="effective rank: how many directions the embeddings use">rank</th></tr></thead><tbody>`
	row := func(name string, c eval.Collapse) string {
		mark := func(bad bool, s string) string {
			if bad {
				return `<td class="num meter-bad"><strong>` + s + ` ⚠</strong></td>`
			}
			return `<td class="num">` + s + "</td>"
		}
		shrink := "–"
		if c.Shrink > 0 {
			shrink = percent(c.Shrink)
		}
		return `<tr><th scope="row">` + name + "</th>" +
			mark(c.Spread < eval.CompleteSpread, percent(c.Spread)) +
			mark(c.Shrink > 0 && c.Shrink < eval.CompleteShrink, shrink) +
			mark(!c.Complete && c.Top > eval.DimensionalTop, percent(c.Top)) +
			`<td class="num">` + fixed(c.EffectiveRank, 1) + "</td></tr>"
	}
	b += row("representation", mon.Collapse)
	if head && mon.HeadCollapse != nil {
		b += row("projections", *mon.HeadCollapse)
	}
	return b + "</tbody></table></div>"
}
