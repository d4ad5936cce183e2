package shard

import (
	"fmt"
	"syscall/js"
	"time"

	"sslab/app/session"
	"sslab/ml/config"
	"sslab/ml/train"
)

// The helpers' life: launched when a run needs them, started once their
// wasm runs, handed a run's replica and shared memory (a share), enrolled
// in the steps once they hold it, released when the run moves on, dropped
// when they fail or stop answering. Nothing here waits for a helper: the
// pool trains with the helpers that are ready and takes the others in at
// the next step once their replies arrive, and a helper that does not
// answer within a deadline is dropped as one that crashed.
//
// Replies (a helper's messages and errors, a deadline that passed) arrive
// on the event loop, or a timer's goroutine, while the pool's goroutine is
// blocked. Between the pool's calls they are applied at once (so that a
// helper that fails while the page is idle is dropped and said so); during
// one, whose state they would change under it, they queue until the pool
// polls (between steps, while it waits for a helper).

// HelperName names the helpers' global scope, which tells worker.js (and
// the worker) what it is.
const HelperName = "sslab-helper"

// Deadlines of a helper's start: to run (say ready) once launched, and to
// hold the replica (shard-ready) once handed it. Nothing waits for them
// (the run goes on without it), so they can be generous.
const (
	startDeadline = 10 * time.Second
	initDeadline  = 10 * time.Second
)

