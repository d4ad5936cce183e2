package shard

import (
	"encoding/json"
	"math"
	"reflect"
	"testing"

	"sslab/app/session"
	"sslab/ml/config"
	"sslab/ml/nn"
	"sslab/ml/train"
)

// TestReplicaRoundTrip hands a run's replica through the wire form and
// checks that the helper gets the same config, data bits and split.
func TestReplicaRoundTrip(t *testing.T) {
	cfg, err := config.Preset("spirals-regression")
	if err != nil {
		t.Fatal(err)
	}
	run, err := train.NewRun(cfg)
	if err != nil {
		t.Fatal(err)
	}
	sent := replica{run.Config, run.Dataset, run.Split}
	l := memLayout{State: 10, Down: 20, Out: 30, Helpers: 2}
	w, err := session.ToWire(initMessage(sent, l, 1, 7))
	if err != nil {
		t.Fatal(err)
	}
	m, err := session.FromWire(w)
	if err != nil {
		t.Fatal(err)
	}
	got, gl, slot, err := replicaOf(m)
	if err != nil {
		t.Fatal(err)
	}
	if !got.cfg.Equal(sent.cfg) || gl != l || slot != 1 || m.Shard.Gen != 7 {
		t.Errorf("config %s, layout %+v, slot %d; sent %s, %+v, 1", got.cfg, gl, slot, sent.cfg, l)
	}
	a, b := sent.ds, got.ds
	if a.Name != b.Name || a.Width != b.Width || a.Height != b.Height || a.Classes != b.Classes ||
		!reflect.DeepEqual(a.X.Data, b.X.Data) || !reflect.DeepEqual(a.Labels, b.Labels) || !reflect.DeepEqual(a.Targets, b.Targets) {
		t.Error("the replica's dataset differs from the run's")
	}
	if !reflect.DeepEqual(got.split, sent.split) {
		t.Error("the replica's split differs from the run's")
	}
	m.Shard.Slot = 2
	if _, _, _, err := replicaOf(m); err == nil {
		t.Error("a slot past the layout's helpers was accepted")
	}
	delete(m.Floats, "x")
	if _, _, _, err := replicaOf(m); err == nil {
		t.Error("a replica without its data was accepted")
	}
}

func TestEncoderRoundTrip(t *testing.T) {
	sizes := []int{3, 4, 2}
	params := make([]float64, 3*4+4+4*2+2)
	for i := range params {
		params[i] = float64(i) - 0.5
	}
	e, err := train.NewEncoder(sizes, nn.Tanh, params)
	if err != nil {
		t.Fatal(err)
	}
	buf := appendEncoder(appendEncoder(nil, e), e)
	first, rest, err := decodeEncoder(buf)
	if err != nil {
		t.Fatal(err)
	}
	second, rest, err := decodeEncoder(rest)
	if err != nil || len(rest) != 0 {
		t.Fatalf("second encoder: %v, %d floats left", err, len(rest))
	}
	for _, d := range []*train.Encoder{first, second} {
		if !reflect.DeepEqual(d.MLP.Sizes, sizes) || d.MLP.Act != nn.Tanh || !reflect.DeepEqual(d.Params, params) {
			t.Errorf("decoded %v %v, want %v %v", d.MLP.Sizes, d.MLP.Act, sizes, nn.Tanh)
		}
	}
	if _, _, err := decodeEncoder(buf[:5]); err == nil {
		t.Error("a truncated encoder was accepted")
	}
}

// TestJobRowsKeepBits sends rows holding NaN through JSON, as a helper
// does: they come back bit for bit.
func TestJobRowsKeepBits(t *testing.T) {
	rows := []train.Row{
		{Encoder: "pretrained", Adaptation: "linear-probe", NTask: 10, Metric: "accuracy", Value: 0.1 + 0.2, Std: math.NaN(), Draws: 3},
		{Encoder: "raw", Adaptation: "kmeans", Metric: "accuracy", Value: math.Inf(1), Draws: 1},
	}
	b, err := json.Marshal([]jobRows{newJobRows(4, rows)})
	if err != nil {
		t.Fatal(err)
	}
	var back []jobRows
	if err := json.Unmarshal(b, &back); err != nil || len(back) != 1 || back[0].Job != 4 {
		t.Fatalf("decoded %+v, %v", back, err)
	}
	for i, r := range back[0].rows() {
		w := rows[i]
		if r.Encoder != w.Encoder || r.Adaptation != w.Adaptation || r.NTask != w.NTask || r.Metric != w.Metric || r.Draws != w.Draws ||
			math.Float64bits(r.Value) != math.Float64bits(w.Value) || math.Float64bits(r.Std) != math.Float64bits(w.Std) {
			t.Errorf("row %d came back as %+v, sent %+v", i, r, w)
		}
	}
}
