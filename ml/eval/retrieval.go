package eval

import (
	"cmp"
	"slices"

	"sslab/ml/tensor"
)

// RetrievalScores measures zero-shot retrieval: every example queries all
// the others, ranked by cosine similarity, and the labels, never used to
// rank, say which retrieved examples are relevant (same class).
type RetrievalScores struct {
	// P1 is precision@1: the fraction of queries whose nearest other
	// example shares their class.
	P1 float64
	// PK is precision@K: the mean fraction of each query's K nearest
	// others that share its class (K clamped to the others there are).
	PK float64
	K  int
	// MAP is the mean average precision over the whole class: for each
	// query, the mean over the ranks r of its R same-class examples of the
	// precision of the first r results; then the mean over queries that
	// have at least one. It is 1 when every example ranks its whole class
	// first, and about the class's share of the data when the ranking is
	// random.
	MAP float64
	// Nearest is each query's nearest other example (-1 if it has none).
	Nearest []int
}

// Retrieval ranks, for each row of z, the other rows by cosine similarity,
// ties going to the lower index, and scores the rankings against labels.
// Zero rows have similarity 0 to everything.
func Retrieval(z *tensor.Mat, labels []int, k int) RetrievalScores {
	checkLen("Retrieval: z rows vs labels", z.Rows, len(labels))
	n := z.Rows
	res := RetrievalScores{K: max(1, min(k, n-1)), Nearest: make([]int, n)}
	if n < 2 {
		for i := range res.Nearest {
			res.Nearest[i] = -1
		}
		return res
	}
	u := normalizedRows(z)
	order := make([]int, 0, n-1)
	const block = 64
	sim := new(tensor.Mat)
	var p1, pk, ap float64
	queries := 0
	for q := 0; q < n; q++ {
		if q%block == 0 {
			tensor.MatMulTransB(sim, u.Slice(q, min(q+block, n)), u) // (block, n)
		}
		row := sim.Row(q % block)
		order = order[:0]
		for j := 0; j < n; j++ {
			if j != q {
				order = append(order, j)
			}
		}
		slices.SortFunc(order, func(a, b int) int {
			if c := cmp.Compare(row[b], row[a]); c != 0 {
				return c
			}
			return a - b
		})
		res.Nearest[q] = order[0]
		y := labels[q]
		if labels[order[0]] == y {
			p1++
		}
		var hits, sum float64
		for r, j := range order {
			if labels[j] != y {
				continue
			}
			hits++
			sum += hits / float64(r+1)
			if r < res.K {
				pk++
			}
		}
		if hits > 0 {
			ap += sum / hits
			queries++
		}
	}
	res.P1 = p1 / float64(n)
	res.PK = pk / float64(n*res.K)
	if queries > 0 {
		res.MAP = ap / float64(queries)
	}
	return res
}
