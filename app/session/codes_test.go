package session

import (
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"sslab/ml/config"
	"sslab/ml/data"
	"sslab/ml/train"
)

// TestCodesTable checks the table of codes: each code once, an error or
// a notice, with a fixed sentence.
func TestCodesTable(t *testing.T) {
	seen := map[string]bool{}
	for _, c := range codes {
		if seen[c.Code] {
			t.Errorf("code %q is in the table twice", c.Code)
		}
		seen[c.Code] = true
		if c.Kind != "error" && c.Kind != "notice" {
			t.Errorf("%s: kind %q, want error or notice", c.Code, c.Kind)
		}
		if !strings.HasSuffix(c.Text, ".") || strings.ContainsAny(c.Text, "%\"") {
			t.Errorf("%s: text %q is not a fixed sentence", c.Code, c.Text)
		}
		if CodeText(c.Code) != c.Text || CodeKind(c.Code) != c.Kind {
			t.Errorf("%s: CodeText and CodeKind do not follow the table", c.Code)
		}
	}
	for _, code := range []string{CodeWorkerUnavailable, CodeWorkerStopped, CodeHelperDropped, CodeDiverged,
		CodeCollapsed, CodeBadConfig, CodeBadFile, CodeCostConfirm} {
		if !seen[code] {
			t.Errorf("the table lacks %q", code)
		}
	}
	if CodeText("explode") != "" || CodeKind("explode") != "" {
		t.Error("a code not in the table has a text")
	}
}

// TestErrorsCarryCodes sends the session requests it refuses, each with
// the code that says why; the code's text never quotes the request.
func TestErrorsCarryCodes(t *testing.T) {
	points, _ := config.Preset("moons-simclr")
	diverging, _ := config.Preset("digits-vicreg")
	diverging.Optimizer, diverging.LR = "sgd", 10
	h := newHarness(t)
	for _, c := range []struct {
		m    Message
		code string
	}{
		{Message{Type: MsgStart, Run: 1, Query: "lr=%zz"}, CodeBadConfig},
		{Message{Type: MsgStart, Run: 2, Query: "data=csv"}, CodeNoFile},
		{Message{Type: MsgAdapt, Run: 3, Query: points.Query()}, CodeNoRun},
		{Message{Type: MsgConfusion, Run: 4, Approach: &Approach{Encoder: "pretrained", Adaptation: "knn"}}, CodeNoRun},
		{Message{Type: MsgCheckpoint, Run: 5}, CodeNoRun},
		{Message{Type: MsgEmbeddings, Run: 6}, CodeNoRun},
		{Message{Type: MsgData, Run: 7, Data: &DataFile{Name: "secret-patients-42.csv"}}, CodeBadFile},
		{Message{Type: MsgData, Run: 8, Data: &DataFile{Name: "secret-patients-42.csv"}, Files: map[string]string{FileData: "x,y\n1,zz\n"}}, CodeBadFile},
		{Message{Type: "explode", Run: 9}, CodeBadMessage},
		{Message{Type: MsgStart, Run: 10, Query: diverging.Query()}, CodeDiverged},
	} {
		h.post(c.m)
		got := h.errorOf(c.m.Run)
		if got.Code != c.code {
			t.Errorf("%s of run %d: code %q (%s), want %q", c.m.Type, c.m.Run, got.Code, got.Message, c.code)
		}
		if text := CodeText(got.Code); text == "" || strings.Contains(text, "secret") {
			t.Errorf("%s: code %q has text %q", c.m.Type, got.Code, text)
		}
	}
}

// errorOf returns the next error of run, skipping what comes before it.
func (h *harness) errorOf(run int) Message {
	h.t.Helper()
	deadline := time.After(60 * time.Second)
	for {
		select {
		case m := <-h.out:
			if m.Type == MsgError && m.Run == run {
				return m
			}
			if m.Type == MsgResult {
				h.t.Fatalf("run %d finished; want an error", m.Run)
			}
		case <-deadline:
			h.t.Fatalf("no error for run %d", run)
		}
	}
}

