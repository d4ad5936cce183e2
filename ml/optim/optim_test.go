package optim

import (
	"math"
	"testing"
)

// Both optimisers must find the minimum of a badly scaled quadratic
// f(θ) = Σ a_i (θ_i - c_i)², and Adam's first step must move every
// coordinate by lr against its gradient's sign.
func TestQuadratic(t *testing.T) {
	a := []float64{1, 10, 0.1}
	c := []float64{3, -2, 0.5}
	for _, tc := range []struct {
		name string
		lr   float64
		iter int
	}{{"sgd", 0.02, 3000}, {"adam", 0.05, 3000}} {
		opt, err := New(tc.name, 3, tc.lr, 0)
		if err != nil {
			t.Fatal(err)
		}
		theta := make([]float64, 3)
		g := make([]float64, 3)
		for it := 0; it < tc.iter; it++ {
			for i := range theta {
				g[i] = 2 * a[i] * (theta[i] - c[i])
			}
			opt.Step(theta, g)
		}
		for i := range theta {
			if math.Abs(theta[i]-c[i]) > 1e-3 {
				t.Errorf("%s: θ[%d] = %v, want %v", tc.name, i, theta[i], c[i])
			}
		}
	}
}

func TestAdamFirstStep(t *testing.T) {
	o := NewAdam(2, 0.1, 0)
	p := []float64{1, 1}
	o.Step(p, []float64{5, -0.001})
	if math.Abs(p[0]-0.9) > 1e-6 || math.Abs(p[1]-1.1) > 1e-4 {
		t.Fatalf("after one step p = %v, want [0.9 1.1]", p)
	}
}

func TestWeightDecayShrinks(t *testing.T) {
	for _, name := range Names() {
		o, _ := New(name, 1, 0.1, 0.5)
		p := []float64{2}
		o.Step(p, []float64{0})
		if !(p[0] < 2) {
			t.Errorf("%s: weight decay did not shrink the weight: %v", name, p[0])
		}
	}
}

func TestUnknownOptimizer(t *testing.T) {
	if _, err := New("rmsprop", 1, 0.1, 0); err == nil {
		t.Fatal("an unknown optimizer was accepted")
	}
}
