package eval

import (
	"reflect"
	"testing"

	"sslab/ml/tensor"
)

func TestKNNSeparable(t *testing.T) {
	// Three classes pointing along different axes: cosine kNN must get them
	// all, whatever the norm of each point.
	centres := [][]float64{{5, 0, 0}, {0, 5, 0}, {0, 0, 5}}
	train, trainY := blobs(centres, 30, 0.5, 1)
	test, testY := blobs(centres, 10, 0.5, 2)
	for i := 0; i < test.Rows; i += 3 { // rescale some rows: cosine ignores norm
		for j := range test.Row(i) {
			test.Row(i)[j] *= 7
		}
	}
	for _, k := range []int{1, 5, 20, 1000} {
		if acc := KNNAccuracy(train, trainY, test, testY, k, 3); acc != 1 {
			t.Errorf("k=%d: accuracy %v, want 1", k, acc)
		}
	}
}

func TestKNNVotesAndTies(t *testing.T) {
	// Train points on the unit circle at the given angles' cosines/sines;
	// the query is the x axis, so similarity falls with |angle|.
	train := tensor.FromRows([][]float64{
		{1, 0},     // 0: class 2, nearest
		{0.9, 0.1}, // 1: class 1
		{0.8, 0.3}, // 2: class 1
		{0.7, 0.6}, // 3: class 0
		{0.5, 0.8}, // 4: class 0
		{0, 1},     // 5: class 0
	})
	trainY := []int{2, 1, 1, 0, 0, 0}
	q := tensor.FromRows([][]float64{{1, 0}})
	for _, tc := range []struct {
		k, want int
	}{
		{1, 2}, // nearest alone
		{2, 2}, // 1-1 tie between 2 and 1: nearest neighbour's class wins
		{3, 1}, // class 1 has two votes
		{4, 1}, // 2-1-1 → 1
		{5, 1}, // 2-2-1 tie between 1 and 0: class 1's member is nearer
		{6, 0}, // 3 votes
		{0, 2}, // clamped up to 1
	} {
		if got := KNNPredict(train, trainY, q, tc.k, 3); got[0] != tc.want {
			t.Errorf("k=%d: predicted %d, want %d", tc.k, got[0], tc.want)
		}
	}
}

func TestKNNEdgeCases(t *testing.T) {
	q := tensor.FromRows([][]float64{{1, 0}, {0, 1}})
	if got := KNNPredict(tensor.NewMat(0, 2), nil, q, 3, 2); !reflect.DeepEqual(got, []int{-1, -1}) {
		t.Errorf("no training rows: got %v, want [-1 -1]", got)
	}
	if got := KNNPredict(q, []int{0, 1}, tensor.NewMat(0, 2), 3, 2); len(got) != 0 {
		t.Errorf("no test rows: got %v", got)
	}
	// Identical train rows tie on similarity: the lower index ranks first.
	train := tensor.FromRows([][]float64{{1, 1}, {2, 2}})
	if got := KNNPredict(train, []int{1, 0}, q, 2, 2); !reflect.DeepEqual(got, []int{1, 1}) {
		t.Errorf("tied similarities: got %v, want [1 1]", got)
	}
}
