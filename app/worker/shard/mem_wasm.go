package shard

import (
	"fmt"
	"syscall/js"
	"unsafe"
)

// sharedMem is the memory the training worker and its helpers share
// during a run: one SharedArrayBuffer holding control words (an Int32Array
// that the workers wait on and wake each other through with Atomics) and
// float64 regions for what a step's phases exchange. Go's wasm memory
// cannot be shared between instances, so each side copies its floats in
// and out, but nothing goes through postMessage or the event loop: a phase
// costs two wake-ups and a few memcpys, where messages cost milliseconds
// of cloning and scheduling. memLayout says how the buffer is cut up.
type sharedMem struct {
	sab    js.Value // the SharedArrayBuffer
	ctl    js.Value // Int32Array over the control words
	layout memLayout
	state  js.Value   // Uint8Array over the state region
	down   js.Value   // and over the down region
	out    []js.Value // and over each helper's out region
}

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
	m := &sharedMem{sab: sab, layout: l}
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

// The Atomics functions, looked up once: a call by name converts the name
// for every call, several times a phase.
var (
	atomicsLoad   = js.Global().Get("Atomics").Get("load")
	atomicsStore  = js.Global().Get("Atomics").Get("store")
	atomicsAdd    = js.Global().Get("Atomics").Get("add")
	atomicsNotify = js.Global().Get("Atomics").Get("notify")
	atomicsWait   = js.Global().Get("Atomics").Get("wait")
)

func (m *sharedMem) load(i int) int { return atomicsLoad.Invoke(m.ctl, i).Int() }
func (m *sharedMem) store(i, v int) { atomicsStore.Invoke(m.ctl, i, v) }

// add adds d to word i and returns what it held before.
func (m *sharedMem) add(i, d int) int { return atomicsAdd.Invoke(m.ctl, i, d).Int() }

// publish stores v in word i and wakes every worker waiting on it.
func (m *sharedMem) publish(i, v int) {
	atomicsStore.Invoke(m.ctl, i, v)
	atomicsNotify.Invoke(m.ctl, i)
}

// A worker woken from Atomics.wait can take a millisecond to run again,
// several times what a small phase's arithmetic takes. So a wait first
// spins, reading its word (in JavaScript, where a read costs nanoseconds
// rather than a call out of wasm), for about as long as blocking and
// being woken cost on an idle machine: that catches a partner that
// finishes just after this worker. Longer spins cost more than they
// save when the machine is busy: they take the core that other programs,
// and the partner itself, need.
const (
	spinPhase = 0.1 // ms: a helper waiting for the next phase
	spinDone  = 0.1 // ms: the coordinator waiting for a helper's block
)

// jsWait is web/worker.js's sslabWait(ctl, i, old, spinMs, ms), the spin
// and the wait in JavaScript, or undefined if the script lacks it.
var jsWait = js.Global().Get("sslabWait")

// wait returns once word i no longer holds old, or after about ms
// milliseconds (ms < 0: without limit), and returns what it holds then. It
// spins for spinMs first; only workers may block.
func (m *sharedMem) wait(i, old int, spinMs, ms float64) int {
	if jsWait.Type() == js.TypeFunction {
		return jsWait.Invoke(m.ctl, i, old, spinMs, ms).Int()
	}
	for range 2000 {
		if v := m.load(i); v != old {
			return v
		}
	}
	if ms < 0 {
		atomicsWait.Invoke(m.ctl, i, old)
	} else {
		atomicsWait.Invoke(m.ctl, i, old, ms)
	}
	return m.load(i)
}

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
