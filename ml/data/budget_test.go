package data

import (
	"slices"
	"testing"
)

func TestFewShot(t *testing.T) {
	d, _ := Load("digits", 1)
	s := DefaultSplit(d)
	for _, k := range []int{0, 1, 5, 10} {
		got := FewShot(d.Labels, d.Classes, s.Train, k, 3)
		if len(got) != k*d.Classes || !slices.IsSorted(got) {
			t.Fatalf("perClass %d: %d examples (sorted %v)", k, len(got), slices.IsSorted(got))
		}
		count := make([]int, d.Classes)
		for _, i := range got {
			count[d.Labels[i]]++
			if _, ok := slices.BinarySearch(s.Train, i); !ok {
				t.Fatalf("example %d not in the pool", i)
			}
		}
		for c, n := range count {
			if n != k {
				t.Errorf("perClass %d: class %d has %d", k, c, n)
			}
		}
	}
	// Nested budgets, independent of the pool's order.
	small := FewShot(d.Labels, d.Classes, s.Train, 5, 3)
	rev := slices.Clone(s.Train)
	slices.Reverse(rev)
	large := FewShot(d.Labels, d.Classes, rev, 10, 3)
	for _, i := range small {
		if _, ok := slices.BinarySearch(large, i); !ok {
			t.Fatalf("example %d of the 5-shot budget missing from the 10-shot one", i)
		}
	}
	if slices.Equal(small, FewShot(d.Labels, d.Classes, s.Train, 5, 4)) {
		t.Error("different seeds picked the same examples")
	}
}

func TestFewShotShortClass(t *testing.T) {
	labels := []int{0, 0, 0, 1, 0, 0}
	got := FewShot(labels, 3, []int{0, 1, 2, 3, 4, 5}, 2, 1)
	// Class 0 gives 2, class 1 its only example, class 2 nothing.
	if len(got) != 3 || !slices.Contains(got, 3) {
		t.Fatalf("FewShot = %v, want two of class 0 and example 3", got)
	}
}

func TestSubset(t *testing.T) {
	pool := []int{3, 9, 4, 12, 7, 20, 1}
	for _, n := range []int{0, 3, 7, 10} {
		got := Subset(pool, n, 2)
		if len(got) != min(n, len(pool)) || !slices.IsSorted(got) {
			t.Fatalf("Subset(n=%d) = %v", n, got)
		}
		for _, i := range got {
			if !slices.Contains(pool, i) {
				t.Fatalf("Subset(n=%d) = %v picks %d outside the pool", n, got, i)
			}
		}
	}
	small, large := Subset(pool, 2, 5), Subset(pool, 5, 5)
	for _, i := range small {
		if !slices.Contains(large, i) {
			t.Fatalf("budgets not nested: %v, %v", small, large)
		}
	}
	if pool[0] != 3 {
		t.Error("Subset modified its pool")
	}
}
