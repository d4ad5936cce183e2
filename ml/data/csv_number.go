package data

// Parsing numbers as spreadsheets write them: decimal commas, and a fast
// path for plain decimals that gives strconv.ParseFloat's bits.

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
)

// parseNumber parses a feature cell. It returns a description of the
// problem, saying what was expected, if the cell is not a finite number.
func parseNumber(s string, sep rune) (float64, string) {
	if s == "" {
		return 0, "the cell is empty: expected a number (fill in the missing value or delete the row)"
	}
	if v, ok := parseDecimal(s); ok {
		return v, ""
	}
	v, err := strconv.ParseFloat(s, 64)
	if err == nil && !math.IsNaN(v) && !math.IsInf(v, 0) {
		return v, ""
	}
	if err != nil && sep == ';' && strings.Count(s, ",") == 1 && !strings.Contains(s, ".") {
		v, err = strconv.ParseFloat(strings.Replace(s, ",", ".", 1), 64)
	}
	switch {
	case errors.Is(err, strconv.ErrRange) && math.IsInf(v, 0):
		return 0, fmt.Sprintf("%q is too large: numbers must lie between -1.8e308 and 1.8e308", truncate(s))
	case errors.Is(err, strconv.ErrRange):
		return v, "" // underflow: the nearest number is 0 or subnormal, which is fine
	case err != nil:
		hint := ""
		if strings.Contains(s, ",") {
			hint = " (write numbers without thousands separators and with a point for decimals, as in 1234.5)"
		}
		return 0, fmt.Sprintf("%q is not a number: expected a number such as 3, -0.25 or 1e-3%s", truncate(s), hint)
	case math.IsNaN(v):
		return 0, fmt.Sprintf("%q is not a number (NaN): expected a number (fill in the missing value or delete the row)", truncate(s))
	case math.IsInf(v, 0):
		return 0, fmt.Sprintf("%q is infinite: expected a finite number", truncate(s))
	}
	return v, ""
}

// exactPow10 are the powers of ten a float64 holds exactly.
var exactPow10 = [...]float64{1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15}

// parseDecimal is a fast path for the cells most files are made of, such
// as "255", "-0.25" or "3.14159": a sign, at most 15 digits and a point.
// It returns the same bits as strconv.ParseFloat, which it beats by several
// times (most of ReadCSV's time is number parsing): the digits form an
// integer below 2^53, exact in a float64, and dividing it by an exact power
// of ten rounds correctly, as in ParseFloat's own exact path. ok is false
// for anything else, which is left to ParseFloat.
func parseDecimal(s string) (v float64, ok bool) {
	i, neg := 0, false
	if len(s) > 0 && (s[0] == '-' || s[0] == '+') {
		i, neg = 1, s[0] == '-'
	}
	var mant uint64
	digits, frac, dot := 0, 0, false
	for ; i < len(s); i++ {
		switch c := s[i]; {
		case '0' <= c && c <= '9':
			mant = mant*10 + uint64(c-'0')
			digits++
			if dot {
				frac++
			}
		case c == '.' && !dot:
			dot = true
		default:
			return 0, false
		}
	}
	if digits == 0 || digits > 15 {
		return 0, false
	}
	v = float64(mant) / exactPow10[frac]
	if neg {
		v = -v
	}
	return v, true
}
