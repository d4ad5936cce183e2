package gradcheck

import (
	"math"
	"testing"
)

func TestClose(t *testing.T) {
	tol := Tolerance{H: 1e-6, Rel: 1e-6, Abs: 1e-8}
	for _, tc := range []struct {
		a, n float64
		want bool
	}{
		{1, 1 + 0.5e-6, true},
		{1, 1 + 2e-6, false},
		{-3, -3 - 2e-6, true},
		{1e-9, -1e-9, true},    // both below Abs
		{2e-8, -2e-8, false},   // differ by 4e-8 > Abs, and not relatively close
		{1, -1, false},         // opposite signs
		{math.NaN(), 1, false}, // NaN is never close
		{0, math.Inf(1), false},
	} {
		if got := tol.Close(tc.a, tc.n); got != tc.want {
			t.Errorf("Close(%v, %v) = %v, want %v", tc.a, tc.n, got, tc.want)
		}
	}
}

// recorder is a testing.TB that records failures instead of failing.
type recorder struct {
	testing.TB
	errors int
}

func (r *recorder) Errorf(string, ...any) { r.errors++ }
func (r *recorder) Helper()               {}

func TestCheckFindsAWrongGradient(t *testing.T) {
	x := []float64{0.3, -1.2, 2}
	f := func() float64 { return x[0]*x[0] + math.Sin(x[1]) + x[0]*x[2] }
	good := []float64{2*x[0] + x[2], math.Cos(x[1]), x[0]}
	r := &recorder{TB: t}
	if rep := Check(r, "good", Default, x, good, f, nil); r.errors != 0 || rep.Failed != 0 || rep.Checked != 3 {
		t.Fatalf("a correct gradient failed: %d errors, report %+v", r.errors, rep)
	}
	bad := append([]float64(nil), good...)
	bad[1] *= 1 + 1e-4
	r = &recorder{TB: t}
	if rep := Check(r, "bad", Default, x, bad, f, []int{1, 2}); r.errors != 1 || rep.Failed != 1 {
		t.Fatalf("a gradient off by 1e-4 relative: %d errors, report %+v", r.errors, rep)
	}
	// A function that does not depend on x: the check tests nothing.
	r = &recorder{TB: t}
	Check(r, "flat", Default, x, make([]float64, 3), func() float64 { return 1 }, nil)
	if r.errors != 1 {
		t.Fatalf("a check of a constant function gave %d errors, want 1", r.errors)
	}
	if x[0] != 0.3 || x[1] != -1.2 || x[2] != 2 {
		t.Fatalf("Check changed x: %v", x)
	}
}

func TestStride(t *testing.T) {
	for _, tc := range []struct{ n, count, want int }{{10, 100, 10}, {1000, 10, 11}, {1001, 10, 11}, {1, 5, 1}} {
		idx := Stride(tc.n, tc.count)
		if len(idx) != tc.want || idx[0] != 0 || idx[len(idx)-1] != tc.n-1 {
			t.Errorf("Stride(%d, %d) = %v", tc.n, tc.count, idx)
		}
	}
}
