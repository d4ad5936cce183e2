package svg

import (
	"math"
	"strconv"
	"strings"
)

// axis maps data values to pixels and carries its ticks.
type axis struct {
	lo, hi float64 // domain
	log    bool
	a, b   float64 // pixels of lo and hi
	ticks  []float64
	labels []string
}

// pos is the pixel of value v.
func (ax *axis) pos(v float64) float64 {
	var t float64
	if ax.log {
		t = (math.Log10(v) - math.Log10(ax.lo)) / (math.Log10(ax.hi) - math.Log10(ax.lo))
	} else {
		t = (v - ax.lo) / (ax.hi - ax.lo)
	}
	return ax.a + t*(ax.b-ax.a)
}

// niceStep is the smallest 1, 2 or 5 × 10^k step that splits span into at
// most n intervals.
func niceStep(span float64, n int) float64 {
	n = max(n, 1)
	raw := span / float64(n)
	mag := math.Pow(10, math.Floor(math.Log10(raw)))
	switch f := raw / mag; {
	case f <= 1+1e-9:
		return mag
	case f <= 2+1e-9:
		return 2 * mag
	case f <= 5+1e-9:
		return 5 * mag
	default:
		return 10 * mag
	}
}

// sanitize returns a usable, non-empty interval from lo and hi.
func sanitize(lo, hi float64) (float64, float64) {
	if !finite(lo) || !finite(hi) {
		return 0, 1
	}
	if hi < lo {
		lo, hi = hi, lo
	}
	if hi-lo <= 1e-12*math.Max(math.Abs(lo), math.Abs(hi)) || hi == lo {
		pad := math.Abs(lo) * 0.1
		if pad == 0 {
			pad = 1
		}
		lo, hi = lo-pad, hi+pad
	}
	return lo, hi
}

// linearScale picks ticks for [lo, hi] with at most about n intervals. With
// expand the domain grows to the enclosing multiples of a fifth of the step
// (so 0.07…2.5 becomes 0…2.5, not -0.5…3, while 0…37 becomes 0…38).
func linearScale(lo, hi float64, n int, expand bool) (dlo, dhi float64, ticks []float64, step float64) {
	lo, hi = sanitize(lo, hi)
	step = niceStep(hi-lo, n)
	dlo, dhi = lo, hi
	if expand {
		sub := niceStep(step, 5)
		dlo = math.Floor(lo/sub+1e-9) * sub
		dhi = math.Ceil(hi/sub-1e-9) * sub
	}
	first := math.Ceil(dlo/step - 1e-9)
	for k := first; k*step <= dhi+step*1e-9; k++ {
		t := k * step
		if math.Abs(t) < step*1e-9 {
			t = 0
		}
		ticks = append(ticks, t)
	}
	return dlo, dhi, ticks, step
}

// niceTicks returns the nice ticks of [lo, hi] (grown a little to nice
// bounds), with at most about n intervals.
func niceTicks(lo, hi float64, n int) []float64 {
	_, _, t, _ := linearScale(lo, hi, n, true)
	return t
}

// formatTick writes tick v of an axis whose ticks are step apart, with just
// the decimals the step needs: 0.25, 3, 1.5k, 2M, 1e-5.
func formatTick(v, step float64) string {
	if v == 0 {
		return "0"
	}
	step = math.Abs(step)
	switch {
	case step >= 1e9:
		return trimFloat(v/1e9, decimals(step/1e9)) + "G"
	case step >= 1e6:
		return trimFloat(v/1e6, decimals(step/1e6)) + "M"
	case step >= 1e3:
		return trimFloat(v/1e3, decimals(step/1e3)) + "k"
	case step >= 1e-3:
		return trimFloat(v, decimals(step))
	}
	digits := int(math.Floor(math.Log10(math.Abs(v)))-math.Floor(math.Log10(step)+1e-9)) + 1
	s := strconv.FormatFloat(v, 'g', max(digits, 1), 64)
	s = strings.Replace(s, "e-0", "e-", 1)
	return strings.Replace(s, "e+0", "e", 1)
}

