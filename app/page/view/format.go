package view

import (
	"math"
	"strconv"
)

func itoa(v int) string { return strconv.Itoa(v) }

// groupThousands writes n with thin separators every three digits.
func groupThousands(n int) string {
	s := strconv.Itoa(n)
	neg := ""
	if n < 0 {
		neg, s = "-", s[1:]
	}
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return neg + s
}

// fixed writes v with d decimals.
func fixed(v float64, d int) string {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return "–"
	}
	return strconv.FormatFloat(v, 'f', d, 64)
}

// percent writes a fraction as a percentage with one decimal.
func percent(v float64) string { return fixed(100*v, 1) + "%" }

// timeLeft says how long an estimate of seconds is, as people say it.
func timeLeft(seconds float64) string {
	switch {
	case seconds < 1:
		return "almost done"
	case seconds < 90:
		return "about " + strconv.Itoa(int(math.Round(seconds))) + " s left"
	default:
		return "about " + strconv.Itoa(int(math.Round(seconds/60))) + " min left"
	}
}
