//go:build !wasm

package page

import (
	"strings"
	"testing"
	"time"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"sslab/app/page/view"
	"sslab/ml/config"
	"sslab/ml/train"
)

// TestOwnDataRun loads a CSV file through the page, checks that choosing
// csv is refused before and allowed after, and trains on it to the end.
func TestOwnDataRun(t *testing.T) {
	lab := &Lab{Trainer: NewLocalTrainer(train.Parallel{Workers: 2})}
	e := renderLab(t, lab)
	t.Cleanup(lab.OnDismount)
	lab.setField("data", "csv")
	if lab.cfg.Dataset == config.CSVDataset || !strings.Contains(lab.fieldErrs["data"], "load a CSV file") {
		t.Fatalf("data=csv without a file: dataset %q, refusal %q", lab.cfg.Dataset, lab.fieldErrs["data"])
	}
	lab.loadData(view.DataFile{Name: "pets.csv", Text: goodCSVText(48)})
	wait := func(done func() bool) {
		deadline := time.Now().Add(60 * time.Second)
		for !done() && time.Now().Before(deadline) {
			e.ConsumeAll()
			time.Sleep(10 * time.Millisecond)
		}
	}
	wait(func() bool { return lab.dataLoading == "" })
	if lab.userData == nil || lab.cfg.Dataset != config.CSVDataset || !lab.cfg.Standardize || lab.cfg.Batch > 36 {
		t.Fatalf("after loading: data %+v, config %s std %v", lab.userData, lab.cfg.Query(), lab.cfg.Standardize)
	}
	if h := pageHTML(t, lab); !strings.Contains(h, "48 rows, 2 feature columns, 2 classes") {
		t.Errorf("the page does not describe the file: %s", h[strings.Index(h, `id="data-upload"`):][:800])
	}
	lab.setField("data", "moons")
	lab.setField("data", "csv")
	if lab.cfg.Dataset != config.CSVDataset {
		t.Fatalf("cannot return to the loaded file: %v", lab.fieldErrs)
	}
	lab.setField("epochs", "2")
	lab.setField("aepochs", "5")
	lab.setField("fsseeds", "1")
	lab.start(app.Context{}, nil, false)
	wait(func() bool { return lab.status == view.StatusDone || lab.status == view.StatusFailed })
	if lab.status != view.StatusDone || lab.result == nil || lab.result.Report.Dataset != "pets.csv" {
		t.Fatalf("status %v, failure %q", lab.status, lab.failure)
	}
}
