package data

import (
	"slices"

	"sslab/ml/num"
)

// FewShot returns perClass examples of each class, chosen by seed from pool
// (typically a Split's Train), for evaluating with a small label budget.
// A class with fewer than perClass examples in pool contributes all it has,
// so the result may be shorter than classes·perClass: callers that need the
// full budget should check its length.
//
// The choice depends only on the set of indices in pool, not their order,
// and budgets are nested: with one seed, the examples picked for perClass=k
// are among those picked for any larger perClass. The result is sorted.
func FewShot(labels []int, classes int, pool []int, perClass int, seed uint64) []int {
	by := groupByClass(labels, classes, pool)
	var out []int
	for c, idx := range by {
		num.NewRNG(seed, num.Stream(0xfe5, uint64(c))).Shuffle(idx)
		out = append(out, idx[:max(0, min(perClass, len(idx)))]...)
	}
	slices.Sort(out)
	return out
}

// Subset returns n indices chosen by seed from pool (all of pool if it has
// fewer), for label budgets of regression or unlabelled data. Like FewShot it
// depends only on the set of pool's indices, is nested in n, and is sorted.
func Subset(pool []int, n int, seed uint64) []int {
	p := slices.Clone(pool)
	slices.Sort(p)
	num.NewRNG(seed, num.Stream(0x5b5e7)).Shuffle(p)
	p = p[:max(0, min(n, len(p)))]
	slices.Sort(p)
	return p
}
