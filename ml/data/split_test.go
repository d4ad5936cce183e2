package data

import (
	"slices"
	"testing"
)

// checkPartition fails t unless s splits 0..n-1 into two sorted, disjoint
// parts that together cover everything.
func checkPartition(t *testing.T, s Split, n int) {
	t.Helper()
	if !slices.IsSorted(s.Train) || !slices.IsSorted(s.Test) {
		t.Fatal("split indices not sorted")
	}
	seen := make([]int, n)
	for _, i := range s.Train {
		seen[i]++
	}
	for _, i := range s.Test {
		seen[i]++
	}
	for i, k := range seen {
		if k != 1 {
			t.Fatalf("example %d appears %d times in the split", i, k)
		}
	}
}

func TestDigitsDefaultSplit(t *testing.T) {
	a, _ := Load("digits", 1)
	b, _ := Load("digits", 99)
	s := DefaultSplit(a)
	checkPartition(t, s, a.Len())
	if s2 := DefaultSplit(b); !slices.Equal(s.Test, s2.Test) || !slices.Equal(s.Train, s2.Train) {
		t.Fatal("default split depends on the load seed or varies between calls")
	}
	// Stratified: each class holds out round(25%) of its examples.
	total := make([]int, a.Classes)
	test := make([]int, a.Classes)
	for _, l := range a.Labels {
		total[l]++
	}
	for _, i := range s.Test {
		test[a.Labels[i]]++
	}
	for c := range total {
		if want := int(float64(total[c])*DefaultTestFrac + 0.5); test[c] != want {
			t.Errorf("class %d: %d of %d in test, want %d", c, test[c], total[c], want)
		}
	}
	// 449.25 overall, but rounding per class gives 451.
	if len(s.Test) != 451 {
		t.Errorf("%d test examples, want 451", len(s.Test))
	}
	// Pin the split itself: if this fails, every reported digits test score
	// has silently moved to a different test set.
	const want = 0xa23c4b038e1770a8
	if got := indexHash(s.Test); got != want {
		t.Errorf("digits test indices hash %#x, want %#x", got, uint64(want))
	}
}

func TestStratifiedSplit(t *testing.T) {
	labels := []int{0, 1, 1, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 0, 1}
	for _, tc := range []struct {
		frac     float64
		wantTest []int // per class; class sizes are 2, 3, 10
	}{
		{0, []int{0, 0, 0}},
		{0.01, []int{1, 1, 1}}, // at least one of each class in test…
		{0.25, []int{1, 1, 3}},
		{0.5, []int{1, 2, 5}},  // round half away from zero: 1.5 → 2
		{0.99, []int{1, 2, 9}}, // …and at least one in train
		{1, []int{2, 3, 10}},
	} {
		s := StratifiedSplit(labels, 3, tc.frac, 7)
		checkPartition(t, s, len(labels))
		got := make([]int, 3)
		for _, i := range s.Test {
			got[labels[i]]++
		}
		if !slices.Equal(got, tc.wantTest) {
			t.Errorf("frac %v: test counts per class %v, want %v", tc.frac, got, tc.wantTest)
		}
	}
	a := StratifiedSplit(labels, 3, 0.5, 1)
	differs := false
	for seed := uint64(2); seed < 10; seed++ {
		differs = differs || !slices.Equal(a.Test, StratifiedSplit(labels, 3, 0.5, seed).Test)
	}
	if !differs {
		t.Error("the split does not depend on the seed")
	}
}

func TestRandomSplit(t *testing.T) {
	s := RandomSplit(1000, 0.25, 3)
	checkPartition(t, s, 1000)
	if len(s.Test) != 250 {
		t.Fatalf("%d test examples, want 250", len(s.Test))
	}
	if s2 := RandomSplit(1000, 0.25, 3); !slices.Equal(s.Test, s2.Test) {
		t.Fatal("same seed, different split")
	}
	if s2 := RandomSplit(1000, 0.25, 4); slices.Equal(s.Test, s2.Test) {
		t.Fatal("different seeds, same split")
	}
	// Without labels, DefaultSplit falls back to RandomSplit.
	d := &Dataset{X: Moons(40, 0, 1).X}
	checkPartition(t, DefaultSplit(d), 40)
	if got := len(DefaultSplit(d).Test); got != 10 {
		t.Errorf("unlabelled default split holds out %d of 40", got)
	}
}

func TestSplitPanics(t *testing.T) {
	for name, f := range map[string]func(){
		"bad label":    func() { StratifiedSplit([]int{0, 3}, 2, 0.5, 1) },
		"bad fraction": func() { RandomSplit(10, 1.5, 1) },
	} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("%s: no panic", name)
				}
			}()
			f()
		}()
	}
}
