package page

import (
	"fmt"
	"syscall/js"
	"time"

	"sslab/app/session"
)

// newTrainer returns the page's trainer: a Web Worker.
func newTrainer() Trainer { return &WorkerTrainer{} }

// WorkerTrainer trains in a Web Worker running worker.wasm. Messages travel
// in their wire form (session.ToJS): only the small JSON part is decoded
// here; charts and files are copied as strings.
//
// It watches the worker, as a notebook watches its kernel: a worker that
// fails to load, or does not say ready within readyDeadline, is
// unavailable, and one whose run goes quiet for longer than the worker's
// own estimate allows (Progress.QuietSeconds, at least runFloor) has
// stopped. Either way the page gets an error with the code
// (session.CodeWorkerUnavailable, session.CodeWorkerStopped), the worker
// is ended, every later request is answered with the same error at once,
// and Restart starts a fresh one.
type WorkerTrainer struct {
	// ReadyDeadline and RunFloor, if not zero, replace readyDeadline and
	// runFloor (tests).
	ReadyDeadline, RunFloor time.Duration

	url     string
	receive func(session.Message)
	worker  js.Value
	onMsg   js.Func
	onError js.Func
	queue   []session.Message // posted before the worker was created

	state  workerState
	why    session.Message // state dead: the error that ended the worker
	opened time.Time       // when the current worker was created
	// data is the last file posted (the user's CSV), which Restart hands
	// the fresh worker.
	data *session.Message

	// The watchdog: the run whose messages are awaited (0: none), whether
	// the page paused it, when the worker last sent anything, and for how
	// long it said it may go quiet.
	run    int
	paused bool
	last   time.Time
	quiet  float64
	tick   js.Func
	ticker js.Value
}

type workerState int

const (
	workerLoading workerState = iota // created, no ready yet
	workerReady                      // said ready
	workerDead                       // failed, stopped or unanswering: ended
)

// Deadlines of the watchdog: for the worker to say ready (it downloads and
// compiles worker.wasm first), and the least a run may go quiet.
const (
	readyDeadline = 60 * time.Second
	runFloor      = 10 * time.Second
	// quietFactor is the margin over the worker's own estimate of its
	// longest silence.
	quietFactor = 3
)

func (t *WorkerTrainer) Open(workerURL string, receive func(session.Message)) {
	if t.worker.Truthy() {
		return
	}
	t.url, t.receive = workerURL, receive
	t.tick = js.FuncOf(func(js.Value, []js.Value) any {
		t.watch()
		return nil
	})
	t.ticker = js.Global().Call("setInterval", t.tick, 1000)
	t.spawn()
	queue := t.queue
	t.queue = nil
	for _, m := range queue {
		t.Post(m)
	}
}

// spawn creates a worker and listens to it.
func (t *WorkerTrainer) spawn() {
	t.state, t.opened, t.run, t.paused, t.quiet = workerLoading, time.Now(), 0, false, 0
	w := js.Global().Get("Worker").New(t.url)
	t.worker = w
	t.onMsg = js.FuncOf(func(this js.Value, args []js.Value) any {
		if !t.worker.Equal(w) {
			return nil // a worker that was ended or replaced
		}
		m, err := session.FromJS(args[0].Get("data"))
		if err != nil {
			m = session.Message{Type: session.MsgError, Code: session.CodeBadMessage, Message: "malformed message from the worker: " + err.Error()}
		}
		t.heard(m)
		return nil
	})
	t.onError = js.FuncOf(func(this js.Value, args []js.Value) any {
		if !t.worker.Equal(w) {
			return nil
		}
		code, msg := session.CodeWorkerStopped, "the training worker failed"
		if t.state == workerLoading {
			code, msg = session.CodeWorkerUnavailable, "the training worker could not start"
		}
		if e := args[0].Get("message"); e.Type() == js.TypeString && e.String() != "" {
			msg += ": " + e.String()
		}
		t.end(code, msg)
		return nil
	})
	w.Set("onmessage", t.onMsg)
	w.Set("onerror", t.onError)
}

