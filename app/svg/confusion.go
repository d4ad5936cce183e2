package svg

import (
	"math"
	"strconv"
	"strings"
)

var (
	// diagonal cells shade white → blue, errors white → vermillion.
	hitRamp  = []rgb{hexRGB("#FFFFFF"), hexRGB("#0072B2")}
	missRamp = []rgb{hexRGB("#FFFFFF"), hexRGB("#D55E00")}
)

// Confusion draws a confusion matrix: rows are the true class, columns the
// predicted one. Each cell is shaded by its row-normalised value (on a
// cube-root scale so that error rates of a few percent still show;
// correct predictions in blue, errors in vermillion, which also differ in
// position) and shows its count when the cell is large enough. Axes are
// labelled with classNames (or numbers) and with o.XLabel / o.YLabel,
// defaulting to "predicted" and "true class".
func Confusion(counts [][]int, classNames []string, o Options) string {
	w, h := dims(o, 560, 500)
	c := newCanvas(o, w, h, "Confusion matrix")
	rows, cols := len(counts), 0
	for _, r := range counts {
		cols = max(cols, len(r))
	}
	if o.XLabel == "" {
		o.XLabel = "predicted"
	}
	if o.YLabel == "" {
		o.YLabel = "true class"
	}
	top := c.top + 4
	if rows == 0 || cols == 0 {
		c.noData(8, top, c.w-16, c.h-top-8)
		return c.end()
	}

	names := func(n int) []string {
		s := make([]string, n)
		for i := range s {
			s[i] = truncate(className(classNames, i), 14)
		}
		return s
	}
	rowNames, colNames := names(rows), names(cols)
	maxW := func(s []string) float64 {
		m := 0.0
		for _, x := range s {
			m = max(m, textWidth(x, fsTick))
		}
		return m
	}
	left := 8 + fsLabel + 8 + maxW(rowNames) + 8
	right := 12.0
	labelBand := func(rotated bool) float64 {
		if rotated {
			return maxW(colNames)*0.72 + fsTick + 6
		}
		return fsTick + 8
	}
	axisLabelH := fsLabel + 8.0
	// Lay out with horizontal column names; rotate them if they collide.
	cell := math.Min((c.w-left-right)/float64(cols), (c.h-top-labelBand(false)-axisLabelH)/float64(rows))
	rotated := maxW(colNames)+4 > cell
	if rotated {
		cell = math.Min((c.w-left-right)/float64(cols), (c.h-top-labelBand(true)-axisLabelH)/float64(rows))
	}
	cell = max(cell, 1)
	pw, ph := cell*float64(cols), cell*float64(rows)
	left += max(0, (c.w-left-right-pw)/2)

	// Which names to show when cells are smaller than a line of text.
	every := everyNth(cell, fsTick+2)

	// Cell edges on whole pixels, so neighbours never leave seams.
	xb := func(col int) float64 { return math.Round(left + float64(col)*cell) }
	yb := func(r int) float64 { return math.Round(top + float64(r)*cell) }
	fs := int(min(14, max(fsTick, cell*0.3)))
	var labels strings.Builder // counts go on top of all cells
	c.s(`<g shape-rendering="crispEdges">`)
	for r := range rows {
		row := counts[r]
		sum := 0
		for _, v := range row {
			sum += max(v, 0)
		}
		for col := range cols {
			v := 0
			if col < len(row) {
				v = max(row[col], 0)
			}
			frac := 0.0
			if sum > 0 {
				frac = float64(v) / float64(sum)
			}
			shades := missRamp
			if r == col {
				shades = hitRamp
			}
			bg := ramp(shades, math.Cbrt(frac))
			c.rect(xb(col), yb(r), xb(col+1)-xb(col), yb(r+1)-yb(r), `fill="`+bg.hex()+`"`)
			s := strconv.Itoa(v)
			if textWidth(s, float64(fs))+4 > cell || cell < float64(fs)+4 {
				continue
			}
			fill := textOn(bg)
			if v == 0 {
				fill = "#767676"
			}
			labels.WriteString(`<text x="`)
			labels.Write(appendNum(nil, left+(float64(col)+0.5)*cell, 1))
			labels.WriteString(`" y="`)
			labels.Write(appendNum(nil, top+(float64(r)+0.5)*cell+float64(fs)*0.35, 1))
			labels.WriteString(`" fill="` + fill + `">` + s + `</text>`)
		}
	}
	c.s(`</g>`)
	c.rect(xb(0), yb(0), xb(cols)-xb(0), yb(rows)-yb(0), `fill="none" stroke="`+axisColor+`"`)
	c.s(`<g text-anchor="middle" font-size="` + strconv.Itoa(fs) + `">`)
	c.s(labels.String())
	c.s(`</g>`)
	// Class names.
	muted := `fill="` + mutedColor + `"`
	for r, name := range rowNames {
		if r%every == 0 {
			c.text(left-6, top+(float64(r)+0.5)*cell+fsTick*0.35, fsTick, "end", muted, name)
		}
	}
	for col, name := range colNames {
		if col%every != 0 {
			continue
		}
		x := left + (float64(col)+0.5)*cell
		if rotated {
			c.s(`<text transform="translate(`)
			c.n(x + fsTick*0.35)
			c.s(" ")
			c.n(top + ph + 6)
			c.s(`) rotate(-45)" text-anchor="end" font-size="` + strconv.Itoa(fsTick) + `" ` + muted + `>`)
			c.esc(name)
			c.s(`</text>`)
		} else {
			c.text(x, top+ph+fsTick+5, fsTick, "middle", muted, name)
		}
	}
	ink := `fill="` + inkColor + `"`
	c.text(left+pw/2, top+ph+labelBand(rotated)+fsLabel+2, fsLabel, "middle", ink, truncate(o.XLabel, fitRunes(pw+40, fsLabel)))
	c.vtext(left-6-maxW(rowNames)-10, top+ph/2, fsLabel, ink, truncate(o.YLabel, fitRunes(ph+20, fsLabel)))
	return c.end()
}
