package nn

import (
	"math"

	"sslab/ml/tensor"
)

// BatchNorm standardises each column over the rows of a batch and applies a
// learned scale and shift: y = γ (x - mean) / sqrt(var + ε) + β. It runs in
// training mode only: sslab uses it in the projection and prediction heads
// of SimSiam and BYOL, which are thrown away after pretraining, so no
// running statistics are kept. Its parameters are γ then β.
type BatchNorm struct {
	Dim         int
	Gamma, Beta []float64
}

const bnEps = 1e-5

// NumParams returns 2·Dim.
func (b *BatchNorm) NumParams() int { return 2 * b.Dim }

// Bind points γ and β at params[:2·Dim].
func (b *BatchNorm) Bind(params []float64) {
	b.Gamma, b.Beta = params[:b.Dim], params[b.Dim:2*b.Dim]
}

// Init sets γ = 1 and β = 0.
func (b *BatchNorm) Init() {
	for i := range b.Gamma {
		b.Gamma[i], b.Beta[i] = 1, 0
	}
}

// bnCache holds a forward pass's normalised input and inverse deviations.
type bnCache struct {
	xhat   tensor.Mat
	invstd []float64
	sum    []float64
}

// Forward sets y = BN(x).                          x (B, Dim) -> y (B, Dim)
func (b *BatchNorm) Forward(c *bnCache, y, x *tensor.Mat) {
	n, d := x.Rows, x.Cols
	c.xhat.Resize(n, d)
	y.Resize(n, d)
	if cap(c.invstd) < d {
		c.invstd, c.sum = make([]float64, d), make([]float64, d)
	}
	c.invstd, c.sum = c.invstd[:d], c.sum[:d]
	mean := c.sum
	clear(mean)
	for i := 0; i < n; i++ {
		for j, v := range x.Row(i) {
			mean[j] += v
		}
	}
	for j := range mean {
		mean[j] /= float64(n)
	}
	clear(c.invstd)
	for i := 0; i < n; i++ {
		for j, v := range x.Row(i) {
			c.invstd[j] += (v - mean[j]) * (v - mean[j])
		}
	}
	for j := range c.invstd {
		c.invstd[j] = 1 / math.Sqrt(c.invstd[j]/float64(n)+bnEps)
	}
	for i := 0; i < n; i++ {
		xr, hr, yr := x.Row(i), c.xhat.Row(i), y.Row(i)
		for j := range xr {
			hr[j] = (xr[j] - mean[j]) * c.invstd[j]
			yr[j] = b.Gamma[j]*hr[j] + b.Beta[j]
		}
	}
}

// Backward adds dγ, dβ into grad and sets dx from dy (dx may alias dy):
// dx = invstd/B · (B·dx̂ - Σ dx̂ - x̂ Σ(dx̂ ⊙ x̂)), with dx̂ = γ ⊙ dy.
func (b *BatchNorm) Backward(c *bnCache, grad []float64, dx, dy *tensor.Mat) {
	n, d := dy.Rows, dy.Cols
	gGamma, gBeta := grad[:d], grad[d:2*d]
	sumD := c.sum
	clear(sumD)
	// Σ dx̂ and Σ dx̂·x̂ per column; dγ = Σ dy·x̂, dβ = Σ dy.
	var sdx [64]float64
	sumDXhat := sdx[:0]
	if d <= len(sdx) {
		sumDXhat = sdx[:d]
		clear(sumDXhat)
	} else {
		sumDXhat = make([]float64, d)
	}
	for i := 0; i < n; i++ {
		dr, hr := dy.Row(i), c.xhat.Row(i)
		for j := range dr {
			gGamma[j] += dr[j] * hr[j]
			gBeta[j] += dr[j]
			g := b.Gamma[j] * dr[j]
			sumD[j] += g
			sumDXhat[j] += g * hr[j]
		}
	}
	dx.Resize(n, d)
	fn := float64(n)
	for i := 0; i < n; i++ {
		dr, hr, xr := dy.Row(i), c.xhat.Row(i), dx.Row(i)
		for j := range dr {
			g := b.Gamma[j] * dr[j]
			xr[j] = c.invstd[j] / fn * (fn*g - sumD[j] - hr[j]*sumDXhat[j])
		}
	}
}
