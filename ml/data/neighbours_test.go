package data

import (
	"slices"
	"strings"
	"testing"

	"sslab/ml/num"
	"sslab/ml/tensor"
)

// gridTable returns n points of d integer coordinates in 0..3, so that many
// distances tie, with train the rows not divisible by 3.
func gridTable(n, d int, seed uint64) (x *tensor.Mat, train []int) {
	g := num.NewRNG(seed, 1)
	x = tensor.NewMat(n, d)
	for i := range x.Data {
		x.Data[i] = float64(g.IntN(4))
	}
	for i := range n {
		if i%3 != 0 {
			train = append(train, i)
		}
	}
	return x, train
}

// nearestByHand is the reference: every pool row's squared distance to q,
// sorted by distance and then by row index, the first k kept.
func nearestByHand(x *tensor.Mat, rows []int, q []float64, k int) []int {
	type c struct {
		d   float64
		row int
	}
	var all []c
	for _, r := range rows {
		var s float64
		for j, v := range x.Row(r) {
			s += (v - q[j]) * (v - q[j])
		}
		all = append(all, c{s, r})
	}
	slices.SortFunc(all, func(a, b c) int {
		switch {
		case a.d < b.d:
			return -1
		case a.d > b.d:
			return 1
		}
		return a.row - b.row
	})
	out := []int{}
	for _, e := range all[:min(k, len(all))] {
		out = append(out, e.row)
	}
	return out
}

// The neighbours found are those of a brute-force sort, ties broken by row
// index, for pool rows, for test rows and for a pool smaller than k; the
// order of the pool's rows does not change them.
func TestNeighboursMatchBruteForce(t *testing.T) {
	for _, tc := range []struct{ n, d, k int }{
		{60, 2, 1}, {60, 2, 5}, {60, 2, 16}, {200, 3, 10}, {9, 2, 8}, {30, 5, MaxNeighbours},
	} {
		x, train := gridTable(tc.n, tc.d, uint64(tc.n*tc.k))
		shuffled := slices.Clone(train)
		num.NewRNG(3, 4).Shuffle(shuffled)
		nb, nbShuffled := NewNeighbours(x, train, tc.k), NewNeighbours(x, shuffled, tc.k)
		got := make([]int, tc.k)
		for r := range tc.n {
			q := x.Row(r)
			want := nearestByHand(x, train, q, tc.k)
			for _, b := range []Neighbours{nb, nbShuffled} {
				m := b.Nearest(got, q)
				if !slices.Equal(got[:m], want) {
					t.Fatalf("n=%d d=%d k=%d row %d: neighbours %v, want %v", tc.n, tc.d, tc.k, r, got[:m], want)
				}
			}
			// A pool row is at distance 0 from itself: its first
			// neighbour is it, or an equal row of smaller index.
			if r%3 != 0 && (want[0] > r || !slices.Equal(x.Row(want[0]), q)) {
				t.Fatalf("k=%d: the nearest neighbour of pool row %d is row %d %v", tc.k, r, want[0], x.Row(want[0]))
			}
		}
	}
}

// A view is a copy of one of the k nearest rows, each drawn about equally
// often; K = 1 on a pool row gives the row back.
func TestNeighboursApplyDrawsAmongNearest(t *testing.T) {
	const n, d, k, views = 80, 2, 6, 6000
	x := tensor.NewMat(n, d)
	g := num.NewRNG(5, 6)
	for i := range x.Data {
		x.Data[i] = g.Normal() // no ties: the neighbour set is unambiguous
	}
	var train []int
	for i := range n {
		if i%4 != 0 {
			train = append(train, i)
		}
	}
	q := x.Row(0) // a test row
	want := nearestByHand(x, train, q, k)
	nb := NewNeighbours(x, train, k)
	dst := make([]float64, d)
	count := map[int]int{}
	rng := num.NewRNG(7, 8)
	for range views {
		nb.Apply(dst, q, rng)
		hit := -1
		for _, r := range want {
			if slices.Equal(dst, x.Row(r)) {
				hit = r
			}
		}
		if hit < 0 {
			t.Fatalf("view %v is none of the %d nearest rows %v", dst, k, want)
		}
		count[hit]++
	}
	for _, r := range want {
		// Binomial(views, 1/k): mean 1000, sd about 29; allow 5 sd.
		if c := count[r]; c < views/k-150 || c > views/k+150 {
			t.Errorf("neighbour %d drawn %d times of %d, want about %d", r, c, views, views/k)
		}
	}
	one := NewNeighbours(x, train, 1)
	for _, r := range train[:5] {
		one.Apply(dst, x.Row(r), rng)
		if !slices.Equal(dst, x.Row(r)) {
			t.Errorf("k=1: view of row %d is %v, want the row %v", r, dst, x.Row(r))
		}
	}
}

