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
		nb, nbShuffled := NewNeighbours(x, train, tc.k, 1), NewNeighbours(x, shuffled, tc.k, 1)
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
	nb := NewNeighbours(x, train, k, 1)
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
	one := NewNeighbours(x, train, 1, 1)
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
		nb := NewNeighbours(x, train, k, 1)
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
	for _, hops := range []int{1, 20} {
		var a Augmentation = NewNeighbours(x, train, 10, hops)
		src, dst := []float64{0.5, 1}, make([]float64, 2)
		g := num.NewRNG(1, 1)
		if allocs := testing.AllocsPerRun(100, func() { a.Apply(dst, src, g) }); allocs != 0 {
			t.Errorf("hops %d: Neighbours.Apply allocates %v times per call", hops, allocs)
		}
	}
}

// A walk of h hops is the walk a reference takes with the same draws: it
// starts at one of x's k nearest pool rows and steps each time to one of
// the k nearest of the row it stands on (found by brute force), drawing
// exactly h indices; it stays on the pool; and a long walk on two far
// apart clusters never leaves the cluster it starts in.
func TestNeighboursWalk(t *testing.T) {
	x, train := gridTable(120, 2, 19)
	for _, tc := range []struct{ k, hops int }{{1, 5}, {4, 2}, {6, 9}, {200, 3}} {
		nb := NewNeighbours(x, train, min(tc.k, MaxNeighbours), tc.hops)
		k := min(tc.k, MaxNeighbours, len(train))
		for _, src := range [][]float64{{0.5, 2.5}, x.Row(0), x.Row(1)} {
			g, ref := num.NewRNG(21, 22), num.NewRNG(21, 22)
			dst := make([]float64, 2)
			nb.Apply(dst, src, g)
			at := nearestByHand(x, train, src, k)[ref.IntN(k)]
			for range tc.hops - 1 {
				at = nearestByHand(x, train, x.Row(at), k)[ref.IntN(k)]
			}
			if !sameFloats(dst, x.Row(at)) {
				t.Fatalf("k=%d hops=%d from %v: view %v, want row %d %v", tc.k, tc.hops, src, dst, at, x.Row(at))
			}
			if got, want := g.Float64(), ref.Float64(); got != want {
				t.Errorf("k=%d hops=%d: the draw after Apply is %v, want %v (Apply draws one index per hop)", tc.k, tc.hops, got, want)
			}
		}
	}
	// Two clusters 100 apart: 500 hops among 5 neighbours stay in one.
	two := tensor.NewMat(40, 1)
	for i := range 40 {
		two.Data[i] = float64(i % 20)
		if i >= 20 {
			two.Data[i] += 100
		}
	}
	all := make([]int, 40)
	for i := range all {
		all[i] = i
	}
	walk := NewNeighbours(two, all, 5, 500)
	g := num.NewRNG(23, 24)
	dst := make([]float64, 1)
	for range 200 {
		walk.Apply(dst, []float64{3}, g)
		if dst[0] >= 50 {
			t.Fatalf("a walk from the first cluster reached %v", dst[0])
		}
	}
}

// NewAugmentation puts the neighbour view first, before the noise, drawing
// from the Marginal rows only.
func TestNewAugmentationNeighbours(t *testing.T) {
	x, train := gridTable(50, 2, 15)
	d := &Dataset{Name: "grid", X: x, Labels: make([]int, 50), Classes: 1}
	p := NewAugmentation(d, AugmentConfig{Neighbours: 5, Hops: 4, Noise: 0.1, Marginal: train})
	if got := p.String(); !strings.HasPrefix(got, "Neighbours(k=5, hops=4, from 33 rows) → GaussianNoise") {
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
		{"k 0", func() { NewNeighbours(x, train, 0, 1) }, "0 neighbours, want 1 to 64"},
		{"k too big", func() { NewNeighbours(x, train, MaxNeighbours+1, 1) }, "65 neighbours"},
		{"hops 0", func() { NewNeighbours(x, train, 3, 0) }, "0 hops, want 1 to 1000"},
		{"hops too many", func() { NewNeighbours(x, train, 3, MaxHops+1) }, "1001 hops"},
		{"no rows", func() { NewNeighbours(x, nil, 3, 1) }, "needs the training rows"},
		{"row outside", func() { NewNeighbours(x, []int{1, 10}, 3, 1) }, "row 10 outside the 10 examples"},
		{"config hops", func() { NewAugmentation(d, AugmentConfig{Neighbours: 3, Hops: MaxHops + 1, Marginal: train}) }, "Hops = 1001"},
		{"config without rows", func() { NewAugmentation(d, AugmentConfig{Neighbours: 3}) }, "needs the training rows"},
		{"config negative", func() { NewAugmentation(d, AugmentConfig{Neighbours: -1, Marginal: train}) }, "Neighbours = -1"},
		{"wrong width", func() { NewNeighbours(x, train, 3, 1).Apply(make([]float64, 3), make([]float64, 3), num.NewRNG(1, 1)) }, "3 features, want 2"},
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

// ApplyRow, told which row src is, gives Apply's view bit for bit and
// leaves the stream where Apply leaves it: for pool rows (from the table),
// for test rows and unknown rows (searched); a Pipeline passes the row to
// its first stage only, and gives Apply's result too.
func TestNeighboursApplyRowIsApply(t *testing.T) {
	x, train := gridTable(90, 2, 25)
	for _, tc := range []struct{ k, hops int }{{1, 1}, {5, 1}, {7, 12}, {64, 3}} {
		nb := NewNeighbours(x, train, tc.k, tc.hops)
		p := NewPipeline(nb, GaussianNoise{Sigma: 0.1})
		for _, row := range []int{0, 1, 2, 44, 89, -1, 90} {
			src := []float64{1.25, 0.5}
			if row >= 0 && row < x.Rows {
				src = x.Row(row)
			}
			a, b := make([]float64, 2), make([]float64, 2)
			g1, g2 := num.NewRNG(uint64(row+2), 3), num.NewRNG(uint64(row+2), 3)
			nb.Apply(a, src, g1)
			nb.ApplyRow(b, src, row, g2)
			if !sameFloats(a, b) || g1.Float64() != g2.Float64() {
				t.Fatalf("k=%d hops=%d row %d: ApplyRow %v, Apply %v (or their streams part)", tc.k, tc.hops, row, b, a)
			}
			p.Apply(a, src, num.NewRNG(9, uint64(row+2)))
			p.ApplyRow(b, src, row, num.NewRNG(9, uint64(row+2)))
			if !sameFloats(a, b) {
				t.Fatalf("k=%d hops=%d row %d: Pipeline.ApplyRow %v, Apply %v", tc.k, tc.hops, row, b, a)
			}
		}
	}
	// Reading a pool row's neighbours from the table allocates nothing.
	big, rows := gridTable(3000, 2, 27)
	nb := NewNeighbours(big, rows, 10, 1)
	dst, g := make([]float64, 2), num.NewRNG(1, 1)
	if allocs := testing.AllocsPerRun(100, func() { nb.ApplyRow(dst, big.Row(1), 1, g) }); allocs != 0 {
		t.Errorf("ApplyRow allocates %v times per call", allocs)
	}
}
