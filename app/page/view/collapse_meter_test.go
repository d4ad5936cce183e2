package view

import (
	"strings"
	"testing"

	"sslab/ml/eval"
	"sslab/ml/train"
)

// TestCollapseExplained checks that the collapse meter says what collapse
// is and that SimSiam and BYOL can do it, reads both kinds for the
// representation and the projections, and warns, with the reason, exactly
// when either collapses.
func TestCollapseExplained(t *testing.T) {
	healthy := eval.Collapse{EffectiveRank: 12, Top: 0.2, Spread: 0.5, Shrink: 0.9}
	line := eval.Collapse{EffectiveRank: 1.3, Top: 0.9, Spread: 0.4, Shrink: 0.8, Dimensional: true}
	point := eval.Collapse{EffectiveRank: 3, Top: 0.4, Spread: 0.001, Shrink: 0.5, Complete: true}
	for _, tc := range []struct {
		name       string
		rep        eval.Collapse
		head       *eval.Collapse
		warn, kind string // "" for no warning
	}{
		{"healthy", healthy, &healthy, "", ""},
		{"a line", line, nil, "nearly one line: 90% of their variance", "Dimensional collapse: "},
		{"projections on a point", healthy, &point, "the projections the loss compares collapsed to one point", "Complete collapse: "},
	} {
		mon := train.Snapshot{Collapse: tc.rep, HeadCollapse: tc.head}
		h := pageHTML(t, mount(t, &CollapseMeter{SVG: "<svg></svg>", Monitor: mon, Dim: 64, Head: true}))
		warned := strings.Contains(h, `id="collapse-warning"`)
		if warned != (tc.warn != "") {
			t.Errorf("%s: warning shown %v", tc.name, warned)
		}
		for _, want := range []string{"Collapse is when the encoder maps every input to (nearly) the same point",
			"SimSiam and BYOL use no negative examples", "can still collapse", "Effective rank", "1st dir.", "representation", tc.warn, tc.kind} {
			if !strings.Contains(h, want) {
				t.Errorf("%s: the meter lacks %q", tc.name, want)
			}
		}
		if got := strings.Contains(h, ">projections<"); got != (tc.head != nil) {
			t.Errorf("%s: projections row shown %v", tc.name, got)
		}
		if warned && !strings.Contains(h, "lower learning rate") {
			t.Errorf("%s: the warning suggests no remedy", tc.name)
		}
	}
}
