package eval

// ClusterAccuracy scores a clustering against labels: clusters are matched
// one-to-one to classes so as to maximise the number of agreeing examples
// (Hungarian on the negated contingency table), and the result is the
// fraction of examples whose cluster maps to their class. Cluster ids are
// arbitrary, so plain Accuracy would be meaningless here.
//
// When k ≠ classes the surplus clusters (or classes) stay unmatched and their
// examples count as wrong. Entries outside [0, k) or [0, classes) also count
// as wrong. Empty input returns 0.
func ClusterAccuracy(assign, labels []int, k, classes int) float64 {
	checkLen("ClusterAccuracy", len(assign), len(labels))
	if len(assign) == 0 || k <= 0 || classes <= 0 {
		return 0
	}
	count := make([][]float64, k)
	for c := range count {
		count[c] = make([]float64, classes)
	}
	for i, c := range assign {
		y := labels[i]
		if c < 0 || c >= k || y < 0 || y >= classes {
			continue
		}
		count[c][y]++
	}
	cost := make([][]float64, k)
	for c := range cost {
		cost[c] = make([]float64, classes)
		for y, v := range count[c] {
			cost[c][y] = -v // counts are small integers, so negation is exact
		}
	}
	var hit float64
	for c, y := range Hungarian(cost) {
		if y >= 0 {
			hit += count[c][y]
		}
	}
	return hit / float64(len(assign))
}
