package shard

import (
	"encoding/json"
	"errors"
	"fmt"
	"syscall/js"
	"time"

	"sslab/ml/train"
)

// RunPlan runs an adaptation plan's jobs on this worker and the helpers
// (train.PlanExecutor): each helper builds the same plan from the same
// encoders, and every worker takes the next job not yet taken from a
// shared counter, so that the costly ones spread out. Job i's rows are the
// same bits whoever runs it. This worker starts at once; a helper joins
// once it holds the replica, and one that stops (fails, or shows no life
// for the deadline) leaves its jobs to this worker.
func (sp *Pool) RunPlan(plan *train.Plan, pre, random *train.Encoder, cancel func() bool, finished func(int, []train.Row)) {
	sp.enter()
	defer sp.leave()
	a := plan.Adapter
	have := make([]bool, plan.Len())
	done := func(i int, rows []train.Row) {
		have[i] = true
		finished(i, rows)
	}
	sp.owner = nil // the helpers' memory changes: pretraining prepares again
	sp.enlist(a.Config(), sp.workersFor(a.Config(), true))
	enc := appendEncoder(appendEncoder(nil, pre), random)
	l := memLayout{State: len(enc), Out: planOutFloats, Helpers: len(sp.helpers)}
	if len(sp.alive()) > 0 {
		sp.share(replica{a.Config(), a.Dataset(), a.Split()}, l)
		if writeFloats(sp.mem.state, enc) != nil {
			sp.release()
		}
	}
	if sp.mem == nil {
		for _, i := range plan.Order {
			if cancel() {
				return
			}
			done(i, plan.Run(i))
		}
		return
	}
	m := sp.mem
	m.store(ctlStateLen, m.layout.State)
	m.store(ctlNextJob, 0)
	m.store(ctlCmd, cmdAdapt)
	for slot := range l.Helpers {
		m.store(helperWord(slot, hFrom), sp.seq+1) // whoever gets the replica takes part
	}
	sp.seq++
	m.publish(ctlSeq, sp.seq)
	var longest time.Duration // this worker's longest job
	for {
		if cancel() {
			m.store(ctlNextJob, plan.Len()) // hand out no more
			break
		}
		k := m.add(ctlNextJob, 1)
		if k >= plan.Len() {
			break
		}
		i := plan.Order[k]
		t := time.Now()
		done(i, plan.Run(i))
		longest = max(longest, time.Since(t))
		sp.poll() // helpers that started meanwhile get the replica
	}
	sp.poll()
	deadline := max(adaptFloor, adaptFactor*longest)
	for _, h := range sp.helpers {
		if !h.alive || h.gen != sp.gen {
			continue // never handed this plan: it took no job
		}
		jobs, err := sp.helperJobs(h, deadline)
		if err != nil {
			var dead deadWorker
			if errors.As(err, &dead) {
				sp.kill(h, dead.why)
			} else {
				sp.kill(h, err.Error())
			}
			continue
		}
		for _, j := range jobs {
			if j.Job >= 0 && j.Job < plan.Len() && !have[j.Job] {
				done(j.Job, j.rows())
			}
		}
	}
	sp.release()
	// A helper that stopped took its jobs with it: run them here.
	for _, i := range plan.Order {
		if !have[i] && !cancel() {
			done(i, plan.Run(i))
		}
	}
}

// A helper taking part in a plan is taken for dead when it shows no life
// (takes no job, finishes none) for adaptFactor times this worker's longest
// job, and at least adaptFloor: the plan's costliest jobs go first, so no
// helper's job is much longer than this worker's.
const (
	adaptFloor  = 10 * time.Second
	adaptFactor = 3
)

// planOutFloats sizes a helper's out region for its jobs' rows, as JSON.
const planOutFloats = 1 << 15

// helperJobs waits for helper h to finish its share of the plan and
// decodes the rows it sent.
func (sp *Pool) helperJobs(h *shardWorker, deadline time.Duration) ([]jobRows, error) {
	size, err := sp.await(h, deadline, true)
	if err != nil {
		return nil, err
	}
	m := sp.mem
	msg := make([]byte, min(size, m.out[h.id].Length()))
	js.CopyBytesToGo(msg, m.out[h.id])
	var jobs []jobRows
	if err := json.Unmarshal(msg, &jobs); err != nil {
		return nil, fmt.Errorf("its rows do not decode: %v", err)
	}
	return jobs, nil
}
