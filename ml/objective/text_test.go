package objective

import (
	"math"
	"testing"

	"sslab/ml/internal/gradcheck"
	"sslab/ml/num"
	"sslab/ml/tensor"
)

// textTol is tol with the absolute bound of a sum over tens of rows, each a
// log-sum-exp over the vocabulary: such a loss rounds at a few 1e-16 of
// itself per row, which central differences with h = 1e-6 turn into
// errors of up to about 1e-9 in a derivative.
var textTol = gradcheck.Tolerance{H: tol.H, Rel: tol.Rel, Abs: 1e-9, Min: tol.Min}

// vocabFixture is a small vocabulary problem: h (n, d), E (V, d), b (V).
func vocabFixture(n, V, d int) (h, emb *tensor.Mat, bias []float64) {
	h, emb = randMat(n, d, 1, 40), randMat(V, d, 0.7, 41)
	bias = randMat(1, V, 0.5, 42).Data
	return
}

func TestGradTiedSoftmax(t *testing.T) {
	// 70 rows: two blocks of blockRows, the second partial.
	const n, V, d = 70, 7, 3
	h, emb, bias := vocabFixture(n, V, d)
	targets := make([]int, n)
	for i := range targets {
		targets[i] = (i * 5) % V
	}
	var o TiedSoftmax
	const w = 1.0 / n // a mean over the rows, as the objectives use it
	dh := new(tensor.Mat)
	demb, dbias := make([]float64, V*d), make([]float64, V)
	o.Loss(h, targets, emb, bias, w, dh, demb, dbias)
	var s TiedSoftmax
	f := func() float64 {
		return s.Loss(h, targets, emb, bias, w, new(tensor.Mat), make([]float64, V*d), make([]float64, V))
	}
	gradcheck.Check(t, "TiedSoftmax/h", textTol, h.Data, dh.Data, f, nil)
	gradcheck.Check(t, "TiedSoftmax/E", textTol, emb.Data, demb, f, nil)
	gradcheck.Check(t, "TiedSoftmax/b", textTol, bias, dbias, f, nil)
	// NLL is the unweighted loss.
	if got, want := s.NLL(h, targets, emb, bias), f()/w; math.Abs(got-want) > 1e-12*want {
		t.Fatalf("NLL = %v, want Loss/weight = %v", got, want)
	}
}

// Loss adds into demb and dbias: a second call doubles them.
func TestTiedSoftmaxAdds(t *testing.T) {
	h, emb, bias := vocabFixture(3, 5, 2)
	targets := []int{0, 4, 4}
	var o TiedSoftmax
	demb, dbias := make([]float64, 10), make([]float64, 5)
	dh := new(tensor.Mat)
	o.Loss(h, targets, emb, bias, 1, dh, demb, dbias)
	once := append([]float64(nil), demb...)
	o.Loss(h, targets, emb, bias, 1, dh, demb, dbias)
	for i := range demb {
		if demb[i] != 2*once[i] {
			t.Fatalf("demb[%d] = %v after two calls, want %v", i, demb[i], 2*once[i])
		}
	}
}

func TestTiedSoftmaxProbabilities(t *testing.T) {
	h, emb, bias := vocabFixture(2, 6, 3)
	var o TiedSoftmax
	p := new(tensor.Mat)
	o.Probabilities(p, h, emb, bias)
	for i := 0; i < 2; i++ {
		var sum float64
		for j, v := range p.Row(i) {
			sum += v
			// −log p matches the loss of that target.
			nll := o.NLL(h.Slice(i, i+1), []int{j}, emb, bias)
			if math.Abs(-math.Log(v)-nll) > 1e-12 {
				t.Fatalf("row %d word %d: −log p = %v, NLL %v", i, j, -math.Log(v), nll)
			}
		}
		if math.Abs(sum-1) > 1e-15 {
			t.Fatalf("row %d sums to %v", i, sum)
		}
	}
}

func TestGradMaskedLM(t *testing.T) {
	const N, V, d = 9, 8, 4
	feat, emb, bias := vocabFixture(N, V, d)
	positions, targets := []int{1, 4, 5, 8}, []int{3, 0, 3, 7}
	const count = 10 // the batch has more chosen positions than this shard
	var o MaskedLM
	dfeat := new(tensor.Mat)
	demb, dbias := make([]float64, V*d), make([]float64, V)
	o.Loss(feat, positions, targets, count, emb, bias, dfeat, demb, dbias)
	var s MaskedLM
	f := func() float64 {
		return s.Loss(feat, positions, targets, count, emb, bias, new(tensor.Mat), make([]float64, V*d), make([]float64, V))
	}
	gradCheck(t, "MaskedLM/feat", feat, dfeat, f)
	gradcheck.Check(t, "MaskedLM/E", tol, emb.Data, demb, f, nil)
	gradcheck.Check(t, "MaskedLM/b", tol, bias, dbias, f, nil)
	for _, r := range []int{0, 2, 3, 6, 7} {
		for _, v := range dfeat.Row(r) {
			if v != 0 {
				t.Fatalf("row %d was not chosen but has gradient %v", r, v)
			}
		}
	}
}

