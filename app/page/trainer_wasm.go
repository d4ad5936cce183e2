//go:build wasm

package page

import (
	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"sslab/app/session"
)

// newTrainer returns the page's trainer: a Web Worker.
func newTrainer() Trainer { return &WorkerTrainer{} }

// WorkerTrainer trains in a Web Worker running worker.wasm. Messages travel
// in their wire form, {json, charts, files}: only the small JSON part is
// decoded here; charts and files are copied as strings.
type WorkerTrainer struct {
	worker  app.Value
	onMsg   app.Func
	onError app.Func
	queue   []session.Message // posted before the worker was created
}

func (t *WorkerTrainer) Open(workerURL string, receive func(session.Message)) {
	if t.worker != nil {
		return
	}
	t.worker = app.Window().Get("Worker").New(workerURL)
	t.onMsg = app.FuncOf(func(this app.Value, args []app.Value) any {
		m, err := session.FromWire(wireFromJS(args[0].Get("data")))
		if err != nil {
			m = session.Message{Type: session.MsgError, Message: "malformed message from the worker: " + err.Error()}
		}
		receive(m)
		return nil
	})
	t.onError = app.FuncOf(func(this app.Value, args []app.Value) any {
		msg := "the training worker failed"
		if e := args[0].Get("message"); e.Type() == app.TypeString && e.String() != "" {
			msg += ": " + e.String()
		}
		receive(session.Message{Type: session.MsgError, Message: msg})
		return nil
	})
	t.worker.Set("onmessage", t.onMsg)
	t.worker.Set("onerror", t.onError)
	for _, m := range t.queue {
		t.Post(m)
	}
	t.queue = nil
}

func (t *WorkerTrainer) Post(m session.Message) {
	if t.worker == nil {
		t.queue = append(t.queue, m)
		return
	}
	w, err := session.ToWire(m)
	if err != nil {
		return // only the page's own messages pass here, and they encode
	}
	obj := app.Window().Get("Object").New()
	obj.Set("json", w.JSON)
	files := app.Window().Get("Object").New()
	for k, v := range w.Files {
		files.Set(k, v)
	}
	obj.Set("files", files)
	t.worker.Call("postMessage", obj)
}

func (t *WorkerTrainer) Close() {
	if t.worker == nil {
		return
	}
	t.worker.Call("terminate")
	t.onMsg.Release()
	t.onError.Release()
	t.worker = nil
}

// wireFromJS reads a message's wire form.
func wireFromJS(v app.Value) session.Wire {
	if v.Type() != app.TypeObject {
		return session.Wire{}
	}
	w := session.Wire{Charts: stringsFromJS(v.Get("charts")), Files: stringsFromJS(v.Get("files"))}
	if j := v.Get("json"); j.Type() == app.TypeString {
		w.JSON = j.String()
	}
	return w
}

func stringsFromJS(v app.Value) map[string]string {
	if v.Type() != app.TypeObject {
		return nil
	}
	keys := app.Window().Get("Object").Call("keys", v)
	if keys.Length() == 0 {
		return nil
	}
	m := make(map[string]string, keys.Length())
	for i := range keys.Length() {
		k := keys.Index(i).String()
		if s := v.Get(k); s.Type() == app.TypeString {
			m[k] = s.String()
		}
	}
	return m
}
