package objective

import (
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"sslab/ml/tensor"
)

// hadamard returns the n×n Sylvester Hadamard matrix (n a power of two).
// Its columns after the first are ±1 with mean 0, variance 1 and mutually
// orthogonal: a batch whose dimensions are exactly standardised and
// decorrelated.
func hadamard(n int) *tensor.Mat {
	h := tensor.NewMat(n, n)
	h.Data[0] = 1
	for s := 1; s < n; s *= 2 {
		for i := 0; i < s; i++ {
			for j := 0; j < s; j++ {
				v := h.At(i, j)
				h.Set(i, j+s, v)
				h.Set(i+s, j, v)
				h.Set(i+s, j+s, -v)
			}
		}
	}
	return h
}

// decorrelated returns B=8 rows of k ≤ 7 Hadamard columns, column j scaled
// by scale[j] and shifted by shift, so standardising has real work to do.
func decorrelated(k int, scale []float64, shift float64) *tensor.Mat {
	h := hadamard(8)
	z := tensor.NewMat(8, k)
	for b := 0; b < 8; b++ {
		for j := 0; j < k; j++ {
			z.Set(b, j, scale[j]*h.At(b, j+1)+shift)
		}
	}
	return z
}

func TestNTXentOrthogonalIdenticalViewsIsSmall(t *testing.T) {
	const B, k, temp = 4, 6, 0.1
	// Identical views, rows orthogonal (scaled unit vectors, to exercise the
	// normalisation): every positive has cosine 1, every negative 0.
	z := tensor.NewMat(B, k)
	for i := 0; i < B; i++ {
		z.Set(i, i, float64(i+1))
	}
	o := &NTXent{Temperature: temp}
	var d1, d2 tensor.Mat
	got := o.Loss(z, z.Clone(), &d1, &d2)
	// loss = log(e^{1/T} + (2B-2)e^0) - 1/T = log(1 + (2B-2)e^{-1/T}).
	want := math.Log1p((2*B - 2) * math.Exp(-1/temp))
	if math.Abs(got-want) > 1e-12 {
		t.Errorf("NTXent orthogonal = %.15g, want %.15g", got, want)
	}
	random := o.Loss(randMat(B, k, 1, 20), randMat(B, k, 1, 21), &d1, &d2)
	if !(got < 0.01 && got < random/100) {
		t.Errorf("NTXent orthogonal %.3g not small next to random views %.3g", got, random)
	}
	t.Logf("orthogonal identical views %.3g, random views %.3g", got, random)
}

func TestNTXentSimilarity(t *testing.T) {
	const B = 3
	o := &NTXent{Temperature: 0.5}
	var d1, d2 tensor.Mat
	o.Loss(randMat(B, 4, 1, 22), randMat(B, 4, 1, 23), &d1, &d2)
	s := o.Similarity()
	if s.Rows != 2*B || s.Cols != 2*B {
		t.Fatalf("Similarity shape (%d,%d), want (%d,%d)", s.Rows, s.Cols, 2*B, 2*B)
	}
	for i := 0; i < 2*B; i++ {
		if math.Abs(s.At(i, i)-1) > 1e-12 {
			t.Errorf("self-similarity %d = %.15g, want 1", i, s.At(i, i))
		}
		for j := 0; j < 2*B; j++ {
			if s.At(i, j) != s.At(j, i) {
				t.Errorf("Similarity not symmetric at (%d,%d)", i, j)
			}
			if math.Abs(s.At(i, j)) > 1+1e-12 {
				t.Errorf("cosine (%d,%d) = %g outside [-1,1]", i, j, s.At(i, j))
			}
		}
	}
}

// A batch that shrinks and grows again must reuse storage correctly and give
// the same answer as a fresh struct.
func TestNTXentBatchSizeChanges(t *testing.T) {
	z1, z2 := randMat(6, 3, 1, 24), randMat(6, 3, 1, 25)
	var reused NTXent
	reused.Temperature = 0.2
	var d1, d2 tensor.Mat
	reused.Loss(z1, z2, &d1, &d2)
	reused.Loss(z1.Slice(0, 2), z2.Slice(0, 2), &d1, &d2)
	got := reused.Loss(z1.Slice(0, 4), z2.Slice(0, 4), &d1, &d2)
	fresh := NTXent{Temperature: 0.2}
	var e1, e2 tensor.Mat
	want := fresh.Loss(z1.Slice(0, 4), z2.Slice(0, 4), &e1, &e2)
	if got != want {
		t.Errorf("reused struct %v, fresh %v", got, want)
	}
	for i := range e1.Data {
		if d1.Data[i] != e1.Data[i] || d2.Data[i] != e2.Data[i] {
			t.Fatalf("gradients differ at %d", i)
		}
	}
}

