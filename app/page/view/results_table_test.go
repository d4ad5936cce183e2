package view

import (
	"strings"
	"testing"

	"sslab/ml/train"
)

// The table is written as markup by hand: its text is escaped, its rows
// carry the data attributes the page's scripts and tests read, and the
// pretrained encoder comes first.
func TestResultsTableMarkup(t *testing.T) {
	rows := []train.Row{
		{Encoder: "raw", Adaptation: "linear-probe", NTask: 10, Metric: "accuracy", Value: 0.5, Std: 0.01, Draws: 3},
		{Encoder: "pretrained", Adaptation: "linear-probe", NTask: 10, Metric: "accuracy", Value: 0.75, Std: 0.02, Draws: 3},
	}
	h := pageHTML(t, mount(t, &ResultsTable{ID: "t1", Title: `n < 10 & "few"`, Rows: rows}))
	for _, want := range []string{
		`<caption>n &lt; 10 &amp; &#34;few&#34;</caption>`,
		`id="t1"`,
		`data-encoder="pretrained" data-adaptation="linear-probe" data-ntask="10" data-metric="accuracy" data-value="0.75"`,
		`<span class="value-bar" style="width: calc((100% - 64px) * 0.750)"></span><span class="value-text">0.750</span>`,
	} {
		if !strings.Contains(h, want) {
			t.Errorf("table lacks %s:\n%s", want, h)
		}
	}
	if strings.Index(h, `data-encoder="pretrained"`) > strings.Index(h, `data-encoder="raw"`) {
		t.Errorf("pretrained row is not first:\n%s", h)
	}
	if n := strings.Count(h, "<tr"); n != 3 {
		t.Errorf("%d rows, want a header and 2", n)
	}
}
