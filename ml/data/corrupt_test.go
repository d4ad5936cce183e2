package data

import (
	"math"
	"slices"
	"strings"
	"testing"

	"sslab/ml/num"
	"sslab/ml/tensor"
)

// codedTable returns an n×d table whose entry (i, j) is i*d+j+1, so that
// every value says which row and column it comes from, with train the even
// rows and test the odd ones.
func codedTable(n, d int) (x *tensor.Mat, train, test []int) {
	x = tensor.NewMat(n, d)
	for i := range x.Data {
		x.Data[i] = float64(i + 1)
	}
	for i := range n {
		if i%2 == 0 {
			train = append(train, i)
		} else {
			test = append(test, i)
		}
	}
	return x, train, test
}

// decode returns the row and column a value of codedTable came from.
func decode(v float64, d int) (row, col int) {
	k := int(v) - 1
	return k / d, k % d
}

// Replacements are made at rate P, come from the same column of a training
// row, and are spread over all training rows.
func TestFeatureCorruptionRateAndSource(t *testing.T) {
	const n, d, views = 40, 25, 2000
	x, train, test := codedTable(n, d)
	// The example being corrupted is a test row negated, so that a kept
	// value is told apart from every replacement.
	src := make([]float64, d)
	for j := range src {
		src[j] = -x.At(test[0], j)
	}
	dst := make([]float64, d)
	isTrain := map[int]bool{}
	for _, r := range train {
		isTrain[r] = true
	}
	for _, p := range []float64{0.1, 0.6, 0.9} {
		c := NewFeatureCorruption(x, train, p)
		rng := num.NewRNG(1, 2)
		replaced := 0
		drawn := make(map[int]int)
		for range views {
			c.Apply(dst, src, rng)
			for j, v := range dst {
				if v == src[j] {
					continue
				}
				replaced++
				row, col := decode(v, d)
				if col != j || !isTrain[row] || v != x.At(row, col) {
					t.Fatalf("p=%g: feature %d replaced by %v, from row %d column %d; want column %d of a training row", p, j, v, row, col, j)
				}
				drawn[row]++
			}
		}
		// The count is binomial(views·d, p): allow 5 standard deviations.
		m := float64(views * d)
		rate, sd := float64(replaced)/m, math.Sqrt(p*(1-p)/m)
		if math.Abs(rate-p) > 5*sd {
			t.Errorf("p=%g: replaced %.4f of the features, want %g ± %.4f", p, rate, p, 5*sd)
		}
		// Each of the 20 training rows is drawn about replaced/20 times.
		for _, r := range train {
			want := float64(replaced) / float64(len(train))
			if got := float64(drawn[r]); math.Abs(got-want) > 5*math.Sqrt(want) {
				t.Errorf("p=%g: training row %d drawn %v times, want about %.0f", p, r, got, want)
			}
		}
	}
}

// Whatever the strength, Apply takes the same draws from the stream, so
// that later stages see the same randomness; at strength 0 it is the
// identity, in place or not.
func TestFeatureCorruptionDrawsAndIdentity(t *testing.T) {
	x, train, _ := codedTable(30, 7)
	src := []float64{-1, -2, -3, -4, -5, -6, -7}
	dst := make([]float64, len(src))
	var next []float64
	for _, p := range []float64{0, 0.3, 1} {
		rng := num.NewRNG(3, 4)
		NewFeatureCorruption(x, train, p).Apply(dst, src, rng)
		next = append(next, rng.Float64())
		if p == 0 {
			checkEqual(t, "p=0", dst, src)
		}
		if p == 1 {
			for j, v := range dst {
				if v < 0 {
					t.Errorf("p=1: feature %d kept", j)
				}
			}
		}
	}
	if next[0] != next[1] || next[1] != next[2] {
		t.Errorf("the stream after Apply depends on the strength: %v", next)
	}
	inPlace := slices.Clone(src)
	NewFeatureCorruption(x, train, 0).Apply(inPlace, inPlace, num.NewRNG(3, 4))
	checkEqual(t, "p=0 in place", inPlace, src)

	// In place at p=0.5 equals out of place from the same stream.
	want := make([]float64, len(src))
	c := NewFeatureCorruption(x, train, 0.5)
	c.Apply(want, src, num.NewRNG(5, 6))
	inPlace = slices.Clone(src)
	c.Apply(inPlace, inPlace, num.NewRNG(5, 6))
	checkEqual(t, "p=0.5 in place", inPlace, want)
}

// A view depends only on the stream: the same (seed, stream) repeats it,
// another stream changes it.
func TestFeatureCorruptionReproducible(t *testing.T) {
	x, train, test := codedTable(50, 12)
	c := NewFeatureCorruption(x, train, 0.6)
	src := x.Row(test[3])
	a, b, z := make([]float64, 12), make([]float64, 12), make([]float64, 12)
	c.Apply(a, src, num.NewRNG(1, num.Stream(3, 4, 5)))
	c.Apply(b, src, num.NewRNG(1, num.Stream(3, 4, 5)))
	c.Apply(z, src, num.NewRNG(1, num.Stream(3, 4, 6)))
	checkEqual(t, "same stream", b, a)
	if sameFloats(a, z) {
		t.Error("another stream gave the same view")
	}
}

