package eval

import (
	"reflect"
	"testing"
)

func TestAccuracy(t *testing.T) {
	for _, tc := range []struct {
		name         string
		pred, labels []int
		want         float64
	}{
		{"empty", nil, nil, 0},
		{"all right", []int{0, 1, 2}, []int{0, 1, 2}, 1},
		{"all wrong", []int{1, 2, 0}, []int{0, 1, 2}, 0},
		{"three of four", []int{0, 1, 1, 1}, []int{0, 1, 0, 1}, 0.75},
		{"no prediction", []int{-1, 1}, []int{0, 1}, 0.5},
	} {
		checkNear(t, tc.name, Accuracy(tc.pred, tc.labels), tc.want, 0)
	}
}

func TestMSEAndR2(t *testing.T) {
	for _, tc := range []struct {
		name         string
		pred, target []float64
		mse, r2      float64
	}{
		{"empty", nil, nil, 0, 0},
		{"perfect", []float64{1, 2, 3}, []float64{1, 2, 3}, 0, 1},
		// target mean 2, SStot = 2; residuals (1, 0, -1): SSres = 2.
		{"mean-level", []float64{2, 2, 2}, []float64{1, 2, 3}, 2.0 / 3, 0},
		// residuals (0.5, -0.5, 0, 1): SSres = 1.5; target mean 2.5, SStot = 5.
		{"partial", []float64{0.5, 2.5, 3, 3}, []float64{1, 2, 3, 4}, 1.5 / 4, 1 - 1.5/5},
		// worse than the mean: SSres = 8, SStot = 2.
		{"negative", []float64{3, 2, 1}, []float64{1, 2, 3}, 8.0 / 3, -3},
		{"constant exact", []float64{5, 5}, []float64{5, 5}, 0, 1},
		{"constant miss", []float64{4, 6}, []float64{5, 5}, 1, 0},
	} {
		checkNear(t, tc.name+" MSE", MSE(tc.pred, tc.target), tc.mse, 1e-15)
		checkNear(t, tc.name+" R2", R2(tc.pred, tc.target), tc.r2, 1e-15)
	}
}

func TestConfusionMatrix(t *testing.T) {
	pred := []int{0, 1, 1, 2, 2, 2, -1, 0}
	labels := []int{0, 1, 0, 2, 1, 2, 2, 3}
	got := ConfusionMatrix(pred, labels, 3)
	want := [][]int{
		{1, 1, 0}, // true 0: predicted 0 once, 1 once
		{0, 1, 1},
		{0, 0, 2}, // the -1 prediction and the label 3 are not counted
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("ConfusionMatrix = %v, want %v", got, want)
	}
	if ConfusionMatrix(nil, nil, 0) != nil {
		t.Error("ConfusionMatrix with 0 classes should be nil")
	}
}

func TestLengthMismatchPanics(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Error("Accuracy with mismatched lengths did not panic")
		}
	}()
	Accuracy([]int{1}, []int{1, 2})
}
