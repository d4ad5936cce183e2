package data

import (
	"strings"
	"testing"
)

func TestParseImageSize(t *testing.T) {
	for _, tc := range []struct {
		in   string
		w, h int
	}{
		{"", 0, 0}, {"  ", 0, 0}, {"28x28", 28, 28}, {" 8 X 4 ", 8, 4}, {"3×5", 3, 5}, {"32x32", 32, 32},
	} {
		w, h, err := ParseImageSize(tc.in)
		if err != nil || w != tc.w || h != tc.h {
			t.Errorf("ParseImageSize(%q) = %d, %d, %v; want %d, %d", tc.in, w, h, err, tc.w, tc.h)
		}
	}
	for _, bad := range []string{"28", "x28", "28x", "0x4", "4x-1", "a x b", "33x32", "2.5x4"} {
		_, _, err := ParseImageSize(bad)
		if err == nil {
			t.Errorf("ParseImageSize(%q) accepted", bad)
			continue
		}
		for _, want := range []string{`"` + strings.TrimSpace(bad) + `"`, "WIDTHxHEIGHT", "at most 1024 pixels", "28x28"} {
			if !strings.Contains(err.Error(), want) {
				t.Errorf("ParseImageSize(%q): %q lacks %q", bad, err, want)
			}
		}
	}
}
