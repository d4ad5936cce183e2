package data

import (
	"slices"
	"testing"

	"sslab/ml/tensor"
)

// LongSentences keeps, in order, the rows of at least n tokens (a row's
// tokens end at its first PAD) among those asked for.
func TestLongSentences(t *testing.T) {
	x := tensor.NewMat(4, 4)
	copy(x.Data, []float64{
		5, 6, 7, 8, // 4 tokens
		5, 6, 0, 0, // 2
		5, 6, 7, 0, // 3
		9, 9, 9, 9, // 4
	})
	ds := &Dataset{Name: "toy", X: x}
	for _, tc := range []struct {
		rows []int
		n    int
		want []int
	}{
		{[]int{0, 1, 2, 3}, 4, []int{0, 3}},
		{[]int{3, 2, 1, 0}, 3, []int{3, 2, 0}},
		{[]int{1, 2}, 4, nil},
		{[]int{1}, 2, []int{1}},
	} {
		if got := ds.LongSentences(tc.rows, tc.n); !slices.Equal(got, tc.want) {
			t.Errorf("LongSentences(%v, %d) = %v, want %v", tc.rows, tc.n, got, tc.want)
		}
	}
}
