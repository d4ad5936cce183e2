package shard

import (
	"encoding/json"
	"fmt"
	"syscall/js"

	"sslab/ml/train"
)

// RunPlan runs an adaptation plan's jobs on this worker and the helpers
// (train.PlanExecutor): each helper builds the same plan from the same
// encoders, and every worker takes the next job not yet taken from a
// shared counter, so that the costly ones spread out. Job i's rows are the
// same bits whoever runs it.
func (sp *Pool) RunPlan(plan *train.Plan, pre, random *train.Encoder, cancel func() bool, finished func(int, []train.Row)) {
	a := plan.Adapter
	have := make([]bool, plan.Len())
	done := func(i int, rows []train.Row) {
		have[i] = true
		finished(i, rows)
	}
	sp.owner = nil // the helpers' memory changes: pretraining prepares again
	helpers := sp.enlist(a.Config(), workersFor(a.Config()))
	if len(helpers) > 0 {
		enc := appendEncoder(appendEncoder(nil, pre), random)
		l := memLayout{State: len(enc), Out: planOutFloats, Helpers: len(sp.helpers)}
		if err := sp.share(replica{a.Config(), a.Dataset(), a.Split()}, l, sp.alive()); err != nil || writeFloats(sp.mem.state, enc) != nil {
			helpers = nil
		} else {
			helpers = sp.alive()
		}
	}
	if len(helpers) == 0 {
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
	sp.seq++
	m.publish(ctlSeq, sp.seq)
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
		done(i, plan.Run(i))
	}
	for _, h := range helpers {
		jobs, err := sp.helperJobs(h)
		if err != nil {
			sp.markDead(h.id)
			sp.notice("A training worker stopped (%v); the evaluation carries on with %d.", err, sp.Workers())
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

// planOutFloats sizes a helper's out region for its jobs' rows, as JSON.
const planOutFloats = 1 << 15

// helperJobs waits for helper h to finish its share of the plan and
// decodes the rows it sent.
func (sp *Pool) helperJobs(h *shardWorker) ([]jobRows, error) {
	size, err := sp.await(h)
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
