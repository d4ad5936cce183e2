package shard

import (
	"errors"
	"fmt"
	"syscall/js"
	"time"

	"sslab/ml/train"
)

// Pool runs the phases of each pretraining step on this worker (the
// training worker, which coordinates) and on helper Web Workers that hold
// replicas of the pretrainer (train.PhaseExecutor). With n workers in all,
// worker j runs the j-th of n contiguous blocks of shards; this one takes
// block 0 and the helpers the rest. Shard boundaries and the order of every
// sum are fixed by the pretrainer, so the result does not depend on how
// many workers share the work: the bits equal a serial run's.
//
// The workers exchange a phase's inputs and outputs through shared memory
// (sharedMem), which only a cross-origin isolated page may have; elsewhere
// (an iframe in a page without COOP/COEP headers, a static host that cannot
// send them) the run trains in this worker alone, and Notice says so if
// more were asked for.
//
// Every helper is watched: one that fails, or does not answer its start,
// its replica or a phase within a deadline (a phase's follows from the
// slowest phase measured, with a floor), is dropped; the step is replayed
// on the workers left, with the same bits, and Notice says so. Nothing
// waits for a helper without a deadline.
type Pool struct {
	helpers []*shardWorker
	mem     *sharedMem // the current share's memory, nil between shares
	seq     int        // the generation of the last command started
	gen     int        // the current share, which shard-ready replies name
	shared  replica    // the current share's replica, for helpers that start late
	// startErr is why a helper could not start, if one could not.
	startErr string
	told     map[string]bool // the notices said once
	// queue holds the replies that arrived during a call of the pool
	// (inside > 0), for poll.
	queue  []shardReply
	inside int
	owner  *train.Pretrainer // the run the replicas were built for
	// Notice, if set, tells the page news that does not stop the run,
	// with a code of session's table.
	Notice func(code, text string)

	// slowest is the longest phase of the current share, the coordinator's
	// own block or a helper's, from which a phase's deadline follows.
	slowest time.Duration

	// waitMs and workMs are the time spent waiting for the helpers and
	// this worker's own share of the phases, for the benchmark (Times).
	waitMs, workMs float64

	// Reused every step: garbage is what a wasm program can least afford,
	// since its collector stops the only thread.
	buf, upBuf   []float64
	phaseHelpers []*shardWorker
}

type shardWorker struct {
	id       int // its slot in the shared memory
	w        js.Value
	alive    bool
	started  bool // its wasm runs and takes messages
	gen      int  // the share it was last handed
	ready    bool // it holds that share's replica (shard-ready)
	enrolled bool // it takes part in the share's steps
	onMsg    js.Func
	onErr    js.Func
}

// shardReply is what a helper said, decoded in its message event, or a
// deadline it missed.
type shardReply struct {
	worker int
	kind   replyKind
	err    string // replyFailed: why
	gen    int    // replyReady: the share
	// unless, if set, cancels a replyFailed that is a missed deadline: the
	// awaited reply came first.
	unless func() bool
}

type replyKind int

const (
	replyStarted replyKind = iota // its program runs (ready)
	replyReady                    // it holds the share's replica (shard-ready)
	replyFailed                   // it failed to start, to take the run, crashed or missed a deadline
)

// NewPool returns a pool with no helpers yet: they start with the first
// run that asks for more than one worker (see Warm).
func NewPool() *Pool { return &Pool{told: map[string]bool{}} }

// Times returns, in milliseconds since the last ResetTimes, this worker's
// own share of the phases and the time it then waited for the helpers.
func (sp *Pool) Times() (ownMs, waitMs float64) { return sp.workMs, sp.waitMs }

// ResetTimes starts Times again from zero.
func (sp *Pool) ResetTimes() { sp.workMs, sp.waitMs = 0, 0 }

// Run runs tasks here, for the pretrainer's local work.
func (sp *Pool) Run(n int, task func(int)) { train.Serial{}.Run(n, task) }

func (sp *Pool) notice(code, format string, args ...any) {
	if sp.Notice != nil {
		sp.Notice(code, fmt.Sprintf(format, args...))
	}
}

// Workers returns how many workers share the current run's steps, or are
// starting to.
func (sp *Pool) Workers() int { return 1 + len(sp.alive()) }

// RunPhase runs phase k of p's current step on every shard. Helpers that
// have come to hold the replica join at a step's first phase; a helper
// that fails or misses its deadline is dropped, and the step so far is
// replayed on the workers left: the blocks change, and the phases before
// k rebuild the caches the dropped one held, with the same bits as before.
func (sp *Pool) RunPhase(p *train.Pretrainer, k int) error {
	sp.enter()
	defer sp.leave()
	if sp.owner != p {
		if err := sp.prepare(p); err != nil {
			return err
		}
	}
	if k == 0 && sp.mem != nil {
		sp.poll()
		sp.enrol()
	}
	err := sp.runPhase(p, k, k == 0)
	for err != nil {
		var dead deadWorker
		if !errors.As(err, &dead) {
			return err
		}
		sp.kill(dead.w, dead.why)
		err = nil
		for j := 0; j <= k && err == nil; j++ {
			err = sp.runPhase(p, j, j == 0)
		}
	}
	return nil
}

