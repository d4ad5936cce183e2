package train

import (
	"testing"
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
