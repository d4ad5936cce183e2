package shard

import (
	"encoding/json"
	"fmt"
	"math"
	"syscall/js"

	"sslab/ml/nn"
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
		if err := sp.share(a.Config(), a.Dataset(), a.Split(), l, sp.alive()); err != nil || writeFloats(sp.mem.state, enc) != nil {
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

// jobRows carries one job's rows between workers. JSON has no NaN, which
// a row may hold, so the floats travel as their bits.
type jobRows struct {
	Job  int
	Rows []struct {
		Encoder, Adaptation, Metric string
		NTask, Draws                int
		Value, Std                  uint64
	}
}

func newJobRows(job int, rows []train.Row) jobRows {
	j := jobRows{Job: job}
	for _, r := range rows {
		j.Rows = append(j.Rows, struct {
			Encoder, Adaptation, Metric string
			NTask, Draws                int
			Value, Std                  uint64
		}{r.Encoder, r.Adaptation, r.Metric, r.NTask, r.Draws, math.Float64bits(r.Value), math.Float64bits(r.Std)})
	}
	return j
}

func (j jobRows) rows() []train.Row {
	var rows []train.Row
	for _, r := range j.Rows {
		rows = append(rows, train.Row{Encoder: r.Encoder, Adaptation: r.Adaptation, NTask: r.NTask, Metric: r.Metric,
			Value: math.Float64frombits(r.Value), Std: math.Float64frombits(r.Std), Draws: r.Draws})
	}
	return rows
}

// appendEncoder appends e as its layer count, sizes, activation and
// parameters; decodeEncoder reads one back.
func appendEncoder(dst []float64, e *train.Encoder) []float64 {
	dst = append(dst, float64(len(e.MLP.Sizes)))
	for _, s := range e.MLP.Sizes {
		dst = append(dst, float64(s))
	}
	dst = append(dst, float64(e.MLP.Act))
	return append(dst, e.Params...)
}

func decodeEncoder(src []float64) (*train.Encoder, []float64, error) {
	if len(src) < 1 || int(src[0]) < 2 || len(src) < 2+int(src[0]) {
		return nil, nil, fmt.Errorf("an encoder's description is truncated")
	}
	n := int(src[0])
	sizes := make([]int, n)
	for i := range sizes {
		sizes[i] = int(src[1+i])
	}
	act := nn.Activation(src[1+n])
	src = src[2+n:]
	params := 0
	for i := 0; i+1 < n; i++ {
		params += sizes[i]*sizes[i+1] + sizes[i+1]
	}
	if params > len(src) {
		return nil, nil, fmt.Errorf("an encoder's parameters are truncated")
	}
	e, err := train.NewEncoder(sizes, act, append([]float64(nil), src[:params]...))
	return e, src[params:], err
}
