package nn

import (
	"fmt"
	"strings"
	"testing"

	"sslab/ml/internal/gradcheck"
	"sslab/ml/num"
)

func TestBlockGradients(t *testing.T) {
	for _, causal := range []bool{false, true} {
		t.Run(fmt.Sprint("causal=", causal), func(t *testing.T) {
			rng := num.NewRNG(11, 1)
			b := NewBlock(6, 3, 8, causal)
			params := newParams(rng, b.NumParams(), 0.4)
			b.Bind(params)
			b.LN1.Gamma[0], b.LN2.Gamma[1] = 1.2, 0.8
			tok := testTokens(6)
			x, coef := randMat(rng, tok.Len(), 6), randMat(rng, tok.Len(), 6)
			var c blockCache
			b.Forward(&c, x.Clone(), tok)
			grad := make([]float64, len(params))
			d := coef.Clone()
			b.Backward(&c, grad, d, tok)
			f := func() float64 {
				var c blockCache
				y := x.Clone()
				b.Forward(&c, y, tok)
				return loss(y, coef)
			}
			checkGrads(t, params, grad, x, d, f)
		})
	}
}

func smallTransformer(t testing.TB, causal bool, seed uint64) (*Transformer, []float64) {
	t.Helper()
	m, err := NewTransformer(TransformerConfig{Vocab: 7, MaxLen: 5, Dim: 8, Layers: 2, Heads: 2, Hidden: 12, Causal: causal})
	if err != nil {
		t.Fatal(err)
	}
	params := make([]float64, m.NumParams())
	m.Bind(params)
	m.Init(num.NewRNG(seed, 1))
	// Larger weights than the 0.02 of Init, so that every path carries
	// derivatives a finite difference resolves, and norms off γ = 1.
	rng := num.NewRNG(seed, 2)
	for i := range params {
		params[i] += 0.3 * rng.Normal()
	}
	return m, params
}

func TestTransformerGradients(t *testing.T) {
	for _, causal := range []bool{false, true} {
		t.Run(fmt.Sprint("causal=", causal), func(t *testing.T) {
			m, params := smallTransformer(t, causal, 12)
			tok := testTokens(7)
			coef := randMat(num.NewRNG(12, 3), tok.Len(), 8)
			c := m.NewCache()
			m.Forward(c, tok)
			grad := make([]float64, len(params))
			m.Backward(c, grad, coef, tok)
			f := func() float64 { return loss(m.Forward(m.NewCache(), tok), coef) }
			r := gradcheck.Check(t, "params", gradcheck.Default, params, grad, f, nil)
			if r.Checked != m.NumParams() {
				t.Fatalf("checked %d of %d parameters", r.Checked, m.NumParams())
			}
		})
	}
}

// Features' gradient reaches the final norm twice (both halves share it)
// and the embedding by the blocks and by its own norm.
func TestTransformerFeaturesGradients(t *testing.T) {
	m, params := smallTransformer(t, false, 14)
	tok := testTokens(7)
	coef := randMat(num.NewRNG(14, 3), tok.Len(), 16)
	c := m.NewCache()
	m.Features(c, tok)
	grad := make([]float64, len(params))
	m.FeaturesBackward(c, grad, coef, tok)
	f := func() float64 { return loss(m.Features(m.NewCache(), tok), coef) }
	r := gradcheck.Check(t, "params", gradcheck.Default, params, grad, f, nil)
	if r.Checked != m.NumParams() {
		t.Fatalf("checked %d of %d parameters", r.Checked, m.NumParams())
	}
}

// Features are Forward's beside the final norm of the embedding alone:
// the same bits as a transformer with no blocks.
func TestTransformerFeaturesHalves(t *testing.T) {
	m, _ := smallTransformer(t, false, 15)
	tok := testTokens(7)
	feat := m.Features(m.NewCache(), tok).Clone()
	last := m.Forward(m.NewCache(), tok)
	emb := (&Transformer{TransformerConfig: m.TransformerConfig, Emb: m.Emb, Final: m.Final}).Forward(&TransformerCache{}, tok)
	d := m.Dim
	if feat.Rows != tok.Len() || feat.Cols != 2*d {
		t.Fatalf("features are %d×%d, want %d×%d", feat.Rows, feat.Cols, tok.Len(), 2*d)
	}
	for i := range feat.Rows {
		for j := range d {
			if feat.At(i, j) != last.At(i, j) || feat.At(i, d+j) != emb.At(i, j) {
				t.Fatalf("token %d, feature %d: (%v, %v), want (%v, %v)", i, j, feat.At(i, j), feat.At(i, d+j), last.At(i, j), emb.At(i, j))
			}
		}
	}
}

