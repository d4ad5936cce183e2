package nn

import (
	"math"

	"sslab/ml/num"
	"sslab/ml/tensor"
)

// SelfAttention is multi-head scaled dot-product self-attention inside each
// sentence of a Tokens shard:
//
//	[Q K V] = x·Wqkv + bqkv,  head h: O_h = softmax(Q_h K_hᵀ / √dh + M) V_h,
//	y = [O_1 … O_H]·Wout + bout,
//
// with dh = Dim/Heads and M = −∞ above the diagonal if Causal (a token sees
// itself and the tokens before it), else 0. A token attends only to the
// tokens of its own sentence (see Tokens). Its parameters are Wqkv's Dense
// (Dim -> 3·Dim, columns Q then K then V, head h at columns h·dh of each),
// then Wout's (Dim -> Dim).
type SelfAttention struct {
	Dim, Heads int
	Causal     bool
	QKV, Out   Dense
}

// NewSelfAttention returns an unbound layer; heads must divide dim.
func NewSelfAttention(dim, heads int, causal bool) SelfAttention {
	return SelfAttention{Dim: dim, Heads: heads, Causal: causal,
		QKV: Dense{In: dim, Out: 3 * dim}, Out: Dense{In: dim, Out: dim}}
}

// NumParams returns the parameters of both projections.
func (a *SelfAttention) NumParams() int { return a.QKV.NumParams() + a.Out.NumParams() }

// Bind points the projections at consecutive views of params.
func (a *SelfAttention) Bind(params []float64) {
	a.QKV.Bind(params)
	a.Out.Bind(params[a.QKV.NumParams():])
}

// attnCache holds a forward pass's inputs, head-major Q, K, V and the
// attention probabilities, and the backward pass's scratch. Head-major
// means (Heads, N, dh): a sentence's rows of one head are contiguous, so
// each per-head product is a plain matrix product on views.
type attnCache struct {
	x       tensor.Mat // (N, Dim) the input
	qkv     tensor.Mat // (N, 3·Dim)
	q, k, v []float64  // (H, N, dh) each; q scaled by 1/√dh
	p       []float64  // per sentence s, head h: (L_s, L_s) probabilities
	pOff    []int      // (S+1) offset of sentence s in p (its H blocks follow)
	oh      []float64  // (H, N, dh) heads' outputs
	o       tensor.Mat // (N, Dim) heads' outputs side by side

	do, dqkv       tensor.Mat // (N, Dim), (N, 3·Dim)
	dq, dk, dv     []float64  // (H, N, dh)
	dp             []float64  // (L, L) one sentence-head's dL/dP, then dL/dS
	scratch        tensor.Mat
	mA, mB, mC, mD tensor.Mat // views for the per-head products
}

// view points m at rows [lo, hi) of head h of a head-major buffer.
func view(m *tensor.Mat, buf []float64, h, n, dh, lo, hi int) *tensor.Mat {
	base := h * n * dh
	m.Rows, m.Cols, m.Data = hi-lo, dh, buf[base+lo*dh:base+hi*dh]
	return m
}

// square points m at an (L, L) block of buf at off.
func square(m *tensor.Mat, buf []float64, off, l int) *tensor.Mat {
	m.Rows, m.Cols, m.Data = l, l, buf[off:off+l*l]
	return m
}

// Forward sets y = attention(x).                  x (N, Dim) -> y (N, Dim)
func (a *SelfAttention) Forward(c *attnCache, y, x *tensor.Mat, t *Tokens) {
	n, d, H := x.Rows, a.Dim, a.Heads
	dh := d / H
	c.x.CopyFrom(x)
	a.QKV.Forward(&c.qkv, x) // (N, 3·Dim)

	// Split into heads; fold the 1/√dh into Q.
	scale := 1 / math.Sqrt(float64(dh))
	c.q, c.k, c.v = growF(c.q, n*d), growF(c.k, n*d), growF(c.v, n*d)
	for i := 0; i < n; i++ {
		row := c.qkv.Row(i)
		for h := 0; h < H; h++ {
			dst := (h*n + i) * dh
			for j := 0; j < dh; j++ {
				c.q[dst+j] = scale * row[h*dh+j]
				c.k[dst+j] = row[d+h*dh+j]
				c.v[dst+j] = row[2*d+h*dh+j]
			}
		}
	}

	S := t.Sentences()
	c.pOff = growI(c.pOff, S+1)
	c.pOff[0] = 0
	for s := 0; s < S; s++ {
		lo, hi := t.Span(s)
		c.pOff[s+1] = c.pOff[s] + H*(hi-lo)*(hi-lo)
	}
	c.p = growF(c.p, c.pOff[S])
	c.oh = growF(c.oh, n*d)
	for s := 0; s < S; s++ {
		lo, hi := t.Span(s)
		l := hi - lo
		if l == 0 {
			continue
		}
		for h := 0; h < H; h++ {
			P := square(&c.mC, c.p, c.pOff[s]+h*l*l, l)
			tensor.MatMulTransB(P, view(&c.mA, c.q, h, n, dh, lo, hi), view(&c.mB, c.k, h, n, dh, lo, hi)) // (L, L) scores
			softmaxRows(P.Data, l, a.Causal)
			tensor.MatMul(view(&c.mA, c.oh, h, n, dh, lo, hi), P, view(&c.mB, c.v, h, n, dh, lo, hi)) // (L, dh)
		}
	}

	// Heads side by side, then the output projection.
	c.o.Resize(n, d)
	for i := 0; i < n; i++ {
		row := c.o.Row(i)
		for h := 0; h < H; h++ {
			copy(row[h*dh:(h+1)*dh], c.oh[(h*n+i)*dh:(h*n+i+1)*dh])
		}
	}
	a.Out.Forward(y, &c.o) // (N, Dim)
}

