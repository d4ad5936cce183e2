//go:build !wasm

package page

import (
	"io"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"sslab/app/page/view"
	"sslab/app/session"
	"sslab/ml/config"
	"sslab/ml/train"
)

// TestPanelsToggleFromCurrentState follows the sequence: each
// change of the Panels boxes starts from the config as it is, so
// unchecking adapt and then ideas leaves setup and pretrain.
func TestPanelsToggleFromCurrentState(t *testing.T) {
	lab := mount(t, &Lab{Query: "preset=digits-byol&shots=5"})
	lab.toggleChoice(view.ChoiceToggle{Name: "panels", Choice: "adapt", On: false})
	if got := strings.Join(lab.cfg.Panels, ","); got != "setup,pretrain,ideas" {
		t.Fatalf("after unchecking adapt: %s", got)
	}
	lab.toggleChoice(view.ChoiceToggle{Name: "panels", Choice: "ideas", On: false})
	if got := strings.Join(lab.cfg.Panels, ","); got != "setup,pretrain" {
		t.Fatalf("after unchecking ideas: %s", got)
	}
	lab.toggleChoice(view.ChoiceToggle{Name: "panels", Choice: "adapt", On: true})
	if got := strings.Join(lab.cfg.Panels, ","); got != "setup,pretrain,adapt" {
		t.Errorf("after checking adapt again: %s", got)
	}
}

// TestWorkerDownAndRestart delivers the liveness error of a dead worker:
// the run stops, Start is disabled with the reason, and Restart brings a
// fresh worker that trains.
func TestWorkerDownAndRestart(t *testing.T) {
	cfg, _ := config.Preset("digits-quick")
	cfg.Epochs, cfg.AdaptEpochs, cfg.FewShotSeeds = 2, 2, 1
	lab := &Lab{Query: cfg.Query(), Trainer: NewLocalTrainer(nil)}
	e := renderLab(t, lab)
	t.Cleanup(lab.OnDismount)
	waitFor(t, e, func() bool { return lab.workerReady })
	lab.start(app.Context{}, nil, false)
	lab.receive(app.Context{}, []session.Message{{Type: session.MsgError, Code: session.CodeWorkerStopped,
		Message: "the training worker stopped answering (no message for 12 s)"}})
	h := pageHTML(t, mount(t, lab.runBar()))
	if lab.status != view.StatusFailed || !strings.Contains(h, `id="btn-restart"`) || !strings.Contains(h, "stopped answering") {
		t.Fatalf("after the worker stopped: status %v, restart offered %v", lab.status, strings.Contains(h, `id="btn-restart"`))
	}
	if start := control(h, "btn-start"); !strings.Contains(start, "disabled") {
		t.Errorf("Start enabled with a dead worker: %s", start)
	}
	lab.restart()
	if lab.workerDown != "" || lab.status != view.StatusIdle {
		t.Errorf("after restart: down %q, status %v", lab.workerDown, lab.status)
	}
	waitFor(t, e, func() bool { return lab.workerReady })
	lab.start(app.Context{}, nil, false)
	waitFor(t, e, func() bool { return lab.status == view.StatusDone || lab.status == view.StatusFailed })
	if lab.status != view.StatusDone {
		t.Errorf("the fresh worker's run ended %v: %s", lab.status, lab.failure)
	}
}

// TestWorkerThatNeverLoads: an error before the worker said ready (its
// script or binary failed) disables Start with the reason.
func TestWorkerThatNeverLoads(t *testing.T) {
	lab := mount(t, &Lab{})
	lab.Trainer = NewLocalTrainer(nil) // not opened: never ready
	lab.receive(app.Context{}, []session.Message{{Type: session.MsgError, Message: "the training worker could not start: HTTP 500"}})
	h := pageHTML(t, mount(t, lab.runBar()))
	if lab.workerDown != session.CodeWorkerUnavailable || !strings.Contains(h, "could not start: HTTP 500") {
		t.Errorf("down %q; page shows the reason: %v", lab.workerDown, strings.Contains(h, "HTTP 500"))
	}
	if start := control(h, "btn-start"); !strings.Contains(start, "disabled") {
		t.Errorf("Start enabled: %s", start)
	}
}

// TestCostConfirm: a start a link asked for that the worker finds too
// large shows the estimate and waits; nothing is failed.
func TestCostConfirm(t *testing.T) {
	lab := mount(t, &Lab{})
	lab.workerReady, lab.Trainer, lab.run, lab.status = true, NewLocalTrainer(nil), 1, view.StatusLoading
	lab.receive(app.Context{}, []session.Message{{Type: session.MsgError, Run: 1, Code: session.CodeCostConfirm,
		Message: "this run is large", Cost: &session.Cost{Steps: 50000, GFLOP: 1234, MBytes: 600, Seconds: 900}}})
	h := pageHTML(t, mount(t, lab.runBar()))
	if lab.status != view.StatusIdle || lab.failure != "" || !strings.Contains(h, "50,000 steps") || !strings.Contains(h, `id="btn-cost-start"`) {
		t.Errorf("status %v failure %q; estimate shown %v", lab.status, lab.failure, strings.Contains(h, "50,000 steps"))
	}
}

