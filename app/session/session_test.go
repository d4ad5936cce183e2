package session

import (
	"encoding/json"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"sslab/ml/config"
	"sslab/ml/train"
)

// harness runs a Session on a goroutine and collects what it sends, after
// a trip through JSON as in the browser.
type harness struct {
	t     *testing.T
	inbox *Mailbox
	out   chan Message
}

func newHarness(t *testing.T) *harness { return newHarnessYielding(t, nil) }

// newHarnessYielding is newHarness with a Session that calls yield where a
// Web Worker's would let its event loop deliver messages.
func newHarnessYielding(t *testing.T, yield func()) *harness {
	h := &harness{t: t, inbox: NewMailbox(), out: make(chan Message, 4096)}
	s := &Session{Inbox: h.inbox, Exec: train.Parallel{Workers: 2}, Yield: yield, Send: func(m Message) {
		b, err := json.Marshal(m)
		if err != nil {
			t.Errorf("%s message does not encode: %v", m.Type, err)
			return
		}
		var back Message
		if err := json.Unmarshal(b, &back); err != nil {
			t.Errorf("%s message does not decode: %v", m.Type, err)
		}
		// Charts and files travel beside the JSON.
		back.Charts, back.Files = m.Charts, m.Files
		h.out <- back
	}}
	done := make(chan struct{})
	go func() {
		s.Serve()
		close(done)
	}()
	t.Cleanup(func() {
		h.inbox.Close()
		<-done
	})
	return h
}

func (h *harness) post(m Message) { h.inbox.Put(m) }

// next returns the next message of one of the given types, failing on an
// unexpected error message or after timeout.
func (h *harness) next(timeout time.Duration, types ...Type) Message {
	h.t.Helper()
	deadline := time.After(timeout)
	for {
		select {
		case m := <-h.out:
			if slices.Contains(types, m.Type) {
				return m
			}
			if m.Type == MsgError {
				h.t.Fatalf("unexpected error: %s", m.Message)
			}
		case <-deadline:
			h.t.Fatalf("no %v message within %v", types, timeout)
		}
	}
}

// until returns the messages the session sends until the first of type
// t for run, which it returns last; it fails on an error message or after
// timeout (which a healthy session never reaches).
func (h *harness) until(timeout time.Duration, run int, t Type) []Message {
	h.t.Helper()
	deadline := time.After(timeout)
	var got []Message
	for {
		select {
		case m := <-h.out:
			got = append(got, m)
			if m.Type == MsgError {
				h.t.Fatalf("unexpected error: %s", m.Message)
			}
			if m.Type == t && m.Run == run {
				return got
			}
		case <-deadline:
			h.t.Fatalf("no %s message for run %d within %v", t, run, timeout)
		}
	}
}

// ackOf waits for the session's acknowledgement of a control message
// (pause, resume, cancel) for run and returns it with what came before.
func (h *harness) ackOf(run int, of Type) (*Ack, []Message) {
	h.t.Helper()
	for {
		got := h.until(30*time.Second, run, MsgAck)
		if a := got[len(got)-1].Ack; a != nil && a.Of == of {
			return a, got[:len(got)-1]
		}
	}
}

// ofRun returns the messages of msgs that belong to run and have one of
// the given types.
func ofRun(msgs []Message, run int, types ...Type) []Message {
	var out []Message
	for _, m := range msgs {
		if m.Run == run && slices.Contains(types, m.Type) {
			out = append(out, m)
		}
	}
	return out
}

// tinyConfig is a run of a second or two.
func tinyConfig(t *testing.T) config.Config {
	cfg, err := config.Preset("blobs-simclr")
	if err != nil {
		t.Fatal(err)
	}
	cfg.Epochs, cfg.AdaptEpochs, cfg.FewShotSeeds = 2, 5, 2
	return cfg
}