// decimals is how many decimals show a multiple of step exactly (up to 6).
func decimals(step float64) int {
	for d := 0; d < 6; d++ {
		p := math.Pow(10, float64(d))
		if math.Abs(step*p-math.Round(step*p)) < 1e-6*step*p {
			return d
		}
	}
	return 6
}

// everyNth is the 1-2-5 stride that keeps labels at least min pixels apart
// when they are spacing pixels apart.
func everyNth(spacing, min float64) int {
	if spacing >= min {
		return 1
	}
	return int(niceStep(math.Ceil(min/spacing), 1))
}

func trimFloat(v float64, prec int) string { return string(appendNum(nil, v, prec)) }

// formatValue writes v with three significant digits, for data labels.
func formatValue(v float64) string {
	if !finite(v) {
		return "–"
	}
	a := math.Abs(v)
	switch {
	case v == 0:
		return "0"
	case a >= 1e6 || a < 1e-3:
		s := strconv.FormatFloat(v, 'g', 3, 64)
		s = strings.Replace(s, "e-0", "e-", 1)
		return strings.Replace(strings.Replace(s, "e+0", "e", 1), "e+", "e", 1)
	case a >= 100:
		return trimFloat(v, 0)
	case a >= 10:
		return trimFloat(v, 1)
	case a >= 1:
		return trimFloat(v, 2)
	}
	return trimFloat(v, int(-math.Floor(math.Log10(a)))+2)
}

// fits reports whether tick labels at the given pixels leave room for each
// other: gap pixels between neighbours, widths measured (horizontal) or
// one text line (vertical).
func fits(ax *axis, horizontal bool) bool {
	for i := 1; i < len(ax.ticks); i++ {
		d := math.Abs(ax.pos(ax.ticks[i]) - ax.pos(ax.ticks[i-1]))
		need := fsTick + 10.0
		if horizontal {
			need = (textWidth(ax.labels[i], fsTick)+textWidth(ax.labels[i-1], fsTick))/2 + 10
		}
		if d < need {
			return false
		}
	}
	return true
}

// linearAxis builds an axis over [lo, hi] mapped to pixels a..b with as
// many ticks as fit without crowding.
func linearAxis(lo, hi, a, b float64, horizontal, expand bool) *axis {
	length := math.Abs(b - a)
	n := int(length/45) + 1
	if !horizontal {
		n = int(length/32) + 1
	}
	n = min(max(n, 2), 12)
	var ax *axis
	for ; n >= 1; n-- {
		dlo, dhi, ticks, step := linearScale(lo, hi, n, expand)
		ax = &axis{lo: dlo, hi: dhi, a: a, b: b, ticks: ticks, labels: make([]string, len(ticks))}
		for i, t := range ticks {
			ax.labels[i] = formatTick(t, step)
		}
		if fits(ax, horizontal) {
			break
		}
	}
	return ax
}

// logAxis builds a logarithmic axis over [lo, hi] (both > 0), with ticks
// at 1-2-5 or powers of ten, thinned until the labels fit.
func logAxis(lo, hi, a, b float64, horizontal bool) *axis {
	if !(lo > 0) || !finite(lo) || !finite(hi) {
		lo, hi = 1, 10
	}
	if hi <= lo {
		lo, hi = lo/2, hi*2
	}
	// Grow the domain to the enclosing 1-2-5 values.
	lo = niceBelow(lo)
	hi = niceAbove(hi)
	e0 := int(math.Floor(math.Log10(lo) + 1e-9))
	e1 := int(math.Ceil(math.Log10(hi) - 1e-9))
	try := func(mults []float64, stride int) *axis {
		ax := &axis{lo: lo, hi: hi, log: true, a: a, b: b}
		for e := e0; e <= e1; e++ {
			if (e-e0)%stride != 0 && len(mults) == 1 {
				continue
			}
			for _, m := range mults {
				v := m * math.Pow(10, float64(e))
				if v >= lo*(1-1e-9) && v <= hi*(1+1e-9) {
					ax.ticks = append(ax.ticks, v)
					ax.labels = append(ax.labels, formatTick(v, v))
				}
			}
		}
		return ax
	}
	for _, c := range []struct {
		m      []float64
		stride int
	}{{[]float64{1, 2, 5}, 1}, {[]float64{1}, 1}, {[]float64{1}, 2}, {[]float64{1}, 3}, {[]float64{1}, 5}} {
		ax := try(c.m, c.stride)
		if len(ax.ticks) >= 2 && fits(ax, horizontal) {
			return ax
		}
	}
	return try([]float64{1}, max(1, (e1-e0)/2))
}