// Warm launches the helpers p's steps will want, without waiting for them
// (session.Warmer): a nested worker loads only as its parent's event loop
// turns, so they get ready while the session loads and draws.
func (sp *Pool) Warm(p *train.Pretrainer) {
	sp.enter()
	defer sp.leave()
	if !crossOriginIsolated() || sp.startErr != "" {
		return
	}
	for len(sp.alive()) < min(sp.workersFor(p.Config(), false), p.Shards())-1 {
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
			sp.reply(shardReply{worker: id, kind: replyFailed, err: "its message does not decode: " + err.Error()})
			return nil
		}
		switch m.Type {
		case session.MsgReady:
			sp.reply(shardReply{worker: id, kind: replyStarted})
		case session.MsgShardReady:
			gen := 0
			if m.Shard != nil {
				gen = m.Shard.Gen
			}
			sp.reply(shardReply{worker: id, kind: replyReady, gen: gen})
		case session.MsgError:
			why := m.Message
			if why == "" {
				why = "it failed"
			}
			sp.reply(shardReply{worker: id, kind: replyFailed, err: why})
		}
		return nil
	})
	w.onErr = js.FuncOf(func(this js.Value, args []js.Value) any {
		// The pool owns its helpers' failures: an error left uncancelled
		// would propagate to this worker's own scope and on to the page,
		// as if the training worker had failed. A helper the pool stopped
		// while its scripts were loading (one beyond a job's need) reports
		// the aborted load this way too, and that is no failure at all.
		if len(args) > 0 {
			args[0].Call("preventDefault")
		}
		if !w.alive {
			return nil
		}
		why := "it crashed"
		if !w.started {
			why = "its script did not load"
		}
		if len(args) > 0 && args[0].Get("message").Type() == js.TypeString {
			why = args[0].Get("message").String()
		}
		sp.reply(shardReply{worker: id, kind: replyFailed, err: why})
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
	sp.deadline(w, startDeadline, func() bool { return w.started },
		fmt.Sprintf("it did not answer its start within %.0f s", startDeadline.Seconds()))
	return w
}

// deadline drops helper w, with why, unless done() holds when it is
// applied, d from now (a reply that came first, still queued, counts).
func (sp *Pool) deadline(w *shardWorker, d time.Duration, done func() bool, why string) {
	time.AfterFunc(d, func() {
		sp.reply(shardReply{worker: w.id, kind: replyFailed, err: why, unless: done})
	})
}

// reply applies r now if no call of the pool is under way, and queues it
// for the next poll otherwise.
func (sp *Pool) reply(r shardReply) {
	if sp.inside > 0 {
		sp.queue = append(sp.queue, r)
		return
	}
	sp.handle(r)
}

// enter and leave bracket the pool's calls, during which replies queue.
func (sp *Pool) enter() { sp.inside++ }
func (sp *Pool) leave() { sp.inside-- }

// poll applies the replies that have queued, without waiting.
func (sp *Pool) poll() {
	for len(sp.queue) > 0 {
		r := sp.queue[0]
		sp.queue = sp.queue[1:]
		sp.handle(r)
	}
	sp.queue = sp.queue[:0]
}

// handle applies a reply: a helper that started gets the current share, a
// helper that holds it can be enrolled, one that failed is dropped.
func (sp *Pool) handle(r shardReply) {
	if r.worker < 0 || r.worker >= len(sp.helpers) {
		return
	}
	w := sp.helpers[r.worker]
	switch r.kind {
	case replyStarted:
		w.started = true
		if sp.mem != nil && w.alive && w.gen != sp.gen && w.id < sp.mem.layout.Helpers {
			sp.sendInit(w)
		}
	case replyReady:
		if r.gen == sp.gen && w.gen == sp.gen {
			w.ready = true
		}
	case replyFailed:
		if r.unless == nil || !r.unless() {
			sp.kill(w, r.err)
		}
	}
}

// kill drops helper w, if it is still alive, and says so: a helper that
// could not start is not tried again (whatever stopped it, a blocked
// script or no memory, would stop the next).
func (sp *Pool) kill(w *shardWorker, why string) {
	if !w.alive {
		return
	}
	w.alive = false
	w.w.Call("terminate")
	if !w.started {
		sp.startErr = why
		sp.notice(session.CodeHelperDropped, "A helper worker could not start (%s); this page trains with %d worker(s).", why, sp.Workers())
		return
	}
	sp.notice(session.CodeHelperDropped, "A helper worker stopped (%s); the run carries on with %d worker(s).", why, sp.Workers())
}

// died gives the event loop a turn and reports whether helper w was found
// to have failed meanwhile.
func (sp *Pool) died(w *shardWorker) bool {
	time.Sleep(time.Millisecond)
	sp.poll()
	return !w.alive
}

// workersFor is the number of workers cfg asks for: its own, or one per
// core when it says 0, and never more than the cores; tell says so when it
// caps.
func (sp *Pool) workersFor(cfg config.Config, tell bool) int {
	cores := 1
	n := js.Global().Get("navigator").Get("hardwareConcurrency")
	if n.Type() == js.TypeNumber && n.Int() > 0 {
		cores = n.Int()
	}
	if cfg.Workers <= 0 {
		return cores
	}
	if cfg.Workers > cores {
		if tell && !sp.told[fmt.Sprint("capped", cfg.Workers)] {
			sp.told[fmt.Sprint("capped", cfg.Workers)] = true
			sp.notice(session.CodeWorkersCapped, "%d workers were asked for, and this device has %d cores: the run uses %d workers (the results do not depend on it).",
				cfg.Workers, cores, cores)
		}
		return cores
	}
	return cfg.Workers
}

// enlist releases the helpers from what they did last, and launches or
// stops helpers so that want workers (this one included) share the next
// job. It waits for none of them.
func (sp *Pool) enlist(cfg config.Config, want int) {
	sp.release()
	if want > 1 && !crossOriginIsolated() {
		if cfg.Workers > 1 && !sp.told["one-worker"] {
			sp.told["one-worker"] = true
			sp.notice(session.CodeOneWorker, "This page trains in one worker: sharing a batch between workers needs shared memory, "+
				"which browsers allow only on a cross-origin isolated page (served with COOP and COEP headers, as `make run` does).")
		}
		want = 1
	}
	sp.poll()
	for len(sp.alive()) < want-1 && sp.startErr == "" {
		sp.launch()
	}
	// Workers beyond this job's need stop: an idle one would hold memory.
	helpers := sp.alive()
	for len(helpers) > max(want-1, 0) {
		h := helpers[len(helpers)-1]
		h.alive = false
		h.w.Call("terminate")
		helpers = helpers[:len(helpers)-1]
	}
}

// share allocates shared memory of layout l for replica r, a new
// generation, and hands it to every helper that runs; those still starting
// get it once they do (handle).
func (sp *Pool) share(r replica, l memLayout) {
	sp.mem = newSharedMem(l)
	sp.seq = 0
	sp.gen++
	sp.shared = r
	for _, w := range sp.helpers {
		w.ready, w.enrolled = false, false
		if w.alive && w.started && w.id < l.Helpers {
			sp.sendInit(w)
		}
	}
}

// sendInit hands helper w the current share: the replica and its slot.
func (sp *Pool) sendInit(w *shardWorker) {
	m := initMessage(sp.shared, sp.mem.layout, w.id, sp.gen)
	m.Memory = sp.mem.sab
	v, err := session.ToJS(m)
	if err != nil {
		sp.kill(w, "its replica does not encode: "+err.Error())
		return
	}
	w.gen = sp.gen
	w.w.Call("postMessage", v)
	gen := sp.gen
	sp.deadline(w, initDeadline, func() bool { return w.ready || w.gen != gen || sp.gen != gen || sp.mem == nil },
		fmt.Sprintf("it did not take the run within %.0f s", initDeadline.Seconds()))
}

// enrol takes the helpers that hold the current share's replica into the
// steps from the next generation on.
func (sp *Pool) enrol() {
	for _, w := range sp.helpers {
		if w.alive && w.ready && !w.enrolled {
			w.enrolled = true
			sp.mem.store(helperWord(w.id, hFrom), sp.seq+1)
		}
	}
}

// release sends the helpers of the previous share back to their messages.
func (sp *Pool) release() {
	if sp.mem == nil {
		return
	}
	sp.mem.store(ctlCmd, cmdRelease)
	sp.seq++
	sp.mem.publish(ctlSeq, sp.seq)
	sp.mem = nil
	for _, w := range sp.helpers {
		w.ready, w.enrolled = false, false
	}
}

func (sp *Pool) alive() []*shardWorker { return sp.appendAlive(nil) }

// appendAlive appends the live helpers to dst.
func (sp *Pool) appendAlive(dst []*shardWorker) []*shardWorker {
	for _, w := range sp.helpers {
		if w.alive {
			dst = append(dst, w)
		}
	}
	return dst
}

// appendEnrolled appends the live helpers that take part in the current
// share's steps to dst: a phase reuses its buffer, three times a step.
func (sp *Pool) appendEnrolled(dst []*shardWorker) []*shardWorker {
	for _, w := range sp.helpers {
		if w.alive && w.enrolled {
			dst = append(dst, w)
		}
	}
	return dst
}
