package svg

import "math"

// LineChart draws series as lines over shared axes with nice ticks,
// gridlines and (with o.Legend) a legend. Series i gets Color(i), Marker(i)
// and Dash(i) (or the dashed pattern when Dashed). NaN and infinite points
// are skipped; with no finite point the chart says "no data yet".
func LineChart(series []Series, o Options) string {
	w, h := dims(o, 640, 400)
	c := newCanvas(o, w, h, "Line chart")

	xlo, xhi, ylo, yhi := math.Inf(1), math.Inf(-1), math.Inf(1), math.Inf(-1)
	npts := 0
	for _, s := range series {
		for i := range min(len(s.X), len(s.Y)) {
			x, y := s.X[i], s.Y[i]
			if !validPoint(x, y, o.LogX) {
				continue
			}
			npts++
			e := errAt(s, i)
			xlo, xhi = min(xlo, x), max(xhi, x)
			ylo, yhi = min(ylo, y-e), max(yhi, y+e)
		}
	}

	top := c.top
	if o.Legend && len(series) > 0 {
		var items []legendItem
		for i, s := range series {
			if s.Name != "" { // a series without a name has no entry
				items = append(items, legendItem{name: s.Name, color: Color(s.style(i)), dash: lineDash(s, i), line: true, marker: s.style(i)})
			}
		}
		top += c.flowLegend(items, 8, top, c.w-16, true)
	}
	top += 6
	bottom := 6.0 + fsTick + 8
	if o.XLabel != "" {
		bottom += fsLabel + 6
	}
	ph := c.h - top - bottom
	if npts == 0 {
		c.noData(8, top, c.w-16, c.h-top-8)
		return c.end()
	}

	expand := true
	if o.FixedY && o.YMax > o.YMin {
		ylo, yhi, expand = o.YMin, o.YMax, false
	}
	yax := linearAxis(ylo, yhi, top+ph, top, false, expand)
	left := 8 + maxLabelWidth(yax) + 8
	if o.YLabel != "" {
		left += fsLabel + 8
	}
	right := 16.0
	pw := c.w - left - right
	var xax *axis
	if o.LogX {
		xax = logAxis(xlo, xhi, left, left+pw, true)
	} else {
		xax = linearAxis(xlo, xhi, left, left+pw, true, true)
	}

	c.drawYAxis(yax, left, left+pw, true)
	c.drawXAxis(xax, top, top+ph, true)
	c.frame(left, top, pw, ph)
	c.axisTitles(o, left, top, pw, ph, maxLabelWidth(yax))

	c.clipOpen(left, top, pw, ph, 6)
	for i, s := range series {
		c.drawErrors(s, i, xax, yax, o.LogX)
	}
	for i, s := range series {
		c.drawLine(s, i, xax, yax, o.LogX, pw)
	}
	for i, s := range series {
		c.drawMarkers(s, i, len(series), xax, yax, o.LogX)
	}
	c.clipClose()
	return c.end()
}

func validPoint(x, y float64, logX bool) bool {
	return finite(x) && finite(y) && (!logX || x > 0)
}

// errAt is the usable error of point i (0 when absent or invalid).
func errAt(s Series, i int) float64 {
	if i < len(s.Err) && finite(s.Err[i]) && s.Err[i] > 0 {
		return s.Err[i]
	}
	return 0
}

func lineDash(s Series, i int) string {
	if s.Dashed {
		return dashedPattern
	}
	return Dash(i)
}

