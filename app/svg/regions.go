package svg

import "math"

// Region is what a model predicts over a rectangle of a 2-D input plane,
// sampled on an N×N grid of cell centres: the decision regions of a
// classifier (Class) or the surface of a regression (Value). Row 0 of the
// grid is the bottom (YLo), column 0 the left (XLo).
type Region struct {
	N                  int
	XLo, XHi, YLo, YHi float64
	Class              []int     // N·N predicted classes, or nil
	Value              []float64 // N·N predicted values, or nil
	ValueLo, ValueHi   float64   // the colour scale of Value (from the data if hi <= lo)
	// PointValue, if set with Value, colours each point by its own value
	// (its true target) on the surface's scale, outlined in ink so that
	// it stands out: a point whose colour matches the shade under it is
	// predicted well.
	PointValue []float64
}

// valueRange returns the colour scale of a surface: ValueLo to ValueHi,
// or the range of its values and its points' values.
func (r *Region) valueRange() (lo, hi float64) {
	if r.ValueHi > r.ValueLo {
		return r.ValueLo, r.ValueHi
	}
	lo, hi = math.Inf(1), math.Inf(-1)
	for _, vs := range [][]float64{r.Value, r.PointValue} {
		for _, v := range vs {
			if finite(v) {
				lo, hi = min(lo, v), max(hi, v)
			}
		}
	}
	return sanitize(lo, hi)
}

// valueShade is the colour of value v on the scale lo..hi.
func valueShade(v, lo, hi float64) string {
	t := math.Max(0, math.Min(1, (v-lo)/(hi-lo)))
	return ramp(sequential, math.Round(t*regionLevels)/regionLevels).hex()
}

// valueMarks draws the points coloured by r.PointValue: one circle path
// per shade.
func (c *canvas) valueMarks(xy []float64, r *Region, xax, yax *axis) {
	lo, hi := r.valueRange()
	paths := map[string][]byte{}
	var order []string
	m := newMarker(0, 3.5)
	for i := range len(xy) / 2 {
		x, y := xy[2*i], xy[2*i+1]
		if !finite(x) || !finite(y) || i >= len(r.PointValue) || !finite(r.PointValue[i]) {
			continue
		}
		col := valueShade(r.PointValue[i], lo, hi)
		if _, ok := paths[col]; !ok {
			order = append(order, col)
		}
		paths[col] = m.appendTo(paths[col], xax.pos(x), yax.pos(y))
	}
	for _, col := range order {
		c.s(`<path fill="` + col + `" stroke="` + inkColor + `" stroke-width="0.8" d="`)
		c.b.Write(paths[col])
		c.s(`"/>`)
	}
}

// Regions draws the points xy (coloured by labels, as Scatter does) over
// the region r: each cell tinted with the colour of the class predicted
// there, or, for a regression, shaded on the sequential scale of its value.
// Points and regions share the class colours, so a point on a region of
// another colour is one the model gets wrong. It is TensorFlow
// Playground's picture of a model on a 2-D set.
func Regions(r Region, xy []float64, labels []int, classNames []string, o Options) string {
	if r.N <= 0 || !(r.XHi > r.XLo) || !(r.YHi > r.YLo) {
		return Scatter(xy, labels, classNames, o, false)
	}
	return scatter(xy, labels, classNames, o, false, &r)
}

// regionLevels is the number of shades of a regression surface.
const regionLevels = 12

// sequential is the scale of a regression surface, low to high: colours of
// the Okabe-Ito palette in order of lightness.
var sequential = []rgb{hexRGB("#F0E442"), hexRGB("#009E73"), hexRGB("#0072B2")}

// region draws r's cells: one path per class (or shade), horizontal runs of
// a colour as one rectangle, light enough for the points to stand out.
func (c *canvas) region(r *Region, nclass int, xax, yax *axis) {
	n := r.N
	lo, hi := r.valueRange()
	level := func(i int) int { // -1: nothing drawn
		switch {
		case r.Class != nil && i < len(r.Class):
			if k := r.Class[i]; k >= 0 {
				return k
			}
		case r.Value != nil && i < len(r.Value):
			if v := r.Value[i]; finite(v) {
				return int(math.Round(math.Max(0, math.Min(1, (v-lo)/(hi-lo))) * regionLevels))
			}
		}
		return -1
	}
	levels := regionLevels + 1
	if r.Class != nil {
		levels = max(nclass, 1)
		for _, k := range r.Class {
			levels = max(levels, k+1)
		}
	}
	paths := make([][]byte, levels)
	cw, ch := (r.XHi-r.XLo)/float64(n), (r.YHi-r.YLo)/float64(n)
	xb := func(col int) float64 { return math.Round(xax.pos(r.XLo + float64(col)*cw)) }
	for row := range n {
		y0 := math.Round(yax.pos(r.YLo + float64(row+1)*ch))
		y1 := math.Round(yax.pos(r.YLo + float64(row)*ch))
		run, start := -1, 0
		flush := func(end int) {
			if run >= 0 {
				paths[run] = appendRun(paths[run], xb(start), y0, xb(end)-xb(start), y1-y0)
			}
		}
		for col := range n {
			if lev := level(row*n + col); lev != run {
				flush(col)
				run, start = lev, col
			}
		}
		flush(n)
	}
	opacity := "0.28" // a tint, under the points of the same colours
	if r.Class == nil {
		opacity = "0.5"
	}
	c.s(`<g shape-rendering="crispEdges" fill-opacity="` + opacity + `">`)
	for lev, p := range paths {
		if len(p) == 0 {
			continue
		}
		col := classColor(lev, nclass)
		if r.Class == nil {
			col = ramp(sequential, float64(lev)/regionLevels).hex() // valueShade's levels
		}
		c.s(`<path fill="` + col + `" d="`)
		c.b.Write(p)
		c.s(`"/>`)
	}
	c.s(`</g>`)
}
