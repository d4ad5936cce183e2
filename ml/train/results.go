package train

import (
	"encoding/csv"
	"io"
	"strconv"

	"sslab/ml/config"
)

// Row is one result: how well an encoder, adapted one way with n_task
// labelled examples, does on the test split. The same rows travel to the
// command line's JSON, the page's tables and charts, the "result" message
// to an embedding page and the CSV download.
type Row struct {
	Encoder    string  `json:"encoder"`    // pretrained | random | raw | scratch
	Adaptation string  `json:"adaptation"` // linear-probe | finetune | kmeans | knn
	NTask      int     `json:"n_task"`     // labelled examples used; 0 for zero-shot
	Metric     string  `json:"metric"`     // accuracy | precision@1 | r2 | mse
	Value      float64 `json:"value"`      // mean over the few-shot draws
	Std        float64 `json:"std"`        // standard deviation over the draws (0 for one)
	Draws      int     `json:"draws"`      // labelled sets drawn and averaged
}

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
}

// Find returns the value of the first row matching the fields, and whether
// there was one.
func (r *Report) Find(encoder, adaptation string, nTask int, metric string) (float64, bool) {
	for _, row := range r.Rows {
		if row.Encoder == encoder && row.Adaptation == adaptation && row.NTask == nTask && row.Metric == metric {
			return row.Value, true
		}
	}
	return 0, false
}

// WriteCSV writes rows as CSV with a header line.
func WriteCSV(w io.Writer, rows []Row) error {
	cw := csv.NewWriter(w)
	cw.Write([]string{"encoder", "adaptation", "n_task", "metric", "value", "std", "draws"})
	for _, r := range rows {
		cw.Write([]string{r.Encoder, r.Adaptation, strconv.Itoa(r.NTask), r.Metric,
			strconv.FormatFloat(r.Value, 'g', -1, 64), strconv.FormatFloat(r.Std, 'g', -1, 64), strconv.Itoa(r.Draws)})
	}
	cw.Flush()
	return cw.Error()
}
