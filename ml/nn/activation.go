package nn

import (
	"fmt"
	"strings"

	"sslab/ml/num"
)

// Activation is an elementwise non-linearity.
type Activation int

const (
	Identity Activation = iota
	ReLU
	Tanh
	GELU
)

var activationNames = [...]string{"identity", "relu", "tanh", "gelu"}

func (a Activation) String() string {
	if int(a) < len(activationNames) {
		return activationNames[a]
	}
	return fmt.Sprintf("Activation(%d)", int(a))
}

// ActivationNames lists the names ParseActivation accepts.
func ActivationNames() []string { return activationNames[:] }

// ParseActivation returns the activation called name.
func ParseActivation(name string) (Activation, error) {
	for i, n := range activationNames {
		if n == name {
			return Activation(i), nil
		}
	}
	return 0, fmt.Errorf("unknown activation %q (allowed: %s)", name, strings.Join(activationNames[:], ", "))
}

// geluC is sqrt(2/pi), for GELU's tanh approximation.
const geluC = 0.7978845608028654

// forward sets y = a(z) elementwise.
func (a Activation) forward(y, z []float64) {
	switch a {
	case Identity:
		copy(y, z)
	case ReLU:
		// max(v, 0) with its exact meaning (NaN stays NaN, -0 gives +0),
		// spelled out: on wasm the builtin is a call per element.
		for i, v := range z {
			if v > 0 || v != v {
				y[i] = v
			} else {
				y[i] = 0
			}
		}
	case Tanh:
		for i, v := range z {
			y[i] = num.Tanh(v)
		}
	case GELU:
		for i, v := range z {
			y[i] = 0.5 * v * (1 + num.Tanh(geluC*(v+0.044715*v*v*v)))
		}
	}
}

// backward sets dz = dy * a'(z), given the pre-activation z and output y.
func (a Activation) backward(dz, dy, z, y []float64) {
	switch a {
	case Identity:
		copy(dz, dy)
	case ReLU:
		for i, v := range z {
			if v > 0 {
				dz[i] = dy[i]
			} else {
				dz[i] = 0
			}
		}
	case Tanh:
		for i, t := range y {
			dz[i] = dy[i] * (1 - t*t)
		}
	case GELU:
		for i, v := range z {
			u := geluC * (v + 0.044715*v*v*v)
			t := num.Tanh(u)
			du := geluC * (1 + 3*0.044715*v*v)
			dz[i] = dy[i] * (0.5*(1+t) + 0.5*v*(1-t*t)*du)
		}
	}
}
