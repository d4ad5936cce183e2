package svg

import (
	"math"
	"strconv"
	"unicode/utf8"
)

// Scatter draws points xy = x0,y0,x1,y1,… coloured and shaped by class.
// labels[i] is the class of point i (nil: one colour; a negative or missing
// label: grey "unlabelled"). Class k gets Color(k) and Marker(k) and is
// named classNames[k] (or its number). With glyphs, each point is drawn as
// its class name (if one or two characters, else its number), the classic
// colour-blind-proof way to show digit embeddings. o.Legend adds a legend
// of all classes on the right. Built for thousands of points redrawn often:
// one <path> per class, no per-point formatting beyond strconv.
func Scatter(xy []float64, labels []int, classNames []string, o Options, glyphs bool) string {
	return scatter(xy, labels, classNames, o, glyphs, nil)
}

// scatter draws Scatter, over the background bg if it is not nil (whose
// bounds are then the axes' ranges).
func scatter(xy []float64, labels []int, classNames []string, o Options, glyphs bool, bg *Region) string {
	w, h := dims(o, 640, 480)
	c := newCanvas(o, w, h, "Scatter plot")
	n := len(xy) / 2

	nclass := len(classNames)
	unlabelled := false
	xlo, xhi, ylo, yhi := math.Inf(1), math.Inf(-1), math.Inf(1), math.Inf(-1)
	npts := 0
	for i := range n {
		x, y := xy[2*i], xy[2*i+1]
		if !finite(x) || !finite(y) {
			continue
		}
		npts++
		xlo, xhi, ylo, yhi = min(xlo, x), max(xhi, x), min(ylo, y), max(yhi, y)
		if labels != nil {
			if l := labelAt(labels, i); l < 0 {
				unlabelled = true
			} else {
				nclass = max(nclass, l+1)
			}
		}
	}

	if labels == nil {
		nclass = max(nclass, 1) // every point is class 0
	}

	top := c.top + 6
	bottom := 6.0 + fsTick + 8
	if o.XLabel != "" {
		bottom += fsLabel + 6
	}
	ph := c.h - top - bottom

	// Legend column on the right.
	var items []legendItem
	if o.Legend && labels != nil {
		for k := range nclass {
			it := legendItem{name: className(classNames, k), color: Color(k), marker: k}
			if glyphs {
				it.marker, it.glyph = -1, classGlyph(classNames, k)
				if it.glyph == it.name {
					it.name = "" // the glyph says it all
				}
			}
			items = append(items, it)
		}
		if unlabelled {
			items = append(items, legendItem{name: "unlabelled", color: unlabelledColor, marker: 0})
		}
	}
	legendW := c.columnLegend(items, c.w-8, top, ph, false)
	right := 14 + legendW

	if npts == 0 {
		c.noData(8, top, c.w-16-legendW, c.h-top-8)
		c.columnLegend(items, c.w-8, top, ph, true)
		return c.end()
	}

	// Pad the data range by 4% so marks at the extremes stay whole.
	padX, padY := (xhi-xlo)*0.04, (yhi-ylo)*0.04
	expand := true
	if o.FixedY && o.YMax > o.YMin {
		ylo, yhi, padY, expand = o.YMin, o.YMax, 0, false
	}
	if bg != nil {
		xlo, xhi, ylo, yhi, padX, padY, expand = bg.XLo, bg.XHi, bg.YLo, bg.YHi, 0, 0, false
	}
	yax := linearAxis(ylo-padY, yhi+padY, top+ph, top, false, expand)
	left := 8 + maxLabelWidth(yax) + 8
	if o.YLabel != "" {
		left += fsLabel + 8
	}
	pw := c.w - left - right
	xax := linearAxis(xlo-padX, xhi+padX, left, left+pw, true, expand)

	c.drawYAxis(yax, left, left+pw, true)
	c.drawXAxis(xax, top, top+ph, true)
	c.frame(left, top, pw, ph)
	c.axisTitles(o, left, top, pw, ph, maxLabelWidth(yax))
	c.columnLegend(items, c.w-8, top, ph, true)

	if bg != nil {
		c.region(bg, nclass, xax, yax)
	}
	c.clipOpen(left, top, pw, ph, 6)
	if bg != nil && bg.Value != nil && bg.PointValue != nil {
		c.valueMarks(xy, bg, xax, yax)
	} else if glyphs && labels != nil {
		c.scatterGlyphs(xy, labels, classNames, nclass, xax, yax)
	} else {
		c.scatterMarks(xy, labels, nclass, npts, xax, yax)
	}
	c.clipClose()
	return c.end()
}

const unlabelledColor = "#BBBBBB"

// drawOrder is the order classes are drawn in: the unlabelled points
// (index nclass) first, underneath, then the classes.
func drawOrder(nclass int) []int { return append([]int{nclass}, seq(nclass)...) }

// classColor is class k's colour, grey for the unlabelled (k == nclass).
func classColor(k, nclass int) string {
	if k == nclass {
		return unlabelledColor
	}
	return Color(k)
}