// Two shards with the batch's count add up to the whole batch's mean.
func TestMaskedLMShardsAddUp(t *testing.T) {
	const N, V, d = 8, 6, 3
	feat, emb, bias := vocabFixture(N, V, d)
	pos, tgt := []int{0, 2, 3, 5, 7}, []int{1, 2, 3, 4, 5}
	var o MaskedLM
	demb, dbias := make([]float64, V*d), make([]float64, V)
	whole := o.Loss(feat, pos, tgt, 5, emb, bias, new(tensor.Mat), demb, dbias)
	a := o.Loss(feat.Slice(0, 4), []int{0, 2, 3}, tgt[:3], 5, emb, bias, new(tensor.Mat), make([]float64, V*d), make([]float64, V))
	b := o.Loss(feat.Slice(4, 8), []int{1, 3}, tgt[3:], 5, emb, bias, new(tensor.Mat), make([]float64, V*d), make([]float64, V))
	if math.Abs(a+b-whole) > 1e-14*whole {
		t.Fatalf("shards give %v + %v = %v, the batch %v", a, b, a+b, whole)
	}
	// The mean over 5 positions, from the definition.
	var want float64
	for i, r := range pos {
		row := make([]float64, V)
		for w := 0; w < V; w++ {
			for j := 0; j < d; j++ {
				row[w] += feat.At(r, j) * emb.At(w, j)
			}
			row[w] += bias[w]
		}
		var z float64
		for _, v := range row {
			z += math.Exp(v)
		}
		want += (math.Log(z) - row[tgt[i]]) / 5
	}
	if math.Abs(whole-want) > 1e-12 {
		t.Fatalf("loss %v, the definition gives %v", whole, want)
	}
}

func TestGradNextToken(t *testing.T) {
	const V, d = 7, 3
	ids := []int{1, 2, 3, 4, 6, 0, 5, 5}
	start := []int{0, 3, 4, 8} // lengths 3, 1, 4: 2 + 0 + 3 predictions
	feat, emb, bias := vocabFixture(len(ids), V, d)
	if got := Predictions(start); got != 5 {
		t.Fatalf("Predictions = %d, want 5", got)
	}
	var o NextToken
	dfeat := new(tensor.Mat)
	demb, dbias := make([]float64, V*d), make([]float64, V)
	o.Loss(feat, ids, start, 5, emb, bias, dfeat, demb, dbias)
	var s NextToken
	f := func() float64 {
		return s.Loss(feat, ids, start, 5, emb, bias, new(tensor.Mat), make([]float64, V*d), make([]float64, V))
	}
	gradCheck(t, "NextToken/feat", feat, dfeat, f)
	gradcheck.Check(t, "NextToken/E", tol, emb.Data, demb, f, nil)
	gradcheck.Check(t, "NextToken/b", tol, bias, dbias, f, nil)
	// A sentence's last token predicts nothing.
	for _, r := range []int{2, 3, 7} {
		for _, v := range dfeat.Row(r) {
			if v != 0 {
				t.Fatalf("row %d ends its sentence but has gradient %v", r, v)
			}
		}
	}
}

func TestGradSkipGram(t *testing.T) {
	const V, d = 6, 4
	in, out := randMat(V, d, 0.8, 43), randMat(V, d, 0.8, 44)
	centers, contexts := []int{0, 2, 2, 5}, []int{1, 3, 0, 2}
	negatives := []int{4, 5, 1, 3, 5, 5, 0, 1} // K = 2; a repeated word too
	var o SkipGram
	const w = 0.25
	din, dout := make([]float64, V*d), make([]float64, V*d)
	o.Loss(in, out, centers, contexts, negatives, w, din, dout)
	var s SkipGram
	f := func() float64 {
		return s.Loss(in, out, centers, contexts, negatives, w, make([]float64, V*d), make([]float64, V*d))
	}
	gradcheck.Check(t, "SkipGram/in", tol, in.Data, din, f, nil)
	gradcheck.Check(t, "SkipGram/out", tol, out.Data, dout, f, nil)
	// The definition, for the first pair alone.
	one := s.Loss(in, out, centers[:1], contexts[:1], negatives[:2], 1, make([]float64, V*d), make([]float64, V*d))
	dot := func(a, b []float64) (x float64) {
		for i := range a {
			x += a[i] * b[i]
		}
		return
	}
	sig := func(x float64) float64 { return 1 / (1 + math.Exp(-x)) }
	v := in.Row(0)
	want := -math.Log(sig(dot(out.Row(1), v))) - math.Log(sig(-dot(out.Row(4), v))) - math.Log(sig(-dot(out.Row(5), v)))
	if math.Abs(one-want) > 1e-14 {
		t.Fatalf("loss of the first pair %v, the definition gives %v", one, want)
	}
}

func TestPerplexity(t *testing.T) {
	// A model that puts 1/V on every word has perplexity V.
	const V = 50
	p, err := Perplexity(3*num.Log(V), 3)
	if err != nil || math.Abs(p-V) > 1e-12 {
		t.Fatalf("Perplexity of a uniform guess over %d words = %v, %v", V, p, err)
	}
	for _, tc := range []struct {
		nll    float64
		tokens int
	}{{1, 0}, {math.NaN(), 3}, {math.Inf(1), 3}, {-1, 3}, {1e6, 1}} {
		if p, err := Perplexity(tc.nll, tc.tokens); err == nil {
			t.Errorf("Perplexity(%v, %d) = %v, want an error", tc.nll, tc.tokens, p)
		}
	}
}
