package gradcheck

import (
	"fmt"
	"math"
	"testing"
)

// Tolerance is the rule an analytic derivative is held to.
type Tolerance struct {
	H   float64 // central-difference step
	Rel float64 // bound on |analytic − numeric| relative to the larger of the two
	Abs float64 // bound on |analytic − numeric| for derivatives too small to judge relatively
	// Min is the size at least one checked derivative must reach: a check
	// whose derivatives are all smaller than Min tests nothing and fails.
	Min float64
}

// Default is the tolerance of a layer or a loss evaluated once in float64.
var Default = Tolerance{H: 1e-6, Rel: 1e-6, Abs: 1e-8, Min: 1e-4}

// Close reports whether the analytic derivative a agrees with the numeric
// one n: |a − n| ≤ max(Rel·max(|a|, |n|), Abs). A number that is not
// finite on either side is never close.
func (tol Tolerance) Close(a, n float64) bool {
	d := math.Abs(a - n)
	if math.IsNaN(d) || math.IsInf(d, 0) {
		return false
	}
	return d <= max(tol.Rel*max(math.Abs(a), math.Abs(n)), tol.Abs)
}

// Numeric returns the central difference (f(x+h) − f(x−h)) / 2h at entry i
// of x, and leaves x[i] as it was.
func (tol Tolerance) Numeric(x []float64, i int, f func() float64) float64 {
	v := x[i]
	x[i] = v + tol.H
	up := f()
	x[i] = v - tol.H
	down := f()
	x[i] = v
	return (up - down) / (2 * tol.H)
}

// Report summarises one Check.
type Report struct {
	Checked  int     // entries compared
	Failed   int     // entries that were not Close
	Largest  float64 // largest |numeric| seen
	WorstRel float64 // largest |a − n| / max(|a|, |n|) among entries above Abs
}

// Check compares grad[i], the analytic derivative of f with respect to
// x[i], with the central difference of f, for every i in idx (every entry
// of x if idx is nil). f must compute the loss at the current x and must not
// write into grad. Each disagreement is reported with t.Errorf, naming the
// entry; the check also fails if no checked derivative reaches tol.Min.
func Check(t testing.TB, name string, tol Tolerance, x, grad []float64, f func() float64, idx []int) Report {
	t.Helper()
	if len(grad) != len(x) {
		t.Fatalf("%s: gradient has %d entries, the input %d", name, len(grad), len(x))
	}
	var r Report
	each := func(i int) {
		n := tol.Numeric(x, i, f)
		a := grad[i]
		r.Checked++
		r.Largest = max(r.Largest, math.Abs(n))
		if d := math.Abs(a - n); d > tol.Abs {
			r.WorstRel = max(r.WorstRel, d/max(math.Abs(a), math.Abs(n)))
		}
		if !tol.Close(a, n) {
			r.Failed++
			if r.Failed <= 20 {
				t.Errorf("%s: entry %d: analytic %.12g, finite difference %.12g", name, i, a, n)
			}
		}
	}
	if idx == nil {
		for i := range x {
			each(i)
		}
	} else {
		for _, i := range idx {
			each(i)
		}
	}
	if r.Failed > 20 {
		t.Errorf("%s: %d entries of %d disagree in all", name, r.Failed, r.Checked)
	}
	if !(r.Largest >= tol.Min) {
		t.Errorf("%s: the largest derivative checked is %.3g, below %.3g: the check tests nothing", name, r.Largest, tol.Min)
	}
	return r
}

// Stride returns about count indices spread evenly over [0, n), always
// including the last: for checking a sample of a large parameter vector.
func Stride(n, count int) []int {
	if n <= 0 {
		return nil
	}
	step := max(1, n/max(1, count))
	var idx []int
	for i := 0; i < n; i += step {
		idx = append(idx, i)
	}
	if idx[len(idx)-1] != n-1 {
		idx = append(idx, n-1)
	}
	return idx
}

// String formats a report for a log line.
func (r Report) String() string {
	return fmt.Sprintf("%d entries, largest derivative %.3g, worst relative error %.2g", r.Checked, r.Largest, r.WorstRel)
}
