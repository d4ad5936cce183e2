package objective_test

import (
	"crypto/sha256"
	"encoding/binary"
	"fmt"
	"math"
	"testing"

	"sslab/ml/data/text"
	"sslab/ml/nn"
	"sslab/ml/num"
	"sslab/ml/objective"
	"sslab/ml/tensor"
)

// textGolden is the hash of TestTextBits's numbers. The test runs natively
// and under wasm (make test-wasm): passing on both means the transformer,
// the text objectives and their data views give the same bits in the
// browser as on the command line. If a deliberate change moves them, run
// the test natively and paste the hash it prints.
const textGolden = "748cef5120324fa9cbf2fc25a3621dac"

func hashFloats(h interface{ Write([]byte) (int, error) }, xs ...[]float64) {
	for _, x := range xs {
		for _, v := range x {
			binary.Write(h, binary.LittleEndian, math.Float64bits(v))
		}
	}
}

// TestTextBits runs, on a small vocabulary, a masked-token step (BERT
// masking from per-sentence streams, bidirectional transformer, tied
// softmax, backward), a next-token step (causal), skip-gram with sampled
// negatives, and Erf over a grid, and hashes every number they produce.
func TestTextBits(t *testing.T) {
	const V = 40
	h := sha256.New()
	rng := num.NewRNG(5, 1)
	var sentences [][]int
	for range 7 {
		s := make([]int, 3+rng.IntN(14))
		for i := range s {
			s[i] = text.FirstWord + rng.IntN(V-text.FirstWord)
		}
		sentences = append(sentences, s)
	}
	for _, causal := range []bool{false, true} {
		cfg := nn.TransformerConfig{Vocab: V, MaxLen: 16, Dim: 16, Layers: 2, Heads: 4, Hidden: 32, Causal: causal}
		m, err := nn.NewTransformer(cfg)
		if err != nil {
			t.Fatal(err)
		}
		params := make([]float64, m.NumParams()+V)
		m.Bind(params)
		m.Init(num.NewRNG(5, 2))
		for i := range params { // away from the initial point, where every path matters
			params[i] += 0.2 * rng.Normal()
		}
		grad := make([]float64, len(params))
		tok := &nn.Tokens{}
		var positions, targets []int
		for s, sent := range sentences {
			in := make([]int, len(sent))
			if causal {
				copy(in, sent)
			} else {
				rng.Reset(5, num.Stream(3, uint64(s)))
				off := tok.Len()
				first := len(positions)
				positions, targets = text.MaskSentence(in, sent, V, rng, positions, targets)
				for i := first; i < len(positions); i++ {
					positions[i] += off
				}
			}
			tok.Append(in)
		}
		c := m.NewCache()
		feat := m.Forward(c, tok)
		dfeat := new(tensor.Mat)
		n := m.NumParams()
		var loss float64
		if causal {
			var o objective.NextToken
			loss = o.Loss(feat, tok.IDs, tok.Start, objective.Predictions(tok.Start), m.Emb.TokenMat(), params[n:], dfeat, grad[:V*16], grad[n:])
		} else {
			var o objective.MaskedLM
			loss = o.Loss(feat, positions, targets, len(positions), m.Emb.TokenMat(), params[n:], dfeat, grad[:V*16], grad[n:])
		}
		m.Backward(c, grad, dfeat, tok)
		hashFloats(h, feat.Data, grad, []float64{loss})
	}
	// Skip-gram: pairs, negatives, loss and gradient.
	in, out := tensor.NewMat(V, 8), tensor.NewMat(V, 8)
	for i := range in.Data {
		in.Data[i], out.Data[i] = 0.3*rng.Normal(), 0.3*rng.Normal()
	}
	counts := make([]int, V)
	for _, s := range sentences {
		for _, id := range s {
			counts[id]++
		}
	}
	sampler, err := text.NewNegativeSampler(counts)
	if err != nil {
		t.Fatal(err)
	}
	var centers, contexts, negatives []int
	for s, sent := range sentences {
		rng.Reset(5, num.Stream(4, uint64(s)))
		first := len(centers)
		centers, contexts = text.SkipGramPairs(centers, contexts, sent, 3, rng)
		negatives = sampler.Sample(negatives, 5*(len(centers)-first), rng)
	}
	din, dout := make([]float64, V*8), make([]float64, V*8)
	var sg objective.SkipGram
	l := sg.Loss(in, out, centers, contexts, negatives, 1/float64(len(centers)), din, dout)
	hashFloats(h, din, dout, []float64{l})
	var grid []float64
	for i := -400; i <= 400; i++ {
		x := float64(i) / 50
		grid = append(grid, num.Erf(x), num.Exp(x*10))
	}
	hashFloats(h, grid)
	got := fmt.Sprintf("%x", h.Sum(nil))[:32]
	if got != textGolden {
		t.Fatalf("the text numbers hash to %s, want %s", got, textGolden)
	}
}
