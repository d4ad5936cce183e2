package nn

import (
	"fmt"
	"testing"

	"sslab/ml/num"
	"sslab/ml/tensor"
)

func TestSelfAttentionGradients(t *testing.T) {
	for _, causal := range []bool{false, true} {
		t.Run(fmt.Sprint("causal=", causal), func(t *testing.T) {
			rng := num.NewRNG(10, 1)
			a := NewSelfAttention(6, 2, causal)
			params := newParams(rng, a.NumParams(), 0.5)
			a.Bind(params)
			tok := testTokens(6)
			x, coef := randMat(rng, tok.Len(), 6), randMat(rng, tok.Len(), 6)
			var c attnCache
			a.Forward(&c, new(tensor.Mat), x, tok)
			grad := make([]float64, len(params))
			dx := new(tensor.Mat)
			a.Backward(&c, grad, dx, coef, tok)
			f := func() float64 {
				var c attnCache
				y := new(tensor.Mat)
				a.Forward(&c, y, x, tok)
				return loss(y, coef)
			}
			checkGrads(t, params, grad, x, dx, f)
		})
	}
}

// attentionNaive is one head-by-head loop written from the formula, with
// padded rows and an explicit mask: the reference for SelfAttention.
func attentionNaive(a *SelfAttention, x *tensor.Mat, tok *Tokens) *tensor.Mat {
	n, d, H := x.Rows, a.Dim, a.Heads
	dh := d / H
	qkv := new(tensor.Mat)
	a.QKV.Forward(qkv, x)
	o := tensor.NewMat(n, d)
	for s := 0; s < tok.Sentences(); s++ {
		lo, hi := tok.Span(s)
		for h := 0; h < H; h++ {
			for i := lo; i < hi; i++ {
				w := make([]float64, hi-lo)
				var sum float64
				m := -1e300
				for j := lo; j < hi; j++ {
					if a.Causal && j > i {
						continue
					}
					var dot float64
					for p := 0; p < dh; p++ {
						dot += qkv.At(i, h*dh+p) * qkv.At(j, d+h*dh+p)
					}
					w[j-lo] = dot / sqrtF(float64(dh))
					m = max(m, w[j-lo])
				}
				for j := lo; j < hi; j++ {
					if a.Causal && j > i {
						w[j-lo] = 0
						continue
					}
					w[j-lo] = num.Exp(w[j-lo] - m)
					sum += w[j-lo]
				}
				for p := 0; p < dh; p++ {
					var v float64
					for j := lo; j < hi; j++ {
						v += w[j-lo] / sum * qkv.At(j, 2*d+h*dh+p)
					}
					o.Set(i, h*dh+p, v)
				}
			}
		}
	}
	y := new(tensor.Mat)
	a.Out.Forward(y, o)
	return y
}

func sqrtF(x float64) float64 {
	r := x
	for range 60 {
		r = 0.5 * (r + x/r)
	}
	return r
}

func TestSelfAttentionMatchesNaive(t *testing.T) {
	for _, causal := range []bool{false, true} {
		rng := num.NewRNG(10, 2)
		a := NewSelfAttention(8, 4, causal)
		a.Bind(newParams(rng, a.NumParams(), 0.5))
		tok := testTokens(6)
		x := randMat(rng, tok.Len(), 8)
		var c attnCache
		y := new(tensor.Mat)
		a.Forward(&c, y, x, tok)
		want := attentionNaive(&a, x, tok)
		for i := range y.Data {
			if d := y.Data[i] - want.Data[i]; d > 1e-12 || d < -1e-12 {
				t.Fatalf("causal=%v: entry %d is %v, the naive loop gives %v", causal, i, y.Data[i], want.Data[i])
			}
		}
	}
}
