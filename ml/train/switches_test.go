package train

import (
	"testing"

	"sslab/ml/config"
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
			cfg := gradientConfig(t, tc.objective)
			cfg.Projector = []int{5, 4}
			// Noise keeps the two views apart (alignment alone is flat on
			// equal views) and, unlike the geometric augmentations, smooth.
			cfg.Rotation, cfg.Scale, cfg.Shift, cfg.Dropout, cfg.Noise = 0, 0, 0, 0, 0.3
			tc.set(&cfg)
			checkStepGradient(t, cfg)
		})
	}
}
