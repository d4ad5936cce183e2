package shard

import (
	"math"

	"sslab/ml/train"
)

// jobRows carries one job's rows between workers. JSON has no NaN, which
// a row may hold, so the floats travel as their bits beside the row.
type jobRows struct {
	Job  int
	Rows []wireRow
}

// wireRow is a train.Row whose Value and Std travel as bits.
type wireRow struct {
	train.Row
	Value uint64 `json:"value"` // the bits, in place of the row's float
	Std   uint64 `json:"std"`
}

func newJobRows(job int, rows []train.Row) jobRows {
	j := jobRows{Job: job}
	for _, r := range rows {
		j.Rows = append(j.Rows, wireRow{Row: r, Value: math.Float64bits(r.Value), Std: math.Float64bits(r.Std)})
	}
	return j
}

func (j jobRows) rows() []train.Row {
	rows := make([]train.Row, 0, len(j.Rows))
	for _, w := range j.Rows {
		r := w.Row
		r.Value, r.Std = math.Float64frombits(w.Value), math.Float64frombits(w.Std)
		rows = append(rows, r)
	}
	return rows
}