func labelAt(labels []int, i int) int {
	if i < len(labels) {
		return labels[i]
	}
	return -1
}

// pointClass is the class of point i: 0 for all with nil labels, nclass
// for an unlabelled point (negative or missing label).
func pointClass(labels []int, i, nclass int) int {
	if labels == nil {
		return 0
	}
	if k := labelAt(labels, i); k >= 0 {
		return k
	}
	return nclass
}

// className is the display name of class k.
func className(names []string, k int) string {
	if k < len(names) && names[k] != "" {
		return names[k]
	}
	return strconv.Itoa(k)
}

// classGlyph is the text drawn for a point of class k: its name when that
// is one or two characters, else its number.
func classGlyph(names []string, k int) string {
	if k < len(names) && names[k] != "" && utf8.RuneCountInString(names[k]) <= 2 {
		return names[k]
	}
	return strconv.Itoa(k)
}

// glyphAttrs are the text attributes of a glyph in colour col.
func glyphAttrs(col string) string {
	a := `fill="` + col + `" font-weight="bold"`
	if col == yellow {
		a += ` stroke="` + yellowEdge + `" stroke-width="0.6" paint-order="stroke"`
	}
	return a
}

// scatterMarks draws one path per class (the last one for unlabelled).
func (c *canvas) scatterMarks(xy []float64, labels []int, nclass, npts int, xax, yax *axis) {
	r := 3.5
	switch {
	case npts > 1000:
		r = 2.4
	case npts > 300:
		r = 3
	}
	paths := make([][]byte, nclass+1)
	marks := make([]marker, nclass+1)
	for k := range marks {
		marks[k] = newMarker(k, r)
	}
	marks[nclass] = newMarker(0, r)
	// Size every buffer up front: allocation dominates the cost otherwise.
	count := classCounts(xy, labels, nclass)
	total := 0
	for k, n := range count {
		size := n * (len(marks[k].rel) + 14)
		paths[k] = make([]byte, 0, size)
		total += size
	}
	c.b.Grow(total + 1024)
	for i := range len(xy) / 2 {
		x, y := xy[2*i], xy[2*i+1]
		if !finite(x) || !finite(y) {
			continue
		}
		k := pointClass(labels, i, nclass)
		paths[k] = marks[k].appendTo(paths[k], xax.pos(x), yax.pos(y))
	}
	c.s(`<g fill-opacity="0.85">`)
	for _, k := range drawOrder(nclass) {
		if len(paths[k]) == 0 {
			continue
		}
		col := classColor(k, nclass)
		c.s(`<path ` + markAttrs(col) + ` d="`)
		c.b.Write(paths[k])
		c.s(`"/>`)
	}
	c.s(`</g>`)
}

// scatterGlyphs draws each point as the text glyph of its class, grouped
// by class so each <text> carries only its position. Digit glyphs are
// drawn as strokes instead (scatterDigits).
func (c *canvas) scatterGlyphs(xy []float64, labels []int, names []string, nclass int, xax, yax *axis) {
	if digitGlyphs(names, nclass) {
		c.scatterDigits(xy, labels, names, nclass, xax, yax)
		return
	}
	groups := make([][]byte, nclass+1)
	glyph := make([]string, nclass+1)
	for k := range nclass {
		var b []byte
		b = appendEscaped(b, classGlyph(names, k))
		glyph[k] = string(b)
	}
	glyph[nclass] = "·"
	total := 0
	for k, n := range classCounts(xy, labels, nclass) {
		size := n * (len(glyph[k]) + 32)
		groups[k] = make([]byte, 0, size)
		total += size
	}
	c.b.Grow(total + 1024)
	dy := fsTick * 0.35
	for i := range len(xy) / 2 {
		x, y := xy[2*i], xy[2*i+1]
		if !finite(x) || !finite(y) {
			continue
		}
		k := pointClass(labels, i, nclass)
		g := groups[k]
		g = append(g, `<text x="`...)
		g = appendNum(g, xax.pos(x), 1)
		g = append(g, `" y="`...)
		g = appendNum(g, yax.pos(y)+dy, 1)
		g = append(g, `">`...)
		g = append(g, glyph[k]...)
		g = append(g, `</text>`...)
		groups[k] = g
	}
	c.s(`<g font-size="` + strconv.Itoa(fsTick) + `" text-anchor="middle">`)
	for _, k := range drawOrder(nclass) {
		if len(groups[k]) == 0 {
			continue
		}
		col := classColor(k, nclass)
		c.s(`<g ` + glyphAttrs(col) + `>`)
		c.b.Write(groups[k])
		c.s(`</g>`)
	}
	c.s(`</g>`)
}

// classCounts counts the finite points of each class; index nclass
// counts the unlabelled ones. With nil labels every point is class 0.
func classCounts(xy []float64, labels []int, nclass int) []int {
	count := make([]int, nclass+1)
	for i := range len(xy) / 2 {
		if !finite(xy[2*i]) || !finite(xy[2*i+1]) {
			continue
		}
		k := pointClass(labels, i, nclass)
		count[k]++
	}
	return count
}

