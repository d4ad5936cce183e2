package view

import "testing"

func TestRegimeNames(t *testing.T) {
	for _, tc := range []struct {
		n    int
		all  bool
		want string
	}{{0, false, "zero-shot"}, {10, false, "few-shot"}, {49, false, "few-shot"}, {50, false, "many-shot"}, {1346, true, "all labels"}} {
		if got := regime(tc.n, tc.all); got != tc.want {
			t.Errorf("regime(%d, %v) = %q, want %q", tc.n, tc.all, got, tc.want)
		}
	}
}
