package objective_test

import (
	"testing"

	"sslab/ml/internal/cputime"
	"sslab/ml/nn"
	"sslab/ml/num"
	"sslab/ml/objective"
	"sslab/ml/tensor"
)

// mlmShard is one shard of a masked-token step: 32 sentences of 8 to 32
// tokens (mean 20, about Brown's once truncated to 32), with about 15% of
// the tokens chosen and replaced by [MASK] = 2.
type mlmShard struct {
	tok               nn.Tokens
	positions, target []int
	cache             *nn.TransformerCache
	mlm               objective.MaskedLM
	dfeat             tensor.Mat
	grad              []float64
}

func newMLMShard(m *nn.Transformer, rng *num.RNG) *mlmShard {
	s := &mlmShard{cache: m.NewCache(), grad: make([]float64, m.NumParams()+m.Vocab)}
	for range 32 {
		ids := make([]int, 8+rng.IntN(25))
		for i := range ids {
			ids[i] = 3 + rng.IntN(m.Vocab-3)
			if rng.Float64() < 0.15 {
				s.positions = append(s.positions, s.tok.Len()+i)
				s.target = append(s.target, ids[i])
				ids[i] = 2
			}
		}
		s.tok.Append(ids)
	}
	return s
}

// mlmStep is one pretraining step's forward and backward passes on its
// shards (the parameters' update is left out): the transformer, the tied
// output layer on the chosen positions, the way back. The output bias
// follows the transformer's parameters.
type mlmStep struct {
	m      *nn.Transformer
	params []float64
	shards []*mlmShard
	count  int
}

func newMLMStep(t testing.TB, batch int) *mlmStep {
	m, err := nn.NewTransformer(nn.DefaultTransformerConfig(5003))
	if err != nil {
		t.Fatal(err)
	}
	st := &mlmStep{m: m, params: make([]float64, m.NumParams()+m.Vocab)}
	m.Bind(st.params)
	m.Init(num.NewRNG(1, 1))
	rng := num.NewRNG(1, 2)
	for range batch / 32 {
		s := newMLMShard(m, rng)
		st.shards = append(st.shards, s)
		st.count += len(s.positions)
	}
	return st
}

func (st *mlmStep) run(s *mlmShard) float64 {
	m := st.m
	n := m.NumParams()
	clear(s.grad)
	feat := m.Forward(s.cache, &s.tok)
	loss := s.mlm.Loss(feat, s.positions, s.target, st.count, m.Emb.TokenMat(), st.params[n:], &s.dfeat, s.grad[:m.Vocab*m.Dim], s.grad[n:])
	m.Backward(s.cache, s.grad, &s.dfeat, &s.tok)
	return loss
}

func (st *mlmStep) flops() int64 {
	var f int64
	for _, s := range st.shards {
		f += 3*st.m.FLOPs(&s.tok) + s.mlm.FLOPs(len(s.positions), st.m.Vocab, st.m.Dim)
	}
	return f
}

// A warm step allocates nothing, and its loss starts near log V: a tied
// output layer with small weights guesses about uniformly.
func TestMLMStepAllocatesNothing(t *testing.T) {
	st := newMLMStep(t, 64)
	var loss float64
	step := func() {
		loss = 0
		for _, s := range st.shards {
			loss += st.run(s)
		}
	}
	step()
	if logV := num.Log(5003); loss < logV-0.1 || loss > logV+0.1 {
		t.Fatalf("initial loss %v, want about log 5003 = %v", loss, logV)
	}
	if n := testing.AllocsPerRun(3, step); n != 0 {
		t.Fatalf("a warm masked-token step allocates %v times", n)
	}
}

// BenchmarkMLMStep is one pretraining step of the default transformer with
// masked-token prediction at batch 64 sentences, forward and backward, on
// one thread (both shards in turn).
func BenchmarkMLMStep(b *testing.B) {
	st := newMLMStep(b, 64)
	for _, s := range st.shards {
		st.run(s)
	}
	flops := st.flops()
	cpu0 := cputime.Seconds()
	b.ResetTimer()
	for b.Loop() {
		for _, s := range st.shards {
			st.run(s)
		}
	}
	b.StopTimer()
	b.ReportMetric(float64(flops)/1e6, "MFLOP/step")
	b.ReportMetric(float64(flops)*float64(b.N)/b.Elapsed().Seconds()/1e9, "GFLOP/s")
	if cpu := cputime.Seconds() - cpu0; cpu0 >= 0 && cpu > 0 {
		b.ReportMetric(float64(flops)*float64(b.N)/cpu/1e9, "GFLOP/cpu-s")
	}
}

// BenchmarkNextTokenStep is the same step with a causal transformer and
// next-token prediction, whose output layer scores every token but each
// sentence's last: the step that costs most per sentence.
func BenchmarkNextTokenStep(b *testing.B) {
	cfg := nn.DefaultTransformerConfig(5003)
	cfg.Causal = true
	m, err := nn.NewTransformer(cfg)
	if err != nil {
		b.Fatal(err)
	}
	params := make([]float64, m.NumParams()+m.Vocab)
	m.Bind(params)
	m.Init(num.NewRNG(1, 1))
	rng := num.NewRNG(1, 2)
	shards := []*mlmShard{newMLMShard(m, rng), newMLMShard(m, rng)}
	count := 0
	for _, s := range shards {
		count += objective.Predictions(s.tok.Start)
	}
	var next [2]objective.NextToken
	n := m.NumParams()
	run := func() {
		for i, s := range shards {
			clear(s.grad)
			feat := m.Forward(s.cache, &s.tok)
			next[i].Loss(feat, s.tok.IDs, s.tok.Start, count, m.Emb.TokenMat(), params[n:], &s.dfeat, s.grad[:m.Vocab*m.Dim], s.grad[n:])
			m.Backward(s.cache, s.grad, &s.dfeat, &s.tok)
		}
	}
	run()
	var flops int64
	for _, s := range shards {
		flops += 3*m.FLOPs(&s.tok) + next[0].Out.FLOPs(objective.Predictions(s.tok.Start), m.Vocab, m.Dim)
	}
	cpu0 := cputime.Seconds()
	b.ResetTimer()
	for b.Loop() {
		run()
	}
	b.StopTimer()
	b.ReportMetric(float64(flops)/1e6, "MFLOP/step")
	b.ReportMetric(float64(flops)*float64(b.N)/b.Elapsed().Seconds()/1e9, "GFLOP/s")
	if cpu := cputime.Seconds() - cpu0; cpu0 >= 0 && cpu > 0 {
		b.ReportMetric(float64(flops)*float64(b.N)/cpu/1e9, "GFLOP/cpu-s")
	}
}
