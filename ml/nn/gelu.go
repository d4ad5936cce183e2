package nn

import "sslab/ml/num"

// The exact GELU, x·Φ(x) with Φ the standard normal distribution function,
// as BERT uses it: 0.5·x·(1 + erf(x/√2)). (The MLP's GELU activation is the
// tanh approximation; the transformer's feed-forward block uses this one.)
// num.Erf and num.Exp keep it bit-identical natively and in wasm.
const (
	invSqrt2   = 0.7071067811865476 // 1/√2
	invSqrt2Pi = 0.3989422804014327 // 1/√(2π)
)

// geluErf sets y = x·Φ(x) elementwise and keeps Φ(x) in cdf for the
// backward pass (erf costs as much as a few multiply-adds of a product).
func geluErf(y, cdf, x []float64) {
	y, cdf = y[:len(x)], cdf[:len(x)]
	for i, v := range x {
		p := 0.5 * (1 + num.Erf(v*invSqrt2))
		cdf[i] = p
		y[i] = v * p
	}
}

// geluErfBackward sets dx = dy · (Φ(x) + x·φ(x)), φ the normal density,
// given Φ(x) from geluErf; dx may alias dy.
func geluErfBackward(dx, dy, x, cdf []float64) {
	dx, dy, cdf = dx[:len(x)], dy[:len(x)], cdf[:len(x)]
	// exp(−x²/2) a chunk at a time through num.ExpShift (Exp's bits,
	// without a call per element).
	var e [256]float64
	for lo := 0; lo < len(x); lo += len(e) {
		xs := x[lo:min(lo+len(e), len(x))]
		ch := e[:len(xs)]
		for k, v := range xs {
			ch[k] = -0.5 * v * v
		}
		num.ExpShift(ch, 0)
		for k, v := range xs {
			i := lo + k
			pdf := invSqrt2Pi * ch[k]
			dx[i] = dy[i] * (cdf[i] + float64(v*pdf))
		}
	}
}
