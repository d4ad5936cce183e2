//go:build wasm && worker

package main

import (
	"errors"
	"fmt"
	"strings"
	"syscall/js"
	"time"
	"unsafe"

	"sslab/ml/config"
	"sslab/ml/train"
)

// shardPool runs the phases of each pretraining step on Web Workers that
// hold replicas of the pretrainer (train.PhaseExecutor). It lives in the
// training worker, which coordinates: it hands each shard worker the step's
// state and the gathered buffers, and takes back the shards' rows and
// gradients. Shard boundaries and the order of every sum are fixed by the
// pretrainer, so the result does not depend on how many workers share the
// work: the bits equal a serial run's.
//
// A worker that fails to start or dies is dropped; the step is replayed on
// the others (or, with none left, here), and Notice says so.
type shardPool struct {
	want    int // workers the run asked for (≥ 2; 1 trains here)
	workers []*shardWorker
	replies chan shardReply
	owner   *train.Pretrainer // the run the replicas were built for
	Notice  func(string)
	local   bool // no worker left: run the shards here

	waitMs, workMs float64 // time spent waiting for phases, and the workers' compute in them

	// Reused every step: garbage is what a wasm program can least afford,
	// since its collector stops the only thread.
	stateBuf, downBuf, upBuf []float64
}

type shardWorker struct {
	id    int
	w     js.Value
	alive bool
	onMsg js.Func
	onErr js.Func
}

type shardReply struct {
	worker int
	kind   string // ready | up | error
	ups    []js.Value
	grads  js.Value
	ms     float64 // the worker's compute time
	err    string
}

// workersFor is the number of workers cfg asks for: its own, or one per
// core when it says 0.
func workersFor(cfg config.Config) int {
	if cfg.Workers > 0 {
		return cfg.Workers
	}
	n := js.Global().Get("navigator").Get("hardwareConcurrency")
	if n.Type() == js.TypeNumber && n.Int() > 0 {
		return n.Int()
	}
	return 1
}

func newShardPool() *shardPool { return &shardPool{replies: make(chan shardReply, 64)} }

// Run runs tasks here, for the pretrainer's local work.
func (sp *shardPool) Run(n int, task func(int)) { train.Serial{}.Run(n, task) }

func (sp *shardPool) notice(format string, args ...any) {
	if sp.Notice != nil {
		sp.Notice(fmt.Sprintf(format, args...))
	}
}

// RunPhase runs phase k of p's current step on every shard.
func (sp *shardPool) RunPhase(p *train.Pretrainer, k int) error {
	if sp.owner != p {
		if err := sp.prepare(p); err != nil {
			return err
		}
	}
	if sp.local {
		for i := 0; i < p.Shards(); i++ {
			p.ShardPhase(k, i)
		}
		return nil
	}
	for {
		err := sp.runPhase(p, k, k == 0)
		if err == nil {
			return nil
		}
		var dead deadWorker
		if !errors.As(err, &dead) {
			return err
		}
		// Replay the step so far on the workers left: the phases before k
		// rebuild the caches the dead worker held; their results are the
		// same bits as before.
		sp.drop(dead.id, dead.why)
		if sp.local {
			for j := 0; j <= k; j++ {
				for i := 0; i < p.Shards(); i++ {
					p.ShardPhase(j, i)
				}
			}
			return nil
		}
		for j := 0; j < k; j++ {
			if err := sp.runPhase(p, j, j == 0); err != nil {
				break // another death: the outer loop replays again
			}
		}
	}
}

type deadWorker struct {
	id  int
	why string
}

func (d deadWorker) Error() string { return fmt.Sprintf("worker %d stopped: %s", d.id, d.why) }

// runPhase sends phase k to every live worker and installs their replies.
func (sp *shardPool) runPhase(p *train.Pretrainer, k int, withState bool) error {
	alive := sp.alive()
	var state js.Value
	if withState {
		sp.stateBuf = p.State(sp.stateBuf[:0])
		state = floatsToJS(sp.stateBuf)
	}
	sp.downBuf = p.AppendDown(sp.downBuf[:0], k)
	down := floatsToJS(sp.downBuf)
	// Worker j of n takes the j-th contiguous block of shards, so that at
	// the end it can send its block's gradient already summed.
	blocks := map[int][2]int{}
	for j, w := range alive {
		lo, hi := train.Block(p.Shards(), len(alive), j)
		blocks[w.id] = [2]int{lo, hi}
	}
	last := k == p.Phases()-1
	for _, w := range alive {
		msg := js.Global().Get("Object").New()
		msg.Set("shard", "phase")
		msg.Set("k", k)
		if withState {
			msg.Set("state", state)
		}
		msg.Set("down", down)
		msg.Set("lo", blocks[w.id][0])
		msg.Set("hi", blocks[w.id][1])
		msg.Set("last", last)
		w.w.Call("postMessage", msg)
	}
	t0 := time.Now()
	defer func() { sp.waitMs += time.Since(t0).Seconds() * 1e3 }()
	for pending := len(alive); pending > 0; {
		r := <-sp.replies
		switch r.kind {
		case "error":
			return deadWorker{r.worker, r.err}
		case "up":
			b := blocks[r.worker]
			for i := b[0]; i < b[1]; i++ {
				sp.upBuf = floatsFromJS(sp.upBuf, r.ups[i-b[0]])
				if err := p.SetUp(k, i, sp.upBuf); err != nil {
					return err
				}
			}
			sp.workMs += r.ms
			if last && b[0] < b[1] {
				sp.upBuf = floatsFromJS(sp.upBuf, r.grads)
				if err := p.SetGrads(b[0], b[1], sp.upBuf); err != nil {
					return err
				}
			}
			pending--
		}
	}
	return nil
}

