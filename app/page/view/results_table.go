package view

import (
	"html"
	"math"
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
		`<th scope="col" class="num">Value</th><th scope="col" class="num">± std</th><th scope="col" class="num col-draws">Draws</th></tr></thead><tbody>`)
	attr := func(name, value string) { b.WriteString(" " + name + `="` + escapeHTML(value) + `"`) }
	for _, r := range rows {
		b.WriteString("<tr")
		attr("class", "row-"+r.Encoder)
		attr("data-encoder", r.Encoder)
		attr("data-adaptation", r.Adaptation)
		attr("data-ntask", itoa(r.NTask))
		attr("data-metric", r.Metric)
		if r.OK() {
			attr("data-value", strconv.FormatFloat(r.Value, 'g', -1, 64))
		} else {
			attr("data-failed", r.Failed)
		}
		b.WriteString(`><th scope="row">` + escapeHTML(rowName(r)))
		if r.Note != "" {
			b.WriteString(`<span class="hint row-note">Note: ` + escapeHTML(r.Note) + "</span>")
		}
		b.WriteString("</th><td")
		if def := metricDefinitions[r.Metric]; def != "" {
			attr("title", def)
		}
		b.WriteString(">" + escapeHTML(metricName(r.Metric)) + "</td>")
		if !r.OK() {
			// A failed fit has no number: its reason, never a 0.
			b.WriteString(`<td class="failed" colspan="2">no result: ` + escapeHTML(r.Failed) + `</td><td class="num col-draws">` + itoa(r.Draws) + "</td></tr>")
			continue
		}
		b.WriteString(`<td class="num value">` + valueBar(r) + `<span class="value-text">` + valueText(r.Value) + "</span></td>")
		b.WriteString(`<td class="num">` + valueText(r.Std) + `</td><td class="num col-draws">` + itoa(r.Draws) + "</td></tr>")
	}
	b.WriteString("</tbody></table></div>")
	return app.Raw(b.String())
}

// rowName says in words what a row measures: retrieval rows (zero-shot
// knn rows with a retrieval metric) are named as retrieval.
func rowName(r train.Row) string {
	if r.Adaptation == "knn" && r.NTask == 0 && r.Metric != "accuracy" {
		return "Retrieval, " + encoderWords(r.Encoder)
	}
	return approachName(r.Encoder, r.Adaptation)
}

// metricName is a metric as the tables name it.
func metricName(m string) string {
	switch m {
	case "r2":
		return "R²"
	case "mse":
		return "MSE"
	case "map":
		return "mAP"
	}
	return m
}

// metricDefinitions say in one line what each metric measures.
var metricDefinitions = map[string]string{
	"accuracy":     "the fraction of test examples classified correctly",
	"r2":           "the fraction of the target's variance the predictions explain: 1 is perfect, 0 no better than always predicting the mean, below 0 worse than that",
	"mse":          "the mean squared error of the predictions, in the target's units squared",
	"precision@1":  "the fraction of test examples whose nearest other test example (cosine) has the same class",
	"precision@10": "the fraction of same-class examples among each test example's 10 nearest",
	"map":          "mean average precision: each test example ranks all the others, scored over every example of its class",
}

// valueBar draws a row's value as a bar: from the left for a fraction in
// [0, 1] (of the track, the cell less the value's room), from a zero in the middle for R² (its scale −1 to 1, negative
// values to the left in the warning colour), none for the MSE.
func valueBar(r train.Row) string {
	switch r.Metric {
	case "mse":
		return ""
	case "r2":
		// The bar's track is the cell's width less 64 px (the .value-bar
		// rule's max-width), from 8 px; zero is its middle.
		v := min(max(r.Value, -1), 1)
		from, width := 0.5, 0.5*v
		style := ""
		if v < 0 {
			from, width, style = 0.5+0.5*v, -0.5*v, "; background: #D55E00"
		}
		track := func(f float64) string { return "(100% - 64px) * " + fixed(f, 3) }
		return `<span class="value-bar" style="left: calc(8px + ` + track(0.5) + `); width: 1px; height: 12px; margin-top: -6px; background: #888"></span>` +
			`<span class="value-bar" style="left: calc(8px + ` + track(from) + `); width: calc(` + track(width) + `)` + style + `"></span>`
	}
	// A fraction of the track, not of the cell: the track is shorter, and
	// a width past it would be cut at the same length for every value
	// above about 0.6.
	return `<span class="value-bar" style="width: calc((100% - 64px) * ` + fixed(min(max(r.Value, 0), 1), 3) + `)"></span>`
}

// valueText writes a value with three decimals, or three significant
// digits when it is too large for that to read (an R² of −3e9).
func valueText(v float64) string {
	if math.Abs(v) >= 1000 {
		return strconv.FormatFloat(v, 'g', 3, 64)
	}
	return fixed(v, 3)
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