func TestNegCosineIdenticalIsMinusOne(t *testing.T) {
	p := randMat(5, 4, 3, 26)
	var o NegCosine
	var dp tensor.Mat
	if got := o.Loss(p, p.Clone(), &dp); math.Abs(got+1) > 1e-12 {
		t.Errorf("NegCosine(p, p) = %.15g, want -1", got)
	}
	// At the optimum the gradient vanishes (up to rounding).
	for i, v := range dp.Data {
		if math.Abs(v) > 1e-12 {
			t.Errorf("dp[%d] = %g at the optimum, want 0", i, v)
		}
	}
	neg := p.Clone()
	for i := range neg.Data {
		neg.Data[i] *= -2
	}
	if got := o.Loss(p, neg, &dp); math.Abs(got-1) > 1e-12 {
		t.Errorf("NegCosine(p, -2p) = %.15g, want 1", got)
	}
}

func TestBarlowTwinsZeroForDecorrelatedIdenticalViews(t *testing.T) {
	// Scales and shift differ per column: the loss must see through them.
	z := decorrelated(4, []float64{3, 0.5, 7, 1}, 2)
	o := &BarlowTwins{Lambda: 0.5}
	var d1, d2 tensor.Mat
	got := o.Loss(z, z.Clone(), &d1, &d2)
	// Not exactly 0: eps under the std leaves C_ii = var/(var+eps), so the
	// loss is Σ_j (eps/(var_j+eps))², about 1.7e-9 here.
	var want float64
	for _, s := range []float64{3, 0.5, 7, 1} {
		r := barlowEps / (s*s + barlowEps)
		want += r * r
	}
	if got > 1e-8 || math.Abs(got-want) > 1e-15 {
		t.Errorf("BarlowTwins(z, z) = %g, want ~0 (%g from eps)", got, want)
	}
	random := o.Loss(randMat(8, 4, 1, 27), randMat(8, 4, 1, 28), &d1, &d2)
	if random < 1 {
		t.Errorf("BarlowTwins of unrelated views = %g, want clearly > 0", random)
	}
	t.Logf("decorrelated identical views %.3g, random views %.3g", got, random)
}

func TestVICRegZeroForSpreadDecorrelatedIdenticalViews(t *testing.T) {
	// Hadamard columns scaled by 2: identical (invariance 0), std > 1 (hinge
	// off), exactly orthogonal (covariance 0). Every term is exactly 0.
	z := decorrelated(5, []float64{2, 2, 2, 2, 2}, -1)
	o := &VICReg{Sim: 25, Var: 25, Cov: 1}
	var d1, d2 tensor.Mat
	if got := o.Loss(z, z.Clone(), &d1, &d2); got != 0 {
		t.Errorf("VICReg = %g, want 0", got)
	}
	// Collapsed views: every row equal. Only the hinge fires, at its
	// maximum of 1 - sqrt(1e-4) per dim, averaged over dims and views.
	c := tensor.NewMat(6, 3)
	for i := range c.Data {
		c.Data[i] = float64(i%3) + 0.5
	}
	want := 25 * (1 - math.Sqrt(1e-4))
	if got := o.Loss(c, c.Clone(), &d1, &d2); math.Abs(got-want) > 1e-12 {
		t.Errorf("VICReg collapsed = %.15g, want %.15g", got, want)
	}
}

func TestMaskedMSEIgnoresUnmasked(t *testing.T) {
	target := tensor.FromRows([][]float64{{1, 2, 3}, {4, 5, 6}})
	recon := tensor.FromRows([][]float64{{1, 0, 3}, {4, 5, 9}})
	mask := tensor.FromRows([][]float64{{0, 1, 0}, {0, 0, 1}})
	var o MaskedMSE
	var d tensor.Mat
	// Hidden entries: (0,1) error -2, (1,2) error 3 → (4 + 9) / 2.
	if got := o.Loss(recon, target, mask, &d); got != 6.5 {
		t.Errorf("MaskedMSE = %g, want 6.5", got)
	}
	// Wreck every visible entry: loss unchanged, their gradient exactly 0.
	wrecked := recon.Clone()
	for i, m := range mask.Data {
		if m == 0 {
			wrecked.Data[i] = 1e6
		}
	}
	if got := o.Loss(wrecked, target, mask, &d); got != 6.5 {
		t.Errorf("MaskedMSE with wrecked visible entries = %g, want 6.5", got)
	}
	for i, m := range mask.Data {
		if m == 0 && d.Data[i] != 0 {
			t.Errorf("visible entry %d has gradient %g", i, d.Data[i])
		}
	}
	// nil mask: all six entries, (4 + 9) / 6.
	if got := o.Loss(recon, target, nil, &d); math.Abs(got-13.0/6) > 1e-15 {
		t.Errorf("MaskedMSE without mask = %g, want %g", got, 13.0/6)
	}
	// All-zero mask: nothing is scored.
	mask.Zero()
	if got := o.Loss(recon, target, mask, &d); got != 0 {
		t.Errorf("MaskedMSE with empty mask = %g, want 0", got)
	}
}

