package main

import (
	"fmt"
	"strconv"
	"strings"

	"sslab/ml/data"
)

// parseImageSize parses the image size of a CSV file's features (the
// command line's -csv-image, the page's "Image size"): "" for none, else
// WIDTHxHEIGHT, as in 28x28.
func parseImageSize(s string) (w, h int, err error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return 0, 0, nil
	}
	ws, hs, ok := strings.Cut(strings.ReplaceAll(strings.ToLower(s), "×", "x"), "x")
	w, werr := strconv.Atoi(strings.TrimSpace(ws))
	h, herr := strconv.Atoi(strings.TrimSpace(hs))
	if !ok || werr != nil || herr != nil || w < 1 || h < 1 || w*h > data.MaxCSVColumns {
		return 0, 0, fmt.Errorf("image size %q: want WIDTHxHEIGHT with whole numbers from 1 and at most %d pixels, as in 28x28", s, data.MaxCSVColumns)
	}
	return w, h, nil
}
