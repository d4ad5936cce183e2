package shard

import (
	"fmt"
	"syscall/js"
	"time"
)

// awaitSliceMs is how long one wait for a helper blocks before the pool
// looks at the helper's replies (a crash arrives as an event, which only
// the event loop delivers) and at its deadline.
const awaitSliceMs = 100

// await waits for helper h to finish the command of generation sp.seq and
// returns the length of what it wrote to its out region, or a deadWorker
// error if h failed, or showed no life for deadline: since the wait began
// or, with beats, since h last bumped its beat word. Only the time this
// worker was awake counts: a slice that took far longer than asked means
// the page was suspended (a frozen tab), which says nothing of the helper.
func (sp *Pool) await(h *shardWorker, deadline time.Duration, beats bool) (int, error) {
	m := sp.mem
	done := helperWord(h.id, hDone)
	var waited time.Duration
	beat := m.load(helperWord(h.id, hBeat))
	for {
		got := m.load(done)
		if got == sp.seq {
			break
		}
		t := time.Now()
		if m.wait(done, got, spinDone, awaitSliceMs) == sp.seq {
			break
		}
		if sp.died(h) {
			return 0, deadWorker{h, "it failed"}
		}
		waited += min(time.Since(t), 2*awaitSliceMs*time.Millisecond)
		if b := m.load(helperWord(h.id, hBeat)); beats && b != beat {
			beat, waited = b, 0
		}
		if waited > deadline {
			return 0, deadWorker{h, fmt.Sprintf("it did not answer within %.0f s", deadline.Seconds())}
		}
	}
	size := m.load(helperWord(h.id, hOutLen))
	if m.load(helperWord(h.id, hStatus)) == statusFailed {
		msg := make([]byte, min(size, m.out[h.id].Length()))
		js.CopyBytesToGo(msg, m.out[h.id])
		return 0, deadWorker{h, string(msg)}
	}
	return size, nil
}
