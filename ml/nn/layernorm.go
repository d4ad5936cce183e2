package nn

import (
	"math"

	"sslab/ml/tensor"
)

// LayerNorm standardises each row over its Dim features and applies a
// learned scale and shift: y = γ ⊙ (x − mean) / sqrt(var + ε) + β, the
// statistics taken per token, so unlike BatchNorm it runs on any shard.
// Its parameters are γ then β.
type LayerNorm struct {
	Dim         int
	Gamma, Beta []float64
}

const lnEps = 1e-5

// NumParams returns 2·Dim.
func (l *LayerNorm) NumParams() int { return 2 * l.Dim }

// Bind points γ and β at params[:2·Dim].
func (l *LayerNorm) Bind(params []float64) { l.Gamma, l.Beta = params[:l.Dim], params[l.Dim:2*l.Dim] }

// Init sets γ = 1 and β = 0.
func (l *LayerNorm) Init() {
	for j := range l.Gamma {
		l.Gamma[j], l.Beta[j] = 1, 0
	}
}

// lnCache holds a forward pass's normalised rows and inverse deviations.
type lnCache struct {
	xhat   tensor.Mat // (N, Dim)
	invstd []float64  // (N)
}

// Forward sets y = LN(x); y may alias x.             x (N, Dim) -> y (N, Dim)
func (l *LayerNorm) Forward(c *lnCache, y, x *tensor.Mat) {
	n, d := x.Rows, x.Cols
	c.xhat.Resize(n, d)
	c.invstd = growF(c.invstd, n)
	y.Resize(n, d)
	fd := float64(d)
	for i := 0; i < n; i++ {
		xr, hr, yr := x.Row(i), c.xhat.Row(i), y.Row(i)
		var mean float64
		for _, v := range xr {
			mean += v
		}
		mean /= fd
		var v2 float64
		for _, v := range xr {
			v2 += float64((v - mean) * (v - mean))
		}
		inv := 1 / math.Sqrt(v2/fd+lnEps)
		c.invstd[i] = inv
		for j, v := range xr {
			h := (v - mean) * inv
			hr[j] = h
			yr[j] = float64(l.Gamma[j]*h) + l.Beta[j]
		}
	}
}

// Backward adds dγ = Σ dy ⊙ x̂ and dβ = Σ dy into grad and adds dL/dx into
// dx (a residual stream's gradient arrives there already):
// dx += invstd · (g − mean(g) − x̂ · mean(g ⊙ x̂)), with g = γ ⊙ dy.
func (l *LayerNorm) Backward(c *lnCache, grad []float64, dx, dy *tensor.Mat) {
	n, d := dy.Rows, dy.Cols
	gGamma, gBeta := grad[:d], grad[d:2*d]
	fd := float64(d)
	for i := 0; i < n; i++ {
		dr, hr, xr := dy.Row(i), c.xhat.Row(i), dx.Row(i)
		var sg, sgh float64
		for j, v := range dr {
			gGamma[j] += float64(v * hr[j])
			gBeta[j] += v
			g := float64(l.Gamma[j] * v)
			sg += g
			sgh += float64(g * hr[j])
		}
		mg, mgh, inv := sg/fd, sgh/fd, c.invstd[i]
		for j, v := range dr {
			g := float64(l.Gamma[j] * v)
			xr[j] += float64(inv * (g - mg - float64(hr[j]*mgh)))
		}
	}
}

// growF returns s with length n, reusing its storage when large enough.
func growF(s []float64, n int) []float64 {
	if cap(s) < n {
		return make([]float64, n)
	}
	return s[:n]
}
