//go:build !wasm

package page

import (
	"sync"

	"sslab/app/session"
	"sslab/ml/train"
)

// LocalTrainer runs a session.Session on a goroutine of this process, for
// tests (native only: app.wasm must not carry the training code). Its
// messages go through the same wire form as the worker's, so tests see
// exactly what the page would receive.
type LocalTrainer struct {
	Exec train.Executor // nil: serial

	once    sync.Once
	inbox   *session.Mailbox
	receive func(session.Message)
	data    *session.Message // the last data message, replayed by Restart
}

// NewLocalTrainer returns a trainer running in this process.
func NewLocalTrainer(exec train.Executor) *LocalTrainer {
	return &LocalTrainer{Exec: exec, inbox: session.NewMailbox()}
}

func (t *LocalTrainer) Open(_ string, receive func(session.Message)) {
	t.once.Do(func() {
		t.receive = receive
		t.serve()
	})
}

// serve starts a session on the trainer's inbox, ready at once.
func (t *LocalTrainer) serve() {
	s := &session.Session{Send: t.deliver, Inbox: t.inbox, Exec: t.Exec}
	go s.Serve()
	t.deliver(session.Message{Type: session.MsgReady})
}

// Restart replaces the session by a fresh one, as the browser's trainer
// replaces a dead worker, and hands it the last data file again.
func (t *LocalTrainer) Restart() {
	t.inbox.Close()
	t.inbox = session.NewMailbox()
	if t.data != nil {
		t.inbox.Put(*t.data)
	}
	t.serve()
}

// deliver passes m through the wire form, as postMessage would.
func (t *LocalTrainer) deliver(m session.Message) {
	w, err := session.ToWire(m)
	if err == nil {
		m, err = session.FromWire(w)
	}
	if err != nil {
		m = session.Message{Type: session.MsgError, Run: m.Run, Message: err.Error()}
	}
	t.receive(m)
}

func (t *LocalTrainer) Post(m session.Message) {
	if m.Type == session.MsgData {
		t.data = &m
	}
	t.inbox.Put(m)
}

func (t *LocalTrainer) Close() { t.inbox.Close() }
