package svg

// legendItem is one legend entry: a line sample with a marker, or just a
// marker, or a text glyph.
type legendItem struct {
	name   string
	color  string
	dash   string
	line   bool   // draw a line sample
	marker int    // marker shape index; -1 for none
	glyph  string // text glyph instead of a marker
}

const (
	legendMaxRunes = 28
	sampleW        = 26.0 // width of a line sample
	markW          = 14.0 // width of a marker-only sample
)

func (it legendItem) sampleWidth() float64 {
	if it.line {
		return sampleW
	}
	return markW
}

func (it legendItem) label() string { return truncate(it.name, legendMaxRunes) }

// flowLegend lays items out in centred rows within [x0, x0+width] from y0
// and returns the height used; with draw false it only measures.
func (c *canvas) flowLegend(items []legendItem, x0, y0, width float64, draw bool) float64 {
	if len(items) == 0 {
		return 0
	}
	const gap = 16.0
	type row struct {
		from, to int
		w        float64
	}
	var rows []row
	cur := row{}
	for i, it := range items {
		w := it.sampleWidth() + 5 + textWidth(it.label(), fsLabel)
		if i > cur.from && cur.w+gap+w > width {
			rows = append(rows, cur)
			cur = row{from: i}
		}
		if i > cur.from {
			cur.w += gap
		}
		cur.w += w
		cur.to = i + 1
	}
	rows = append(rows, cur)
	if draw {
		for r, rw := range rows {
			x := x0 + max(0, (width-rw.w)/2)
			y := y0 + float64(r)*legendRow + legendRow/2
			for _, it := range items[rw.from:rw.to] {
				c.legendSample(it, x, y)
				x += it.sampleWidth() + 5
				c.text(x, y+fsLabel*0.35, fsLabel, "", `fill="`+inkColor+`"`, it.label())
				x += textWidth(it.label(), fsLabel) + gap
			}
		}
	}
	return float64(len(rows))*legendRow + 4
}

// legendSample draws the sample of it starting at x, centred on y.
func (c *canvas) legendSample(it legendItem, x, y float64) {
	w := it.sampleWidth()
	if it.line {
		attrs := `stroke="` + it.color + `" stroke-width="2.5"`
		if it.dash != "" {
			attrs += ` stroke-dasharray="` + it.dash + `"`
		}
		c.line(x, y, x+w, y, attrs)
	}
	switch {
	case it.glyph != "":
		c.text(x+w/2, y+fsLabel*0.35, fsLabel, "middle", glyphAttrs(it.color), it.glyph)
	case it.marker >= 0:
		m := newMarker(it.marker, 4)
		c.s(`<path ` + markAttrs(it.color) + ` d="`)
		c.tmp = m.appendTo(c.tmp[:0], x+w/2, y)
		c.b.Write(c.tmp)
		c.s(`"/>`)
	}
}
