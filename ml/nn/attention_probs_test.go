package nn

import (
	"math"
	"testing"

	"sslab/ml/num"
)

// The attention maps a forward pass leaves are each sentence's and head's
// probabilities: rows that sum to 1, zero above the diagonal when causal.
func TestAttentionMaps(t *testing.T) {
	for _, causal := range []bool{false, true} {
		cfg := TransformerConfig{Vocab: 11, MaxLen: 8, Dim: 8, Layers: 2, Heads: 2, Hidden: 12, Causal: causal}
		m, err := NewTransformer(cfg)
		if err != nil {
			t.Fatal(err)
		}
		params := make([]float64, m.NumParams())
		m.Bind(params)
		m.Init(num.NewRNG(1, 1))
		var tok Tokens
		tok.Append([]int{1, 2, 3})
		tok.Append([]int{4, 5, 6, 7, 8})
		c := m.NewCache()
		m.Forward(c, &tok)
		for layer := range 2 {
			for h := range 2 {
				for s := range 2 {
					lo, hi := tok.Span(s)
					l := hi - lo
					p := c.Attention(layer, h, &tok, s)
					if len(p) != l*l {
						t.Fatalf("layer %d head %d sentence %d: %d probabilities for %d tokens", layer, h, s, len(p), l)
					}
					for i := range l {
						var sum float64
						for j, v := range p[i*l : (i+1)*l] {
							sum += v
							if causal && j > i && v != 0 {
								t.Errorf("causal: token %d attends to later token %d (%v)", i, j, v)
							}
						}
						if math.Abs(sum-1) > 1e-12 {
							t.Errorf("layer %d head %d sentence %d row %d sums to %v", layer, h, s, i, sum)
						}
					}
				}
			}
		}
	}
}
