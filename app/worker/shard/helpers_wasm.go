package shard

import (
	"syscall/js"
	"time"

	"sslab/app/session"
	"sslab/ml/config"
	"sslab/ml/train"
)

// The helpers' life: launched when a run needs them, started once their
// wasm runs, enlisted and handed a run's data and
// shared memory, released when the run moves on, dropped when they fail.

// HelperName names the helpers' global scope, which tells worker.js (and
// the worker) what it is.
const HelperName = "sslab-helper"

// Warm launches the helpers p's steps will want, without waiting for them
// (session.Warmer): a nested worker loads only as its parent's event loop
// turns, so they get ready while the session loads and draws.
func (sp *Pool) Warm(p *train.Pretrainer) {
	if !crossOriginIsolated() || sp.startErr != "" {
		return
	}
	for len(sp.alive()) < min(workersFor(p.Config()), p.Shards())-1 {
		sp.launch()
	}
}

// launch creates one helper, which says ready once its wasm runs.
func (sp *Pool) launch() *shardWorker {
	id := len(sp.helpers)
	w := &shardWorker{id: id, alive: true}
	w.onMsg = js.FuncOf(func(this js.Value, args []js.Value) any {
		m, err := session.FromJS(args[0].Get("data"))
		if err != nil {
			sp.replies <- shardReply{worker: id, kind: replyFailed, err: "its message does not decode: " + err.Error()}
			return nil
		}
		switch m.Type {
		case session.MsgReady:
			sp.replies <- shardReply{worker: id, kind: replyStarted}
		case session.MsgShardReady:
			sp.replies <- shardReply{worker: id, kind: replyReady}
		case session.MsgError:
			why := m.Message
			if why == "" {
				why = "it failed"
			}
			sp.replies <- shardReply{worker: id, kind: replyFailed, err: why}
		}
		return nil
	})
	w.onErr = js.FuncOf(func(this js.Value, args []js.Value) any {
		why := "it crashed"
		if !w.started {
			why = "its script did not load"
		}
		if len(args) > 0 && args[0].Get("message").Type() == js.TypeString {
			why = args[0].Get("message").String()
		}
		sp.replies <- shardReply{worker: id, kind: replyFailed, err: why}
		return nil
	})
	opts := js.Global().Get("Object").New()
	opts.Set("name", HelperName)
	w.w = js.Global().Get("Worker").New("worker.js", opts)
	w.w.Call("addEventListener", "message", w.onMsg)
	w.w.Call("addEventListener", "error", w.onErr)
	// worker.js set sslabModule: the helper runs the module this worker
	// compiled (and V8 keeps optimising for both).
	first := js.Global().Get("Object").New()
	first.Set("sslabModule", js.Global().Get("sslabModule"))
	w.w.Call("postMessage", first)
	sp.helpers = append(sp.helpers, w)
	return w
}

// awaitStarted waits until helper w runs, or has failed to start.
func (sp *Pool) awaitStarted(w *shardWorker) {
	for w.alive && !w.started {
		sp.handle(<-sp.replies)
	}
}

// handle applies a reply that arrived while no one was waiting for it.
func (sp *Pool) handle(r shardReply) {
	if r.worker < 0 || r.worker >= len(sp.helpers) {
		return
	}
	w := sp.helpers[r.worker]
	switch r.kind {
	case replyStarted:
		w.started = true
	case replyFailed:
		if w.alive && !w.started {
			sp.startErr = r.err
		}
		sp.markDead(r.worker)
	}
}

// await waits for helper h to finish the command of generation sp.seq and
// returns the length of what it wrote to its out region, or, if it failed
// or stopped, a deadWorker error.
func (sp *Pool) await(h *shardWorker) (int, error) {
	m := sp.mem
	done := helperWord(h.id, hDone)
	for {
		got := m.load(done)
		if got == sp.seq {
			break
		}
		if m.wait(done, got, 200) != sp.seq {
			// Slow, or dead: a worker's crash arrives as an event, which
			// only the event loop delivers, so give it a turn.
			if why, dead := sp.died(h.id); dead {
				return 0, deadWorker{h.id, why}
			}
		}
	}
	size := m.load(helperWord(h.id, hOutLen))
	if m.load(helperWord(h.id, hStatus)) == statusFailed {
		msg := make([]byte, min(size, m.out[h.id].Length()))
		js.CopyBytesToGo(msg, m.out[h.id])
		return 0, deadWorker{h.id, string(msg)}
	}
	return size, nil
}