func TestTransformerParamsAndFLOPs(t *testing.T) {
	m, err := NewTransformer(DefaultTransformerConfig(5003))
	if err != nil {
		t.Fatal(err)
	}
	// Embedding (5003+32)·64, per block 2·128 (norms) + 64·192+192 + 64·64+64
	// + 64·256+256 + 256·64+64, final norm 128.
	want := (5003+32)*64 + 2*(256+12480+4160+16640+16448) + 128
	if got := m.NumParams(); got != want || want != 422336 {
		t.Fatalf("default transformer: %d parameters, want %d", got, want)
	}
	tok := &Tokens{}
	for range 3 {
		tok.Append(make([]int, 20))
	}
	if got, want := m.FLOPs(tok), 60*m.FLOPsPerToken(20); got != want {
		t.Fatalf("FLOPs of 3 sentences of 20: %d, want 60·%d", got, m.FLOPsPerToken(20))
	}
	// 2·2·(4·64² + 2·64·256 + 2·20·64) per token.
	if got := m.FLOPsPerToken(20); got != 4*(16384+32768+2560) {
		t.Fatalf("FLOPs per token at length 20: %d", got)
	}
}

func TestTransformerConfigErrors(t *testing.T) {
	for _, cfg := range []TransformerConfig{
		{Vocab: 10, MaxLen: 4, Dim: 6, Layers: 1, Heads: 4, Hidden: 8}, // 4 heads do not divide 6
		{Vocab: 0, MaxLen: 4, Dim: 8, Layers: 1, Heads: 2, Hidden: 8},
		{Vocab: 10, MaxLen: 4, Dim: 8, Layers: 0, Heads: 2, Hidden: 8},
	} {
		if _, err := NewTransformer(cfg); err == nil {
			t.Errorf("%+v was accepted", cfg)
		}
	}
}

// A sentence's features are the same bits alone, beside other sentences,
// and read from a padded batch with [PAD] anywhere: padding neither
// attends nor is attended to, and positions are the padded columns.
func TestTransformerPaddingAndIsolation(t *testing.T) {
	m, _ := smallTransformer(t, false, 13)
	const pad = 6
	alone := &Tokens{}
	alone.Append([]int{3, 1, 2})
	a := m.Forward(m.NewCache(), alone).Clone()

	padded := &Tokens{}
	padded.FromPadded([]int{
		5, 4, pad, pad, pad,
		3, 1, 2, pad, pad,
		0, 0, 1, 2, 3,
	}, 5, pad)
	if padded.Len() != 10 || padded.Sentences() != 3 {
		t.Fatalf("FromPadded kept %d tokens in %d sentences", padded.Len(), padded.Sentences())
	}
	if err := padded.Validate(7, 5); err != nil {
		t.Fatal(err)
	}
	b := m.Forward(m.NewCache(), padded)
	lo, _ := padded.Span(1)
	for i := range a.Data {
		if a.Data[i] != b.Data[lo*8+i] {
			t.Fatalf("feature %d of the sentence differs between alone (%v) and in a padded batch (%v)", i, a.Data[i], b.Data[lo*8+i])
		}
	}
}

// Causal: a token's features do not depend on the tokens after it.
func TestTransformerCausal(t *testing.T) {
	m, _ := smallTransformer(t, true, 14)
	t1, t2 := &Tokens{}, &Tokens{}
	t1.Append([]int{1, 2, 3, 4})
	t2.Append([]int{1, 2, 5, 0})
	a := m.Forward(m.NewCache(), t1).Clone()
	b := m.Forward(m.NewCache(), t2)
	for i := 0; i < 2*8; i++ {
		if a.Data[i] != b.Data[i] {
			t.Fatalf("feature %d of the first two tokens changed with the tokens after them", i)
		}
	}
	if a.Data[2*8] == b.Data[2*8] {
		t.Fatal("the third token's features did not change with the third token")
	}
}

func TestTokensValidate(t *testing.T) {
	for _, tc := range []struct {
		tok  Tokens
		want string
	}{
		{Tokens{IDs: []int{1, 9}, Pos: []int{0, 1}, Start: []int{0, 2}}, "token 1 has id 9; allowed: 0 to 6"},
		{Tokens{IDs: []int{1, 2}, Pos: []int{0, 5}, Start: []int{0, 2}}, "token 1 is at position 5; allowed: 0 to 4"},
		{Tokens{IDs: []int{1, 2}, Pos: []int{0, 1}, Start: []int{0, 1}}, "do not cover"},
		{Tokens{IDs: []int{1}, Pos: []int{0, 1}, Start: []int{0, 1}}, "1 ids but 2 positions"},
	} {
		err := tc.tok.Validate(7, 5)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("Validate(%+v) = %v, want an error with %q", tc.tok, err, tc.want)
		}
	}
}

func TestTransformerAllocatesNothingWarm(t *testing.T) {
	m, err := NewTransformer(DefaultTransformerConfig(100))
	if err != nil {
		t.Fatal(err)
	}
	params := make([]float64, m.NumParams())
	m.Bind(params)
	m.Init(num.NewRNG(15, 1))
	tok := &Tokens{}
	rng := num.NewRNG(15, 2)
	for s := 0; s < 8; s++ {
		ids := make([]int, 5+3*s)
		for i := range ids {
			ids[i] = rng.IntN(100)
		}
		tok.Append(ids)
	}
	c := m.NewCache()
	grad := make([]float64, len(params))
	dout := randMat(rng, tok.Len(), 64)
	step := func() {
		m.Forward(c, tok)
		m.Backward(c, grad, dout, tok)
	}
	step()
	if n := testing.AllocsPerRun(5, step); n != 0 {
		t.Fatalf("a warm forward and backward pass allocates %v times", n)
	}
}
