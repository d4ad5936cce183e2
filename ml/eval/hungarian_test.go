package eval

import (
	"math"
	"reflect"
	"testing"

	"sslab/ml/num"
)

// bruteForce returns the minimal total cost over all permutations.
func bruteForce(cost [][]float64) float64 {
	n := len(cost)
	perm := make([]int, n)
	for i := range perm {
		perm[i] = i
	}
	best := math.Inf(1)
	var rec func(i int, s float64)
	rec = func(i int, s float64) {
		if i == n {
			best = math.Min(best, s)
			return
		}
		for j := i; j < n; j++ {
			perm[i], perm[j] = perm[j], perm[i]
			rec(i+1, s+cost[i][perm[i]])
			perm[i], perm[j] = perm[j], perm[i]
		}
	}
	rec(0, 0)
	return best
}

func totalCost(cost [][]float64, assign []int) float64 {
	var s float64
	used := map[int]bool{}
	for i, j := range assign {
		if j < 0 {
			continue
		}
		if used[j] {
			return math.NaN() // not one-to-one
		}
		used[j] = true
		s += cost[i][j]
	}
	return s
}

func TestHungarianMatchesBruteForce(t *testing.T) {
	g := num.NewRNG(11, 0)
	for trial := 0; trial < 200; trial++ {
		cost := make([][]float64, 5)
		for i := range cost {
			cost[i] = make([]float64, 5)
			for j := range cost[i] {
				if trial%2 == 0 {
					cost[i][j] = g.Uniform(-10, 10)
				} else {
					cost[i][j] = float64(g.IntN(4)) // many ties
				}
			}
		}
		got := totalCost(cost, Hungarian(cost))
		if want := bruteForce(cost); !near(got, want, 1e-12) {
			t.Fatalf("trial %d: cost %v, brute force %v\n%v", trial, got, want, cost)
		}
	}
}

func TestHungarianRectangular(t *testing.T) {
	for _, tc := range []struct {
		name string
		cost [][]float64
		want []int
	}{
		{"empty", nil, nil},
		{"1x1", [][]float64{{3}}, []int{0}},
		{"wide", [][]float64{{5, 1, 9}, {1, 5, 9}}, []int{1, 0}},
		{"tall", [][]float64{{5, 1}, {9, 9}, {1, 5}}, []int{1, -1, 0}},
		{"no columns", [][]float64{{}, {}}, []int{-1, -1}},
	} {
		if got := Hungarian(tc.cost); !reflect.DeepEqual(got, tc.want) {
			t.Errorf("%s: got %v, want %v", tc.name, got, tc.want)
		}
	}
}
