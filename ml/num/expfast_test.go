package num

import (
	"math"
	"testing"
)

// expLdexp is Exp as Go writes it, ending in math.Ldexp: the reference that
// Exp's shortcut for normal results must match bit for bit.
func expLdexp(x float64) float64 {
	const (
		ln2Hi     = 6.93147180369123816490e-01
		ln2Lo     = 1.90821492927058770002e-10
		log2e     = 1.44269504088896338700e+00
		overflow  = 7.09782712893383973096e+02
		underflow = -7.45133219101941108420e+02
		nearZero  = 1.0 / (1 << 28)
		p1        = 1.66666666666666657415e-01
		p2        = -2.77777777770155933842e-03
		p3        = 6.61375632143793436117e-05
		p4        = -1.65339022054652515390e-06
		p5        = 4.13813679705723846039e-08
	)
	switch {
	case math.IsNaN(x):
		return x
	case x > overflow:
		return math.Inf(1)
	case x < underflow:
		return 0
	case -nearZero < x && x < nearZero:
		return 1 + x
	}
	var k int
	switch {
	case x < 0:
		k = int(log2e*x - 0.5)
	case x > 0:
		k = int(log2e*x + 0.5)
	}
	hi := x - float64(k)*ln2Hi
	lo := float64(k) * ln2Lo
	r := hi - lo
	t := r * r
	c := r - t*(p1+t*(p2+t*(p3+t*(p4+t*p5))))
	y := 1 - ((lo - (r*c)/(2-c)) - hi)
	return math.Ldexp(y, k)
}

func TestExpMatchesLdexpForm(t *testing.T) {
	g := NewRNG(1, 99)
	xs := []float64{-745.2, -745, -744.4, -720, -709, -708.4, -708.39, -707.7, -1e-8, -3e-9, 0, 3e-9, 1, 708, 709.7, 709.78}
	for range 200000 {
		xs = append(xs, g.Uniform(-746, 710), g.Uniform(-20, 2))
	}
	for _, x := range xs {
		if got, want := Exp(x), expLdexp(x); math.Float64bits(got) != math.Float64bits(want) {
			t.Fatalf("Exp(%v) = %v (%x), the Ldexp form gives %v (%x)", x, got, math.Float64bits(got), want, math.Float64bits(want))
		}
	}
}
