package page

import (
	"syscall/js"

	"sslab/app/session"
)

// newTrainer returns the page's trainer: a Web Worker.
func newTrainer() Trainer { return &WorkerTrainer{} }

// WorkerTrainer trains in a Web Worker running worker.wasm. Messages travel
// in their wire form (session.ToJS): only the small JSON part is decoded
// here; charts and files are copied as strings.
type WorkerTrainer struct {
	worker  js.Value
	onMsg   js.Func
	onError js.Func
	queue   []session.Message // posted before the worker was created
}

func (t *WorkerTrainer) Open(workerURL string, receive func(session.Message)) {
	if t.worker.Truthy() {
		return
	}
	t.worker = js.Global().Get("Worker").New(workerURL)
	t.onMsg = js.FuncOf(func(this js.Value, args []js.Value) any {
		m, err := session.FromJS(args[0].Get("data"))
		if err != nil {
			m = session.Message{Type: session.MsgError, Message: "malformed message from the worker: " + err.Error()}
		}
		receive(m)
		return nil
	})
	t.onError = js.FuncOf(func(this js.Value, args []js.Value) any {
		msg := "the training worker failed"
		if e := args[0].Get("message"); e.Type() == js.TypeString && e.String() != "" {
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
	if !t.worker.Truthy() {
		t.queue = append(t.queue, m)
		return
	}
	v, err := session.ToJS(m)
	if err != nil {
		return // only the page's own messages pass here, and they encode
	}
	t.worker.Call("postMessage", v)
}

func (t *WorkerTrainer) Close() {
	if !t.worker.Truthy() {
		return
	}
	t.worker.Call("terminate")
	t.onMsg.Release()
	t.onError.Release()
	t.worker = js.Value{}
}
