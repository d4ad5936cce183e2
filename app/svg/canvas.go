package svg

import (
	"math"
	"strconv"
	"strings"
)

// Typography and neutral colours shared by every chart.
const (
	fontFamily = "system-ui,-apple-system,'Segoe UI',Roboto,'Helvetica Neue',Arial,sans-serif"
	fsTick     = 11  // tick labels, captions, counts
	fsLabel    = 12  // axis labels, legend
	fsTitle    = 14  // chart title
	charW      = 0.6 // generous average advance of a character, in em
	inkColor   = "#222222"
	mutedColor = "#555555"
	axisColor  = "#888888"
	gridColor  = "#E4E4E4"
	legendRow  = 18.0 // height of a legend line
)

// canvas accumulates one SVG document.
type canvas struct {
	b    strings.Builder
	tmp  []byte
	w, h float64
	top  float64 // first free y below the title
}

// dims returns the chart size: the options' size or the defaults, never tiny.
func dims(o Options, dw, dh int) (int, int) {
	w, h := o.Width, o.Height
	if w <= 0 {
		w = dw
	}
	if h <= 0 {
		h = dh
	}
	return max(w, 160), max(h, 120)
}

// newCanvas opens the document: root element, <title>, background and the
// visible title. kind names the chart when Options.Title is empty.
func newCanvas(o Options, w, h int, kind string) *canvas {
	c := &canvas{w: float64(w), h: float64(h), tmp: make([]byte, 0, 32)}
	c.b.Grow(8192)
	c.s(`<svg xmlns="http://www.w3.org/2000/svg" width="`)
	c.int(w)
	c.s(`" height="`)
	c.int(h)
	c.s(`" viewBox="0 0 `)
	c.int(w)
	c.s(" ")
	c.int(h)
	c.s(`" role="img" font-family="` + fontFamily + `" font-size="12"><title>`)
	title := o.Title
	if title == "" {
		title = kind
	}
	c.esc(title)
	c.s(`</title><rect width="`)
	c.int(w)
	c.s(`" height="`)
	c.int(h)
	c.s(`" fill="#FFFFFF"/>`)
	c.top = 8
	if o.Title != "" {
		t := truncate(o.Title, fitRunes(c.w-16, fsTitle))
		c.text(c.w/2, 8+fsTitle, fsTitle, "middle", `font-weight="bold" fill="`+inkColor+`"`, t)
		c.top = 8 + fsTitle + 10
	}
	return c
}

// end closes the document and returns it.
func (c *canvas) end() string {
	c.s("</svg>")
	return c.b.String()
}

func (c *canvas) s(str string)   { c.b.WriteString(str) }
func (c *canvas) esc(str string) { writeEsc(&c.b, str) }
func (c *canvas) int(i int)      { c.tmp = strconv.AppendInt(c.tmp[:0], int64(i), 10); c.b.Write(c.tmp) }

// n writes a coordinate with one decimal; n2 with two.
func (c *canvas) n(v float64)  { c.tmp = appendNum(c.tmp[:0], v, 1); c.b.Write(c.tmp) }
func (c *canvas) n2(v float64) { c.tmp = appendNum(c.tmp[:0], v, 2); c.b.Write(c.tmp) }

// appendNum appends v with at most prec decimals and no trailing zeros.
// Non-finite values become 0 so the document stays valid.
func appendNum(buf []byte, v float64, prec int) []byte {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return append(buf, '0')
	}
	start := len(buf)
	buf = strconv.AppendFloat(buf, v, 'f', prec, 64)
	if prec > 0 {
		for buf[len(buf)-1] == '0' {
			buf = buf[:len(buf)-1]
		}
		if buf[len(buf)-1] == '.' {
			buf = buf[:len(buf)-1]
		}
	}
	if string(buf[start:]) == "-0" {
		buf = append(buf[:start], '0')
	}
	return buf
}

// text draws s at (x, y) (y is the baseline). anchor is "", "middle" or
// "end"; attrs are extra raw attributes.
func (c *canvas) text(x, y float64, size int, anchor, attrs, str string) {
	c.s(`<text x="`)
	c.n(x)
	c.s(`" y="`)
	c.n(y)
	c.s(`"`)
	if size != 12 {
		c.s(` font-size="`)
		c.int(size)
		c.s(`"`)
	}
	if anchor != "" {
		c.s(` text-anchor="`)
		c.s(anchor)
		c.s(`"`)
	}
	c.textEnd(attrs, str)
}

// textEnd closes a <text> start tag with attrs, writes str and the end tag.
func (c *canvas) textEnd(attrs, str string) {
	if attrs != "" {
		c.s(" ")
		c.s(attrs)
	}
	c.s(">")
	c.esc(str)
	c.s("</text>")
}

// vtext draws s rotated by -90° centred on (x, y), for y-axis labels.
func (c *canvas) vtext(x, y float64, size int, attrs, str string) {
	c.s(`<text transform="translate(`)
	c.n(x)
	c.s(" ")
	c.n(y)
	c.s(`) rotate(-90)" text-anchor="middle"`)
	if size != 12 {
		c.s(` font-size="`)
		c.int(size)
		c.s(`"`)
	}
	c.textEnd(attrs, str)
}

// rect draws a rectangle; attrs are raw attributes such as fill.
func (c *canvas) rect(x, y, w, h float64, attrs string) {
	c.s(`<rect x="`)
	c.n(x)
	c.s(`" y="`)
	c.n(y)
	c.s(`" width="`)
	c.n(max(w, 0))
	c.s(`" height="`)
	c.n(max(h, 0))
	c.s(`" `)
	c.s(attrs)
	c.s("/>")
}

// line draws a straight line; attrs are raw attributes such as stroke.
func (c *canvas) line(x1, y1, x2, y2 float64, attrs string) {
	c.s(`<line x1="`)
	c.n(x1)
	c.s(`" y1="`)
	c.n(y1)
	c.s(`" x2="`)
	c.n(x2)
	c.s(`" y2="`)
	c.n(y2)
	c.s(`" `)
	c.s(attrs)
	c.s("/>")
}

// clipOpen starts a nested <svg> that clips its content to the rectangle
// grown by pad on every side, keeping the outer coordinate system.
func (c *canvas) clipOpen(x, y, w, h, pad float64) {
	x, y, w, h = x-pad, y-pad, w+2*pad, h+2*pad
	c.s(`<svg x="`)
	c.n(x)
	c.s(`" y="`)
	c.n(y)
	c.s(`" width="`)
	c.n(w)
	c.s(`" height="`)
	c.n(h)
	c.s(`" viewBox="`)
	c.n(x)
	c.s(" ")
	c.n(y)
	c.s(" ")
	c.n(w)
	c.s(" ")
	c.n(h)
	c.s(`" overflow="hidden">`)
}

func (c *canvas) clipClose() { c.s("</svg>") }

// noData draws a framed "no data yet" placeholder over the given area.
func (c *canvas) noData(x, y, w, h float64) {
	if w < 20 || h < 20 {
		x, y, w, h = 8, c.top, c.w-16, c.h-c.top-8
	}
	c.rect(x, y, w, h, `fill="#FAFAFA" stroke="#CCCCCC" stroke-dasharray="4 3"`)
	c.text(x+w/2, y+h/2+5, 14, "middle", `fill="`+mutedColor+`"`, "no data yet")
}

func finite(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }
