package train

import (
	"encoding/csv"
	"fmt"
	"io"
	"strconv"
	"strings"

	"sslab/ml/config"
)

// Row is one result: how well an encoder, adapted one way with n_task
// labelled examples, does on the test split. The same rows travel to the
// command line's JSON, the page's tables and charts, the "result" message
// to an embedding page and the CSV download.
//
// A row whose fit failed (singular, not finite, diverged) has no value: its
// Failed says why and its Value is 0, which no surface may show as a
// result.
type Row struct {
	Encoder    string  `json:"encoder"`    // pretrained | random | raw | scratch
	Adaptation string  `json:"adaptation"` // linear-probe | finetune | kmeans | knn
	NTask      int     `json:"n_task"`     // labelled examples used; 0 for zero-shot
	Metric     string  `json:"metric"`     // accuracy | precision@1 | precision@10 | map | r2 | mse
	Value      float64 `json:"value"`      // mean over the few-shot draws
	Std        float64 `json:"std"`        // standard deviation over the draws (0 for one)
	Draws      int     `json:"draws"`      // labelled sets drawn and averaged
	// NTokens, for a token-level task (part of speech, where NTask counts
	// labelled sentences), is the labelled tokens those sentences hold, the
	// mean over the draws; for zero-shot, the test tokens clustered.
	NTokens int `json:"n_tokens,omitempty"`
	// Failed, if not empty, says why there is no result.
	Failed string `json:"failed,omitempty"`
	// Note, if not empty, is a caveat to show beside the value (an R²
	// below −1, a fit that stopped short of convergence).
	Note string `json:"note,omitempty"`
}

// OK reports whether the row holds a result.
func (r Row) OK() bool { return r.Failed == "" }

// Report is a whole run's outcome.
type Report struct {
	Config          config.Config `json:"-"`
	Query           string        `json:"config"` // the config as a URL query: paste it after "?"
	Dataset         string        `json:"dataset"`
	Objective       string        `json:"objective"`
	Steps           int           `json:"pretrain_steps"`
	PretrainGFLOP   float64       `json:"pretrain_gflop"`
	PretrainSeconds float64       `json:"pretrain_seconds"`
	AdaptSeconds    float64       `json:"adapt_seconds"`
	FinalLoss       float64       `json:"final_loss"`
	Rows            []Row         `json:"results"`
	// Verdict says, from the rows, whether and where pretraining helped.
	Verdict *Verdict `json:"verdict,omitempty"`
	// Collapse is the collapse meter's reading of the pretrained encoder.
	Collapse *CollapseReport `json:"collapse,omitempty"`
}

// Find returns the value of the first row matching the fields, and whether
// there was one with a result (a failed row gives 0, false).
func (r *Report) Find(encoder, adaptation string, nTask int, metric string) (float64, bool) {
	for _, row := range r.Rows {
		if row.Encoder == encoder && row.Adaptation == adaptation && row.NTask == nTask && row.Metric == metric {
			return row.Value, row.OK()
		}
	}
	return 0, false
}

// WriteCSV writes rows as CSV with a header line. A failed row has an
// empty value and std, and its reason in the failed column.
func WriteCSV(w io.Writer, rows []Row) error {
	cw := csv.NewWriter(w)
	cw.Write([]string{"encoder", "adaptation", "n_task", "metric", "value", "std", "draws", "failed", "note"})
	for _, r := range rows {
		value, std := strconv.FormatFloat(r.Value, 'g', -1, 64), strconv.FormatFloat(r.Std, 'g', -1, 64)
		if !r.OK() {
			value, std = "", ""
		}
		cw.Write([]string{r.Encoder, r.Adaptation, strconv.Itoa(r.NTask), r.Metric, value, std, strconv.Itoa(r.Draws), r.Failed, r.Note})
	}
	cw.Flush()
	return cw.Error()
}

// WriteTable writes the report as the command line prints it: a summary
// line, the rows aligned (a failed row gives its reason instead of a
// value, a note follows its row), then the verdict's sentences.
func WriteTable(w io.Writer, r *Report) error {
	var b strings.Builder
	fmt.Fprintf(&b, "%s on %s: %d steps, %.1f GFLOP, pretraining %.1f s, adaptation %.1f s, final loss %.4f\n",
		r.Objective, r.Dataset, r.Steps, r.PretrainGFLOP, r.PretrainSeconds, r.AdaptSeconds, r.FinalLoss)
	fmt.Fprintf(&b, "%-11s %-13s %7s %-12s %8s %7s\n", "encoder", "adaptation", "n_task", "metric", "value", "±std")
	b.WriteString(strings.Repeat("-", 63) + "\n")
	for _, row := range r.Rows {
		if !row.OK() {
			fmt.Fprintf(&b, "%-11s %-13s %7d %-12s %8s  (%s)\n", row.Encoder, row.Adaptation, row.NTask, row.Metric, "failed", row.Failed)
			continue
		}
		fmt.Fprintf(&b, "%-11s %-13s %7d %-12s %8.4f %7.4f\n", row.Encoder, row.Adaptation, row.NTask, row.Metric, row.Value, row.Std)
		if row.Note != "" {
			fmt.Fprintf(&b, "%47s note: %s\n", "", row.Note)
		}
	}
	if r.Verdict != nil {
		b.WriteString("\n")
		for _, s := range r.Verdict.Sentences {
			b.WriteString(s + "\n")
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}