type deadWorker struct {
	w   *shardWorker
	why string
}

func (d deadWorker) Error() string { return fmt.Sprintf("helper %d stopped: %s", d.w.id, d.why) }

// Phase deadlines: a helper that has not finished its block phaseFactor
// times the slowest phase so far (and at least phaseFloor) after the
// coordinator finished its own is taken for dead.
const (
	phaseFloor  = 5 * time.Second
	phaseFactor = 20
)

// runPhase starts phase k on the helpers, runs this worker's block, and
// installs the helpers' results.
func (sp *Pool) runPhase(p *train.Pretrainer, k int, withState bool) error {
	sp.phaseHelpers = sp.appendEnrolled(sp.phaseHelpers[:0])
	helpers := sp.phaseHelpers
	n := 1 + len(helpers)
	if len(helpers) > 0 {
		if err := sp.startPhase(p, k, withState, helpers); err != nil {
			return err
		}
	}
	t0 := time.Now()
	lo, hi := train.Block(p.Shards(), n, 0)
	for i := lo; i < hi; i++ {
		p.ShardPhase(k, i)
	}
	t1 := time.Now()
	own := t1.Sub(t0)
	sp.workMs += own.Seconds() * 1e3
	defer func() { sp.waitMs += time.Since(t1).Seconds() * 1e3 }()
	sp.slowest = max(sp.slowest, own)
	deadline := max(phaseFloor, phaseFactor*sp.slowest)
	for j, h := range helpers {
		if err := sp.finish(p, k, h, j+1, n, deadline); err != nil {
			return err
		}
	}
	sp.slowest = max(sp.slowest, time.Since(t0))
	return nil
}

// startPhase writes the phase's inputs to the shared memory and wakes the
// helpers: helper j of the list takes block j+1.
func (sp *Pool) startPhase(p *train.Pretrainer, k int, withState bool, helpers []*shardWorker) error {
	m := sp.mem
	stateLen := 0
	if withState {
		sp.buf = p.State(sp.buf[:0])
		if err := writeFloats(m.state, sp.buf); err != nil {
			return err
		}
		stateLen = len(sp.buf)
	}
	sp.buf = p.AppendDown(sp.buf[:0], k)
	if err := writeFloats(m.down, sp.buf); err != nil {
		return err
	}
	m.store(ctlStateLen, stateLen)
	m.store(ctlDownLen, len(sp.buf))
	m.store(ctlK, k)
	last := 0
	if k == p.Phases()-1 {
		last = 1
	}
	m.store(ctlLast, last)
	m.store(ctlCmd, cmdPhase)
	for j, h := range helpers {
		lo, hi := train.Block(p.Shards(), 1+len(helpers), j+1)
		m.store(helperWord(h.id, hLo), lo)
		m.store(helperWord(h.id, hHi), hi)
	}
	sp.seq++
	m.publish(ctlSeq, sp.seq)
	return nil
}

// finish waits for helper h, which ran block j of n, and installs what it
// sent: its shards' rows and, after the last phase, its block's gradient.
func (sp *Pool) finish(p *train.Pretrainer, k int, h *shardWorker, j, n int, deadline time.Duration) error {
	size, err := sp.await(h, deadline, false)
	if err != nil {
		return err
	}
	m := sp.mem
	if sp.upBuf, err = readFloats(sp.upBuf, m.out[h.id], size); err != nil {
		return err
	}
	lo, hi := train.Block(p.Shards(), n, j)
	return installUps(p, k, lo, hi, k == p.Phases()-1, sp.upBuf)
}

// prepare launches the helpers p's config asks for (reusing those already
// running) and shares memory with them, handing them the run: they join
// the steps as they get ready.
func (sp *Pool) prepare(p *train.Pretrainer) error {
	sp.owner = p
	sp.slowest = 0
	// Every worker gets at least one shard.
	sp.enlist(p.Config(), min(sp.workersFor(p.Config(), true), p.Shards()))
	if len(sp.alive()) == 0 {
		return nil
	}
	sp.share(replica{p.Config(), p.Dataset(), p.Split()}, sp.layout(p))
	return nil
}

// layout sizes the shared memory for p with the given helper slots: the
// out regions hold the largest block any helper may get, which grows as
// helpers drop out.
func (sp *Pool) layout(p *train.Pretrainer) memLayout {
	l := memLayout{State: len(p.State(nil)), Helpers: len(sp.helpers)}
	ups := make([]int, p.Shards()) // each shard's largest reply over the phases
	for k := 0; k < p.Phases(); k++ {
		l.Down = max(l.Down, len(p.AppendDown(nil, k)))
		for i := range ups {
			ups[i] = max(ups[i], len(p.AppendUp(nil, k, i)))
		}
	}
	for n := 2; n <= 1+len(sp.alive()); n++ {
		for j := 1; j < n; j++ {
			lo, hi := train.Block(p.Shards(), n, j)
			size := hi - lo + 1 + p.GradsLen(lo, hi)
			for i := lo; i < hi; i++ {
				size += ups[i]
			}
			l.Out = max(l.Out, size)
		}
	}
	return l
}