// TestAutorunCostBound starts runs as a link would (autorun): a run over
// the bounds is answered cost-confirm with its estimate, and nothing runs;
// the same run started by a click runs; every preset is under the bounds.
func TestAutorunCostBound(t *testing.T) {
	big, _ := config.Preset("digits-simclr")
	big.Epochs = 1000 // 10,000 steps of 128, 388 GFLOP
	h := newHarness(t)
	h.post(Message{Type: MsgStart, Run: 1, Query: big.Query(), Autorun: true})
	m := h.next(10*time.Second, MsgError, MsgBusy, MsgSnapshot, MsgProgress)
	if m.Type != MsgError || m.Code != CodeCostConfirm || m.Cost == nil {
		t.Fatalf("autorun of a large run answered %s %q (%s)", m.Type, m.Code, m.Message)
	}
	if c := *m.Cost; c.Steps != 10000 || c.GFLOP < 300 || c.MBytes <= 0 || c.Seconds < 100 {
		t.Errorf("cost %+v, want 10,000 steps, some 388 GFLOP", c)
	}
	// Clicked: it runs (the first snapshot shows it did), and is cancelled.
	h.post(Message{Type: MsgStart, Run: 2, Query: big.Query()})
	if m := h.next(30*time.Second, MsgBusy); m.Run != 2 || m.Progress == nil || m.Progress.QuietSeconds <= 0 {
		t.Fatalf("busy %+v", m)
	}
	h.next(30*time.Second, MsgSnapshot)
	h.post(Message{Type: MsgCancel, Run: 2})
	h.ackOf(2, MsgCancel)

	var brown *data.Dataset
	for _, name := range config.PresetNames() {
		cfg, _ := config.Preset(name)
		if cfg.IsText() && cfg.Objective != config.SkipGram {
			// A transformer's minute of pretraining is hundreds of
			// GFLOP, over what a link may start on its own: a course's
			// link to a text preset waits for a click, or carries a
			// shipped checkpoint.
			continue
		}
		var r *train.Run
		var err error
		if cfg.IsText() {
			if brown == nil {
				brown = readBrown(t)
			}
			r, err = train.NewRunWithData(cfg, brown)
		} else {
			r, err = train.NewRun(cfg)
		}
		if err != nil {
			t.Fatal(err)
		}
		c, err := train.EstimateCost(cfg, r.Dataset.Dim(), len(r.Split.Train))
		if err != nil || !underAutorunBounds(c) {
			t.Errorf("preset %s (%+v, %v) is over the autorun bounds: a course's link to it would wait for a click", name, c, err)
		}
	}
}

// TestQuietEstimates checks that a run says how long it may go quiet: in
// its busy message, its progress while pretraining (at least its steps'
// time) and its adaptation's progress.
func TestQuietEstimates(t *testing.T) {
	cfg := tinyConfig(t)
	h := newHarness(t)
	h.post(Message{Type: MsgStart, Run: 1, Query: cfg.Query()})
	msgs := h.until(60*time.Second, 1, MsgResult)
	var busy, pre, adapt bool
	for _, m := range msgs {
		switch {
		case m.Type == MsgBusy:
			busy = m.Progress != nil && m.Progress.QuietSeconds >= 1
		case m.Type == MsgProgress && m.Progress.Phase == PhasePretrain:
			pre = m.Progress.QuietSeconds >= ProgressEvery.Seconds()
		case m.Type == MsgProgress && m.Progress.Phase == PhaseAdapt:
			adapt = m.Progress.QuietSeconds >= 1
		}
	}
	if !busy || !pre || !adapt {
		t.Errorf("quiet estimates: busy %v, pretraining %v, adaptation %v; want all", busy, pre, adapt)
	}
}

// countingExec is a serial executor that signals once it has run n tasks.
type countingExec struct {
	n     int
	count int
	done  chan struct{}
}

func (e *countingExec) Run(n int, task func(int)) {
	for i := range n {
		task(i)
		if e.count++; e.count == e.n {
			close(e.done)
		}
	}
}

// TestWarmUpChangesNoResult lets a session warm up (the default preset's
// steps, on its executor) and then runs a config: its rows are the command
// line's.
func TestWarmUpChangesNoResult(t *testing.T) {
	cfg := tinyConfig(t)
	run, err := train.NewRun(cfg)
	if err != nil {
		t.Fatal(err)
	}
	want, err := run.Execute(train.Serial{}, nil)
	if err != nil {
		t.Fatal(err)
	}
	exec := &countingExec{n: warmUpSteps, done: make(chan struct{})}
	inbox := NewMailbox()
	out := make(chan Message, 4096)
	s := &Session{Inbox: inbox, Exec: exec, WarmUp: true, Send: func(m Message) { out <- m }}
	done := make(chan struct{})
	go func() {
		s.Serve()
		close(done)
	}()
	defer func() {
		inbox.Close()
		<-done
	}()
	select {
	case <-exec.done: // the warm-up has taken steps
	case <-time.After(60 * time.Second):
		t.Fatal("the session did not warm up")
	}
	inbox.Put(Message{Type: MsgStart, Run: 1, Query: cfg.Query()})
	for m := range out {
		if m.Type == MsgError {
			t.Fatal(m.Message)
		}
		if m.Type == MsgResult {
			if !reflect.DeepEqual(m.Result.Rows, want.Rows) {
				t.Errorf("rows after a warm-up differ from the command line's:\n got %+v\nwant %+v", m.Result.Rows, want.Rows)
			}
			return
		}
	}
}

// readBrown reads the shipped corpus from web/data.
func readBrown(t *testing.T) *data.Dataset {
	t.Helper()
	ds, err := data.ReadBrownDir(filepath.Join("..", "..", "web", "data"))
	if err != nil {
		t.Fatal(err)
	}
	return ds
}