// The same stream gives the same view; Apply draws exactly one index,
// whatever k, so the draws after it do not depend on k; dst may be src.
func TestNeighboursReproducibleAndDraws(t *testing.T) {
	x, train := gridTable(100, 2, 9)
	src := []float64{1.5, 2.25}
	for _, k := range []int{1, 7, 40} {
		nb := NewNeighbours(x, train, k)
		a, b := make([]float64, 2), make([]float64, 2)
		g1, g2 := num.NewRNG(11, 12), num.NewRNG(11, 12)
		nb.Apply(a, src, g1)
		nb.Apply(b, src, g2)
		if !sameFloats(a, b) {
			t.Fatalf("k=%d: the same stream gave %v and %v", k, a, b)
		}
		ref := num.NewRNG(11, 12)
		ref.IntN(k)
		if got, want := g1.Float64(), ref.Float64(); got != want {
			t.Errorf("k=%d: the draw after Apply is %v, want %v (Apply draws one index)", k, got, want)
		}
		in := slices.Clone(src)
		nb.Apply(in, in, num.NewRNG(11, 12))
		if !sameFloats(in, a) {
			t.Errorf("k=%d: in place gave %v, want %v", k, in, a)
		}
	}
}

func TestNeighboursDoesNotAllocate(t *testing.T) {
	x, train := gridTable(300, 2, 13)
	var a Augmentation = NewNeighbours(x, train, 10)
	src, dst := []float64{0.5, 1}, make([]float64, 2)
	g := num.NewRNG(1, 1)
	if allocs := testing.AllocsPerRun(100, func() { a.Apply(dst, src, g) }); allocs != 0 {
		t.Errorf("Neighbours.Apply allocates %v times per call", allocs)
	}
}

// NewAugmentation puts the neighbour view first, before the noise, drawing
// from the Marginal rows only.
func TestNewAugmentationNeighbours(t *testing.T) {
	x, train := gridTable(50, 2, 15)
	d := &Dataset{Name: "grid", X: x, Labels: make([]int, 50), Classes: 1}
	p := NewAugmentation(d, AugmentConfig{Neighbours: 5, Noise: 0.1, Marginal: train})
	if got := p.String(); !strings.HasPrefix(got, "Neighbours(k=5, from 33 rows) → GaussianNoise") {
		t.Errorf("pipeline %q, want the neighbour view of 33 rows, then the noise", got)
	}
	if got := NewAugmentation(d, AugmentConfig{Noise: 0.1}).String(); strings.Contains(got, "Neighbours") {
		t.Errorf("Neighbours 0 gives pipeline %q, want no neighbour view", got)
	}
}

func TestNeighboursPanics(t *testing.T) {
	x, train := gridTable(10, 2, 17)
	d := &Dataset{Name: "grid", X: x, Labels: make([]int, 10), Classes: 1}
	for _, tc := range []struct {
		name string
		f    func()
		want string
	}{
		{"k 0", func() { NewNeighbours(x, train, 0) }, "0 neighbours, want 1 to 64"},
		{"k too big", func() { NewNeighbours(x, train, MaxNeighbours+1) }, "65 neighbours"},
		{"no rows", func() { NewNeighbours(x, nil, 3) }, "needs the training rows"},
		{"row outside", func() { NewNeighbours(x, []int{1, 10}, 3) }, "row 10 outside the 10 examples"},
		{"config without rows", func() { NewAugmentation(d, AugmentConfig{Neighbours: 3}) }, "needs the training rows"},
		{"config negative", func() { NewAugmentation(d, AugmentConfig{Neighbours: -1, Marginal: train}) }, "Neighbours = -1"},
		{"wrong width", func() { NewNeighbours(x, train, 3).Apply(make([]float64, 3), make([]float64, 3), num.NewRNG(1, 1)) }, "3 features, want 2"},
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
