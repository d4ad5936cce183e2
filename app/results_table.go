package main

import (
	"slices"
	"strconv"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"sslab/ml/train"
)

// ResultsTable lists result rows side by side, pretrained encoder first,
// each value with a bar, its spread over the labelled draws, and the same
// numbers the command line prints.
type ResultsTable struct {
	app.Compo

	ID    string
	Title string
	Rows  []train.Row
}

func (t *ResultsTable) Render() app.UI {
	rows := slices.Clone(t.Rows)
	slices.SortStableFunc(rows, func(a, b train.Row) int { return approachRank(a) - approachRank(b) })
	return app.Div().Class("results").Body(
		app.Table().Class("results-table").ID(t.ID).Body(
			app.Caption().Text(t.Title),
			app.THead().Body(app.Tr().Body(
				app.Th().Scope("col").Text("Approach"),
				app.Th().Scope("col").Text("Metric"),
				app.Th().Scope("col").Class("num").Text("Value"),
				app.Th().Scope("col").Class("num").Text("± std"),
				app.Th().Scope("col").Class("num").Text("Draws"),
			)),
			app.TBody().Body(app.Range(rows).Slice(func(i int) app.UI {
				r := rows[i]
				name := approachName(r.Encoder, r.Adaptation)
				if r.Metric == "precision@1" {
					name = "Retrieval: nearest neighbour, " + encoderWords(r.Encoder)
				}
				bar := 0.0
				if r.Metric != "mse" {
					bar = min(max(r.Value, 0), 1)
				}
				return app.Tr().Class("row-"+r.Encoder).
					DataSet("encoder", r.Encoder).DataSet("adaptation", r.Adaptation).
					DataSet("ntask", r.NTask).DataSet("metric", r.Metric).
					DataSet("value", strconv.FormatFloat(r.Value, 'g', -1, 64)).
					Body(
						app.Th().Scope("row").Text(name),
						app.Td().Text(r.Metric),
						app.Td().Class("num value").Body(
							app.Span().Class("value-bar").Style("width", fixed(100*bar, 1)+"%"),
							app.Span().Class("value-text").Text(fixed(r.Value, 3)),
						),
						app.Td().Class("num").Text(fixed(r.Std, 3)),
						app.Td().Class("num").Text(itoa(r.Draws)),
					)
			})),
		),
	)
}

func encoderWords(encoder string) string {
	switch encoder {
	case "pretrained":
		return "pretrained encoder"
	case "random":
		return "random encoder"
	case "raw":
		return "raw inputs"
	}
	return encoder
}
