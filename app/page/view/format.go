package view

import (
	"math"
	"strconv"

	"sslab/app/session"
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

// progressLeft says how long the phase of p has left: "estimating…" until
// a tenth of it is done (or while the estimate is unknown, negative), then
// the estimate as people say it.
func progressLeft(p session.Progress) string {
	if p.ETASeconds < 0 || p.Total > 0 && p.Step*10 < p.Total {
		return "estimating…"
	}
	return timeLeft(p.ETASeconds)
}

// timeLeft says how long an estimate of seconds is, as people say it.
func timeLeft(seconds float64) string {
	switch {
	case seconds < 1:
		return "almost done"
	default:
		return "about " + duration(seconds) + " left"
	}
}

// duration writes a number of seconds as people say it: "40 s", "3 min".
func duration(seconds float64) string {
	if seconds < 90 {
		return strconv.Itoa(max(int(math.Round(seconds)), 1)) + " s"
	}
	return strconv.Itoa(int(math.Round(seconds/60))) + " min"
}