func TestFeatureCorruptionDoesNotAllocate(t *testing.T) {
	x, train, test := codedTable(100, 30)
	d := &Dataset{Name: "coded", X: x}
	p := NewAugmentation(d, AugmentConfig{Corrupt: 0.6, Noise: 0.1, Marginal: train})
	c := NewFeatureCorruption(x, train, 0.6)
	src := x.Row(test[0])
	dst := make([]float64, len(src))
	g := num.NewRNG(1, 1)
	p.Apply(dst, src, g) // the pipeline's scratch grows on its first call
	for _, a := range []Augmentation{c, p} {
		if allocs := testing.AllocsPerRun(100, func() { a.Apply(dst, src, g) }); allocs != 0 {
			t.Errorf("%s: %v allocations per call", a, allocs)
		}
	}
}

// NewAugmentation puts corruption first, draws only from the rows it is
// given, keeps its own copy of them, and leaves it out at strength 0.
func TestNewAugmentationCorrupt(t *testing.T) {
	x, train, _ := codedTable(20, 4)
	d := &Dataset{Name: "coded", X: x}
	rows := slices.Clone(train)
	p := NewAugmentation(d, AugmentConfig{Corrupt: 1, Noise: 0.1, Jitter: 0.2, Marginal: rows})
	if s := p.String(); p.Len() != 3 || !strings.HasPrefix(s, "FeatureCorruption(p=1, from 10 rows) → GaussianNoise") {
		t.Errorf("pipeline %q", s)
	}
	if p := NewAugmentation(d, AugmentConfig{Noise: 0.1, Marginal: rows}); strings.Contains(p.String(), "Corruption") {
		t.Errorf("Corrupt 0 gave %q", p)
	}
	// Changing the caller's slice afterwards changes nothing: at p=1 with
	// no noise every value still comes from an even (training) row.
	p = NewAugmentation(d, AugmentConfig{Corrupt: 1, Marginal: rows})
	for i := range rows {
		rows[i] = 1
	}
	dst := make([]float64, 4)
	for s := range uint64(50) {
		p.Apply(dst, x.Row(1), num.NewRNG(s, 0))
		for j, v := range dst {
			if row, col := decode(v, 4); row%2 != 0 || col != j {
				t.Fatalf("value %v from row %d column %d", v, row, col)
			}
		}
	}
}

func TestFeatureCorruptionPanics(t *testing.T) {
	x, train, _ := codedTable(6, 3)
	d := &Dataset{Name: "coded", X: x}
	for _, tc := range []struct {
		name, want string
		f          func()
	}{
		{"no rows", "needs the training rows", func() { NewAugmentation(d, AugmentConfig{Corrupt: 0.5}) }},
		{"above 1", "Corrupt = 1.5", func() { NewAugmentation(d, AugmentConfig{Corrupt: 1.5, Marginal: train}) }},
		{"negative", "Corrupt = -0.1", func() { NewAugmentation(d, AugmentConfig{Corrupt: -0.1, Marginal: train}) }},
		{"NaN", "probability NaN", func() { NewFeatureCorruption(x, train, math.NaN()) }},
		{"row outside", "row 6 outside the 6 examples", func() { NewFeatureCorruption(x, []int{0, 6}, 0.5) }},
		{"width", "2 features, want 3", func() {
			NewFeatureCorruption(x, train, 0.5).Apply(make([]float64, 2), make([]float64, 2), num.NewRNG(1, 1))
		}},
	} {
		func() {
			defer func() {
				r := recover()
				if s, _ := r.(string); !strings.Contains(s, tc.want) {
					t.Errorf("%s: panic %v, want one containing %q", tc.name, r, tc.want)
				}
			}()
			tc.f()
		}()
	}
}

// TestTabularPinnedBits pins the loaded tables and SCARF views of them, so
// that the wasm run of the tests checks the browser sees the same numbers.
func TestTabularPinnedBits(t *testing.T) {
	var all []float64
	for _, name := range []string{"breast-cancer", "diabetes"} {
		d, _ := Load(name, 1)
		all = append(all, d.X.Data...)
		all = append(all, d.Targets...)
	}
	const wantData = 0x7ed6ed782246b35c
	if got := floatHash(all); got != wantData {
		t.Errorf("tabular sets hash %#x, want %#x", got, uint64(wantData))
	}

	d, _ := Load("breast-cancer", 1)
	split := DefaultSplit(d)
	Standardize(d, split.Train)
	p := NewAugmentation(d, AugmentConfig{Corrupt: 0.6, Noise: 0.05, Marginal: split.Train})
	views := make([]float64, 0, 50*d.Dim())
	view := make([]float64, d.Dim())
	g := num.NewRNG(0, 0)
	for i := range 50 {
		g.Reset(1, num.Stream(0, uint64(i)))
		p.Apply(view, d.X.Row(split.Train[i]), g)
		views = append(views, view...)
	}
	const wantViews = 0x8e72e4e196591ad9
	if got := floatHash(views); got != wantViews {
		t.Errorf("SCARF views hash %#x, want %#x", got, uint64(wantViews))
	}
}
