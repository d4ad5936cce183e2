package eval

import (
	"fmt"
	"math"
)

// Hungarian solves the assignment problem for a rows×cols cost matrix:
// it returns assign with assign[r] the column given to row r, such that no
// column is used twice and the total cost is minimal. When rows > cols the
// surplus rows get -1. Empty input returns nil.
//
// This is the O(n²m) shortest-augmenting-path form of Kuhn-Munkres with row
// and column potentials (Jonker-Volgenant style, as in e-maxx): each row is
// added by one Dijkstra-like sweep over the columns, which is simpler and
// faster than the classic cover-the-zeros formulation. Ties are broken by the
// lowest column index, so the result is deterministic.
func Hungarian(cost [][]float64) []int {
	rows := len(cost)
	if rows == 0 {
		return nil
	}
	cols := len(cost[0])
	for i, r := range cost {
		if len(r) != cols {
			panic(fmt.Sprintf("eval: Hungarian: row %d has %d costs, want %d", i, len(r), cols))
		}
	}
	if cols == 0 {
		assign := make([]int, rows)
		for i := range assign {
			assign[i] = -1
		}
		return assign
	}
	if rows > cols {
		// The algorithm needs rows ≤ cols: solve the transpose and invert it.
		t := make([][]float64, cols)
		for j := range t {
			t[j] = make([]float64, rows)
			for i := range t[j] {
				t[j][i] = cost[i][j]
			}
		}
		colToRow := hungarian(t)
		assign := make([]int, rows)
		for i := range assign {
			assign[i] = -1
		}
		for j, i := range colToRow {
			assign[i] = j
		}
		return assign
	}
	return hungarian(cost)
}

// hungarian handles n ≤ m. Arrays are 1-based with index 0 as the virtual
// source column, following the textbook presentation.
func hungarian(a [][]float64) []int {
	n, m := len(a), len(a[0])
	u := make([]float64, n+1) // row potentials
	v := make([]float64, m+1) // column potentials
	p := make([]int, m+1)     // p[j]: row matched to column j (0 = none)
	way := make([]int, m+1)   // previous column on the augmenting path
	minv := make([]float64, m+1)
	used := make([]bool, m+1)
	for i := 1; i <= n; i++ {
		p[0] = i
		j0 := 0
		for j := range minv {
			minv[j] = math.Inf(1)
			used[j] = false
		}
		for {
			used[j0] = true
			i0, delta, j1 := p[j0], math.Inf(1), -1
			for j := 1; j <= m; j++ {
				if used[j] {
					continue
				}
				cur := a[i0-1][j-1] - u[i0] - v[j]
				if cur < minv[j] {
					minv[j], way[j] = cur, j0
				}
				if minv[j] < delta {
					delta, j1 = minv[j], j
				}
			}
			if j1 < 0 {
				// Only reachable with NaN or infinite costs.
				panic("eval: Hungarian: costs must be finite")
			}
			for j := 0; j <= m; j++ {
				if used[j] {
					u[p[j]] += delta
					v[j] -= delta
				} else {
					minv[j] -= delta
				}
			}
			j0 = j1
			if p[j0] == 0 {
				break
			}
		}
		for j0 != 0 { // flip the augmenting path
			j1 := way[j0]
			p[j0] = p[j1]
			j0 = j1
		}
	}
	assign := make([]int, n)
	for j := 1; j <= m; j++ {
		if p[j] != 0 {
			assign[p[j]-1] = j - 1
		}
	}
	return assign
}