// TestResultMatchesCommandLine checks that a session's rows are exactly the
// rows the command line computes for the same config and seed.
func TestResultMatchesCommandLine(t *testing.T) {
	cfg := tinyConfig(t)
	h := newHarness(t)
	h.post(Message{Type: MsgStart, Run: 1, Query: cfg.Query()})
	var progress, snapshots int
	var result *Result
	var resultCharts map[string]string
	for result == nil {
		m := h.next(60*time.Second, MsgProgress, MsgSnapshot, MsgResult)
		if m.Run != 1 {
			t.Fatalf("message for run %d", m.Run)
		}
		switch m.Type {
		case MsgProgress:
			progress++
			if m.Progress.Phase == PhasePretrain && !strings.HasPrefix(m.Charts[ChartLoss], "<svg") {
				t.Error("pretraining progress without the loss chart")
			}
		case MsgSnapshot:
			snapshots++
			for _, id := range []string{ChartKNN, ChartCollapse, ChartEmbedding} {
				if !strings.HasPrefix(m.Charts[id], "<svg") {
					t.Errorf("snapshot at step %d lacks the %s chart", m.Snapshot.Monitor.Step, id)
				}
			}
			if m.Snapshot.Dim != cfg.Encoder[len(cfg.Encoder)-1] || m.Snapshot.Monitor.EffRank <= 0 {
				t.Errorf("snapshot monitors: %+v", m.Snapshot)
			}
		case MsgResult:
			result, resultCharts = m.Result, m.Charts
		}
	}
	if progress == 0 || snapshots < 2 {
		t.Errorf("got %d progress and %d snapshot messages", progress, snapshots)
	}
	run, err := train.NewRun(cfg)
	if err != nil {
		t.Fatal(err)
	}
	want, err := run.Execute(train.Serial{}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(result.Rows, want.Rows) {
		t.Errorf("rows differ from the command line's:\n got %+v\nwant %+v", result.Rows, want.Rows)
	}
	if result.Report.Query != cfg.Query() || result.Report.Steps != want.Steps {
		t.Errorf("report: query %q steps %d, want %q %d", result.Report.Query, result.Report.Steps, cfg.Query(), want.Steps)
	}
	h.post(Message{Type: MsgEmbeddings, Run: 1})
	file := h.next(10*time.Second, MsgEmbeddings).Files[FileEmbeddings]
	if lines := strings.Count(file, "\n"); lines != len(run.Split.Test)+1 || !strings.HasPrefix(file, "pca_x,pca_y,label,e0,") {
		t.Errorf("embeddings file has %d lines, want a header and %d examples", lines, len(run.Split.Test))
	}
	if !strings.HasPrefix(resultCharts[ChartEfficiency], "<svg") {
		t.Error("result lacks the label-efficiency chart")
	}
}

// longConfig is a run far longer than any test waits for: the tests that
// use it pause and cancel it.
func longConfig(t *testing.T) config.Config {
	cfg, err := config.Preset("digits-simclr")
	if err != nil {
		t.Fatal(err)
	}
	cfg.Epochs = 500
	return cfg
}

// TestPauseResumeCancel checks, by the session's acknowledgements rather
// than by waiting, that a paused run takes no step until resumed and still
// answers requests, and that a cancelled run sends nothing more.
func TestPauseResumeCancel(t *testing.T) {
	h := newHarness(t)
	h.post(Message{Type: MsgStart, Run: 7, Query: longConfig(t).Query()})
	h.until(60*time.Second, 7, MsgProgress)
	h.post(Message{Type: MsgPause, Run: 7})
	paused, _ := h.ackOf(7, MsgPause)
	if !paused.Applied || paused.Phase != PhasePretrain || paused.Step == 0 {
		t.Fatalf("pause acknowledged as %+v, want applied during pretraining after a step", paused)
	}
	// Paused, the session still answers a preview; nothing of the run
	// comes before the resume, and the run has not moved meanwhile.
	h.post(Message{Type: MsgPreview, Query: longConfig(t).Query()})
	h.post(Message{Type: MsgResume, Run: 7})
	var between []Message
	for {
		got := h.until(30*time.Second, 7, MsgAck)
		between = append(between, got...)
		if a := got[len(got)-1].Ack; a.Of == MsgResume {
			if !a.Applied || a.Step != paused.Step {
				t.Errorf("resume acknowledged as %+v; the run paused at step %d", a, paused.Step)
			}
			break
		}
	}
	if sent := ofRun(between, 7, MsgProgress, MsgSnapshot, MsgResult); len(sent) > 0 {
		t.Errorf("a paused run sent %d messages, the first a %s", len(sent), sent[0].Type)
	}
	if len(ofRun(between, 0, MsgPreview)) != 1 {
		t.Error("a paused session did not answer the preview")
	}
	later := h.until(30*time.Second, 7, MsgProgress)
	if p := later[len(later)-1].Progress; p.Step <= paused.Step {
		t.Errorf("no progress after resuming: step %d, paused at %d", p.Step, paused.Step)
	}

	h.post(Message{Type: MsgCancel, Run: 7})
	if a, _ := h.ackOf(7, MsgCancel); !a.Applied {
		t.Fatalf("cancel acknowledged as %+v, want applied", a)
	}
	// The session's next answer comes after anything the cancelled run
	// could still send.
	h.post(Message{Type: MsgCancel, Run: 7})
	a, after := h.ackOf(7, MsgCancel)
	if a.Applied {
		t.Errorf("a second cancel was applied to a cancelled run: %+v", a)
	}
	if sent := ofRun(after, 7, MsgProgress, MsgSnapshot, MsgResult); len(sent) > 0 {
		t.Errorf("the cancelled run sent %d messages, the first a %s", len(sent), sent[0].Type)
	}
}

// TestNewStartSupersedes checks that a start during a run abandons it.
func TestNewStartSupersedes(t *testing.T) {
	h := newHarness(t)
	h.post(Message{Type: MsgStart, Run: 1, Query: longConfig(t).Query()})
	h.next(30*time.Second, MsgProgress)
	h.post(Message{Type: MsgStart, Run: 2, Query: tinyConfig(t).Query()})
	for {
		m := h.next(60*time.Second, MsgResult, MsgProgress, MsgSnapshot)
		if m.Type == MsgResult {
			if m.Run != 2 {
				t.Fatalf("result of run %d, want 2", m.Run)
			}
			return
		}
	}
}

// TestDivergence checks that a run whose loss stops being finite stops
// with a message suggesting a smaller learning rate.
func TestDivergence(t *testing.T) {
	cfg, _ := config.Preset("digits-vicreg")
	cfg.Optimizer, cfg.LR = "sgd", 10
	h := newHarness(t)
	h.post(Message{Type: MsgStart, Run: 3, Query: cfg.Query()})
	for {
		select {
		case m := <-h.out:
			switch m.Type {
			case MsgError:
				if !strings.Contains(m.Message, "diverged") || !strings.Contains(m.Message, "smaller learning rate") {
					t.Errorf("error %q does not say it diverged and suggest a smaller learning rate", m.Message)
				}
				return
			case MsgResult:
				t.Fatal("a run at learning rate 10 with SGD finished without diverging; pick a harsher config")
			}
		case <-time.After(60 * time.Second):
			t.Fatal("no error")
		}
	}
}

// TestCheckpointRoundTrip saves the encoder of a run, adapts it again from
// the file, and checks that every row involving the pretrained encoder is
// the same; a file for another architecture is refused with its reason.
func TestCheckpointRoundTrip(t *testing.T) {
	cfg := tinyConfig(t)
	h := newHarness(t)
	h.post(Message{Type: MsgStart, Run: 1, Query: cfg.Query()})
	first := h.next(60*time.Second, MsgResult).Result
	h.post(Message{Type: MsgCheckpoint, Run: 1})
	file := h.next(10*time.Second, MsgCheckpoint).Files[FileCheckpoint]
	if !strings.Contains(file, train.CheckpointFormat) {
		t.Fatalf("checkpoint file lacks its format: %.80s", file)
	}

	h.post(Message{Type: MsgStart, Run: 2, Query: cfg.Query(), Files: map[string]string{FileCheckpoint: file}})
	second := h.next(60*time.Second, MsgResult).Result
	if !second.FromFile {
		t.Error("result does not say it came from a checkpoint")
	}
	if !reflect.DeepEqual(first.Rows, second.Rows) {
		t.Errorf("rows from the checkpoint differ:\n got %+v\nwant %+v", second.Rows, first.Rows)
	}

	other := cfg.Clone()
	other.Encoder = []int{16}
	h.post(Message{Type: MsgStart, Run: 3, Query: other.Query(), Files: map[string]string{FileCheckpoint: file}})
	m := h.next(30*time.Second, MsgError)
	if !strings.Contains(m.Message, "widths") {
		t.Errorf("refusal %q does not explain the width mismatch", m.Message)
	}
	h.post(Message{Type: MsgStart, Run: 4, Query: cfg.Query(), Files: map[string]string{FileCheckpoint: `{"format":"something-else"}`}})
	if m := h.next(30*time.Second, MsgError); !strings.Contains(m.Message, "not an sslab checkpoint") {
		t.Errorf("refusal %q does not say the file is not a checkpoint", m.Message)
	}
}

// TestFollowUps checks the requests about a finished run: a confusion
// matrix, and adapting again at another label budget.
func TestFollowUps(t *testing.T) {
	cfg := tinyConfig(t)
	h := newHarness(t)
	h.post(Message{Type: MsgStart, Run: 1, Query: cfg.Query()})
	h.next(60*time.Second, MsgResult)

	h.post(Message{Type: MsgConfusion, Run: 1, Approach: &Approach{Encoder: "pretrained", Adaptation: "linear-probe", Shots: 2}})
	c := h.next(30*time.Second, MsgConfusion).Confusion
	total := 0
	for _, row := range c.Counts {
		for _, v := range row {
			total += v
		}
	}
	run, _ := train.NewRun(cfg)
	if total != len(run.Split.Test) || c.NTask == 0 {
		t.Errorf("confusion counts %d examples with n_task %d; want %d examples", total, c.NTask, len(run.Split.Test))
	}

	again := cfg.Clone()
	again.Shots = 5
	h.post(Message{Type: MsgAdapt, Run: 1, Query: again.Query()})
	second := h.next(60*time.Second, MsgResult).Result
	run, _ = train.NewRun(again)
	want, _ := run.Execute(train.Serial{}, nil)
	if !reflect.DeepEqual(second.Rows, want.Rows) {
		t.Errorf("rows after adapting again differ from a fresh run of the new config")
	}

	changed := cfg.Clone()
	changed.LR *= 2
	h.post(Message{Type: MsgAdapt, Run: 1, Query: changed.Query()})
	if m := h.next(10*time.Second, MsgError); !strings.Contains(m.Message, "pretraining settings changed") {
		t.Errorf("adapting with other pretraining settings: %q", m.Message)
	}
}

func TestPreview(t *testing.T) {
	cfg, _ := config.Preset("digits-simclr")
	h := newHarness(t)
	h.post(Message{Type: MsgPreview, Query: cfg.Query()})
	p := h.next(30*time.Second, MsgPreview)
	if p.Query != cfg.Query() || !strings.HasPrefix(p.Charts[ChartPreview], "<svg") {
		t.Fatalf("preview for %q without its chart", p.Query)
	}
	h.post(Message{Type: MsgPreview, Query: cfg.Query()})
	if q := h.next(30*time.Second, MsgPreview); q.Charts[ChartPreview] != p.Charts[ChartPreview] {
		t.Error("the same settings drew a different preview")
	}
	stronger := cfg.Clone()
	stronger.Rotation = 90
	h.post(Message{Type: MsgPreview, Query: stronger.Query()})
	if q := h.next(30*time.Second, MsgPreview); q.Charts[ChartPreview] == p.Charts[ChartPreview] {
		t.Error("stronger rotation drew the same preview")
	}
	points, _ := config.Preset("moons-simclr")
	h.post(Message{Type: MsgPreview, Query: points.Query()})
	if q := h.next(30*time.Second, MsgPreview); len(q.Charts) != 0 {
		t.Error("a preview of points, which have no picture")
	}
}

func TestSamePretraining(t *testing.T) {
	a := config.Default()
	b := a.Clone()
	b.Shots, b.AdaptEpochs, b.Embed, b.Panels = 5, 3, true, []string{"adapt"}
	if !SamePretraining(a, b) {
		t.Error("adaptation and page settings count as pretraining settings")
	}
	b.Seed++
	if SamePretraining(a, b) {
		t.Error("a different seed pretrains the same encoder")
	}
}
