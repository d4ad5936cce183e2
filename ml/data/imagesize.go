package data

import (
	"fmt"
	"strconv"
	"strings"
)

// ParseImageSize parses the image size of a CSV file's features, as the
// command line's -csv-image and the page's "Image size" take it: "" for
// none (w and h 0), else WIDTHxHEIGHT, as in 28x28 (an "×" or a capital X
// will do). The pixels must fit in MaxCSVColumns feature columns.
func ParseImageSize(s string) (w, h int, err error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return 0, 0, nil
	}
	ws, hs, ok := strings.Cut(strings.ReplaceAll(strings.ToLower(s), "×", "x"), "x")
	w, werr := strconv.Atoi(strings.TrimSpace(ws))
	h, herr := strconv.Atoi(strings.TrimSpace(hs))
	if !ok || werr != nil || herr != nil || w < 1 || h < 1 || w*h > MaxCSVColumns {
		return 0, 0, fmt.Errorf("image size %q: want WIDTHxHEIGHT with whole numbers from 1 and at most %d pixels, as in 28x28", s, MaxCSVColumns)
	}
	return w, h, nil
}
