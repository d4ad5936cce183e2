package shard

import (
	"fmt"
	"net/url"
	"strings"

	"sslab/app/session"
	"sslab/ml/config"
	"sslab/ml/data"
	"sslab/ml/tensor"
)

// replica is what a helper holds of the training worker's run: its config
// and the exact data and split (standardised as the run's), so that the
// helper's shards compute the same bits.
type replica struct {
	cfg   config.Config
	ds    *data.Dataset
	split data.Split
}

// initMessage returns the shard-init message handing replica r to the
// helper in slot of the shared memory laid out as l. The memory itself is
// the caller's to attach (Message.Memory).
func initMessage(r replica, l memLayout, slot, gen int) session.Message {
	ds := r.ds
	m := session.Message{Type: session.MsgShardInit, Query: r.cfg.Query(),
		Shard: &session.ShardInit{
			Data: session.DataShape{Name: ds.Name, Rows: ds.X.Rows, Cols: ds.X.Cols,
				Width: ds.Width, Height: ds.Height, Classes: ds.Classes},
			Layout: session.MemLayout(l), Slot: slot, Gen: gen,
		},
		Floats: map[string][]float64{
			"x": ds.X.Data, "labels": intsToFloats(ds.Labels), "targets": ds.Targets,
			"train": intsToFloats(r.split.Train), "test": intsToFloats(r.split.Test),
		},
	}
	if ds.Text != nil { // text: the vocabulary and every token's tag
		m.Files = map[string]string{"vocab": strings.Join(ds.Text.Vocab, "\n")}
		m.Floats["tags"] = ds.Text.PackTags()
	}
	return m
}

// replicaOf reads a shard-init message: the replica, the memory's layout
// and the helper's slot (the share's generation is m.Shard.Gen).
func replicaOf(m session.Message) (replica, memLayout, int, error) {
	init := m.Shard
	if init == nil {
		return replica{}, memLayout{}, 0, fmt.Errorf("%s message without its shard part", m.Type)
	}
	q, err := url.ParseQuery(m.Query)
	if err != nil {
		return replica{}, memLayout{}, 0, err
	}
	cfg, errs := config.Decode(q)
	if len(errs) > 0 {
		return replica{}, memLayout{}, 0, errs
	}
	d := init.Data
	x := m.Floats["x"]
	if len(x) != d.Rows*d.Cols {
		return replica{}, memLayout{}, 0, fmt.Errorf("data has %d values, want %d×%d", len(x), d.Rows, d.Cols)
	}
	ds := &data.Dataset{Name: d.Name, X: &tensor.Mat{Rows: d.Rows, Cols: d.Cols, Data: x},
		Width: d.Width, Height: d.Height, Classes: d.Classes}
	if labels := floatsToInts(m.Floats["labels"]); len(labels) > 0 {
		ds.Labels = labels
	}
	if targets := m.Floats["targets"]; len(targets) > 0 {
		ds.Targets = targets
	}
	split := data.Split{Train: floatsToInts(m.Floats["train"]), Test: floatsToInts(m.Floats["test"])}
	if vocab, ok := m.Files["vocab"]; ok {
		if ds.Text, err = data.UnpackSentences(strings.Split(vocab, "\n"), m.Floats["tags"], d.Rows, d.Cols, split); err != nil {
			return replica{}, memLayout{}, 0, err
		}
	}
	l := memLayout(init.Layout)
	if init.Slot < 0 || init.Slot >= l.Helpers {
		return replica{}, memLayout{}, 0, fmt.Errorf("slot %d of %d", init.Slot, l.Helpers)
	}
	return replica{cfg: cfg, ds: ds, split: split}, l, init.Slot, nil
}

func intsToFloats(v []int) []float64 {
	f := make([]float64, len(v))
	for i, x := range v {
		f[i] = float64(x)
	}
	return f
}

func floatsToInts(v []float64) []int {
	out := make([]int, len(v))
	for i, x := range v {
		out[i] = int(x)
	}
	return out
}
