package train

import (
	"testing"

	"sslab/ml/config"

	"sslab/ml/eval"
	"sslab/ml/tensor"
)

// The raw probe's regions on the blobs (linearly separable) agree with the
// probe's test predictions: each test point lies in a cell of its predicted
// class almost always; and every encoder gets one region.
func TestRegions(t *testing.T) {
	cfg, err := config.Preset("blobs-simclr")
	if err != nil {
		t.Fatal(err)
	}
	cfg.Encoder, cfg.Projector, cfg.Epochs = []int{8}, []int{4}, 1
	p := newTestPretrainer(t, cfg, Serial{})
	a := NewAdapter(cfg, p.Dataset(), p.Split())
	regs, err := a.Regions(p.Encoder(), p.InitialEncoder(), All, 40)
	if err != nil {
		t.Fatal(err)
	}
	if len(regs) != 3 || regs[2].Encoder != "raw" || len(regs[2].Class) != 40*40 {
		t.Fatalf("regions %+v", regs)
	}
	raw := regs[2]
	test := new(tensor.Mat)
	test.Gather(p.Dataset().X, p.Split().Test)
	labels := pick(p.Dataset().Labels, p.Split().Test)
	cell := make([]int, test.Rows)
	for i := range cell {
		r := test.Row(i)
		col := int((r[0] - raw.XLo) / (raw.XHi - raw.XLo) * float64(raw.N))
		row := int((r[1] - raw.YLo) / (raw.YHi - raw.YLo) * float64(raw.N))
		cell[i] = raw.Class[row*raw.N+col]
	}
	if acc := eval.Accuracy(cell, labels); acc < 0.9 {
		t.Errorf("the raw probe's regions classify the blobs' test points with accuracy %.3f", acc)
	}
	// The digits are 64-D: there is no plane to draw.
	d := newTestPretrainer(t, smallConfig(t, "simclr"), Serial{})
	if _, err := NewAdapter(d.cfg, d.Dataset(), d.Split()).Regions(d.Encoder(), d.InitialEncoder(), All, 10); err == nil {
		t.Error("regions of 64-D data: no error")
	}
}
