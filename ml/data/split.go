package data

import (
	"fmt"
	"math"
	"slices"

	"sslab/ml/num"
)

// Split is a partition of example indices into a training and a test part.
// Both are sorted in increasing order.
type Split struct {
	Train, Test []int
}

const (
	// DefaultTestFrac is the fraction of examples DefaultSplit holds out.
	DefaultTestFrac = 0.25
	// DefaultSplitSeed fixes DefaultSplit, independently of any run's seed,
	// so that results of different runs are measured on the same test set.
	// Changing it changes every reported test score.
	DefaultSplitSeed uint64 = 0x5eed_da7a_5917
)

// DefaultSplit returns d's standard split: for text, the protocol's split
// by document; otherwise DefaultTestFrac of the examples
// held out, stratified by class if d is labelled, drawn with
// DefaultSplitSeed.
func DefaultSplit(d *Dataset) Split {
	if d.Text != nil {
		// Text is split by document, as its protocol fixes.
		return Split{Train: slices.Clone(d.Text.Split.Train), Test: slices.Clone(d.Text.Split.Test)}
	}
	if d.Labels != nil && d.Classes > 0 {
		return StratifiedSplit(d.Labels, d.Classes, DefaultTestFrac, DefaultSplitSeed)
	}
	return RandomSplit(d.Len(), DefaultTestFrac, DefaultSplitSeed)
}

// StratifiedSplit holds out testFrac of the examples of each class, chosen by
// seed, so that train and test keep the class proportions of labels. A class
// of n examples gives round(testFrac·n) to test, but, when n ≥ 2 and
// 0 < testFrac < 1, at least one and at most n-1, so that every class with two
// examples is seen in both parts. It panics if a label is outside
// [0, classes).
func StratifiedSplit(labels []int, classes int, testFrac float64, seed uint64) Split {
	checkFrac(testFrac)
	byClass := groupByClass(labels, classes, nil)
	var s Split
	for c, idx := range byClass {
		// Each class has its own stream: its split does not depend on the
		// sizes of the other classes.
		num.NewRNG(seed, num.Stream(0x5b17, uint64(c))).Shuffle(idx)
		k := testCount(len(idx), testFrac)
		s.Test = append(s.Test, idx[:k]...)
		s.Train = append(s.Train, idx[k:]...)
	}
	slices.Sort(s.Train)
	slices.Sort(s.Test)
	return s
}

// RandomSplit holds out round(testFrac·n) of the examples 0..n-1, chosen by
// seed, for data without classes. As in StratifiedSplit, n ≥ 2 and
// 0 < testFrac < 1 leave at least one example on each side.
func RandomSplit(n int, testFrac float64, seed uint64) Split {
	checkFrac(testFrac)
	p := num.NewRNG(seed, num.Stream(0x5b17, math.MaxUint64)).Perm(n)
	k := testCount(n, testFrac)
	s := Split{Test: p[:k:k], Train: p[k:]}
	slices.Sort(s.Train)
	slices.Sort(s.Test)
	return s
}

func testCount(n int, frac float64) int {
	k := int(math.Round(frac * float64(n)))
	if n >= 2 && frac > 0 && frac < 1 {
		k = max(1, min(n-1, k))
	}
	return k
}

func checkFrac(f float64) {
	if !(f >= 0 && f <= 1) {
		panic(fmt.Sprintf("data: test fraction %v outside [0,1]", f))
	}
}

// groupByClass returns, for each class, the indices i (of labels, or of
// pool when pool is not nil) whose label is that class, in increasing order.
func groupByClass(labels []int, classes int, pool []int) [][]int {
	by := make([][]int, classes)
	add := func(i int) {
		c := labels[i]
		if c < 0 || c >= classes {
			panic(fmt.Sprintf("data: label %d of example %d outside [0, %d)", c, i, classes))
		}
		by[c] = append(by[c], i)
	}
	if pool == nil {
		for i := range labels {
			add(i)
		}
		return by
	}
	for _, i := range pool {
		add(i)
	}
	for _, idx := range by {
		slices.Sort(idx)
	}
	return by
}
