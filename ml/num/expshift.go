package num

import "math"

// ExpShift sets x[i] = Exp(x[i] − m) for every i and returns their sum,
// taken in index order: a softmax's numerators and normaliser. The results
// are Exp's bits; the loop holds Exp's algorithm inline for the arguments a
// softmax has (x[i] ≤ m, results that are normal numbers) because the
// calls cost as much as the polynomial on wasm, and this loop runs over
// the whole vocabulary for every scored token. Any other argument goes
// through Exp itself.
func ExpShift(x []float64, m float64) float64 {
	const (
		ln2Hi    = 6.93147180369123816490e-01
		ln2Lo    = 1.90821492927058770002e-10
		log2e    = 1.44269504088896338700e+00
		nearZero = 1.0 / (1 << 28)
		p1       = 1.66666666666666657415e-01
		p2       = -2.77777777770155933842e-03
		p3       = 6.61375632143793436117e-05
		p4       = -1.65339022054652515390e-06
		p5       = 4.13813679705723846039e-08
		// Below this, k < −1021 and 2**k is not normal: leave it to Exp.
		lowest = -708
	)
	var sum float64
	for i, v := range x {
		d := v - m
		var e float64
		if lowest <= d && d <= -nearZero {
			k := int(log2e*d - 0.5)
			hi := d - float64(k)*ln2Hi
			lo := float64(k) * ln2Lo
			r := hi - lo
			t := r * r
			c := r - t*(p1+t*(p2+t*(p3+t*(p4+t*p5))))
			y := 1 - ((lo - (r*c)/(2-c)) - hi)
			e = y * math.Float64frombits(uint64(k+1023)<<52)
		} else {
			e = Exp(d)
		}
		x[i] = e
		sum += e
	}
	return sum
}
