package optim

import (
	"fmt"
	"math"
	"strings"
)

// Optimizer applies one update to params given grads of the same length.
type Optimizer interface {
	Step(params, grads []float64)
	// Reset forgets the state (momenta, step count).
	Reset()
}

// Names lists the optimisers New accepts.
func Names() []string { return []string{"adam", "sgd"} }

// New returns the optimiser called name for n parameters.
func New(name string, n int, lr, weightDecay float64) (Optimizer, error) {
	switch name {
	case "adam":
		return NewAdam(n, lr, weightDecay), nil
	case "sgd":
		return NewSGD(n, lr, 0.9, weightDecay), nil
	}
	return nil, fmt.Errorf("unknown optimizer %q (allowed: %s)", name, strings.Join(Names(), ", "))
}

// SGD is stochastic gradient descent with heavy-ball momentum:
// v = μ v + g;  θ = θ - lr (v + λ θ).
type SGD struct {
	LR, Momentum, WeightDecay float64
	v                         []float64
}

// NewSGD returns SGD for n parameters.
func NewSGD(n int, lr, momentum, weightDecay float64) *SGD {
	return &SGD{LR: lr, Momentum: momentum, WeightDecay: weightDecay, v: make([]float64, n)}
}

func (o *SGD) Step(params, grads []float64) {
	for i, g := range grads {
		o.v[i] = o.Momentum*o.v[i] + g
		params[i] -= o.LR * (o.v[i] + o.WeightDecay*params[i])
	}
}

func (o *SGD) Reset() { clear(o.v) }

// Adam is Adam with decoupled weight decay (AdamW):
// m = β1 m + (1-β1) g;  v = β2 v + (1-β2) g²;
// θ = θ - lr (m̂ / (√v̂ + ε) + λ θ), with m̂, v̂ bias-corrected.
type Adam struct {
	LR, Beta1, Beta2, Eps, WeightDecay float64
	m, v                               []float64
	b1t, b2t                           float64 // β1^t and β2^t
}

// NewAdam returns Adam for n parameters with β1 = 0.9, β2 = 0.999, ε = 1e-8.
func NewAdam(n int, lr, weightDecay float64) *Adam {
	a := &Adam{LR: lr, Beta1: 0.9, Beta2: 0.999, Eps: 1e-8, WeightDecay: weightDecay,
		m: make([]float64, n), v: make([]float64, n)}
	a.Reset()
	return a
}

func (o *Adam) Step(params, grads []float64) {
	o.b1t *= o.Beta1
	o.b2t *= o.Beta2
	c1, c2 := 1/(1-o.b1t), 1/(1-o.b2t)
	for i, g := range grads {
		o.m[i] = o.Beta1*o.m[i] + (1-o.Beta1)*g
		o.v[i] = o.Beta2*o.v[i] + (1-o.Beta2)*g*g
		params[i] -= o.LR * (o.m[i]*c1/(math.Sqrt(o.v[i]*c2)+o.Eps) + o.WeightDecay*params[i])
	}
}

func (o *Adam) Reset() {
	clear(o.m)
	clear(o.v)
	o.b1t, o.b2t = 1, 1
}
