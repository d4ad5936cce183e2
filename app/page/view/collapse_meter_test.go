package view

import (
	"strings"
	"testing"
)

// TestCollapseExplained checks that the collapse meter says what collapse
// is and that SimSiam and BYOL can do it, and warns only near rank 1.
func TestCollapseExplained(t *testing.T) {
	for _, tc := range []struct {
		rank float64
		warn bool
	}{{1.05, true}, {1.49, true}, {1.5, false}, {12, false}} {
		h := pageHTML(t, mount(t, &CollapseMeter{SVG: "<svg></svg>", EffRank: tc.rank, Dim: 64}))
		if got := strings.Contains(h, `id="collapse-warning"`); got != tc.warn {
			t.Errorf("effective rank %v: warning shown %v, want %v", tc.rank, got, tc.warn)
		}
		for _, want := range []string{"Collapse is when the encoder maps every input to (nearly) the same point",
			"SimSiam and BYOL use no negative examples", "can still collapse", "Effective rank"} {
			if !strings.Contains(h, want) {
				t.Errorf("effective rank %v: the meter lacks %q", tc.rank, want)
			}
		}
		if tc.warn && !strings.Contains(h, "lower learning rate") {
			t.Errorf("effective rank %v: the warning suggests no remedy", tc.rank)
		}
	}
}
