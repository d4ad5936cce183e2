// Package svg draws the charts of sslab as standalone SVG documents.
//
// Every function returns a complete <svg> element as a string: it carries
// xmlns, width, height and viewBox, an accessible <title>, a white
// background, text in the system sans-serif font (11px and up at the
// default sizes), and no ids, scripts or external references, so it can be
// embedded inline (several per page) or saved as a file.
//
// Colours follow the Okabe-Ito palette, which stays distinguishable for
// colour-blind readers; every series or class also gets its own marker shape
// (and, for lines, dash pattern), so colour is never the only cue.
// Color, Dash and Marker expose that style so HTML legends can match it.
//
// All text that may come from users (titles, labels, class names) is
// XML-escaped. The output is deterministic: the same input gives the same
// bytes. Numbers are written with at most one or two decimals.
//
// The package uses only the standard library, so it builds natively and for
// GOOS=js GOARCH=wasm alike.
package svg

// Options are the common settings of every chart.
//
// Width and Height are the size in pixels (0 picks a default per chart).
// Title is drawn on top and used as the accessible <title>. XLabel and
// YLabel name the axes. With FixedY the value axis spans [YMin, YMax]
// instead of the data range (for Bars the value axis is horizontal).
// LogX makes the x axis of LineChart logarithmic (points with x <= 0 are
// skipped). Legend turns on the legend of LineChart and Scatter.
type Options struct {
	Width, Height  int
	Title          string
	XLabel, YLabel string
	YMin, YMax     float64
	FixedY         bool
	LogX           bool
	Legend         bool
}

// Series is one line of a LineChart. Points whose X or Y is NaN or
// infinite are skipped (the line joins its neighbours). Err, if not nil,
// gives a ± error for each point, drawn as error bars (few points) or as a
// shaded band (many points). Dashed draws the line dashed (for example the
// validation curve next to a solid training curve), overriding Dash(i).
// Style, if positive, gives the series the colour and marker of series
// Style−1 instead of its own index, so that lines of one kind share a
// colour (the same measurement at two budgets, say, told apart by Dashed).
// A series with no Name has no legend entry.
type Series struct {
	Name   string
	X, Y   []float64
	Err    []float64
	Dashed bool
	Style  int
}

// style is the palette index of series i's colour and marker.
func (s Series) style(i int) int {
	if s.Style > 0 {
		return s.Style - 1
	}
	return i
}
