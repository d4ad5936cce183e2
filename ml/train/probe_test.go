package train

import (
	"math"
	"testing"

	"sslab/ml/config"
	"sslab/ml/num"
	"sslab/ml/tensor"
)

// probeFixture returns an adapter for cfg on its dataset and the features
// of cfg's random encoder (no pretraining: the probe's mechanics do not
// need a good encoder).
func probeFixture(t *testing.T, cfg config.Config) (*Adapter, *Encoder) {
	t.Helper()
	run, err := NewRun(cfg)
	if err != nil {
		t.Fatal(err)
	}
	p, err := NewPretrainer(cfg, run.Dataset, run.Split, nil)
	if err != nil {
		t.Fatal(err)
	}
	return NewAdapter(cfg, run.Dataset, run.Split), p.InitialEncoder()
}

// The penalty rule on a hand example: four corners of a square of side 2
// have total variance 2, so λ = 0.3·2/4^{3/2} = 0.075; scaling the features
// by 3 scales λ by 9; constant features give 0.
func TestPenaltyRule(t *testing.T) {
	x := tensor.FromRows([][]float64{{0, 0}, {2, 0}, {0, 2}, {2, 2}})
	if got := penalty(x); math.Abs(got-0.075) > 1e-15 {
		t.Errorf("penalty = %v, want 0.075", got)
	}
	y := x.Clone()
	for i := range y.Data {
		y.Data[i] *= 3
	}
	if got := penalty(y); math.Abs(got-9*0.075) > 1e-14 {
		t.Errorf("penalty of 3x = %v, want %v", got, 9*0.075)
	}
	// More labels, weaker penalty: the same spread over 4x the rows.
	var rows [][]float64
	for range 4 {
		rows = append(rows, x.Row(0), x.Row(1), x.Row(2), x.Row(3))
	}
	if got := penalty(tensor.FromRows(rows)); math.Abs(got-0.075/8) > 1e-15 {
		t.Errorf("penalty of 16 rows = %v, want %v (n^{-3/2})", got, 0.075/8)
	}
	if got := penalty(tensor.FromRows([][]float64{{1, 2}, {1, 2}})); got != 0 {
		t.Errorf("penalty of constant features = %v, want 0", got)
	}
	if got := penalty(tensor.NewMat(0, 3)); got != 0 {
		t.Errorf("penalty of no rows = %v, want 0", got)
	}
}

// The ridge penalty follows the signal: a target that is only noise gets
// the strongest penalty of the grid (the fit predicts the labelled mean),
// an exact linear target with many examples one of the weakest; scaling
// the features by s scales λ by s²; two examples fall back to penalty.
func TestRidgePenalty(t *testing.T) {
	rng := num.NewRNG(3, 1)
	const n, d = 60, 5
	x := tensor.NewMat(n, d)
	for i := range x.Data {
		x.Data[i] = rng.Normal()
	}
	v := totalVariance(x)
	noise, linear := make([]float64, n), make([]float64, n)
	for i := range n {
		noise[i] = rng.Normal()
		linear[i] = x.At(i, 0) - 2*x.At(i, 3)
	}
	top := ridgeGrid[len(ridgeGrid)-1] * v
	if got := ridgePenalty(x, noise); got != top {
		t.Errorf("noise target: λ = %g, want the grid's strongest, %g", got, top)
	}
	if got := ridgePenalty(x, linear); !(got <= ridgeGrid[2]*v) {
		t.Errorf("exact linear target: λ = %g, want at most %g", got, ridgeGrid[2]*v)
	}
	big := x.Clone()
	for i := range big.Data {
		big.Data[i] *= 10
	}
	if got, want := ridgePenalty(big, noise), 100*top; math.Abs(got-want) > 1e-9*want {
		t.Errorf("10x features: λ = %g, want %g", got, want)
	}
	two := tensor.FromRows([][]float64{{0, 1}, {2, 3}})
	if got, want := ridgePenalty(two, []float64{1, 2}), penalty(two); got != want {
		t.Errorf("two examples: λ = %g, want penalty's %g", got, want)
	}
}

