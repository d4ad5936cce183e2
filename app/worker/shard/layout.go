package shard

import "sslab/app/session"

// memLayout sizes the shared memory's regions, in float64s: after
// ctlWords int32 control words, the state region (what a replica needs at
// the start of a step), the down region (the buffers a phase hands every
// shard) and one out region per helper (what its shards send back).
type memLayout session.MemLayout

// Control words: the step's phase is announced in the first ones, and each
// helper has ctlPerHelper words of its own from ctlHelpers on.
const (
	ctlSeq      = iota // phase generation, bumped by the coordinator to start a phase
	ctlCmd             // cmdPhase, cmdRelease or cmdAdapt
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
	hFrom        // the first generation it takes part in (0: none yet)
	hBeat        // cmdAdapt: bumped as it takes each job, its sign of life
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

// helperWord is the index of helper slot's own control word w.
func helperWord(slot, w int) int { return ctlHelpers + slot*ctlPerHelper + w }