// niceBelow is the largest 1, 2 or 5 × 10^k not above v (v > 0).
func niceBelow(v float64) float64 {
	mag := math.Pow(10, math.Floor(math.Log10(v)+1e-12))
	for _, m := range []float64{5, 2, 1} {
		if m*mag <= v*(1+1e-9) {
			return m * mag
		}
	}
	return mag
}

// niceAbove is the smallest 1, 2 or 5 × 10^k not below v (v > 0).
func niceAbove(v float64) float64 {
	mag := math.Pow(10, math.Floor(math.Log10(v)-1e-12))
	for _, m := range []float64{1, 2, 5, 10} {
		if m*mag >= v*(1-1e-9) {
			return m * mag
		}
	}
	return 10 * mag
}

// maxLabelWidth is the widest tick label of ax at the tick font size.
func maxLabelWidth(ax *axis) float64 {
	w := 0.0
	for _, l := range ax.labels {
		w = max(w, textWidth(l, fsTick))
	}
	return w
}

// drawXAxis draws gridlines from top to bottom and tick labels below.
func (c *canvas) drawXAxis(ax *axis, top, bottom float64, grid bool) {
	if grid {
		c.gridPath(ax, true, top, bottom)
	}
	for i, t := range ax.ticks {
		x := ax.pos(t)
		half := textWidth(ax.labels[i], fsTick) / 2
		x = min(max(x, half+2), c.w-half-2) // keep edge labels inside
		c.text(x, bottom+fsTick+5, fsTick, "middle", `fill="`+mutedColor+`"`, ax.labels[i])
	}
}

// drawYAxis draws gridlines from left to right and tick labels on the left.
func (c *canvas) drawYAxis(ax *axis, left, right float64, grid bool) {
	if grid {
		c.gridPath(ax, false, left, right)
	}
	for i, t := range ax.ticks {
		c.text(left-6, ax.pos(t)+fsTick*0.35, fsTick, "end", `fill="`+mutedColor+`"`, ax.labels[i])
	}
}

// gridPath draws all gridlines of ax in one path, with tick marks on the
// axis side.
func (c *canvas) gridPath(ax *axis, vertical bool, from, to float64) {
	c.s(`<path fill="none" stroke="` + gridColor + `" stroke-width="1" d="`)
	for _, t := range ax.ticks {
		p := ax.pos(t)
		if vertical {
			c.s("M")
			c.n(p)
			c.s(" ")
			c.n(from)
			c.s("V")
			c.n(to + 4)
		} else {
			c.s("M")
			c.n(from - 4)
			c.s(" ")
			c.n(p)
			c.s("H")
			c.n(to)
		}
	}
	c.s(`"/>`)
}

// frame draws the left and bottom axis lines of a plot area.
func (c *canvas) frame(x, y, w, h float64) {
	c.s(`<path fill="none" stroke="` + axisColor + `" stroke-width="1" d="M`)
	c.n(x)
	c.s(" ")
	c.n(y)
	c.s("V")
	c.n(y + h)
	c.s("H")
	c.n(x + w)
	c.s(`"/>`)
}

// axisTitles draws the x label centred under the plot and the y label
// rotated left of the y tick labels, which are tickW wide.
func (c *canvas) axisTitles(o Options, px, py, pw, ph, tickW float64) {
	if o.XLabel != "" {
		c.text(px+pw/2, c.h-7, fsLabel, "middle", `fill="`+inkColor+`"`, truncate(o.XLabel, fitRunes(pw+40, fsLabel)))
	}
	if o.YLabel != "" {
		c.vtext(px-6-tickW-10, py+ph/2, fsLabel, `fill="`+inkColor+`"`, truncate(o.YLabel, fitRunes(ph+20, fsLabel)))
	}
}
