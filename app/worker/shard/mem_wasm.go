package shard

import (
	"fmt"
	"syscall/js"
	"time"
	"unsafe"
)

// sharedMem is the memory the training worker and its shard workers share
// during a run: one SharedArrayBuffer holding control words (an Int32Array
// that the workers wait on and wake each other through with Atomics) and
// float64 regions for what a step's phases exchange. Go's wasm memory
// cannot be shared between instances, so each side copies its floats in
// and out, but nothing goes through postMessage or the event loop: a phase
// costs two wake-ups and a few memcpys, where messages cost milliseconds
// of cloning and scheduling.
//
// Layout: ctlWords int32 control words, then the state region (what a
// replica needs at the start of a step), the down region (the buffers a
// phase hands every shard), and one out region per helper (what its shards
// send back).
type sharedMem struct {
	sab     js.Value // the SharedArrayBuffer
	ctl     js.Value // Int32Array over the control words
	atomics js.Value
	layout  memLayout
	state   js.Value   // Uint8Array over the state region
	down    js.Value   // and over the down region
	out     []js.Value // and over each helper's out region
}

// memLayout sizes the regions, in float64s.
type memLayout struct {
	State, Down, Out, Helpers int
}

// Control words: the step's phase is announced in the first ones, and each
// helper has ctlPerHelper words of its own from ctlHelpers on.
const (
	ctlSeq      = iota // phase generation, bumped by the coordinator to start a phase
	ctlCmd             // cmdPhase or cmdRelease
	ctlK               // the phase
	ctlLast            // 1 if it is the step's last phase
	ctlStateLen        // floats in the state region for this phase, 0 for none
	ctlDownLen         // floats in the down region
	ctlNextJob         // cmdAdapt: the next job of the plan's order to take
	ctlHelpers  = 8
)

// A helper's own control words.
const (
	hDone   = iota // the last generation this helper finished
	hStatus        // statusOK or statusFailed
	hOutLen        // floats (statusOK) or message bytes (statusFailed) in its out region
	hLo            // the helper's block of shards [lo, hi) for this phase
	hHi
	ctlPerHelper = 8
)

const (
	cmdPhase   = 0 // run a phase of the pretraining step
	cmdRelease = 1 // leave the loop and take messages again
	cmdAdapt   = 2 // take jobs of the adaptation plan until none is left

	statusOK     = 0
	statusFailed = 1
)

func (l memLayout) ctlWords() int { return ctlHelpers + ctlPerHelper*l.Helpers }

// crossOriginIsolated reports whether this worker may create a
// SharedArrayBuffer: only pages served with COOP and COEP headers may.
func crossOriginIsolated() bool {
	g := js.Global()
	return g.Get("crossOriginIsolated").Truthy() && g.Get("SharedArrayBuffer").Truthy()
}

// newSharedMem allocates the shared memory for layout l.
func newSharedMem(l memLayout) *sharedMem {
	size := 8 * (l.ctlWords()/2 + l.State + l.Down + l.Helpers*l.Out)
	sab := js.Global().Get("SharedArrayBuffer").New(size)
	return openSharedMem(sab, l)
}

// openSharedMem makes the views of a shared buffer that another worker
// allocated with the same layout.
func openSharedMem(sab js.Value, l memLayout) *sharedMem {
	m := &sharedMem{sab: sab, layout: l, atomics: js.Global().Get("Atomics")}
	m.ctl = js.Global().Get("Int32Array").New(sab, 0, l.ctlWords())
	off := 4 * l.ctlWords()
	region := func(floats int) js.Value {
		v := js.Global().Get("Uint8Array").New(sab, off, 8*floats)
		off += 8 * floats
		return v
	}
	m.state, m.down = region(l.State), region(l.Down)
	for range l.Helpers {
		m.out = append(m.out, region(l.Out))
	}
	return m
}

func (m *sharedMem) load(i int) int { return m.atomics.Call("load", m.ctl, i).Int() }
func (m *sharedMem) store(i, v int) { m.atomics.Call("store", m.ctl, i, v) }

// add adds d to word i and returns what it held before.
func (m *sharedMem) add(i, d int) int { return m.atomics.Call("add", m.ctl, i, d).Int() }

// publish stores v in word i and wakes every worker waiting on it.
func (m *sharedMem) publish(i, v int) {
	m.atomics.Call("store", m.ctl, i, v)
	m.atomics.Call("notify", m.ctl, i)
}

// spinFor is how long a wait polls before it blocks. A worker woken from
// Atomics.wait takes about a millisecond to run again here, which is
// several times the coordination a phase needs; polling costs a core that
// would otherwise idle for that long.
const spinFor = 0 * time.Millisecond

var spinLoads = 2000

// wait returns once word i no longer holds old, or after about ms
// milliseconds (ms < 0: without limit), and returns what it holds then. It
// polls for spinFor, then blocks; only workers may block.
func (m *sharedMem) wait(i, old int, ms float64) int {
	for range spinLoads {
		if v := m.load(i); v != old {
			return v
		}
	}
	if ms < 0 {
		m.atomics.Call("wait", m.ctl, i, old)
	} else {
		m.atomics.Call("wait", m.ctl, i, old, ms)
	}
	return m.load(i)
}

func helperWord(slot, w int) int { return ctlHelpers + slot*ctlPerHelper + w }

// writeFloats copies v into region r.
func writeFloats(r js.Value, v []float64) error {
	if 8*len(v) > r.Length() {
		return fmt.Errorf("shared memory: %d values do not fit a region of %d", len(v), r.Length()/8)
	}
	if len(v) > 0 {
		js.CopyBytesToJS(r, unsafe.Slice((*byte)(unsafe.Pointer(&v[0])), 8*len(v)))
	}
	return nil
}

// readFloats copies the first n floats of region r into dst, grown if need be.
func readFloats(dst []float64, r js.Value, n int) ([]float64, error) {
	if n < 0 || 8*n > r.Length() {
		return dst, fmt.Errorf("shared memory: %d values are more than a region of %d holds", n, r.Length()/8)
	}
	if cap(dst) < n {
		dst = make([]float64, n)
	}
	dst = dst[:n]
	if n > 0 {
		js.CopyBytesToGo(unsafe.Slice((*byte)(unsafe.Pointer(&dst[0])), 8*n), r)
	}
	return dst, nil
}

// toJS and layoutFromJS carry a layout in a message.
func (l memLayout) toJS() js.Value {
	o := js.Global().Get("Object").New()
	o.Set("state", l.State)
	o.Set("down", l.Down)
	o.Set("out", l.Out)
	o.Set("helpers", l.Helpers)
	return o
}

func layoutFromJS(v js.Value) memLayout {
	return memLayout{State: v.Get("state").Int(), Down: v.Get("down").Int(), Out: v.Get("out").Int(), Helpers: v.Get("helpers").Int()}
}