// enlist releases the helpers from what they did last, and starts or stops
// helpers so that want workers (this one included) share the next job. It
// returns the helpers, which may be fewer.
func (sp *Pool) enlist(cfg config.Config, want int) []*shardWorker {
	sp.release()
	if want > 1 && !crossOriginIsolated() {
		if cfg.Workers > 1 {
			sp.notice("This page trains in one worker: sharing a batch between workers needs shared memory, " +
				"which browsers allow only on a cross-origin isolated page (served with COOP and COEP headers, as `make run` does).")
		}
		want = 1
	}
	for _, h := range sp.alive() {
		sp.awaitStarted(h)
	}
	// A helper that could not start is not tried again: whatever
	// stopped it (a blocked script, no memory) would stop the next.
	for len(sp.alive()) < want-1 && sp.startErr == "" {
		sp.awaitStarted(sp.launch())
	}
	if sp.startErr != "" && !sp.startTold {
		sp.startTold = true
		sp.notice("A helper worker could not start (%s); this page trains with %d worker(s).", sp.startErr, min(want, sp.Workers()))
	}
	// Workers beyond this job's need stop: an idle one would hold memory.
	helpers := sp.alive()
	for len(helpers) > max(want-1, 0) {
		h := helpers[len(helpers)-1]
		h.alive = false
		h.w.Call("terminate")
		helpers = helpers[:len(helpers)-1]
	}
	return helpers
}

// share allocates shared memory of layout l and hands every helper the
// replica r and its slot in the memory.
func (sp *Pool) share(r replica, l memLayout, helpers []*shardWorker) error {
	sp.mem = newSharedMem(l)
	sp.seq = 0
	for _, w := range helpers {
		m := initMessage(r, l, w.id)
		m.Memory = sp.mem.sab
		v, err := session.ToJS(m)
		if err != nil {
			return err
		}
		w.w.Call("postMessage", v)
	}
	for pending := len(helpers); pending > 0; {
		r := <-sp.replies
		switch r.kind {
		case replyFailed:
			sp.markDead(r.worker)
			sp.notice("A training worker could not take the run (%s).", r.err)
			pending--
		case replyReady:
			pending--
		}
	}
	return nil
}

// release sends the helpers of the previous run back to their messages.
func (sp *Pool) release() {
	if sp.mem == nil {
		return
	}
	sp.mem.store(ctlCmd, cmdRelease)
	sp.seq++
	sp.mem.publish(ctlSeq, sp.seq)
	sp.mem = nil
}

// died gives the event loop a turn and reports whether helper id sent an
// error or crashed meanwhile.
func (sp *Pool) died(id int) (string, bool) {
	time.Sleep(time.Millisecond)
	for {
		select {
		case r := <-sp.replies:
			sp.handle(r)
			if r.kind == replyFailed && r.worker == id {
				return r.err, true
			}
		default:
			return "", false
		}
	}
}

func (sp *Pool) markDead(id int) {
	for _, w := range sp.helpers {
		if w.id == id && w.alive {
			w.alive = false
			w.w.Call("terminate")
		}
	}
}

func (sp *Pool) alive() []*shardWorker { return sp.appendAlive(nil) }

// appendAlive appends the live helpers to dst: a phase reuses its buffer,
// three times a step.
func (sp *Pool) appendAlive(dst []*shardWorker) []*shardWorker {
	for _, w := range sp.helpers {
		if w.alive {
			dst = append(dst, w)
		}
	}
	return dst
}

func (sp *Pool) drop(id int, why string) {
	sp.markDead(id)
	sp.notice("A training worker stopped (%s); the run carries on with %d.", why, sp.Workers())
}
