//go:build !wasm

package page

import (
	"encoding/json"
	"math"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"sslab/app/page/view"
	"sslab/app/session"
	"sslab/ml/config"
	"sslab/ml/train"
)

// keys returns the keys of a posted message, sorted.
func keys(t *testing.T, b []byte) (map[string]any, []string) {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	var k []string
	for key := range m {
		k = append(k, key)
	}
	slices.Sort(k)
	return m, k
}

// TestOutboundShapes checks that every message the frame builds has
// source, version, type and only fields of its row of the table, and that
// a field outside the row is refused.
func TestOutboundShapes(t *testing.T) {
	cfg := config.Default()
	p := session.Progress{Phase: session.PhasePretrain, Step: 3, Total: 9, Loss: math.NaN(), ETASeconds: -1,
		Metrics: session.Metrics{Epoch: 1, KNN: 0.5, EffRank: math.Inf(1), GradNorm: 2}}
	rows := []train.Row{{Encoder: "pretrained", Adaptation: "linear-probe", NTask: 50, Metric: "accuracy", Value: 0.9, Std: 0.01, Draws: 3}}
	built := map[string]outMsg{
		"ready":    readyMsg(cfg),
		"progress": progressMsg(p),
		"result":   resultMsg(rows, cfg.Query()),
		"error":    errorMsg(session.CodeWorkerStopped, codeRunFailed, "lr", "c1", "start"),
		"notice":   noticeMsg(session.CodeHelperDropped),
		"resize":   resizeMsg(812),
		"ack":      ackMsg(7.0, "pause", view.StatusPaused),
	}
	for kind, fields := range outbound {
		m, ok := built[kind]
		if !ok {
			t.Errorf("no builder tested for %s", kind)
			continue
		}
		b, err := m.JSON()
		if err != nil {
			t.Fatalf("%s: %v", kind, err)
		}
		obj, got := keys(t, b)
		if obj["source"] != "sslab" || obj["version"] != float64(ProtocolVersion) || obj["type"] != kind {
			t.Errorf("%s: head %v %v %v", kind, obj["source"], obj["version"], obj["type"])
		}
		for _, k := range got {
			if k != "source" && k != "version" && k != "type" && !slices.Contains(fields, k) {
				t.Errorf("%s carries %s, not in its row %v", kind, k, fields)
			}
		}
	}
	if _, err := (outMsg{"progress", map[string]any{"file": "x.csv"}}).JSON(); err == nil {
		t.Error("a field outside the table was posted")
	}
	if _, err := (outMsg{"data", nil}).JSON(); err == nil {
		t.Error("a type outside the table was posted")
	}
	// NaN and infinities, which JSON lacks, become 0.
	b, _ := progressMsg(p).JSON()
	if obj, _ := keys(t, b); obj["loss"] != 0.0 || obj["eff_rank"] != 0.0 || obj["eta_seconds"] != -1.0 {
		t.Errorf("non-finite values: %s", b)
	}
	// A param that is not a setting's name is left out.
	b, _ = errorMsg(codeBadParam, codeBadParam, "colour", nil, "").JSON()
	if obj, _ := keys(t, b); obj["param"] != nil || obj["code"] != codeBadParam {
		t.Errorf("unknown param posted: %s", b)
	}
	// An unknown code posts its kind's generic code and text.
	b, _ = errorMsg("secret.csv is bad", codeRunFailed, "", nil, "").JSON()
	if strings.Contains(string(b), "secret") || !strings.Contains(string(b), codeRunFailed) {
		t.Errorf("unknown code: %s", b)
	}
}

