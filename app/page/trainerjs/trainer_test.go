//go:build js && wasm

// Package trainerjs_test tests the page's WorkerTrainer in a browser
// (wasmbrowsertest, make test-wasm) against small workers written here in
// JavaScript that speak the protocol's wire form and misbehave on cue:
// the watchdog, the error codes and Restart. (A directory of its own: the
// page's other tests are native.)
package trainerjs_test

import (
	"syscall/js"
	"testing"
	"time"

	"sslab/app/page"
	"sslab/app/session"
)

// fakeWorker says ready, echoes a data message as data-ok, acknowledges
// pause, and answers start according to its query: "silent" announces
// the run and then says nothing more (a worker that stopped); "result"
// answers with an empty result; "wait" announces the run and sends its
// result once resumed.
const fakeWorker = `
const post = (m) => postMessage({ json: JSON.stringify(m) });
post({ type: "ready" });
let waiting = 0;
onmessage = (e) => {
  const m = JSON.parse(e.data.json);
  switch (m.type) {
  case "data":
    post({ type: "data-ok", dataset: { name: m.data.name, rows: 8, columns: 1, tasks: [] } });
    break;
  case "start":
    post({ type: "busy", run: m.run, progress: { quiet_seconds: 0.05 } });
    if (m.query === "result") post({ type: "result", run: m.run, result: { rows: [] } });
    if (m.query === "wait") waiting = m.run;
    break;
  case "pause":
    post({ type: "ack", run: m.run, ack: { of: "pause", applied: true, step: 0 } });
    break;
  case "resume":
    post({ type: "ack", run: m.run, ack: { of: "resume", applied: true, step: 0 } });
    if (waiting === m.run) post({ type: "result", run: m.run, result: { rows: [] } });
    break;
  }
};`

// scriptURL returns a blob URL of a worker script.
func scriptURL(src string) string {
	parts := js.Global().Get("Array").New(src)
	blob := js.Global().Get("Blob").New(parts, map[string]any{"type": "text/javascript"})
	return js.Global().Get("URL").Call("createObjectURL", blob).String()
}

// messages collects what a trainer delivers.
type messages chan session.Message

func (c messages) receive(m session.Message) { c <- m }

// next waits for the next message of type typ, failing on any other
// error than one of that type, or after timeout.
func (c messages) next(t *testing.T, timeout time.Duration, typ session.Type) session.Message {
	t.Helper()
	deadline := time.After(timeout)
	for {
		select {
		case m := <-c:
			if m.Type == typ {
				return m
			}
			if m.Type == session.MsgError {
				t.Fatalf("error %q (%s) while waiting for %s", m.Message, m.Code, typ)
			}
		case <-deadline:
			t.Fatalf("no %s message within %v", typ, timeout)
		}
	}
}

// TestWorkerStops runs a start that the worker never answers: the page
// gets worker-stopped for the run, a later start is answered with it at
// once, and Restart brings a fresh worker that gets the user's file again
// and trains.
func TestWorkerStops(t *testing.T) {
	c := make(messages, 64)
	tr := &page.WorkerTrainer{RunFloor: 300 * time.Millisecond}
	defer tr.Close()
	tr.Open(scriptURL(fakeWorker), c.receive)
	c.next(t, 10*time.Second, session.MsgReady)
	tr.Post(session.Message{Type: session.MsgData, Data: &session.DataFile{Name: "mine.csv"}, Files: map[string]string{session.FileData: "a,b\n"}})
	if m := c.next(t, 5*time.Second, session.MsgDataOK); m.Dataset == nil || m.Dataset.Name != "mine.csv" {
		t.Fatalf("data-ok %+v", m.Dataset)
	}

	tr.Post(session.Message{Type: session.MsgStart, Run: 1, Query: "silent"})
	c.next(t, 5*time.Second, session.MsgBusy)
	if m := c.next(t, 10*time.Second, session.MsgError); m.Code != session.CodeWorkerStopped || m.Run != 1 {
		t.Fatalf("got %s error %q for run %d, want %s for run 1", m.Code, m.Message, m.Run, session.CodeWorkerStopped)
	}
	tr.Post(session.Message{Type: session.MsgStart, Run: 2, Query: "result"})
	if m := c.next(t, time.Second, session.MsgError); m.Code != session.CodeWorkerStopped || m.Run != 2 {
		t.Fatalf("a start after the worker stopped got %s for run %d", m.Code, m.Run)
	}

	tr.Restart()
	c.next(t, 10*time.Second, session.MsgReady)
	if m := c.next(t, 5*time.Second, session.MsgDataOK); m.Dataset == nil || m.Dataset.Name != "mine.csv" {
		t.Fatalf("the restarted worker was not handed the file: %+v", m.Dataset)
	}
	tr.Post(session.Message{Type: session.MsgStart, Run: 3, Query: "result"})
	if m := c.next(t, 5*time.Second, session.MsgResult); m.Run != 3 {
		t.Fatalf("result of run %d, want 3", m.Run)
	}
}

// TestWorkerUnavailable opens workers that cannot start: one whose
// script fails, one that never says ready. Both are worker-unavailable,
// and so is a start posted to them.
func TestWorkerUnavailable(t *testing.T) {
	for _, c := range []struct{ name, script string }{
		{"fails", `throw new Error("no wasm here");`},
		{"silent", `onmessage = () => {};`},
	} {
		t.Run(c.name, func(t *testing.T) {
			ch := make(messages, 64)
			tr := &page.WorkerTrainer{ReadyDeadline: 500 * time.Millisecond}
			defer tr.Close()
			tr.Open(scriptURL(c.script), ch.receive)
			tr.Post(session.Message{Type: session.MsgStart, Run: 1, Query: "result"})
			m := ch.next(t, 10*time.Second, session.MsgError)
			if m.Code != session.CodeWorkerUnavailable || m.Run != 1 {
				t.Fatalf("got %s (%q) for run %d, want %s for run 1", m.Code, m.Message, m.Run, session.CodeWorkerUnavailable)
			}
			tr.Post(session.Message{Type: session.MsgStart, Run: 2})
			if m := ch.next(t, time.Second, session.MsgError); m.Code != session.CodeWorkerUnavailable || m.Run != 2 {
				t.Fatalf("a later start got %s for run %d", m.Code, m.Run)
			}
		})
	}
}

// TestPausedRunIsNotDead pauses a run for several times the watchdog's
// floor: a paused worker sends nothing and is not taken for dead; resumed,
// it finishes.
func TestPausedRunIsNotDead(t *testing.T) {
	c := make(messages, 64)
	tr := &page.WorkerTrainer{RunFloor: 200 * time.Millisecond}
	defer tr.Close()
	tr.Open(scriptURL(fakeWorker), c.receive)
	c.next(t, 10*time.Second, session.MsgReady)
	tr.Post(session.Message{Type: session.MsgStart, Run: 1, Query: "wait"})
	c.next(t, 5*time.Second, session.MsgBusy)
	tr.Post(session.Message{Type: session.MsgPause, Run: 1})
	c.next(t, 5*time.Second, session.MsgAck)
	// Nothing is to happen: the watchdog ticks every second, and the
	// floor is a fifth of that.
	time.Sleep(2500 * time.Millisecond)
	tr.Post(session.Message{Type: session.MsgResume, Run: 1})
	if m := c.next(t, 5*time.Second, session.MsgResult); m.Run != 1 {
		t.Fatalf("result of run %d", m.Run)
	}
}
