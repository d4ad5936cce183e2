package svg

import (
	"math"
	"strconv"
)

// heatLevels is the number of colour steps of heatmap cells.
const heatLevels = 64

// Heatmap draws values (row-major, rows × cols) as coloured cells on the
// diverging blue–white–orange scale from lo (blue) to hi (orange), white in
// the middle, with a colour bar. If hi <= lo the range comes from the data
// (symmetric around 0 when the data has both signs). NaN cells are grey.
// Rows run top to bottom, columns left to right, indexed from 0.
func Heatmap(values []float64, rows, cols int, o Options, lo, hi float64) string {
	w, h := dims(o, 520, 420)
	c := newCanvas(o, w, h, "Heatmap")
	top := c.top + 6
	bottom := 6.0 + fsTick + 8
	if o.XLabel != "" {
		bottom += fsLabel + 6
	}

	any := false
	dlo, dhi := math.Inf(1), math.Inf(-1)
	if rows > 0 && cols > 0 {
		for i := range min(len(values), rows*cols) {
			if v := values[i]; finite(v) {
				any = true
				dlo, dhi = min(dlo, v), max(dhi, v)
			}
		}
	}
	if !any {
		c.noData(8, top, c.w-16, c.h-top-8)
		return c.end()
	}
	if !(hi > lo) || !finite(lo) || !finite(hi) {
		lo, hi = dlo, dhi
		if lo < 0 && hi > 0 {
			m := max(-lo, hi)
			lo, hi = -m, m
		}
		lo, hi = sanitize(lo, hi)
	}

	loS, midS, hiS := formatValue(lo), formatValue((lo+hi)/2), formatValue(hi)
	barLabelW := max(textWidth(loS, fsTick), textWidth(midS, fsTick), textWidth(hiS, fsTick))
	right := 8 + 14 + 5 + barLabelW + 8

	// Index ticks at nice integer steps, on cell centres.
	ph := c.h - top - bottom
	rowAx := indexAxis(rows, top, top+ph, false)
	left := 8 + maxLabelWidth(rowAx) + 8
	if o.YLabel != "" {
		left += fsLabel + 8
	}
	pw := c.w - left - right
	cw, ch := pw/float64(cols), ph/float64(rows)
	if rows == cols { // square matrices get square cells
		cw = min(cw, ch)
		ch = cw
		pw, ph = cw*float64(cols), ch*float64(rows)
	}
	// Centre the cells and colour bar when square cells leave room.
	left += max(0, (c.w-left-right-pw)/2)
	rowAx = indexAxis(rows, top, top+ph, false)
	colAx := indexAxis(cols, left, left+pw, true)

	// One path per colour level; horizontal runs of a level become one rect.
	paths := make([][]byte, heatLevels+2) // last: NaN
	xb := func(col int) float64 { return math.Round(left + float64(col)*cw) }
	for r := range rows {
		y0, y1 := math.Round(top+float64(r)*ch), math.Round(top+float64(r+1)*ch)
		run, runStart := -1, 0
		flush := func(end int) {
			if run < 0 {
				return
			}
			b := paths[run]
			b = append(b, 'M')
			b = appendNum(b, xb(runStart), 0)
			b = append(b, ' ')
			b = appendNum(b, y0, 0)
			b = append(b, 'H')
			b = appendNum(b, xb(end), 0)
			b = append(b, 'V')
			b = appendNum(b, y1, 0)
			b = append(b, 'H')
			b = appendNum(b, xb(runStart), 0)
			b = append(b, 'z')
			paths[run] = b
		}
		for col := range cols {
			v := math.NaN()
			if i := r*cols + col; i < len(values) {
				v = values[i]
			}
			lev := heatLevels + 1
			if finite(v) {
				lev = int(math.Round(math.Max(0, math.Min(1, (v-lo)/(hi-lo))) * heatLevels))
			}
			if lev != run {
				flush(col)
				run, runStart = lev, col
			}
		}
		flush(cols)
	}
	c.s(`<g shape-rendering="crispEdges">`)
	for lev, p := range paths {
		if len(p) == 0 {
			continue
		}
		col := "#CCCCCC"
		if lev <= heatLevels {
			col = ramp(diverging, float64(lev)/heatLevels).hex()
		}
		c.s(`<path fill="` + col + `" d="`)
		c.b.Write(p)
		c.s(`"/>`)
	}
	c.s(`</g>`)
	c.rect(xb(0), math.Round(top), xb(cols)-xb(0), math.Round(top+ph)-math.Round(top), `fill="none" stroke="`+axisColor+`"`)
	c.drawYAxis(rowAx, left, left, false)
	c.drawXAxis(colAx, top+ph, top+ph, false)
	c.axisTitles(o, left, top, pw, ph, maxLabelWidth(rowAx))
	c.colorBar(left+pw+8, top, 14, ph, diverging, loS, midS, hiS)
	return c.end()
}

// indexAxis labels n cells spread over pixels a..b at nice integer steps.
func indexAxis(n int, a, b float64, horizontal bool) *axis {
	cell := (b - a) / float64(n)
	ax := linearAxis(0, float64(max(n-1, 1)), a+cell/2, b-cell/2, horizontal, false)
	// Keep only whole indices.
	var t []float64
	var l []string
	for _, v := range ax.ticks {
		if v == math.Trunc(v) && v >= 0 && v < float64(n) {
			t, l = append(t, v), append(l, strconv.Itoa(int(v)))
		}
	}
	ax.ticks, ax.labels = t, l
	return ax
}

// colorBar draws a vertical colour bar of stops at (x, y), high on top,
// labelled with hi, mid and lo on its right.
func (c *canvas) colorBar(x, y, w, h float64, stops []rgb, loS, midS, hiS string) {
	const steps = 32
	c.s(`<g shape-rendering="crispEdges">`)
	for i := range steps {
		t := 1 - (float64(i)+0.5)/steps
		c.rect(x, y+float64(i)*h/steps, w, h/steps+0.5, `fill="`+ramp(stops, t).hex()+`"`)
	}
	c.s(`</g>`)
	c.rect(x, y, w, h, `fill="none" stroke="`+axisColor+`"`)
	attrs := `fill="` + mutedColor + `"`
	c.text(x+w+5, y+fsTick*0.8, fsTick, "", attrs, hiS)
	c.text(x+w+5, y+h/2+fsTick*0.35, fsTick, "", attrs, midS)
	c.text(x+w+5, y+h, fsTick, "", attrs, loS)
}
