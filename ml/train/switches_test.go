package train

import (
	"testing"

	"sslab/ml/config"
	"sslab/ml/tensor"
)

// The collapse switches change the step's gradient: each switched
// configuration's whole step must still match finite differences.
func TestSwitchGradients(t *testing.T) {
	for _, tc := range []struct {
		name, objective string
		set             func(c *config.Config)
	}{
		{"simclr without negatives", "simclr", func(c *config.Config) { c.Negatives = false }},
		{"simsiam without stop-gradient", "simsiam", func(c *config.Config) { c.StopGrad = false }},
		{"simsiam without predictor", "simsiam", func(c *config.Config) { c.Predictor = 0 }},
		{"byol without target network", "byol", func(c *config.Config) { c.StopGrad = false }},
		{"vicreg without variance and covariance", "vicreg", func(c *config.Config) { c.VICRegVar, c.VICRegCov = 0, 0 }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cfg := smallConfig(t, tc.objective)
			cfg.Activation = "tanh"
			cfg.Encoder = []int{6, 5}
			cfg.Projector = []int{5, 4}
			if cfg.Objective.Uses("pred") {
				cfg.Predictor = 3
			}
			cfg.Batch = 36
			// Noise keeps the two views apart (alignment alone is flat on
			// equal views) and, unlike the geometric augmentations, smooth.
			cfg.Rotation, cfg.Scale, cfg.Shift, cfg.Dropout, cfg.Noise = 0, 0, 0, 0, 0.3
			tc.set(&cfg)
			if err := cfg.Validate(); err != nil {
				t.Fatal(err)
			}
			p := newTestPretrainer(t, cfg, Serial{})
			if _, err := p.lossAndGradient(); err != nil {
				t.Fatal(err)
			}
			grad := append([]float64(nil), p.grad...)
			if s := siamese(p.m); s != nil && s.stopGrad && !s.byol {
				s.frozen = [2]*tensor.Mat{s.t[0].Clone(), s.t[1].Clone()}
			}
			loss := func() float64 {
				l, err := p.lossAndGradient()
				if err != nil {
					t.Fatal(err)
				}
				return l
			}
			const h = 1e-5
			largest := 0.0
			for i := 0; i < len(p.params); i += 1 + len(p.params)/150 {
				v := p.params[i]
				p.params[i] = v + h
				up := loss()
				p.params[i] = v - h
				down := loss()
				p.params[i] = v
				num := (up - down) / (2 * h)
				largest = max(largest, abs(num))
				if relErr(num, grad[i]) > 1e-5 && abs(num-grad[i]) > 1e-9 {
					t.Errorf("parameter %d: backward %.8g, finite difference %.8g", i, grad[i], num)
				}
			}
			if largest < 1e-4 {
				t.Fatalf("largest derivative checked is %g: the check tests nothing", largest)
			}
		})
	}
}
