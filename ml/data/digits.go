package data

import (
	"bufio"
	"bytes"
	"compress/gzip"
	_ "embed"
	"fmt"
	"strconv"
	"strings"
	"sync"

	"sslab/ml/tensor"
)

// digitsCSV is scikit-learn's digits.csv.gz: one image per line, 64 pixel
// counts in 0..16 (row-major 8×8, top row first) followed by the label.
// See DATA.md for its origin, licence and checksum.
//
//go:embed digits.csv.gz
var digitsCSV []byte

const (
	digitsN       = 1797
	digitsSide    = 8
	digitsClasses = 10
	digitsMax     = 16 // each pixel counts the set bits of a 4×4 block
)

var (
	digitsOnce sync.Once
	digitsData *Dataset
	digitsErr  error
)

// Digits returns the 1,797 8×8 handwritten digits, pixels scaled to [0,1].
// The embedded file is parsed once; each call returns a fresh copy.
func Digits() (*Dataset, error) {
	digitsOnce.Do(func() { digitsData, digitsErr = parseDigits(digitsCSV) })
	if digitsErr != nil {
		return nil, digitsErr
	}
	return digitsData.clone(), nil
}

func parseDigits(gz []byte) (*Dataset, error) {
	zr, err := gzip.NewReader(bytes.NewReader(gz))
	if err != nil {
		return nil, fmt.Errorf("data: digits: %w", err)
	}
	const d = digitsSide * digitsSide
	x := tensor.NewMat(digitsN, d)
	labels := make([]int, 0, digitsN)
	sc := bufio.NewScanner(zr)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" {
			continue
		}
		i := len(labels)
		if i == digitsN {
			return nil, fmt.Errorf("data: digits: more than %d rows", digitsN)
		}
		f := strings.Split(line, ",")
		if len(f) != d+1 {
			return nil, fmt.Errorf("data: digits row %d: %d columns, want %d", i, len(f), d+1)
		}
		row := x.Row(i)
		for j := 0; j < d; j++ {
			v, err := strconv.ParseFloat(f[j], 64)
			if err != nil || v < 0 || v > digitsMax {
				return nil, fmt.Errorf("data: digits row %d pixel %d: bad value %q", i, j, f[j])
			}
			row[j] = v / digitsMax
		}
		// The label may be written "3" or "3.0".
		l, err := strconv.ParseFloat(f[d], 64)
		if err != nil || l != float64(int(l)) || l < 0 || l >= digitsClasses {
			return nil, fmt.Errorf("data: digits row %d: bad label %q", i, f[d])
		}
		labels = append(labels, int(l))
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("data: digits: %w", err)
	}
	if err := zr.Close(); err != nil {
		return nil, fmt.Errorf("data: digits: %w", err)
	}
	if len(labels) != digitsN {
		return nil, fmt.Errorf("data: digits: %d rows, want %d", len(labels), digitsN)
	}
	var count [digitsClasses]int
	for _, l := range labels {
		count[l]++
	}
	names := make([]string, digitsClasses)
	for c := range names {
		if count[c] == 0 {
			return nil, fmt.Errorf("data: digits: no example of class %d", c)
		}
		names[c] = strconv.Itoa(c)
	}
	return &Dataset{
		Name:       "digits",
		X:          x,
		Labels:     labels,
		Classes:    digitsClasses,
		ClassNames: names,
		Width:      digitsSide,
		Height:     digitsSide,
		Source:     "UCI Optical Recognition of Handwritten Digits (E. Alpaydin, C. Kaynak, 1998), test set as shipped by scikit-learn (load_digits)",
		License:    "CC BY 4.0",
	}, nil
}
