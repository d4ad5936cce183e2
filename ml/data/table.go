package data

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"fmt"
	"math"
	"strconv"
	"strings"
)

// This file reads the gzipped numeric tables that scikit-learn ships and
// this package embeds (breast-cancer, diabetes): one record a line, fields
// separated by commas or by blanks.

// readTable decompresses gz and calls row for every non-empty line with its
// 0-based record number and its fields. sep is ',' for comma-separated
// lines, or ' ' for fields separated by runs of blanks. Errors name file.
func readTable(file string, gz []byte, sep rune, row func(i int, f []string) error) (int, error) {
	zr, err := gzip.NewReader(bytes.NewReader(gz))
	if err != nil {
		return 0, fmt.Errorf("data: %s: %w", file, err)
	}
	n := 0
	sc := bufio.NewScanner(zr)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" {
			continue
		}
		var f []string
		if sep == ' ' {
			f = strings.Fields(line)
		} else {
			f = strings.Split(line, string(sep))
		}
		if err := row(n, f); err != nil {
			return n, fmt.Errorf("data: %s record %d: %w", file, n+1, err)
		}
		n++
	}
	if err := sc.Err(); err != nil {
		return n, fmt.Errorf("data: %s: %w", file, err)
	}
	if err := zr.Close(); err != nil {
		return n, fmt.Errorf("data: %s: %w", file, err)
	}
	return n, nil
}

// parseFinite parses a field that must be a finite number; name says which
// column it is in an error.
func parseFinite(s, name string) (float64, error) {
	v, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
		return 0, fmt.Errorf("%s: %q is not a finite number", name, s)
	}
	return v, nil
}
