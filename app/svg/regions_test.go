package svg

import (
	"math"
	"strings"
	"testing"
)

// Decision regions: one tinted path per class predicted somewhere, the
// points on top, the axes spanning the region's bounds; a regression
// surface shades by value; a degenerate region falls back to a scatter.
func TestRegions(t *testing.T) {
	const n = 8
	r := Region{N: n, XLo: -1, XHi: 1, YLo: -2, YHi: 2, Class: make([]int, n*n)}
	for i := range r.Class {
		if i%n >= n/2 { // the right half is class 1
			r.Class[i] = 1
		}
	}
	xy := []float64{-0.5, 0, 0.5, 1, 0.9, -1.5}
	labels := []int{0, 1, 0}
	doc := Regions(r, xy, labels, []string{"a", "b", "c"}, Options{Legend: true})
	p := parse(t, doc)
	if !p.hasText("a") || !p.hasText("b") {
		t.Errorf("legend missing: %q", p.texts)
	}
	if got := strings.Count(doc, `fill="`+classColor(0, 3)+`" d="M`); got < 1 {
		t.Errorf("no region path of class 0 in %s", doc)
	}
	if !strings.Contains(doc, `fill-opacity="0.28"`) {
		t.Error("regions are not tinted")
	}
	// Each row of a half-and-half grid is two runs: 2·n rectangles.
	if got := strings.Count(regionGroup(doc), "z"); got != 2*n {
		t.Errorf("%d rectangles, want %d", got, 2*n)
	}
	for _, tick := range []string{"-2", "2"} {
		if !p.hasText(tick) {
			t.Errorf("y axis lacks the bound %s: %q", tick, p.texts)
		}
	}

	reg := Region{N: 2, XLo: 0, XHi: 1, YLo: 0, YHi: 1, Value: []float64{0, 1, 2, math.NaN()}}
	doc = Regions(reg, xy, nil, nil, Options{})
	parse(t, doc)
	if !strings.Contains(doc, `fill-opacity="0.5"`) || strings.Count(regionGroup(doc), "z") != 3 {
		t.Errorf("regression surface: want 3 shaded cells (the NaN one left out) in %s", doc)
	}
	// Points coloured by their own value, on the surface's scale, outlined.
	reg.PointValue = []float64{0, 2, math.NaN()}
	doc = Regions(reg, xy, nil, nil, Options{})
	parse(t, doc)
	for _, col := range []string{valueShade(0, 0, 2), valueShade(2, 0, 2)} {
		if !strings.Contains(doc, `<path fill="`+col+`" stroke="`+inkColor+`"`) {
			t.Errorf("no point of colour %s in %s", col, doc)
		}
	}
	if Regions(Region{}, xy, labels, nil, Options{}) != Scatter(xy, labels, nil, Options{}, false) {
		t.Error("an empty region is not a plain scatter")
	}
}

// regionGroup returns the region's group of paths in doc.
func regionGroup(doc string) string {
	g := doc[strings.Index(doc, `<g shape-rendering="crispEdges" fill-opacity`):]
	return g[:strings.Index(g, "</g>")]
}
