package shard

import (
	"math"
	"reflect"
	"testing"

	"sslab/app/session"
	"sslab/ml/config"
	"sslab/ml/data"
	"sslab/ml/data/text"
	"sslab/ml/train"
)

// A text run's replica reaches the helper with its sentences, vocabulary,
// tags and split, so the helper's shards and adaptation jobs compute the
// same bits; a text encoder travels as floats and comes back the same.
func TestTextReplicaRoundTrip(t *testing.T) {
	cats, docs := text.Toy(4, 10, 7)
	c, err := text.BuildBrown(cats, docs)
	if err != nil {
		t.Fatal(err)
	}
	ds := data.FromCorpus("brown", c)
	cfg, _ := config.Preset("brown-mlm")
	cfg.Batch = 32
	run, err := train.NewRunWithData(cfg, ds)
	if err != nil {
		t.Fatal(err)
	}
	sent := replica{run.Config, run.Dataset, run.Split}
	w, err := session.ToWire(initMessage(sent, memLayout{Helpers: 1}, 0, 1))
	if err != nil {
		t.Fatal(err)
	}
	m, err := session.FromWire(w)
	if err != nil {
		t.Fatal(err)
	}
	got, _, _, err := replicaOf(m)
	if err != nil {
		t.Fatal(err)
	}
	a, b := sent.ds.Text, got.ds.Text
	if b == nil || !reflect.DeepEqual(a.Vocab, b.Vocab) || !reflect.DeepEqual(a.Tags, b.Tags) || !reflect.DeepEqual(a.TagNames, b.TagNames) ||
		!reflect.DeepEqual(a.Split, b.Split) || !reflect.DeepEqual(sent.ds.X.Data, got.ds.X.Data) {
		t.Fatal("the replica's sentences differ from the run's")
	}
	p, err := train.NewPretrainer(got.cfg, got.ds, got.split, nil)
	if err != nil {
		t.Fatal(err)
	}
	enc := p.Encoder()
	buf := appendEncoder(appendEncoder(nil, enc), enc)
	first, rest, err := decodeEncoder(buf)
	if err != nil {
		t.Fatal(err)
	}
	second, rest, err := decodeEncoder(rest)
	if err != nil || len(rest) != 0 {
		t.Fatalf("second encoder: %v, %d floats left", err, len(rest))
	}
	for _, d := range []*train.Encoder{first, second} {
		if d.Text == nil || d.Text.Shape != enc.Text.Shape || len(d.Params) != len(enc.Params) {
			t.Fatalf("decoded %+v", d.Text)
		}
		for i, v := range enc.Params {
			if math.Float64bits(v) != math.Float64bits(d.Params[i]) {
				t.Fatalf("parameter %d: %v came back as %v", i, v, d.Params[i])
			}
		}
	}
	if _, _, err := decodeEncoder(buf[:20]); err == nil {
		t.Error("a truncated text encoder was accepted")
	}
}
