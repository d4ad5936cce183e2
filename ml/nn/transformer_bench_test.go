package nn

import (
	"testing"

	"sslab/ml/internal/cputime"
	"sslab/ml/num"
)

// benchShard returns a shard of 32 sentences with lengths from 8 to 32
// (mean about 20, as Brown's sentences truncated to 32 tokens).
func benchShard(vocab int, rng *num.RNG) *Tokens {
	tok := &Tokens{}
	for s := 0; s < 32; s++ {
		ids := make([]int, 8+rng.IntN(25))
		for i := range ids {
			ids[i] = rng.IntN(vocab)
		}
		tok.Append(ids)
	}
	return tok
}

// BenchmarkTransformerShard is one shard's forward and backward pass of
// the default encoder (no output layer).
func BenchmarkTransformerShard(b *testing.B) {
	m, err := NewTransformer(DefaultTransformerConfig(5003))
	if err != nil {
		b.Fatal(err)
	}
	params := make([]float64, m.NumParams())
	m.Bind(params)
	m.Init(num.NewRNG(1, 1))
	rng := num.NewRNG(1, 2)
	tok := benchShard(5003, rng)
	c := m.NewCache()
	grad := make([]float64, len(params))
	dout := randMat(rng, tok.Len(), 64)
	flops := 3 * m.FLOPs(tok)
	m.Forward(c, tok)
	m.Backward(c, grad, dout, tok)
	cpu0 := cputime.Seconds()
	b.ResetTimer()
	for b.Loop() {
		m.Forward(c, tok)
		m.Backward(c, grad, dout, tok)
	}
	b.StopTimer()
	b.ReportMetric(float64(flops)*float64(b.N)/b.Elapsed().Seconds()/1e9, "GFLOP/s")
	if cpu := cputime.Seconds() - cpu0; cpu0 >= 0 && cpu > 0 {
		b.ReportMetric(float64(flops)*float64(b.N)/cpu/1e9, "GFLOP/cpu-s")
	}
}