// TestDecodeCommand checks what counts as a command and what is malformed.
func TestDecodeCommand(t *testing.T) {
	for _, tc := range []struct {
		in      string
		ok, bad bool
		want    command
	}{
		{`{"target":"sslab","type":"start","id":"a1"}`, true, false, command{Type: "start", ID: "a1"}},
		{`{"target":"sslab","type":"pause","id":3}`, true, false, command{Type: "pause", ID: 3.0}},
		{`{"target":"sslab","type":"set","id":"s","query":"preset=digits-byol&shots=5"}`, true, false,
			command{Type: "set", ID: "s", Query: "preset=digits-byol&shots=5"}},
		{`{"target":"sslab","type":"adapt","id":"b","shots":-1}`, true, false, command{Type: "adapt", ID: "b", Shots: -1}},
		{`{"type":"start","id":"a1"}`, false, false, command{}},
		{`{"source":"sslab","type":"result"}`, false, false, command{}},
		{`"start"`, false, false, command{}},
		{`{"target":"sslab","type":"start"}`, true, true, command{}},
		{`{"target":"sslab","type":"start","id":""}`, true, true, command{}},
		{`{"target":"sslab","type":"start","id":{"x":1}}`, true, true, command{}},
		{`{"target":"sslab","type":"start","id":"` + strings.Repeat("x", 65) + `"}`, true, true, command{}},
		{`{"target":"sslab","type":"explode","id":"e"}`, true, true, command{}},
		{`{"target":"sslab","type":"set","id":"s"}`, true, true, command{}},
		{`{"target":"sslab","type":"adapt","id":"s","shots":1.5}`, true, true, command{}},
	} {
		c, ok, bad := decodeCommand([]byte(tc.in))
		if ok != tc.ok || bad != tc.bad {
			t.Errorf("%s: ok %v bad %v, want %v %v", tc.in, ok, bad, tc.ok, tc.bad)
			continue
		}
		if ok && !bad && (c.Type != tc.want.Type || c.ID != tc.want.ID || c.Query != tc.want.Query || c.Shots != tc.want.Shots) {
			t.Errorf("%s: %+v, want %+v", tc.in, c, tc.want)
		}
	}
}

// waitFor consumes the engine's updates until done or a minute passed.
func waitFor(t *testing.T, e app.TestEngine, done func() bool) {
	t.Helper()
	deadline := time.Now().Add(60 * time.Second)
	for !done() {
		if time.Now().After(deadline) {
			t.Fatal("timed out")
		}
		e.ConsumeAll()
		time.Sleep(10 * time.Millisecond)
	}
}

// TestCommands drives a lab with the parent's commands: each is answered
// by an ack or an error with a code and the command's id, and the set
// command cannot change the frame's parent restriction.
func TestCommands(t *testing.T) {
	cfg, _ := config.Preset("digits-quick")
	cfg.AdaptEpochs, cfg.FewShotSeeds, cfg.Embed, cfg.Parent = 5, 1, true, "https://notes.example.org"
	var posted []map[string]any
	lab := &Lab{Query: cfg.Query(), Trainer: NewLocalTrainer(train.Parallel{Workers: 2}),
		sent: func(b []byte) {
			var m map[string]any
			json.Unmarshal(b, &m)
			posted = append(posted, m)
		}}
	e := renderLab(t, lab)
	t.Cleanup(lab.OnDismount)
	waitFor(t, e, func() bool { return lab.workerReady })
	ctx := app.Context{}
	answer := func(c command) map[string]any {
		t.Helper()
		b, err := lab.apply(ctx, c).JSON()
		if err != nil {
			t.Fatal(err)
		}
		var m map[string]any
		json.Unmarshal(b, &m)
		if m["id"] != c.ID || m["of"] != c.Type {
			t.Errorf("%s answered %v", c.Type, m)
		}
		return m
	}
	expectError := func(c command, code string) {
		t.Helper()
		if m := answer(c); m["type"] != "error" || m["code"] != code {
			t.Errorf("%s: %v, want error %s", c.Type, m, code)
		}
	}
	expectAck := func(c command, status string) {
		t.Helper()
		if m := answer(c); m["type"] != "ack" || m["status"] != status {
			t.Errorf("%s: %v, want ack %s", c.Type, m, status)
		}
	}
	expectError(command{Type: "pause", ID: "p0"}, codeNotRunning)
	expectError(command{Type: "resume", ID: "r0"}, codeNotPaused)
	expectError(command{Type: "adapt", ID: "a0", Shots: 5}, codeNoResult)
	expectError(command{Type: "set", ID: "s0", Query: "lr=abc"}, session.CodeBadConfig)
	expectAck(command{Type: "set", ID: "s1", Query: "preset=digits-quick&aepochs=5&fsseeds=1&seed=4&parent=https://evil.example"}, "idle")
	if lab.cfg.Seed != 4 || lab.cfg.Parent != cfg.Parent || !lab.cfg.Embed {
		t.Errorf("after set: seed %d, parent %q, embed %v", lab.cfg.Seed, lab.cfg.Parent, lab.cfg.Embed)
	}
	expectAck(command{Type: "start", ID: 1.0}, "loading")
	expectError(command{Type: "start", ID: 2.0}, codeBusy)
	expectError(command{Type: "set", ID: "s2", Query: "seed=5"}, codeBusy)
	expectAck(command{Type: "pause", ID: "p1"}, "paused")
	expectAck(command{Type: "resume", ID: "r1"}, "loading")
	waitFor(t, e, func() bool { return lab.status == view.StatusDone || lab.status == view.StatusFailed })
	if lab.status != view.StatusDone {
		t.Fatalf("run ended %v: %s", lab.status, lab.failure)
	}
	expectAck(command{Type: "adapt", ID: "a1", Shots: 2}, "adapting")
	waitFor(t, e, func() bool { return lab.status == view.StatusDone })
	expectAck(command{Type: "reset", ID: "x"}, "idle")

	var kinds []string
	for _, m := range posted {
		kinds = append(kinds, m["type"].(string))
	}
	for _, want := range []string{"ready", "progress", "result"} {
		if !slices.Contains(kinds, want) {
			t.Errorf("no %s posted (posted %v)", want, kinds)
		}
	}
}

