package train

import (
	"testing"

	"sslab/ml/config"
)

// The estimate agrees with the pretrainer it describes: the same steps,
// FLOPs and parameters, and a memory estimate that grows with the model.
func TestEstimateCost(t *testing.T) {
	for _, obj := range objectives {
		cfg := smallConfig(t, obj)
		p := newTestPretrainer(t, cfg, Serial{})
		c, err := EstimateCost(cfg, p.Dataset().Dim(), len(p.Split().Train))
		if err != nil {
			t.Fatal(err)
		}
		_, total := p.FLOPs()
		if _, steps := p.Steps(); c.Steps != steps || c.PretrainFLOPs != total || c.Params != len(p.Params()) {
			t.Errorf("%s: estimate %+v; pretrainer: %d steps, %d FLOPs, %d parameters", obj, c, steps, total, len(p.Params()))
		}
		big := cfg.Clone()
		big.Encoder = []int{1024, 1024}
		cb, _ := EstimateCost(big, p.Dataset().Dim(), len(p.Split().Train))
		if cb.Bytes <= c.Bytes || cb.PretrainFLOPs <= c.PretrainFLOPs {
			t.Errorf("%s: a wider encoder costs %+v, no more than %+v", obj, cb, c)
		}
	}
}

// The neighbour view's search is counted once, n²·d, with the view on only.
func TestEstimateCostNeighbours(t *testing.T) {
	cfg, err := config.Preset("moons-simclr") // the view on: neighbours 10
	if err != nil {
		t.Fatal(err)
	}
	c, err := EstimateCost(cfg, 16, 300)
	if err != nil {
		t.Fatal(err)
	}
	if c.NeighbourOps != 300*300*16 {
		t.Errorf("neighbour view on: %d operations, want %d", c.NeighbourOps, 300*300*16)
	}
	cfg.Neighbours = 0
	if c, _ := EstimateCost(cfg, 16, 300); c.NeighbourOps != 0 {
		t.Errorf("neighbour view off: %d operations", c.NeighbourOps)
	}
}