// softmaxRows replaces each row of the (l, l) scores by its softmax; with
// causal, entries above the diagonal are excluded (and set to 0).
func softmaxRows(p []float64, l int, causal bool) {
	for i := 0; i < l; i++ {
		row := p[i*l : (i+1)*l]
		k := l
		if causal {
			k = i + 1
		}
		m := row[0]
		for _, v := range row[1:k] {
			if v > m { // not the max builtin: on wasm that is a call per element
				m = v
			}
		}
		inv := 1 / num.ExpShift(row[:k], m)
		for j := range row[:k] {
			row[j] *= inv
		}
		clear(row[k:])
	}
}

// Backward adds the parameter gradients into grad and sets dx = dL/dx.
// For each sentence and head, with P the probabilities:
//
//	dV = Pᵀ dO,  dP = dO Vᵀ,  dS = P ⊙ (dP − rowsum(P ⊙ dP)),
//	dQ = dS K / √dh,  dK = dSᵀ Q / √dh.
func (a *SelfAttention) Backward(c *attnCache, grad []float64, dx, dy *tensor.Mat, t *Tokens) {
	n, d, H := dy.Rows, a.Dim, a.Heads
	dh := d / H
	gOut := grad[a.QKV.NumParams():]
	a.Out.Backward(&c.do, &c.scratch, gOut, &c.o, dy) // do (N, Dim)

	// Split dO into heads, in the storage of the heads' outputs, which the
	// backward pass does not need.
	c.dq, c.dk, c.dv = growF(c.dq, n*d), growF(c.dk, n*d), growF(c.dv, n*d)
	doh := c.oh
	for i := 0; i < n; i++ {
		row := c.do.Row(i)
		for h := 0; h < H; h++ {
			copy(doh[(h*n+i)*dh:(h*n+i+1)*dh], row[h*dh:(h+1)*dh])
		}
	}
	for s := 0; s < t.Sentences(); s++ {
		lo, hi := t.Span(s)
		l := hi - lo
		if l == 0 {
			continue
		}
		c.dp = growF(c.dp, l*l)
		for h := 0; h < H; h++ {
			P := square(&c.mC, c.p, c.pOff[s]+h*l*l, l)
			dO := view(&c.mA, doh, h, n, dh, lo, hi)
			tensor.MatMulTransA(view(&c.mB, c.dv, h, n, dh, lo, hi), P, dO) // dV (L, dh)
			dP := square(&c.mD, c.dp, 0, l)
			tensor.MatMulTransB(dP, dO, view(&c.mB, c.v, h, n, dh, lo, hi)) // dP (L, L)
			for i := 0; i < l; i++ {
				pr, gr := P.Row(i), dP.Row(i)
				var dot float64
				for j, pv := range pr {
					dot += float64(pv * gr[j])
				}
				for j, pv := range pr {
					gr[j] = pv * (gr[j] - dot)
				}
			}
			tensor.MatMul(view(&c.mA, c.dq, h, n, dh, lo, hi), dP, view(&c.mB, c.k, h, n, dh, lo, hi))       // dQ' (L, dh)
			tensor.MatMulTransA(view(&c.mA, c.dk, h, n, dh, lo, hi), dP, view(&c.mB, c.q, h, n, dh, lo, hi)) // dK (L, dh)
		}
	}

	// Heads back into (N, 3·Dim); the scale of Q moves to its gradient.
	scale := 1 / math.Sqrt(float64(dh))
	c.dqkv.Resize(n, 3*d)
	for i := 0; i < n; i++ {
		row := c.dqkv.Row(i)
		for h := 0; h < H; h++ {
			src := (h*n + i) * dh
			for j := 0; j < dh; j++ {
				row[h*dh+j] = scale * c.dq[src+j]
				row[d+h*dh+j] = c.dk[src+j]
				row[2*d+h*dh+j] = c.dv[src+j]
			}
		}
	}
	a.QKV.Backward(dx, &c.scratch, grad, &c.x, &c.dqkv) // dx (N, Dim)
}

// FLOPs returns the forward pass's operations on the tokens of t: the two
// projections per token and, per sentence of length L, the score and value
// products, 2·2·L²·Dim (computed in full with Causal too).
func (a *SelfAttention) FLOPs(t *Tokens) int64 {
	var sq int64
	for s := 0; s < t.Sentences(); s++ {
		lo, hi := t.Span(s)
		sq += int64(hi-lo) * int64(hi-lo)
	}
	n := t.Len()
	return a.QKV.FLOPs(n) + a.Out.FLOPs(n) + 4*sq*int64(a.Dim)
}

// growI returns s with length n, reusing its storage when large enough.
func growI(s []int, n int) []int {
	if cap(s) < n {
		return make([]int, n)
	}
	return s[:n]
}
