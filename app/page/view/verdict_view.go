package view

import (
	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"sslab/app/session"
	"sslab/ml/train"
)

// VerdictView says above the adaptation tables what the numbers mean:
// the verdict's sentences (whether and where pretraining beat the best
// baseline, and if not, the likely cause), the collapse meter's warning
// when it flagged the encoder, and the chart of the pretrained encoder's
// lead over the best baseline at each budget.
type VerdictView struct {
	app.Compo

	Verdict  *train.Verdict        // nil before a result
	Collapse *train.CollapseReport // the collapse meter's reading, nil if none
	SVG      string                // the worker's verdict chart
	// Note is the result's preset note (config.PresetNote): why
	// pretraining cannot help there, for a deliberate lesson; "" for none.
	Note string
}

func (v *VerdictView) Render() app.UI {
	vd := v.Verdict
	collapsed := v.Collapse != nil && v.Collapse.Collapsed
	class := "verdict"
	switch {
	case vd == nil:
	case vd.Helped:
		class += " verdict-helped"
	default:
		class += " verdict-lost"
	}
	return app.Div().Class(class).ID("verdict").Aria("live", "polite").Body(
		app.H3().Text("Did pretraining help?"),
		// The words beside the chart where there is room, above it on a
		// phone.
		app.Div().Class("verdict-body").Body(
			app.Div().Class("verdict-words").Body(
				app.If(vd == nil, func() app.UI {
					return app.P().Class("hint").Text("The verdict appears with the results: at which label budgets the pretrained encoder beat " +
						"the best baseline (a random encoder, the raw inputs, training from scratch), by how much, and if it did not, why.")
				}).Else(func() app.UI {
					return app.Div().ID("verdict-text").Body(app.Range(vd.Sentences).Slice(func(i int) app.UI {
						if i == 0 {
							return app.P().Class("verdict-lead").Body(app.Strong().Text(vd.Sentences[0]))
						}
						return app.P().Text(vd.Sentences[i])
					}))
				}),
				app.If(vd != nil && v.Note != "", func() app.UI {
					return app.P().Class("verdict-note").ID("verdict-note").Body(app.Strong().Text("About this preset: "), app.Text(v.Note))
				}),
				// A slot that is always there (see AdaptPanel).
				app.Div().Class("verdict-collapse-slot").Body(app.If(collapsed, func() app.UI {
					return app.P().Class("alert alert-warn").Role("status").ID("verdict-collapse").
						Text("The collapse meter flagged the pretrained encoder: " + v.Collapse.Reason + ". See the collapse meter above.")
				})),
			),
			app.If(vd != nil && len(vd.Budgets) > 0, func() app.UI {
				return &ChartCard{ID: session.ChartVerdict, Title: "Lead over the best baseline", SVG: v.SVG,
					Caption: verdictCaption(vd)}
			}),
		),
	)
}

// verdictCaption says how to read the verdict chart.
func verdictCaption(v *train.Verdict) string {
	unit := "points of accuracy"
	if v.Metric == "r2" {
		unit = "R² (the fraction of the target's variance explained)"
	}
	return "At each label budget: the pretrained encoder's best result (its linear probe, or finetuning when that is better) " +
		"minus the best baseline there (named on its bar: the random encoder, the raw inputs or training from scratch), in " + unit +
		". Right of zero pretraining helped; left of it, it lost."
}

// causeWords says a verdict's cause as the end of a sentence.
func causeWords(cause string) string {
	switch cause {
	case train.CauseCollapse:
		return "the embeddings collapsed during pretraining, so the probe has little to read"
	case train.CauseSeparable:
		return "the raw inputs already separate the classes with few labels, so a representation has little to add"
	case train.CauseScratch:
		return "a network trained from scratch on the same labels does as well: they teach it what pretraining would"
	case train.CauseUndertrained:
		return "the pretrained encoder is barely better than a random one: it needed more pretraining"
	case train.CauseShortText:
		return "the pretrained encoder beats a random one but not the raw words: a language model needs millions of tokens of pretraining for that"
	case train.CauseMismatch:
		return "what the augmentations taught the encoder to ignore is what the labels need"
	}
	return "see the verdict above"
}

// leadWords says the pretrained encoder's lead at the fewest labels, as
// the verdict measures it: "+6.8 points at 1 label per class".
func leadWords(v *train.Verdict) string {
	if v == nil || len(v.Budgets) == 0 {
		return ""
	}
	b := v.Budgets[0]
	if v.Metric == "r2" {
		return signedText(b.Delta, 3) + " R² at " + b.Budget
	}
	return signedText(100*b.Delta, 1) + " points at " + b.Budget
}

// signedText writes x with an explicit sign, − for negatives.
func signedText(x float64, d int) string {
	s := fixed(x, d)
	if x >= 0 {
		return "+" + s
	}
	return "−" + s[1:]
}
