package train

import (
	"testing"

	"sslab/ml/config"
	"sslab/ml/internal/gradcheck"
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
			cfg := gradientConfig(t, obj)
			cfg.Rotation, cfg.Scale, cfg.Shift, cfg.Dropout, cfg.Noise = 0, 0, 0, 0, 0
			checkStepGradient(t, cfg)
		})
	}
}

// gradientConfig is a tiny smooth (tanh) config of objective obj.
func gradientConfig(t *testing.T, obj string) config.Config {
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
	return cfg
}

// checkStepGradient checks the gradient of cfg's whole step by central
// differences. SimSiam's targets are constants (stop-gradient): they are
// frozen at their values for the unperturbed parameters; BYOL's target
// network is a constant by construction.
func checkStepGradient(t *testing.T, cfg config.Config) {
	t.Helper()
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
	// A whole step (views, shards, heads, the loss) rounds more than one
	// layer does, so the step is larger than gradcheck.Default's and the
	// relative bound looser; the difference's O(h²) truncation leaves about
	// 1e-9 on derivatives of curved losses, which Abs allows.
	tol := gradcheck.Tolerance{H: 1e-5, Rel: 1e-5, Abs: 2e-9, Min: 1e-4}
	r := gradcheck.Check(t, "parameters", tol, p.params, grad, loss, gradcheck.Stride(len(p.params), 150))
	t.Logf("%d parameters: %v", len(p.params), r)
}