func (sp *shardPool) alive() []*shardWorker {
	var a []*shardWorker
	for _, w := range sp.workers {
		if w.alive {
			a = append(a, w)
		}
	}
	return a
}

func (sp *shardPool) drop(id int, why string) {
	for _, w := range sp.workers {
		if w.id == id && w.alive {
			w.alive = false
			w.w.Call("terminate")
		}
	}
	if n := len(sp.alive()); n > 0 {
		sp.notice("A training worker stopped (%s); the run carries on with %d.", why, n)
	} else {
		sp.local = true
		sp.notice("The training workers stopped (%s); the run carries on in one worker, more slowly.", why)
	}
}

// prepare starts the workers p's config asks for (reusing those already
// running) and builds their replicas of p.
func (sp *shardPool) prepare(p *train.Pretrainer) error {
	sp.owner = p
	// A worker gets at least two shards (64 examples): with fewer, the
	// messages of a step cost more than the work they share, and the
	// training worker trains alone.
	sp.want = min(workersFor(p.Config()), p.Shards()/2)
	sp.local = sp.want < 2
	if sp.local {
		return nil
	}
	for len(sp.alive()) < sp.want {
		if err := sp.start(); err != nil {
			break
		}
	}
	if len(sp.alive()) == 0 {
		sp.local = true
		sp.notice("No training worker could start; the run trains in one worker.")
		return nil
	}
	// Hand every worker the run: its config and the exact data and split.
	ds, split := p.Dataset(), p.Split()
	init := js.Global().Get("Object").New()
	init.Set("shard", "init")
	init.Set("query", p.Config().Query())
	init.Set("name", ds.Name)
	init.Set("rows", ds.X.Rows)
	init.Set("cols", ds.X.Cols)
	init.Set("width", ds.Width)
	init.Set("height", ds.Height)
	init.Set("x", floatsToJS(ds.X.Data))
	trainRows := make([]float64, len(split.Train))
	for i, r := range split.Train {
		trainRows[i] = float64(r)
	}
	init.Set("train", floatsToJS(trainRows))
	alive := sp.alive()
	for _, w := range alive {
		w.w.Call("postMessage", init)
	}
	for pending := len(alive); pending > 0; {
		r := <-sp.replies
		switch r.kind {
		case "error":
			sp.drop(r.worker, r.err)
			if r.worker >= 0 {
				pending--
			}
			if len(sp.alive()) == 0 {
				return nil
			}
		case "ready":
			pending--
		}
	}
	return nil
}

// start launches one shard worker and waits until its wasm is running.
func (sp *shardPool) start() error {
	id := len(sp.workers)
	w := &shardWorker{id: id, alive: true}
	w.onMsg = js.FuncOf(func(this js.Value, args []js.Value) any {
		d := args[0].Get("data")
		switch kind := d.Get("shard"); {
		case kind.Type() == js.TypeString && kind.String() == "up":
			ups := d.Get("ups")
			r := shardReply{worker: id, kind: "up", grads: d.Get("grads"), ms: d.Get("ms").Float()}
			for i := 0; i < ups.Length(); i++ {
				r.ups = append(r.ups, ups.Index(i))
			}
			sp.replies <- r
		case kind.Type() == js.TypeString && kind.String() == "init-ok":
			sp.replies <- shardReply{worker: id, kind: "ready"}
		case kind.Type() == js.TypeString && kind.String() == "error":
			sp.replies <- shardReply{worker: id, kind: "error", err: d.Get("message").String()}
		case d.Get("json").Type() == js.TypeString && strings.Contains(d.Get("json").String(), `"ready"`):
			sp.replies <- shardReply{worker: id, kind: "started"}
		}
		return nil
	})
	w.onErr = js.FuncOf(func(this js.Value, args []js.Value) any {
		why := "it crashed"
		if len(args) > 0 && args[0].Get("message").Type() == js.TypeString {
			why = args[0].Get("message").String()
		}
		sp.replies <- shardReply{worker: id, kind: "error", err: why}
		return nil
	})
	w.w = js.Global().Get("Worker").New("worker.js")
	w.w.Call("addEventListener", "message", w.onMsg)
	w.w.Call("addEventListener", "error", w.onErr)
	sp.workers = append(sp.workers, w)
	for {
		r := <-sp.replies
		if r.worker != id {
			continue
		}
		switch r.kind {
		case "started":
			return nil
		case "error":
			w.alive = false
			w.w.Call("terminate")
			sp.notice("A training worker could not start (%s).", r.err)
			return errors.New(r.err)
		}
	}
}

// floatsToJS copies v into a new ArrayBuffer: postMessage clones it, and
// js.CopyBytesToJS takes bytes, so the floats travel as their bytes (both
// ends are wasm, little-endian).
func floatsToJS(v []float64) js.Value {
	u8 := js.Global().Get("Uint8Array").New(8 * len(v))
	if len(v) > 0 {
		js.CopyBytesToJS(u8, unsafe.Slice((*byte)(unsafe.Pointer(&v[0])), 8*len(v)))
	}
	return u8.Get("buffer")
}

// floatsFromJS copies an ArrayBuffer of float64s into dst, grown if need be.
func floatsFromJS(dst []float64, buf js.Value) []float64 {
	u8 := js.Global().Get("Uint8Array").New(buf)
	n := u8.Length() / 8
	if cap(dst) < n {
		dst = make([]float64, n)
	}
	v := dst[:n]
	if n > 0 {
		js.CopyBytesToGo(unsafe.Slice((*byte)(unsafe.Pointer(&v[0])), 8*n), u8)
	}
	return v
}