// drawLine draws the polyline of series i; long series are thinned to the
// first, lowest, highest and last point of every pixel column.
func (c *canvas) drawLine(s Series, i int, xax, yax *axis, logX bool, pw float64) {
	n := min(len(s.X), len(s.Y))
	c.s(`<polyline fill="none" stroke="` + Color(s.style(i)) + `" stroke-width="2" stroke-linejoin="round" stroke-linecap="round"`)
	if d := lineDash(s, i); d != "" {
		c.s(` stroke-dasharray="` + d + `"`)
	}
	c.s(` points="`)
	thin := n > int(3*pw)
	col, first := math.MinInt, true
	var lo, hi, last [2]float64
	var loI, hiI int
	emit := func(x, y float64) {
		if !first {
			c.s(" ")
		}
		first = false
		c.n(x)
		c.s(",")
		c.n(y)
	}
	flush := func() {
		if col == math.MinInt {
			return
		}
		if loI < hiI {
			emit(lo[0], lo[1])
			emit(hi[0], hi[1])
		} else if hiI < loI {
			emit(hi[0], hi[1])
			emit(lo[0], lo[1])
		}
		emit(last[0], last[1])
	}
	for k := range n {
		if !validPoint(s.X[k], s.Y[k], logX) {
			continue
		}
		x, y := xax.pos(s.X[k]), yax.pos(s.Y[k])
		if !thin {
			emit(x, y)
			continue
		}
		if cc := int(math.Floor(x)); cc != col {
			flush()
			col = cc
			emit(x, y)
			lo, hi, last, loI, hiI = [2]float64{x, y}, [2]float64{x, y}, [2]float64{x, y}, k, k
			continue
		}
		if y < lo[1] {
			lo, loI = [2]float64{x, y}, k
		}
		if y > hi[1] {
			hi, hiI = [2]float64{x, y}, k
		}
		last = [2]float64{x, y}
	}
	if thin {
		flush()
	}
	c.s(`"/>`)
}

// drawMarkers marks series i: every point when there are few, otherwise
// about a dozen evenly spaced ones, staggered between series.
func (c *canvas) drawMarkers(s Series, i, nseries int, xax, yax *axis, logX bool) {
	n := min(len(s.X), len(s.Y))
	var valid []int
	for k := range n {
		if validPoint(s.X[k], s.Y[k], logX) {
			valid = append(valid, k)
		}
	}
	if len(valid) == 0 {
		return
	}
	every, offset := 1, 0
	if len(valid) > 30 {
		every = (len(valid) + 11) / 12
		offset = (i * every / max(nseries, 1)) % every
	}
	m := newMarker(s.style(i), 3.5)
	c.s(`<path ` + markAttrs(Color(s.style(i))) + ` d="`)
	for j := offset; j < len(valid); j += every {
		k := valid[j]
		c.tmp = m.appendTo(c.tmp[:0], xax.pos(s.X[k]), yax.pos(s.Y[k]))
		c.b.Write(c.tmp)
	}
	c.s(`"/>`)
}

// drawErrors draws ± errors of series i: bars with caps for up to 40
// points, a translucent band beyond.
func (c *canvas) drawErrors(s Series, i int, xax, yax *axis, logX bool) {
	if len(s.Err) == 0 {
		return
	}
	n := min(len(s.X), len(s.Y))
	var idx []int
	for k := range n {
		if validPoint(s.X[k], s.Y[k], logX) {
			idx = append(idx, k)
		}
	}
	has := false
	for _, k := range idx {
		if errAt(s, k) > 0 {
			has = true
			break
		}
	}
	if !has {
		return
	}
	col := Color(s.style(i))
	if len(idx) > 40 {
		c.s(`<path fill="` + col + `" fill-opacity="0.18" stroke="none" d="`)
		for j, k := range idx {
			if j == 0 {
				c.s("M")
			} else {
				c.s("L")
			}
			c.n(xax.pos(s.X[k]))
			c.s(" ")
			c.n(yax.pos(s.Y[k] + errAt(s, k)))
		}
		for j := len(idx) - 1; j >= 0; j-- {
			k := idx[j]
			c.s("L")
			c.n(xax.pos(s.X[k]))
			c.s(" ")
			c.n(yax.pos(s.Y[k] - errAt(s, k)))
		}
		c.s(`Z"/>`)
		return
	}
	c.s(`<path fill="none" stroke="` + col + `" stroke-width="1.2" d="`)
	for _, k := range idx {
		e := errAt(s, k)
		if e == 0 {
			continue
		}
		x, y0, y1 := xax.pos(s.X[k]), yax.pos(s.Y[k]-e), yax.pos(s.Y[k]+e)
		c.s("M")
		c.n(x)
		c.s(" ")
		c.n(y0)
		c.s("V")
		c.n(y1)
		c.s("M")
		c.n(x - 3)
		c.s(" ")
		c.n(y0)
		c.s("h6M")
		c.n(x - 3)
		c.s(" ")
		c.n(y1)
		c.s("h6")
	}
	c.s(`"/>`)
}