func seq(n int) []int {
	s := make([]int, n)
	for i := range s {
		s[i] = i
	}
	return s
}

// columnLegend lays items out in columns ending at x right, from y top
// within height h, and returns the width used; draw false only measures.
// Entries that do not fit are summarised as "+N more".
func (c *canvas) columnLegend(items []legendItem, right, top, h float64, draw bool) float64 {
	if len(items) == 0 {
		return 0
	}
	rowH := min(max(h/float64(len(items)), 14), 17)
	perCol := max(int(h/rowH), 1)
	ncol := (len(items) + perCol - 1) / perCol
	maxCols := 2
	shown := items
	more := 0
	if ncol > maxCols {
		ncol = maxCols
		shown = items[:perCol*maxCols-1]
		more = len(items) - len(shown)
	}
	colW := make([]float64, ncol)
	for i, it := range shown {
		colW[i/perCol] = max(colW[i/perCol], markW+5+textWidth(truncate(it.name, 16), fsLabel))
	}
	if more > 0 {
		colW[ncol-1] = max(colW[ncol-1], textWidth("+000 more", fsLabel))
	}
	total := 0.0
	for _, cw := range colW {
		total += cw + 10
	}
	if !draw {
		return total
	}
	x := right - total + 10
	for col := range ncol {
		for r := range perCol {
			i := col*perCol + r
			y := top + float64(r)*rowH + rowH/2
			if i == len(shown) && more > 0 {
				c.text(x, y+fsLabel*0.35, fsLabel, "", `fill="`+mutedColor+`"`, "+"+strconv.Itoa(more)+" more")
			}
			if i >= len(shown) {
				break
			}
			it := shown[i]
			c.legendSample(it, x, y)
			c.text(x+markW+5, y+fsLabel*0.35, fsLabel, "", `fill="`+inkColor+`"`, truncate(it.name, 16))
		}
		x += colW[col] + 10
	}
	return total
}

// digitStrokes draws the digits 0-9 as strokes in a 5×8 box, relative to
// its top-left corner: a seven-segment hand, legible at tick size.
var digitStrokes = [10]string{
	"h5v8h-5z", "m2.5 0v8", "h5v4h-5v4h5", "h5v8h-5m0-4h5", "v4h5m0-4v8",
	"m5 0h-5v4h5v4h-5", "m5 0h-5v8h5v-4h-5", "h5v8", "h5v8h-5zm0 4h5", "m5 4h-5v-4h5v8h-5",
}

// digitGlyphs reports whether every class's glyph is made of the digits
// that digitStrokes draws.
func digitGlyphs(names []string, nclass int) bool {
	for k := range nclass {
		for _, r := range classGlyph(names, k) {
			if r < '0' || r > '9' {
				return false
			}
		}
	}
	return nclass > 0
}

// scatterDigits draws each point as its class's digits in strokes, one
// <path> per class: a digit embedding redrawn once a second while the
// workers keep every core busy stays ten elements to parse and lay out,
// where a <text> per point made hundreds.
func (c *canvas) scatterDigits(xy []float64, labels []int, names []string, nclass int, xax, yax *axis) {
	paths := make([][]byte, nclass+1)
	for i := range len(xy) / 2 {
		x, y := xy[2*i], xy[2*i+1]
		if !finite(x) || !finite(y) {
			continue
		}
		k := pointClass(labels, i, nclass)
		px, py := xax.pos(x), yax.pos(y)
		if k == nclass { // unlabelled: a dot
			paths[k] = append(paths[k], 'M')
			paths[k] = appendNum(paths[k], px, 1)
			paths[k] = append(paths[k], ' ')
			paths[k] = appendNum(paths[k], py, 1)
			paths[k] = append(paths[k], "h0"...)
			continue
		}
		g := classGlyph(names, k)
		left := px - float64(7*len(g)-2)/2
		for j := range len(g) {
			paths[k] = append(paths[k], 'M')
			paths[k] = appendNum(paths[k], left+float64(7*j), 1)
			paths[k] = append(paths[k], ' ')
			paths[k] = appendNum(paths[k], py-4, 1)
			paths[k] = append(paths[k], digitStrokes[g[j]-'0']...)
		}
	}
	c.s(`<g fill="none" stroke-width="1.6" stroke-linecap="round" stroke-linejoin="round">`)
	for _, k := range drawOrder(nclass) {
		if len(paths[k]) == 0 {
			continue
		}
		col := classColor(k, nclass)
		glyph := "·"
		if k < nclass {
			glyph = classGlyph(names, k)
		}
		if col == yellow { // an edge underneath, as the legend's yellow mark has
			c.s(`<path stroke="` + yellowEdge + `" stroke-width="3" d="`)
			c.b.Write(paths[k])
			c.s(`"/>`)
		}
		c.s(`<path data-glyph="` + glyph + `" stroke="` + col + `" d="`)
		c.b.Write(paths[k])
		c.s(`"/>`)
	}
	c.s(`</g>`)
}
