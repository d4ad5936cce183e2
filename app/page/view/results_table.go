package view

import (
	"html"
	"slices"
	"strconv"
	"strings"

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

// Render writes the table as one piece of markup, mounted in one step: it
// has no controls, and go-app mounts element by element, each a few calls
// out of wasm, which for a table's few hundred nodes makes the results'
// arrival a long task on the page's thread.
func (t *ResultsTable) Render() app.UI {
	rows := slices.Clone(t.Rows)
	slices.SortStableFunc(rows, func(a, b train.Row) int { return approachRank(a) - approachRank(b) })
	var b strings.Builder
	b.WriteString(`<div class="results"><table class="results-table" id="` + escapeHTML(t.ID) + `"><caption>`)
	b.WriteString(escapeHTML(t.Title))
	b.WriteString(`</caption><thead><tr><th scope="col">Approach</th><th scope="col">Metric</th>` +
		`<th scope="col" class="num">Value</th><th scope="col" class="num">± std</th><th scope="col" class="num">Draws</th></tr></thead><tbody>`)
	attr := func(name, value string) { b.WriteString(" " + name + `="` + escapeHTML(value) + `"`) }
	for _, r := range rows {
		name := approachName(r.Encoder, r.Adaptation)
		if r.Metric == "precision@1" {
			name = "Retrieval: nearest neighbour, " + encoderWords(r.Encoder)
		}
		bar := 0.0
		if r.Metric != "mse" {
			bar = min(max(r.Value, 0), 1)
		}
		b.WriteString("<tr")
		attr("class", "row-"+r.Encoder)
		attr("data-encoder", r.Encoder)
		attr("data-adaptation", r.Adaptation)
		attr("data-ntask", itoa(r.NTask))
		attr("data-metric", r.Metric)
		attr("data-value", strconv.FormatFloat(r.Value, 'g', -1, 64))
		b.WriteString(`><th scope="row">` + escapeHTML(name) + "</th><td>" + escapeHTML(r.Metric) + "</td>")
		b.WriteString(`<td class="num value"><span class="value-bar" style="width: ` + fixed(100*bar, 1) + `%"></span>`)
		b.WriteString(`<span class="value-text">` + fixed(r.Value, 3) + "</span></td>")
		b.WriteString(`<td class="num">` + fixed(r.Std, 3) + `</td><td class="num">` + itoa(r.Draws) + "</td></tr>")
	}
	b.WriteString("</tbody></table></div>")
	return app.Raw(b.String())
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

// escapeHTML is html.EscapeString, skipped when there is nothing to escape
// (nearly always here; the escaper is slow in wasm).
func escapeHTML(s string) string {
	if !strings.ContainsAny(s, `<>&'"`) {
		return s
	}
	return html.EscapeString(s)
}
