package shard

import (
	"math"

	"sslab/ml/train"
)

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