func TestCrossEntropyUniformIsLogClasses(t *testing.T) {
	for _, c := range []int{2, 3, 10} {
		logits := tensor.NewMat(4, c)
		for i := range logits.Data {
			logits.Data[i] = 3.7 // any constant: only differences matter
		}
		var o SoftmaxCrossEntropy
		var d tensor.Mat
		got := o.Loss(logits, []int{0, 1, c - 1, 0}, &d)
		if want := math.Log(float64(c)); math.Abs(got-want) > 1e-14 {
			t.Errorf("C=%d: CE = %.17g, want log C = %.17g", c, got, want)
		}
		for i, p := range o.Probabilities().Data {
			if math.Abs(p-1/float64(c)) > 1e-15 {
				t.Errorf("C=%d: prob %d = %g", c, i, p)
			}
		}
	}
}

func TestCrossEntropyStableForHugeLogits(t *testing.T) {
	logits := tensor.FromRows([][]float64{{1000, 0, -1000}, {-1e4, 1e4, 0}})
	var o SoftmaxCrossEntropy
	var d tensor.Mat
	got := o.Loss(logits, []int{0, 2}, &d)
	if want := 1e4 / 2; math.IsNaN(got) || math.Abs(got-want) > 1e-9 {
		t.Errorf("CE = %g, want %g", got, want)
	}
}

func TestSquaredErrorValue(t *testing.T) {
	pred := tensor.FromRows([][]float64{{1}, {3}})
	var o SquaredError
	var d tensor.Mat
	// ½(1-0)² and ½(3-1)² → (0.5 + 2)/2.
	if got := o.Loss(pred, []float64{0, 1}, &d); got != 1.25 {
		t.Errorf("SquaredError = %g, want 1.25", got)
	}
	if d.Data[0] != 0.5 || d.Data[1] != 1 {
		t.Errorf("dpred = %v, want [0.5 1]", d.Data)
	}
}

// The same inputs give the same bits, call after call and struct after
// struct: nothing depends on leftover scratch contents.
func TestDeterministic(t *testing.T) {
	z1, z2 := randMat(7, 5, 1, 29), randMat(7, 5, 1, 30)
	run := func() []float64 {
		var out []float64
		var d1, d2 tensor.Mat
		out = append(out, (&NTXent{Temperature: 0.3}).Loss(z1, z2, &d1, &d2))
		out = append(out, d1.Data...)
		out = append(out, (&BarlowTwins{Lambda: 0.1}).Loss(z1, z2, &d1, &d2))
		out = append(out, d2.Data...)
		out = append(out, (&VICReg{Sim: 25, Var: 25, Cov: 1}).Loss(z1, z2, &d1, &d2))
		out = append(out, d1.Data...)
		return out
	}
	a, b := run(), run()
	for i := range a {
		if math.Float64bits(a[i]) != math.Float64bits(b[i]) {
			t.Fatalf("value %d differs between runs: %v vs %v", i, a[i], b[i])
		}
	}
}

func TestAllocs(t *testing.T) {
	z1, z2 := randMat(8, 6, 1, 31), randMat(8, 6, 1, 32)
	mask := randMat(8, 6, 1, 33)
	labels := []int{0, 1, 2, 3, 4, 5, 0, 1}
	targets := make([]float64, 8)
	pred := randMat(8, 1, 1, 34)
	var d1, d2 tensor.Mat
	nt := &NTXent{Temperature: 0.5}
	bt := &BarlowTwins{Lambda: 0.01}
	vr := &VICReg{Sim: 25, Var: 25, Cov: 1}
	var nc NegCosine
	var mm MaskedMSE
	var ce SoftmaxCrossEntropy
	var se SquaredError
	cases := []struct {
		name string
		f    func()
	}{
		{"NTXent", func() { nt.Loss(z1, z2, &d1, &d2); nt.Similarity() }},
		{"BarlowTwins", func() { bt.Loss(z1, z2, &d1, &d2) }},
		{"VICReg", func() { vr.Loss(z1, z2, &d1, &d2) }},
		{"NegCosine", func() { nc.Loss(z1, z2, &d1) }},
		{"MaskedMSE", func() { mm.Loss(z1, z2, mask, &d1) }},
		{"MaskedMSE/nil", func() { mm.Loss(z1, z2, nil, &d1) }},
		{"SoftmaxCrossEntropy", func() { ce.Loss(z1, labels, &d1); ce.Probabilities() }},
		{"SquaredError", func() { se.Loss(pred, targets, &d1) }},
	}
	for _, c := range cases {
		c.f() // the first call sizes the scratch
		if n := testing.AllocsPerRun(20, c.f); n != 0 {
			t.Errorf("%s: %v allocations per call after the first", c.name, n)
		}
	}
}

// Bit-identical native and wasm results rest on every transcendental going
// through sslab/ml/num: math.Exp has amd64 assembly that differs from wasm's
// pure Go in the last bit. Guard the rule at the source level.
func TestNoPlatformTranscendentals(t *testing.T) {
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, bad := range []string{"math.Exp", "math.Log", "math.Tanh", "math.Pow", "math.Expm1"} {
			if strings.Contains(string(src), bad+"(") {
				t.Errorf("%s calls %s; use sslab/ml/num", f, bad)
			}
		}
	}
}
