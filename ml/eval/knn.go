package eval

import (
	"fmt"

	"sslab/ml/tensor"
)

// KNNPredict classifies each row of testZ by a majority vote of its k
// nearest rows of trainZ under cosine similarity, the standard kNN monitor
// for self-supervised embeddings (Wu et al. 2018): it needs no training and
// reflects the geometry the contrastive loss actually shapes.
//
// Rows are L2-normalised internally, so similarity is a dot product. Train
// rows are ranked by similarity, ties going to the lower train index, which
// makes the neighbour list and hence the prediction deterministic. A tied
// vote goes to the tied class whose member is nearest, i.e. to the nearest
// neighbour's class when it is among the tied ones.
//
// k is clamped to [1, trainZ.Rows]. With no training rows every prediction
// is -1. trainY values must lie in [0, classes).
func KNNPredict(trainZ *tensor.Mat, trainY []int, testZ *tensor.Mat, k, classes int) []int {
	checkLen("KNNPredict: trainZ rows vs trainY", trainZ.Rows, len(trainY))
	for i, y := range trainY {
		if y < 0 || y >= classes {
			panic(fmt.Sprintf("eval: KNNPredict: trainY[%d] = %d outside [0, %d)", i, y, classes))
		}
	}
	pred := make([]int, testZ.Rows)
	n := trainZ.Rows
	if n == 0 {
		for i := range pred {
			pred[i] = -1
		}
		return pred
	}
	if testZ.Rows > 0 && testZ.Cols != trainZ.Cols {
		panic(fmt.Sprintf("eval: KNNPredict: train has %d columns, test %d", trainZ.Cols, testZ.Cols))
	}
	k = min(max(k, 1), n)
	train, test := normalizedRows(trainZ), normalizedRows(testZ)

	nb := newTopK(k)
	votes := make([]int, classes)
	first := make([]int, classes) // rank of the nearest neighbour per class
	// Similarities a block of test rows at a time, by the matrix kernel:
	// the search costs one product, and memory stays (block, n).
	const block = 64
	sim := new(tensor.Mat)
	for i := range pred {
		if i%block == 0 {
			tensor.MatMulTransB(sim, test.Slice(i, min(i+block, test.Rows)), train) // (block, n)
		}
		row := sim.Row(i % block)
		nb.reset()
		for j, s := range row {
			nb.offer(s, j)
		}
		clear(votes)
		for r, j := range nb.idx {
			c := trainY[j]
			if votes[c] == 0 {
				first[c] = r
			}
			votes[c]++
		}
		best := -1
		for c, v := range votes {
			if v == 0 {
				continue
			}
			if best < 0 || v > votes[best] || (v == votes[best] && first[c] < first[best]) {
				best = c
			}
		}
		pred[i] = best
	}
	return pred
}

// KNNAccuracy returns the accuracy of KNNPredict on (testZ, testY).
func KNNAccuracy(trainZ *tensor.Mat, trainY []int, testZ *tensor.Mat, testY []int, k, classes int) float64 {
	checkLen("KNNAccuracy: testZ rows vs testY", testZ.Rows, len(testY))
	return Accuracy(KNNPredict(trainZ, trainY, testZ, k, classes), testY)
}

// topK keeps the k best (similarity, index) pairs seen so far, sorted best
// first. Insertion into a short sorted list beats a heap for the small k
// (≤ a few hundred) used in practice, since most candidates fail the first
// comparison against the current k-th best.
type topK struct {
	k   int
	sim []float64
	idx []int
}

func newTopK(k int) *topK {
	return &topK{k: k, sim: make([]float64, 0, k), idx: make([]int, 0, k)}
}

func (t *topK) reset() { t.sim, t.idx = t.sim[:0], t.idx[:0] }

// offer inserts (s, j). Candidates arrive in increasing j, so placing s after
// every equal similarity ranks ties by lower index first.
func (t *topK) offer(s float64, j int) {
	n := len(t.sim)
	if n == t.k && !(s > t.sim[n-1]) {
		return
	}
	if n < t.k {
		t.sim, t.idx = append(t.sim, 0), append(t.idx, 0)
	} else {
		n-- // drop the current worst
	}
	p := n
	for p > 0 && s > t.sim[p-1] {
		t.sim[p], t.idx[p] = t.sim[p-1], t.idx[p-1]
		p--
	}
	t.sim[p], t.idx[p] = s, j
}
