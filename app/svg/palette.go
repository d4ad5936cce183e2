package svg

import (
	"math"
	"strconv"
)

// palette is the Okabe-Ito palette ordered for contrast on white, extended
// by wine and grey to ten colours; yellow, weak on white, comes last.
var palette = [...]string{
	"#0072B2", // blue
	"#D55E00", // vermillion
	"#009E73", // bluish green
	"#CC79A7", // reddish purple
	"#E69F00", // orange
	"#56B4E9", // sky blue
	"#000000", // black
	"#882255", // wine
	"#999999", // grey
	"#F0E442", // yellow
}

// yellow is outlined wherever it is drawn as a mark.
const yellow = "#F0E442"
const yellowEdge = "#8C8000"

// dashes are the stroke-dasharray values of the series; "" is solid.
// dashedPattern, used by Series.Dashed, is kept apart from them.
var dashes = [...]string{"", "2 3", "10 3 2 3", "5 2 1 2 1 2"}

const dashedPattern = "7 4"

// markerGlyphs are Unicode look-alikes of the marker shapes, for HTML.
var markerGlyphs = [...]string{"●", "■", "▲", "◆", "▼", "✚", "✖", "★"}

func mod(i, n int) int {
	i %= n
	if i < 0 {
		i += n
	}
	return i
}

// Color is the colour (#RRGGBB) of series or class i; it cycles after ten.
func Color(i int) string { return palette[mod(i, len(palette))] }

// Dash is the stroke-dasharray of line series i ("" means solid). A series
// with Dashed set uses "7 4" instead.
func Dash(i int) string { return dashes[mod(i, len(dashes))] }

// Marker is the marker shape of series or class i as a Unicode character
// (● ■ ▲ ◆ ▼ ✚ ✖ ★), to draw matching legends in HTML.
func Marker(i int) string { return markerGlyphs[mod(i, len(markerGlyphs))] }

// markerShapes are unit polygons (radius about 1) matching markerGlyphs;
// nil stands for the circle.
var markerShapes = [...][][2]float64{
	nil,
	{{-0.9, -0.9}, {0.9, -0.9}, {0.9, 0.9}, {-0.9, 0.9}},
	{{0, -1.25}, {1.08, 0.62}, {-1.08, 0.62}},
	{{0, -1.3}, {1.1, 0}, {0, 1.3}, {-1.1, 0}},
	{{0, 1.25}, {1.08, -0.62}, {-1.08, -0.62}},
	{{-0.4, -1.2}, {0.4, -1.2}, {0.4, -0.4}, {1.2, -0.4}, {1.2, 0.4}, {0.4, 0.4},
		{0.4, 1.2}, {-0.4, 1.2}, {-0.4, 0.4}, {-1.2, 0.4}, {-1.2, -0.4}, {-0.4, -0.4}},
	nil, // cross: filled in by init, the plus turned by 45°
	nil, // star: filled in by init
}

func init() {
	plus := markerShapes[5]
	cross := make([][2]float64, len(plus))
	for i, p := range plus {
		cross[i] = [2]float64{(p[0] - p[1]) * 0.78, (p[0] + p[1]) * 0.78}
	}
	markerShapes[6] = cross
	star := make([][2]float64, 10)
	for i := range star {
		r := 1.35
		if i%2 == 1 {
			r = 0.58
		}
		a := float64(i)*math.Pi/5 - math.Pi/2
		star[i] = [2]float64{r * math.Cos(a), r * math.Sin(a)}
	}
	markerShapes[7] = star
}

// marker is a marker shape prepared at one radius: a point's path is
// "M" (x+dx) (y+dy) followed by rel.
type marker struct {
	dx, dy float64
	rel    string
}

// newMarker prepares the shape of series i at radius r.
func newMarker(i int, r float64) marker {
	pts := markerShapes[mod(i, len(markerShapes))]
	if pts == nil {
		d := string(appendNum(nil, 2*r, 2))
		rs := string(appendNum(nil, r, 2))
		return marker{dx: -r, rel: "a" + rs + " " + rs + " 0 1 0 " + d + " 0a" + rs + " " + rs + " 0 1 0 -" + d + " 0z"}
	}
	var b []byte
	for k := 1; k < len(pts); k++ {
		b = append(b, 'l')
		b = appendNum(b, (pts[k][0]-pts[k-1][0])*r, 2)
		b = append(b, ' ')
		b = appendNum(b, (pts[k][1]-pts[k-1][1])*r, 2)
	}
	b = append(b, 'z')
	return marker{dx: pts[0][0] * r, dy: pts[0][1] * r, rel: string(b)}
}

// appendTo appends the marker at (x, y) to a path's d attribute.
func (m marker) appendTo(b []byte, x, y float64) []byte {
	b = append(b, 'M')
	b = appendNum(b, x+m.dx, 1)
	b = append(b, ' ')
	b = appendNum(b, y+m.dy, 1)
	return append(b, m.rel...)
}

// markAttrs are the fill and outline attributes of a mark in colour col.
func markAttrs(col string) string {
	if col == yellow {
		return `fill="` + col + `" stroke="` + yellowEdge + `" stroke-width="0.8"`
	}
	return `fill="` + col + `" stroke="#FFFFFF" stroke-width="0.6"`
}

// rgb is a colour with float channels in [0, 255].
type rgb [3]float64

func hexRGB(s string) rgb {
	v, _ := strconv.ParseUint(s[1:], 16, 32)
	return rgb{float64(v >> 16 & 255), float64(v >> 8 & 255), float64(v & 255)}
}

func (c rgb) hex() string {
	const digits = "0123456789ABCDEF"
	b := []byte{'#', 0, 0, 0, 0, 0, 0}
	for i, f := range c {
		v := int(math.Round(math.Max(0, math.Min(255, f))))
		b[1+2*i], b[2+2*i] = digits[v>>4], digits[v&15]
	}
	return string(b)
}

// ramp interpolates linearly between evenly spaced colour stops; t in [0,1].
func ramp(stops []rgb, t float64) rgb {
	if !(t > 0) {
		return stops[0]
	}
	if t >= 1 {
		return stops[len(stops)-1]
	}
	f := t * float64(len(stops)-1)
	i := int(f)
	f -= float64(i)
	a, b := stops[i], stops[i+1]
	return rgb{a[0] + (b[0]-a[0])*f, a[1] + (b[1]-a[1])*f, a[2] + (b[2]-a[2])*f}
}

// luminance is the WCAG relative luminance of c.
func (c rgb) luminance() float64 {
	var l [3]float64
	for i, v := range c {
		v /= 255
		if v <= 0.03928 {
			l[i] = v / 12.92
		} else {
			l[i] = math.Pow((v+0.055)/1.055, 2.4)
		}
	}
	return 0.2126*l[0] + 0.7152*l[1] + 0.0722*l[2]
}

// textOn picks black or white text, whichever contrasts more with bg.
func textOn(bg rgb) string {
	l := bg.luminance()
	if (1.05)/(l+0.05) > (l+0.05)/0.05 {
		return "#FFFFFF"
	}
	return "#000000"
}

// diverging is blue → sky → white → orange → vermillion, safe for
// colour-blind readers (the blue–orange axis).
var diverging = []rgb{hexRGB("#0072B2"), hexRGB("#56B4E9"), hexRGB("#FFFFFF"), hexRGB("#E69F00"), hexRGB("#D55E00")}