// TestNothingOfTheFileLeaves runs on a CSV file whose name, cells and
// class names are markers, makes the run fail on the file (a regression
// task on class names), and checks what the frame posted: none of them.
func TestNothingOfTheFileLeaves(t *testing.T) {
	const name, class, cell = "secret-patients-42.csv", "zebra-class-77", "31.4159"
	text := "x1,x2,label\n"
	for i := range 40 {
		c := []string{class, "other"}[i%2]
		text += []string{cell, "1.5"}[i%2] + "," + []string{"2", "7"}[i%3%2] + "," + c + "\n"
	}
	var posted []string
	lab := &Lab{Trainer: NewLocalTrainer(nil), sent: func(b []byte) { posted = append(posted, string(b)) }}
	e := renderLab(t, lab)
	t.Cleanup(lab.OnDismount)
	waitFor(t, e, func() bool { return lab.workerReady })
	lab.loadData(view.DataFile{Name: name, Text: text})
	waitFor(t, e, func() bool { return lab.userData != nil })
	lab.setField("epochs", "1")
	lab.setField("aepochs", "2")
	lab.setField("fsseeds", "1")
	lab.start(app.Context{}, nil, false)
	waitFor(t, e, func() bool { return lab.status == view.StatusDone || lab.status == view.StatusFailed })
	// A query the worker must refuse, quoting the file: regression on names.
	q := lab.cfg.Clone()
	lab.Trainer.Post(session.Message{Type: session.MsgStart, Run: lab.run + 1, Query: strings.Replace(q.Query(), "data=csv", "data=csv&task=regression", 1)})
	lab.run++
	lab.status = view.StatusLoading
	waitFor(t, e, func() bool { return lab.status == view.StatusFailed || lab.status == view.StatusDone })
	if !strings.Contains(lab.failure, name) {
		t.Errorf("the regression run's failure %q does not name the file on the page, so the test shows nothing", lab.failure)
	}
	lab.loadData(view.DataFile{Name: "broken-" + name, Text: "a,b\n1," + class + "\n"})
	waitFor(t, e, func() bool { return lab.dataErr != "" })
	if !strings.Contains(lab.dataErr, "broken-"+name) {
		t.Errorf("the page itself does not name the refused file: %q", lab.dataErr)
	}
	if len(posted) < 4 {
		t.Fatalf("only %d messages posted", len(posted))
	}
	for _, p := range posted {
		for _, secret := range []string{"secret-patients", class, cell, "other"} {
			if strings.Contains(p, secret) {
				t.Errorf("posted %s, which holds %q", p, secret)
			}
		}
	}
}
