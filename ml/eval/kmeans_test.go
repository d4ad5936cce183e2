package eval

import (
	"reflect"
	"testing"

	"sslab/ml/tensor"
)

func TestKMeansRecoversBlobs(t *testing.T) {
	centres := [][]float64{{0, 0, 0}, {10, 0, 0}, {0, 10, 0}, {0, 0, 10}, {10, 10, 10}}
	z, y := blobs(centres, 40, 0.7, 3)
	for seed := uint64(0); seed < 3; seed++ {
		assign := KMeans(z, 5, seed, 4, 100)
		if acc := ClusterAccuracy(assign, y, 5, 5); acc != 1 {
			t.Errorf("seed %d: cluster accuracy %v, want 1", seed, acc)
		}
		if again := KMeans(z, 5, seed, 4, 100); !reflect.DeepEqual(assign, again) {
			t.Errorf("seed %d: two runs differ", seed)
		}
	}
}

func TestKMeansEdgeCases(t *testing.T) {
	if KMeans(tensor.NewMat(0, 3), 2, 1, 1, 10) != nil {
		t.Error("empty input should give nil")
	}
	// k larger than n clamps: every point its own cluster.
	z := tensor.FromRows([][]float64{{0}, {5}, {9}})
	got := KMeans(z, 10, 1, 2, 10)
	seen := map[int]bool{}
	for _, c := range got {
		if c < 0 || c >= 3 {
			t.Fatalf("assignment %d outside [0, 3)", c)
		}
		seen[c] = true
	}
	if len(seen) != 3 {
		t.Errorf("k clamped to n should give distinct clusters, got %v", got)
	}
	// Duplicate points: fewer distinct points than k must not loop or panic.
	dup := tensor.FromRows([][]float64{{1, 1}, {1, 1}, {1, 1}, {4, 4}})
	got = KMeans(dup, 3, 7, 3, 0)
	if got[0] != got[1] || got[1] != got[2] || got[3] == got[0] {
		t.Errorf("duplicates: got %v", got)
	}
}

func TestClusterAccuracy(t *testing.T) {
	for _, tc := range []struct {
		name       string
		assign, y  []int
		k, classes int
		want       float64
	}{
		{"empty", nil, nil, 2, 2, 0},
		{"relabelled", []int{1, 1, 0, 0}, []int{0, 0, 1, 1}, 2, 2, 1},
		// Contingency: cluster 0 = {a:2, b:1}, cluster 1 = {b:1}; best map
		// 0→a, 1→b gives 3 of 4.
		{"mixed", []int{0, 0, 0, 1}, []int{0, 0, 1, 1}, 2, 2, 0.75},
		// Three clusters, two classes: one cluster stays unmatched.
		{"more clusters", []int{0, 1, 2, 2}, []int{0, 0, 1, 1}, 3, 2, 0.75},
		// One cluster, two classes: only the majority class can be right.
		{"fewer clusters", []int{0, 0, 0}, []int{1, 0, 1}, 1, 2, 2.0 / 3},
	} {
		checkNear(t, tc.name, ClusterAccuracy(tc.assign, tc.y, tc.k, tc.classes), tc.want, 1e-15)
	}
}
