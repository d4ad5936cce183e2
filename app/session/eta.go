package session

import "time"

// ETA estimates the time left of a phase (pretraining steps, adaptation
// evaluations) from when its units were done.
//
// The average since the start misleads: a run's first steps carry its
// warm-up (helpers starting, the first monitors, compilation), so early
// on it predicts minutes for a run of seconds, and the error lingers. ETA
// extrapolates the rate of the latest half of the progress instead: the
// warm-up drops out as the phase goes on, while the window stays long
// enough to hold several of the periodic monitor snapshots, whose cost is
// part of the rate. Until a tenth of the phase is done there is no
// estimate.
type ETA struct {
	done []int
	at   []time.Duration
}

// maxETAPoints bounds the observations kept; beyond it every other one
// is dropped, which keeps the window's ends within a few observations.
const maxETAPoints = 256

// Observe records that done units were finished at elapsed, the phase's
// running time so far (pauses left out).
func (e *ETA) Observe(done int, elapsed time.Duration) {
	if n := len(e.done); n > 0 && done <= e.done[n-1] {
		return
	}
	e.done, e.at = append(e.done, done), append(e.at, elapsed)
	if len(e.done) > maxETAPoints {
		k := 0
		for i := range e.done {
			if i%2 == 0 || i == len(e.done)-1 {
				e.done[k], e.at[k] = e.done[i], e.at[i]
				k++
			}
		}
		e.done, e.at = e.done[:k], e.at[:k]
	}
}

// Seconds returns the estimated seconds left until total units are done,
// or -1 while estimating: before a tenth of total is done, or with too
// little progress to measure a rate.
func (e *ETA) Seconds(total int) float64 {
	n := len(e.done)
	if n == 0 || total <= 0 {
		return -1
	}
	last := e.done[n-1]
	if last >= total {
		return 0
	}
	if last*10 < total {
		return -1
	}
	// The window starts at the first observation at or after half the
	// progress so far; with one observation only, at the phase's start.
	units, dt := last, e.at[n-1]
	if n > 1 {
		from := 0
		for from < n-2 && e.done[from]*2 < last {
			from++
		}
		units, dt = last-e.done[from], e.at[n-1]-e.at[from]
	}
	if units <= 0 || dt <= 0 {
		return -1
	}
	return dt.Seconds() / float64(units) * float64(total-last)
}
