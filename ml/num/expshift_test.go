package num

import (
	"math"
	"testing"
)

// ExpShift gives Exp's bits, and the sum in index order, for every kind of
// argument: ordinary, near 0, near underflow, below it, above m, NaN.
func TestExpShiftMatchesExp(t *testing.T) {
	g := NewRNG(2, 7)
	x := []float64{0, -1e-300, -3e-9, -4e-9, -1e-8, -707.9, -708, -708.1, -744, -746, 2, 1e-9, math.NaN(), math.Inf(-1)}
	for range 100000 {
		x = append(x, g.Uniform(-30, 0.5), g.Uniform(-760, 0))
	}
	for _, m := range []float64{0, 3.5, -2} {
		in := make([]float64, len(x))
		for i, v := range x {
			in[i] = v + m
		}
		got := append([]float64(nil), in...)
		sum := ExpShift(got, m)
		var want float64
		for i, v := range in {
			e := Exp(v - m)
			if math.Float64bits(got[i]) != math.Float64bits(e) {
				t.Fatalf("m %v: entry %d (x−m = %v): %v, Exp gives %v", m, i, v-m, got[i], e)
			}
			want += e
		}
		if math.Float64bits(sum) != math.Float64bits(want) && !(math.IsNaN(sum) && math.IsNaN(want)) {
			t.Fatalf("m %v: sum %v, want %v", m, sum, want)
		}
	}
}
