package svg

import "math"

// Bars draws one horizontal bar per value, named on the left and labelled
// with its value at the bar's end (e.g. the per-dimension std of an
// embedding, a collapse meter). Negative values grow left of zero in the
// second colour. With Height 0 the chart grows with the number of bars; when
// bars get thin, only every k-th name is shown and value labels are
// dropped. FixedY fixes the value (horizontal) axis to [YMin, YMax]; o.XLabel
// names the value axis and o.YLabel the bars.
func Bars(names []string, values []float64, o Options) string {
	n := len(values)
	dh := 40 + 20*n
	if o.Title != "" {
		dh += fsTitle + 10
	}
	if o.XLabel != "" {
		dh += fsLabel + 6
	}
	dh = min(max(dh, 160), 720)
	w, h := dims(o, 560, dh)
	c := newCanvas(o, w, h, "Bar chart")
	top := c.top + 4
	bottom := 6.0 + fsTick + 8
	if o.XLabel != "" {
		bottom += fsLabel + 6
	}
	ph := c.h - top - bottom

	vlo, vhi := 0.0, 0.0
	any := false
	for _, v := range values {
		if finite(v) {
			any = true
			vlo, vhi = min(vlo, v), max(vhi, v)
		}
	}
	if !any {
		c.noData(8, top, c.w-16, c.h-top-8)
		return c.end()
	}
	expand := true
	if o.FixedY && o.YMax > o.YMin {
		vlo, vhi, expand = o.YMin, o.YMax, false
	}

	slot := ph / float64(n)
	every := everyNth(slot, fsTick+2)
	showValues := slot >= fsTick+1
	label := make([]string, n)
	nameW := 0.0
	for i := range n {
		label[i] = truncate(className(names, i), 20)
		if i%every == 0 {
			nameW = max(nameW, textWidth(label[i], fsTick))
		}
	}
	valW := 0.0
	if showValues {
		for _, v := range values {
			valW = max(valW, textWidth(formatValue(v), fsTick))
		}
	}
	left := 8 + nameW + 8
	if o.YLabel != "" {
		left += fsLabel + 8
	}
	right := 12 + valW
	// Leave room for the labels left of negative bars too.
	plotL := left
	if vlo < 0 && showValues {
		plotL += valW + 4
	}
	pw := c.w - plotL - right
	ax := linearAxis(vlo, vhi, plotL, plotL+pw, true, expand)

	c.drawXAxis(ax, top, top+ph, true)
	zero := ax.pos(math.Max(ax.lo, math.Min(ax.hi, 0)))
	barH := slot * 0.72
	if slot < 4 {
		barH = slot
	}
	muted := `fill="` + mutedColor + `"`
	// Two paths, positive and negative bars, however many bars: a page
	// redraws this chart at every snapshot.
	var pos, neg []byte
	for i, v := range values {
		if !finite(v) {
			continue
		}
		x := ax.pos(math.Max(ax.lo, math.Min(ax.hi, v)))
		y0 := math.Round(top + float64(i)*slot + (slot-barH)/2)
		y1 := math.Round(top + float64(i)*slot + (slot+barH)/2)
		if v < 0 {
			neg = appendRun(neg, x, y0, zero-x, max(y1-y0, 1))
		} else {
			pos = appendRun(pos, zero, y0, x-zero, max(y1-y0, 1))
		}
	}
	c.s(`<g shape-rendering="crispEdges">`)
	for k, d := range [][]byte{pos, neg} {
		if len(d) > 0 {
			c.s(`<path fill="` + Color(k) + `" d="`)
			c.b.Write(d)
			c.s(`"/>`)
		}
	}
	c.s(`</g>`)
	for i, v := range values {
		cy := top + (float64(i)+0.5)*slot + fsTick*0.35
		if i%every == 0 {
			c.text(left-6, cy, fsTick, "end", muted, label[i])
		}
		if !showValues {
			continue
		}
		x := ax.pos(math.Max(ax.lo, math.Min(ax.hi, v)))
		if !finite(v) {
			x = zero
		}
		if v < 0 {
			c.text(min(x, zero)-4, cy, fsTick, "end", `fill="`+inkColor+`"`, formatValue(v))
		} else {
			c.text(max(x, zero)+4, cy, fsTick, "", `fill="`+inkColor+`"`, formatValue(v))
		}
	}
	c.line(zero, top, zero, top+ph, `stroke="`+axisColor+`"`)
	c.axisTitles(o, plotL, top, pw, ph, nameW+plotL-left)
	return c.end()
}