// The probe reads only its labelled rows (never the test split), and its
// predictions do not depend on the features' scale.
func TestProbeUsesLabelsOnlyAndIgnoresScale(t *testing.T) {
	a, random := probeFixture(t, smallConfig(t, "simclr"))
	x := random.Embed(a.ds.X)
	rows := a.draws(2)[0]
	p, err := a.fitProbe(x, rows)
	if err != nil {
		t.Fatal(err)
	}
	// Every row that is not labelled replaced by garbage: the same bits.
	garbage := x.Clone()
	labelled := map[int]bool{}
	for _, r := range rows {
		labelled[r] = true
	}
	for i := 0; i < garbage.Rows; i++ {
		if !labelled[i] {
			for j := range garbage.Row(i) {
				garbage.Row(i)[j] = math.NaN()
			}
		}
	}
	q, err := a.fitProbe(garbage, rows)
	if err != nil {
		t.Fatal(err)
	}
	for i, v := range p.logreg.Params {
		if math.Float64bits(v) != math.Float64bits(q.logreg.Params[i]) {
			t.Fatalf("parameter %d changed with the unlabelled rows: %v, %v", i, v, q.logreg.Params[i])
		}
	}
	// Features 10x larger: λ 100x, weights 1/10, the same logits.
	big := x.Clone()
	for i := range big.Data {
		big.Data[i] *= 10
	}
	s, err := a.fitProbe(big, rows)
	if err != nil {
		t.Fatal(err)
	}
	if math.Abs(s.lambda-100*p.lambda) > 1e-9*s.lambda {
		t.Errorf("λ of 10x features = %v, want 100 × %v", s.lambda, p.lambda)
	}
	test, testBig := new(tensor.Mat), new(tensor.Mat)
	test.Gather(x, a.split.Test)
	testBig.Gather(big, a.split.Test)
	// (Equal up to the solver's tolerance, which is on the gradient and so
	// not itself scale-free.)
	l1, l2 := p.predict(test), s.predict(testBig)
	for i := range l1.Data {
		if math.Abs(l1.Data[i]-l2.Data[i]) > 1e-3*math.Max(1, math.Abs(l1.Data[i])) {
			t.Fatalf("logit %d: %v on the features, %v on 10x the features", i, l1.Data[i], l2.Data[i])
		}
	}
}

// LP-FT's model at step 0 is the fitted probe: its head holds the probe's
// parameters and it predicts what the probe predicts, for classification
// and regression, with the probe's features as they are or standardised
// (folded into the head).
func TestLPFTStartsFromTheProbe(t *testing.T) {
	for _, tc := range []struct {
		preset string
		std    bool
	}{{"digits-simclr", false}, {"digits-simclr", true}, {"spirals-regression", false}, {"spirals-regression", true}} {
		cfg, err := config.Preset(tc.preset)
		if err != nil {
			t.Fatal(err)
		}
		cfg.Encoder = []int{24, 16}
		cfg.ProbeStandardize = tc.std
		a, enc := probeFixture(t, cfg)
		rep := a.feature("pretrained", enc.Embed(a.ds.X))
		rows := a.draws(5)[0]
		p, err := a.fitProbe(rep.x, rows)
		if err != nil {
			t.Fatal(err)
		}
		m, spec, err := a.lpftStart(enc, rep, 5, rows, 0)
		if err != nil {
			t.Fatal(err)
		}
		want := p.headParams(rep.std)
		for i, v := range m.headParams() {
			if v != want[i] {
				t.Fatalf("%+v: head parameter %d is %v, the probe's %v", tc, i, v, want[i])
			}
		}
		if !tc.std {
			w := p.headParams(nil)
			if p.logreg != nil {
				for i, v := range p.logreg.Params {
					if w[i] != v {
						t.Fatalf("%+v: head parameter %d is %v, the probe's %v", tc, i, w[i], v)
					}
				}
			} else if w[len(w)-1] != p.ridge.B || w[0] != p.ridge.W[0] {
				t.Fatalf("%+v: the head is not the ridge fit", tc)
			}
		}
		testX, testF := new(tensor.Mat), new(tensor.Mat)
		testX.Gather(a.ds.X, a.split.Test)
		testF.Gather(rep.x, a.split.Test)
		got, ref := m.predict(testX), p.predict(testF)
		for i := range got.Data {
			if math.Abs(got.Data[i]-ref.Data[i]) > 1e-9*math.Max(1, math.Abs(ref.Data[i])) {
				t.Fatalf("%+v: output %d at step 0 is %v, the probe's %v", tc, i, got.Data[i], ref.Data[i])
			}
		}
		if spec.headL2 != p.lambda || spec.encLR != encoderLRFactor*cfg.FinetuneLR || spec.headLR != cfg.FinetuneLR {
			t.Errorf("%+v: spec %+v: want the probe's λ %v and the encoder at %v of ftlr", tc, spec, p.lambda, encoderLRFactor)
		}
	}
}

// LP-FT's epochs grow with the labels: 10 per label per class (per ten
// labels for regression), at most aepochs.
func TestLPFTEpochs(t *testing.T) {
	cfg, _ := config.Preset("digits-simclr")
	a := &Adapter{cfg: cfg, classes: 10}
	for n, want := range map[int]int{10: 10, 20: 20, 50: 50, 100: 100, 1346: cfg.AdaptEpochs, 3: 3, 1: 1} {
		if got := a.lpftEpochs(n); got != min(want, cfg.AdaptEpochs) {
			t.Errorf("lpftEpochs(%d) = %d, want %d", n, got, want)
		}
	}
	r := &Adapter{cfg: cfg, regression: true}
	if got := r.lpftEpochs(30); got != 30 {
		t.Errorf("regression, 30 labels: %d epochs, want 30", got)
	}
}
