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

	mu      sync.Mutex
	inbox   *session.Mailbox
	receive func(session.Message)
	data    *session.Message // the last file posted, which Restart hands over again
}

// NewLocalTrainer returns a trainer running in this process.
func NewLocalTrainer(exec train.Executor) *LocalTrainer {
	return &LocalTrainer{Exec: exec}
}

func (t *LocalTrainer) Open(_ string, receive func(session.Message)) {
	t.mu.Lock()
	if t.receive != nil {
		t.mu.Unlock()
		return
	}
	t.receive = receive
	t.mu.Unlock()
	t.serve()
}

// serve starts a session on a fresh inbox.
func (t *LocalTrainer) serve() {
	inbox := session.NewMailbox()
	t.mu.Lock()
	queued := t.inbox
	t.inbox = inbox
	t.mu.Unlock()
	if queued != nil {
		// Posted before Open: hand them over.
		for _, m := range queued.Take() {
			inbox.Put(m)
		}
		queued.Close()
	}
	s := &session.Session{Send: t.deliver, Inbox: inbox, Exec: t.Exec}
	go s.Serve()
	t.deliver(session.Message{Type: session.MsgReady})
}

// deliver passes m through the wire form, as postMessage would.
func (t *LocalTrainer) deliver(m session.Message) {
	w, err := session.ToWire(m)
	if err == nil {
		m, err = session.FromWire(w)
	}
	if err != nil {
		m = session.Message{Type: session.MsgError, Run: m.Run, Code: session.CodeBadMessage, Message: err.Error()}
	}
	t.receive(m)
}

func (t *LocalTrainer) Post(m session.Message) {
	t.mu.Lock()
	if m.Type == session.MsgData {
		d := m
		t.data = &d
	}
	if t.inbox == nil {
		t.inbox = session.NewMailbox()
	}
	inbox := t.inbox
	t.mu.Unlock()
	inbox.Put(m)
}

// Restart closes the session and starts a fresh one, which gets the last
// file posted.
func (t *LocalTrainer) Restart() {
	t.mu.Lock()
	old, data, open := t.inbox, t.data, t.receive != nil
	t.inbox = nil
	t.mu.Unlock()
	if !open {
		return
	}
	if old != nil {
		old.Close()
	}
	t.serve()
	if data != nil {
		t.Post(*data)
	}
}

func (t *LocalTrainer) Close() {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.inbox != nil {
		t.inbox.Close()
	}
}