// heard applies a message from the worker and passes it on.
func (t *WorkerTrainer) heard(m session.Message) {
	t.last = time.Now()
	switch m.Type {
	case session.MsgReady:
		t.state = workerReady
	case session.MsgBusy, session.MsgProgress:
		if m.Progress != nil && m.Progress.QuietSeconds > 0 {
			t.quiet = m.Progress.QuietSeconds
		}
	case session.MsgResult:
		if m.Run == t.run {
			t.run = 0
		}
	case session.MsgError:
		if m.Code == session.CodeWorkerUnavailable || m.Code == session.CodeWorkerStopped {
			// worker.js's own report: the program could not start, or ended.
			t.end(m.Code, m.Message)
			return
		}
		if m.Run == t.run {
			t.run = 0
		}
	}
	t.receive(m)
}

// watch runs every second on the page's event loop: it ends a worker that
// missed its deadline.
func (t *WorkerTrainer) watch() {
	now := time.Now()
	switch {
	case t.state == workerLoading && now.Sub(t.opened) > orDefault(t.ReadyDeadline, readyDeadline):
		t.end(session.CodeWorkerUnavailable, fmt.Sprintf("the training worker did not start within %.0f s", orDefault(t.ReadyDeadline, readyDeadline).Seconds()))
	case t.state == workerReady && t.run != 0 && !t.paused:
		limit := max(orDefault(t.RunFloor, runFloor), time.Duration(quietFactor*t.quiet*float64(time.Second)))
		if quiet := now.Sub(t.last); quiet > limit {
			t.end(session.CodeWorkerStopped, fmt.Sprintf("the training worker stopped answering: no message for %.0f s", quiet.Seconds()))
		}
	}
}

func orDefault(d, def time.Duration) time.Duration {
	if d > 0 {
		return d
	}
	return def
}

// end ends the worker for the reason code, message and tells the page,
// with the run it was doing, if any.
func (t *WorkerTrainer) end(code, message string) {
	if t.state == workerDead {
		return
	}
	t.state = workerDead
	t.why = session.Message{Type: session.MsgError, Code: code, Message: message}
	m := t.why
	m.Run, t.run = t.run, 0
	t.stop()
	t.receive(m)
}

// stop ends the worker itself.
func (t *WorkerTrainer) stop() {
	if !t.worker.Truthy() {
		return
	}
	t.worker.Call("terminate")
	t.worker.Set("onmessage", js.Null())
	t.worker.Set("onerror", js.Null())
	t.onMsg.Release()
	t.onError.Release()
	t.worker = js.Value{}
}

func (t *WorkerTrainer) Post(m session.Message) {
	if t.receive == nil {
		t.queue = append(t.queue, m)
		return
	}
	switch m.Type {
	case session.MsgData:
		d := m
		t.data = &d
	case session.MsgStart, session.MsgAdapt:
		t.run, t.paused, t.quiet = m.Run, false, 0
		t.last = time.Now()
	case session.MsgPause:
		t.paused = t.paused || m.Run == t.run
	case session.MsgResume:
		if m.Run == t.run && t.paused {
			t.paused, t.last = false, time.Now()
		}
	case session.MsgCancel:
		if m.Run == t.run {
			t.run = 0
		}
	}
	if t.state == workerDead {
		// Nothing will answer: say so at once, for what awaits an answer.
		switch m.Type {
		case session.MsgPause, session.MsgResume, session.MsgCancel, session.MsgPreview:
		default:
			e := t.why
			e.Run, t.run = m.Run, 0
			t.receive(e)
		}
		return
	}
	if t.state == workerLoading {
		t.last = time.Now() // a run's clock starts once the worker is ready
	}
	v, err := session.ToJS(m)
	if err != nil {
		return // only the page's own messages pass here, and they encode
	}
	t.worker.Call("postMessage", v)
}

// Restart ends the worker and starts a fresh one, handing it the user's
// file if one was posted; the page gets its ready (or its failure) as from
// the first.
func (t *WorkerTrainer) Restart() {
	if t.receive == nil {
		return
	}
	t.stop()
	t.spawn()
	if t.data != nil {
		t.Post(*t.data)
	}
}

func (t *WorkerTrainer) Close() {
	if t.receive == nil {
		return
	}
	t.stop()
	js.Global().Call("clearInterval", t.ticker)
	t.tick.Release()
	t.state = workerDead
}
