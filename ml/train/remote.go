package train

import (
	"fmt"

	"sslab/ml/data"
)

// The functions below let a PhaseExecutor keep replicas of a pretrainer in
// other address spaces (Web Workers) and move between them exactly what a
// step's phases exchange, as flat float64 slices that travel as bytes. A
// replica is a Pretrainer built from the same config and data.
//
// One step, for an executor that owns replicas R and a coordinator C:
//
//	phase 0: R.SetState(C.State()); R.SetDown(0, C.AppendDown(nil, 0))
//	each phase k: R runs ShardPhase(k, i) for its block of shards
//	[lo, hi) and returns R.AppendUp(nil, k, i) for each; C.SetUp(k, i, ...);
//	before phase k > 0: R.SetDown(k, C.AppendDown(nil, k));
//	after the last phase: C.SetGrads(lo, hi, R.AppendGrads(nil, lo, hi)).
//
// The coordinator's reduce runs between phases inside Step, as it does
// for local executors, so results are the same bits.

// State returns what a replica needs at the start of a step: the step
// number, then the parameters, then (BYOL) the target parameters.
func (p *Pretrainer) State(dst []float64) []float64 {
	dst = append(dst, float64(p.step))
	dst = append(dst, p.params...)
	return append(dst, p.target...)
}

// SetState makes a replica ready for the step that State described.
func (p *Pretrainer) SetState(src []float64) error {
	if want := 1 + len(p.params) + len(p.target); len(src) != want {
		return fmt.Errorf("replica state has %d values, want %d", len(src), want)
	}
	p.step = int(src[0])
	n := copy(p.params, src[1:])
	copy(p.target, src[1+n:])
	p.beginStep()
	return nil
}

// Shards returns the number of shards of a batch.
func (p *Pretrainer) Shards() int { return len(p.shards) }

// Phases returns the number of phases of a step.
func (p *Pretrainer) Phases() int { return p.m.phases() }

// AppendDown appends the buffers the coordinator hands every shard before
// phase k: for each, its row and column counts (0, 0 for none) and data.
func (p *Pretrainer) AppendDown(dst []float64, k int) []float64 {
	for _, m := range p.m.down(k, p) {
		if m == nil {
			dst = append(dst, 0, 0)
			continue
		}
		dst = append(dst, float64(m.Rows), float64(m.Cols))
		dst = append(dst, m.Data...)
	}
	return dst
}

// SetDown installs on a replica the buffers of AppendDown(k).
func (p *Pretrainer) SetDown(k int, src []float64) error {
	bufs := p.m.down(k, p)
	for i, m := range bufs {
		if len(src) < 2 {
			return fmt.Errorf("phase %d: buffer %d is missing", k, i)
		}
		r, c := int(src[0]), int(src[1])
		src = src[2:]
		if r*c > len(src) {
			return fmt.Errorf("phase %d: buffer %d is truncated", k, i)
		}
		if m == nil { // the coordinator may hold a buffer this replica lacks
			continue
		}
		m.Resize(r, c)
		copy(m.Data, src[:r*c])
		src = src[r*c:]
	}
	if len(src) != 0 {
		return fmt.Errorf("phase %d: %d values left over", k, len(src))
	}
	p.startPhase(k)
	return nil
}

// AppendUp appends what shard i produced in phase k: its rows of the
// gathered buffers up(k) and its part of the loss. (Gradients travel
// through AppendGrads, summed over a worker's block of shards.)
func (p *Pretrainer) AppendUp(dst []float64, k, i int) []float64 {
	s := p.shards[i]
	B, views := p.cfg.Batch, p.m.views()
	for _, m := range p.m.up(k, p) {
		for v := 0; v < views; v++ {
			dst = append(dst, m.Data[(v*B+s.lo)*m.Cols:(v*B+s.hi)*m.Cols]...)
		}
	}
	return append(dst, s.part)
}

// SetUp installs on the coordinator what a replica's AppendUp(k, i) sent.
func (p *Pretrainer) SetUp(k, i int, src []float64) error {
	s := p.shards[i]
	B, views := p.cfg.Batch, p.m.views()
	for _, m := range p.m.up(k, p) {
		for v := 0; v < views; v++ {
			n := s.rows() * m.Cols
			if len(src) < n {
				return fmt.Errorf("phase %d shard %d: rows are truncated", k, i)
			}
			copy(m.Data[(v*B+s.lo)*m.Cols:], src[:n])
			src = src[n:]
		}
	}
	if len(src) != 1 {
		return fmt.Errorf("phase %d shard %d: %d values where the loss part should be", k, i, len(src))
	}
	s.part = src[0]
	return nil
}

// Dataset returns the data the pretrainer trains on.
func (p *Pretrainer) Dataset() *data.Dataset { return p.ds }

// Split returns the split whose training rows the pretrainer draws from.
func (p *Pretrainer) Split() data.Split { return p.split }

func errorf(format string, args ...any) error { return fmt.Errorf(format, args...) }
