package train

import (
	"testing"

	"sslab/ml/tensor"
)

// Each objective's whole pretraining step (views, encoder, heads, loss) must
// have the gradient that finite differences of its loss give. The views and
// masks are fixed by (seed, step), so the loss is a deterministic function
// of the parameters; tanh keeps it smooth. For BYOL the target network is a
// constant, as the stop-gradient says.
func TestObjectiveGradients(t *testing.T) {
	for _, obj := range objectives {
		t.Run(obj, func(t *testing.T) {
			cfg := smallConfig(t, obj)
			cfg.Activation = "tanh"
			cfg.Encoder = []int{6, 5}
			if len(cfg.Projector) > 0 {
				cfg.Projector = []int{5, 4}
			}
			if cfg.Objective.Uses("pred") {
				cfg.Predictor = 3
			}
			cfg.Batch = 36
			cfg.Rotation, cfg.Scale, cfg.Shift, cfg.Dropout, cfg.Noise = 0, 0, 0, 0, 0
			p := newTestPretrainer(t, cfg, Serial{})
			if _, err := p.lossAndGradient(); err != nil {
				t.Fatal(err)
			}
			grad := append([]float64(nil), p.grad...)
			// SimSiam's targets are constants (stop-gradient): freeze them
			// at their values for the unperturbed parameters.
			var frozen [2]*tensor.Mat
			if s := siamese(p.m); s != nil {
				frozen = [2]*tensor.Mat{s.t[0].Clone(), s.t[1].Clone()}
			}
			if obj == "simsiam" {
				siamese(p.m).frozen = frozen
			}
			loss := func() float64 {
				l, err := p.lossAndGradient()
				if err != nil {
					t.Fatal(err)
				}
				return l
			}
			const h = 1e-5
			worst, largest := 0.0, 0.0
			// Every parameter of the last layers, and a stride through the rest.
			for i := 0; i < len(p.params); i += 1 + len(p.params)/150 {
				v := p.params[i]
				p.params[i] = v + h
				up := loss()
				p.params[i] = v - h
				down := loss()
				p.params[i] = v
				num := (up - down) / (2 * h)
				largest = max(largest, abs(num))
				if e := relErr(num, grad[i]); e > worst && abs(num-grad[i]) > 1e-9 {
					worst = e
				}
				if e := relErr(num, grad[i]); e > 1e-5 && abs(num-grad[i]) > 1e-9 {
					t.Errorf("parameter %d: backward %.8g, finite difference %.8g", i, grad[i], num)
				}
			}
			if largest < 1e-4 {
				t.Fatalf("largest derivative checked is %g: the check tests nothing", largest)
			}
			t.Logf("%d parameters, largest derivative %.3g, worst relative error %.2g", len(p.params), largest, worst)
		})
	}
}

func abs(x float64) float64 {
	if x < 0 {
		return -x
	}
	return x
}