// TestRefusedFileSaysWhatStartTrainsOn: with a refused file and no file
// loaded, the run bar says Start trains on the preset's data; the preset
// picker says "your data" while a file is the dataset.
func TestRefusedFileSaysWhatStartTrainsOn(t *testing.T) {
	lab := mount(t, &Lab{})
	lab.onError(session.Message{Type: session.MsgError, Param: session.ParamCSV, Message: `iris.csv: line 2, column 5: "versicolor" is not a number`})
	h := pageHTML(t, mount(t, lab.runBar()))
	if !strings.Contains(h, `id="data-notice"`) || !strings.Contains(h, "Start trains on digits (8×8 images), not on it") {
		t.Errorf("no notice of what Start trains on: %q", lab.dataNotice())
	}
	lab.dataErr = ""
	lab.onDataLoaded(session.DataInfo{Name: "iris.csv", Rows: 150, Columns: 4, Classes: 3, Tasks: []config.Task{config.Classification},
		Label: `column 5 ("species")`, LabelGuessed: true})
	h = pageHTML(t, mount(t, lab.setupPanel()))
	if !strings.Contains(h, "your data: iris.csv") || !strings.Contains(h, `the label is column 5 (&#34;species&#34;), the file&#39;s column of text`) {
		t.Errorf("preset picker or label note missing: %s", h[strings.Index(h, `id="f-preset"`):][:300])
	}
}

// TestDownloadNames: a CSV run's downloads are named after the file.
func TestDownloadNames(t *testing.T) {
	lab := &Lab{userData: &session.DataInfo{Name: "My Iris (v2).csv"}}
	lab.resultCfg = config.Default()
	lab.resultCfg.Dataset, lab.resultCfg.Seed = config.CSVDataset, 7
	if got := lab.fileBase(); got != "sslab-MyIrisv2-seed7" {
		t.Errorf("file base %q", got)
	}
	lab.resultCfg.Dataset, lab.resultCfg.Preset = "digits", "digits-byol"
	if got := lab.fileBase(); got != "sslab-digits-byol-seed7" {
		t.Errorf("file base %q", got)
	}
}

// TestEmbeddingsClassNames: the embeddings CSV gets a class column, each
// name escaped so that a spreadsheet shows it as text.
func TestEmbeddingsClassNames(t *testing.T) {
	in := "pca_x,pca_y,label,e0,e1\n0.5,-1,0,1,2\n1,2,1,3,4\n1,2,2,5,6\n"
	names := []string{"=HYPERLINK(\"x\")", "a,b", "@sum"}
	got := withClassNames(in, names)
	want := "pca_x,pca_y,label,class,e0,e1\n0.5,-1,0,\"'=HYPERLINK(\"\"x\"\")\",1,2\n1,2,1,\"a,b\",3,4\n1,2,2,'@sum,5,6\n"
	if got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
	if got := withClassNames("pca_x,pca_y,label\n1,2,0\n", []string{"+1"}); got != "pca_x,pca_y,label,class\n1,2,0,'+1\n" {
		t.Errorf("without embedding columns: %q", got)
	}
	if got := withClassNames(in, nil); got != in {
		t.Errorf("without names: %q", got)
	}
	for in, want := range map[string]string{"cat": "cat", "-3": "'-3", "\tx": "'\tx", `say "hi"`: `"say ""hi"""`, "": ""} {
		if got := spreadsheetCell(in); got != want {
			t.Errorf("spreadsheetCell(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestShippedCheckpointsListed: the builder's list of shipped checkpoints
// is the web directory's.
func TestShippedCheckpointsListed(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join("..", "..", "web", "checkpoints", "*.json"))
	var names []string
	for _, f := range files {
		names = append(names, filepath.Base(f))
	}
	if !slices.Equal(names, view.ShippedCheckpoints) {
		t.Errorf("web/checkpoints has %v, the builder lists %v", names, view.ShippedCheckpoints)
	}
}

// sized is a reader of n spaces.
type sized struct{ n int }

func (s *sized) Read(p []byte) (int, error) {
	if s.n == 0 {
		return 0, io.EOF
	}
	k := min(len(p), s.n)
	for i := range k {
		p[i] = ' '
	}
	s.n -= k
	return k, nil
}

// TestCheckpointLimitAgrees: the page refuses, unread, exactly the
// checkpoint files that train.ReadCheckpoint would refuse as too large.
func TestCheckpointLimitAgrees(t *testing.T) {
	_, err := train.ReadCheckpoint(&sized{view.MaxCheckpointBytes + 1})
	if err == nil || !strings.Contains(err.Error(), "larger than") {
		t.Errorf("one byte over the page's limit: %v", err)
	}
	if _, err := train.ReadCheckpoint(&sized{view.MaxCheckpointBytes}); err != nil && strings.Contains(err.Error(), "larger than") {
		t.Errorf("at the page's limit: %v", err)
	}
}

// TestEmbedHasOneH1: the embedded layout has the page's one h1.
func TestEmbedHasOneH1(t *testing.T) {
	h := pageHTML(t, mount(t, &Lab{Query: "preset=digits-byol&shots=5&embed=1&panels=pretrain"}))
	if n := strings.Count(h, "<h1"); n != 1 {
		t.Errorf("%d h1 in the embedded page", n)
	}
	if strings.Contains(pageHTML(t, mount(t, &Lab{})), `alt=""`) {
		t.Error("an image without alt text")
	}
}

// control returns the opening tag of the element with the given id.
func control(h, id string) string {
	i := strings.Index(h, `id="`+id+`"`)
	if i < 0 {
		return ""
	}
	start := strings.LastIndexByte(h[:i], '<')
	return h[start : i+strings.IndexByte(h[i:], '>')+1]
}
