package svg

import (
	"encoding/xml"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// parsed is what a test needs to know about an SVG document.
type parsed struct {
	root     xml.StartElement
	title    string   // text of the first <title>
	texts    []string // text of every <text>
	elements map[string]int
}

// parse checks that doc is well-formed standalone SVG and returns its parts.
func parse(t *testing.T, doc string) parsed {
	t.Helper()
	d := xml.NewDecoder(strings.NewReader(doc))
	d.Strict = true
	p := parsed{elements: map[string]int{}}
	var stack []string
	var buf strings.Builder
	for {
		tok, err := d.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("not well-formed: %v\n%.300s", err, doc)
		}
		switch tok := tok.(type) {
		case xml.StartElement:
			if len(stack) == 0 {
				p.root = tok.Copy()
			}
			stack = append(stack, tok.Name.Local)
			p.elements[tok.Name.Local]++
			buf.Reset()
			for _, a := range tok.Attr {
				switch a.Name.Local {
				case "href", "id", "style", "class":
					t.Errorf("unexpected attribute %s=%q", a.Name.Local, a.Value)
				case "font-size":
					if v, err := strconv.ParseFloat(a.Value, 64); err != nil || v < 11 {
						t.Errorf("font-size %q below 11px", a.Value)
					}
				}
				if strings.HasPrefix(a.Name.Local, "on") || strings.Contains(a.Value, "url(") {
					t.Errorf("unexpected attribute %s=%q", a.Name.Local, a.Value)
				}
			}
		case xml.CharData:
			buf.Write(tok)
		case xml.EndElement:
			switch tok.Name.Local {
			case "title":
				if p.title == "" {
					p.title = buf.String()
				}
			case "text":
				p.texts = append(p.texts, buf.String())
			}
			stack = stack[:len(stack)-1]
		}
	}
	if p.root.Name.Local != "svg" || p.root.Name.Space != "http://www.w3.org/2000/svg" {
		t.Fatalf("root is %v, want svg in the SVG namespace", p.root.Name)
	}
	attrs := map[string]string{}
	for _, a := range p.root.Attr {
		attrs[a.Name.Local] = a.Value
	}
	w, h := attrs["width"], attrs["height"]
	if w == "" || h == "" || attrs["viewBox"] != "0 0 "+w+" "+h {
		t.Errorf("root size: width=%q height=%q viewBox=%q", w, h, attrs["viewBox"])
	}
	if !strings.Contains(attrs["font-family"], "sans-serif") {
		t.Errorf("font-family %q is not a sans-serif stack", attrs["font-family"])
	}
	if p.title == "" {
		t.Error("no <title>")
	}
	for _, bad := range []string{"script", "image", "foreignObject", "use", "style"} {
		if p.elements[bad] > 0 {
			t.Errorf("unexpected <%s>", bad)
		}
	}
	if strings.Contains(doc, "NaN") || strings.Contains(doc, "Inf") {
		t.Error("document contains NaN or Inf")
	}
	return p
}

func (p parsed) hasText(s string) bool {
	for _, t := range p.texts {
		if t == s {
			return true
		}
	}
	return false
}

// TestSamplesAreValid checks that every sample chart is a well-formed
// standalone SVG document. With SSLAB_SVG_OUT=DIR it also writes them
// there as NAME.svg, to look at.
func TestSamplesAreValid(t *testing.T) {
	dir := os.Getenv("SSLAB_SVG_OUT")
	for name, doc := range sampleCharts() {
		t.Run(name, func(t *testing.T) {
			parse(t, doc)
			if dir == "" {
				return
			}
			if err := os.MkdirAll(dir, 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(dir, name+".svg"), []byte(doc), 0o644); err != nil {
				t.Fatal(err)
			}
		})
	}
}

func TestDeterministic(t *testing.T) {
	a, b := sampleCharts(), sampleCharts()
	for name := range a {
		if a[name] != b[name] {
			t.Errorf("%s differs between two runs", name)
		}
	}
}

const hostile = `<script>alert(1)</script> & "x" 'y'`

func TestEscaping(t *testing.T) {
	o := Options{Title: hostile, XLabel: hostile, YLabel: hostile, Legend: true}
	docs := map[string]string{
		"line":      LineChart([]Series{{Name: hostile, X: []float64{1, 2}, Y: []float64{3, 4}}}, o),
		"scatter":   Scatter([]float64{0, 0, 1, 1}, []int{0, 1}, []string{hostile, "<"}, o, false),
		"glyphs":    Scatter([]float64{0, 0, 1, 1}, []int{0, 1}, []string{hostile, "<"}, o, true),
		"heatmap":   Heatmap([]float64{1, 2, 3, 4}, 2, 2, o, 0, 0),
		"images":    ImageGrid([][]float64{{0, 1, 1, 0}}, 2, 2, 1, []string{hostile}, o),
		"confusion": Confusion([][]int{{1, 2}, {3, 4}}, []string{hostile, "&"}, o),
		"bars":      Bars([]string{hostile}, []float64{1}, o),
	}
	for name, doc := range docs {
		t.Run(name, func(t *testing.T) {
			if strings.Contains(doc, "<script") {
				t.Fatal("raw <script> in output")
			}
			p := parse(t, doc)
			if p.title != hostile {
				t.Errorf("title %q, want the hostile string unescaped by the parser", p.title)
			}
			found := false
			for _, s := range p.texts {
				if strings.Contains(s, "<script>") {
					found = true
				}
			}
			if !found {
				t.Error("hostile text not shown as text")
			}
		})
	}
	// The one- and two-character class names become glyphs, escaped too.
	p := parse(t, docs["glyphs"])
	if !p.hasText("<") {
		t.Error(`glyph "<" missing`)
	}
	// Control characters and invalid UTF-8 must not break the document.
	parse(t, LineChart(nil, Options{Title: "a\x00b\xffc\x1b"}))
}

func TestLineChart(t *testing.T) {
	nan := math.NaN()
	series := []Series{
		{Name: "train", X: []float64{1, 2, 3, 4, 5}, Y: []float64{1, nan, 0.5, math.Inf(1), 0.2}, Err: []float64{0.1, 0.1, nan}},
		{Name: "val", X: []float64{nan, 2, 4}, Y: []float64{9, 0.8, 0.6}, Dashed: true},
		{Name: "empty"},
	}
	doc := LineChart(series, Options{Title: "Loss", XLabel: "epoch", YLabel: "loss", Legend: true})
	p := parse(t, doc)
	for _, want := range []string{"Loss", "epoch", "loss", "train", "val", "empty"} {
		if !p.hasText(want) {
			t.Errorf("text %q missing", want)
		}
	}
	if p.title != "Loss" {
		t.Errorf("title %q", p.title)
	}
	// Three finite points in the first polyline, two in the second.
	pts := polylinePoints(doc)
	if len(pts) != 3 || pts[0] != 3 || pts[1] != 2 || pts[2] != 0 {
		t.Errorf("polyline point counts %v, want [3 2 0]", pts)
	}
	if !strings.Contains(doc, `stroke-dasharray="`+dashedPattern+`"`) {
		t.Error("dashed series not dashed")
	}
	if p.hasText("no data yet") {
		t.Error("unexpected no-data text")
	}
	// Without Legend, no series names.
	if p := parse(t, LineChart(series, Options{})); p.hasText("train") {
		t.Error("legend drawn without Options.Legend")
	}
	// Log axis skips x <= 0 and labels decades.
	p = parse(t, LineChart([]Series{{Name: "lr", X: []float64{0, 1e-4, 1e-3, 1e-2}, Y: []float64{1, 2, 3, 4}}}, Options{LogX: true}))
	if !p.hasText("0.001") || !p.hasText("0.01") {
		t.Errorf("log ticks missing: %q", p.texts)
	}
	// Fixed y range.
	p = parse(t, LineChart([]Series{{X: []float64{1, 2}, Y: []float64{0.2, 0.4}}}, Options{FixedY: true, YMin: 0, YMax: 1}))
	if !p.hasText("0") || !p.hasText("1") {
		t.Errorf("fixed y ticks 0 and 1 missing: %q", p.texts)
	}
	// Long series are thinned but keep their extremes.
	var x, y []float64
	for i := range 100000 {
		x = append(x, float64(i))
		y = append(y, math.Sin(float64(i)))
	}
	doc = LineChart([]Series{{X: x, Y: y}}, Options{})
	if len(doc) > 60000 {
		t.Errorf("100k-point line is %d bytes", len(doc))
	}
	// Style gives a series another's colour, in its line and its legend.
	doc = LineChart([]Series{{Name: "a", X: []float64{1, 2}, Y: []float64{1, 2}},
		{Name: "b", X: []float64{1, 2}, Y: []float64{2, 1}, Style: 1, Dashed: true}}, Options{Legend: true})
	if got := strings.Count(doc, `stroke="`+Color(0)+`"`); got < 4 || strings.Contains(doc, Color(1)) {
		t.Errorf("series b styled as series 0: %d strokes of its colour, and colour 1 present: %v", got, strings.Contains(doc, Color(1)))
	}
}

// polylinePoints counts the points of each polyline of doc.
func polylinePoints(doc string) []int {
	var n []int
	for _, part := range strings.Split(doc, "<polyline")[1:] {
		i := strings.Index(part, `points="`)
		pts := part[i+8:]
		pts = pts[:strings.IndexByte(pts, '"')]
		n = append(n, len(strings.Fields(pts)))
	}
	return n
}

func TestEmptyInputs(t *testing.T) {
	o := Options{Title: "T"}
	docs := map[string]string{
		"line":          LineChart(nil, o),
		"line-nan":      LineChart([]Series{{Name: "a", X: []float64{math.NaN()}, Y: []float64{1}}}, o),
		"scatter":       Scatter(nil, nil, nil, o, false),
		"scatter-odd":   Scatter([]float64{1}, []int{0}, nil, o, true),
		"heatmap":       Heatmap(nil, 0, 0, o, 0, 1),
		"heatmap-nan":   Heatmap([]float64{math.NaN()}, 1, 1, o, 0, 1),
		"images":        ImageGrid(nil, 28, 28, 4, nil, o),
		"images-size":   ImageGrid([][]float64{{1}}, 0, 0, 4, nil, o),
		"confusion":     Confusion(nil, nil, o),
		"confusion-row": Confusion([][]int{{}}, nil, o),
		"bars":          Bars(nil, nil, o),
		"bars-nan":      Bars([]string{"a"}, []float64{math.NaN()}, o),
	}
	for name, doc := range docs {
		t.Run(name, func(t *testing.T) {
			if p := parse(t, doc); !p.hasText("no data yet") {
				t.Errorf("no placeholder: %q", p.texts)
			}
		})
	}
}

func TestScatter(t *testing.T) {
	xy := []float64{0, 0, 1, 1, math.NaN(), 2, 3, 3, 4, 4}
	labels := []int{0, 1, 2, -1} // the last point has no label
	names := []string{"zero", "one", "two"}
	p := parse(t, Scatter(xy, labels, names, Options{Legend: true, XLabel: "PC 1"}, false))
	for _, want := range []string{"zero", "one", "two", "unlabelled", "PC 1"} {
		if !p.hasText(want) {
			t.Errorf("text %q missing", want)
		}
	}
	// Glyphs: long names fall back to the class number, digits drawn as
	// strokes, one path per class.
	doc := Scatter(xy, labels, names, Options{}, true)
	parse(t, doc)
	for _, want := range []string{`data-glyph="0"`, `data-glyph="1"`, `data-glyph="·"`} { // class 2's one point is NaN
		if strings.Count(doc, want) != 1 {
			t.Errorf("want one path %s in %s", want, doc)
		}
	}
	doc = Scatter([]float64{1, 2, 3, 4}, []int{7, 7}, []string{"0", "1", "2", "3", "4", "5", "6", "7"}, Options{}, true)
	parse(t, doc)
	if n := strings.Count(doc, digitStrokes[7]); n != 2 {
		t.Errorf("want two strokes of 7, got %d in %s", n, doc)
	}
	// Other glyphs stay text.
	p = parse(t, Scatter([]float64{1, 2}, []int{0}, []string{"a", "b"}, Options{}, true))
	if !p.hasText("a") {
		t.Errorf("glyph a missing: %q", p.texts)
	}
	// No labels: one colour, no legend.
	doc = Scatter(xy, nil, nil, Options{Legend: true}, false)
	parse(t, doc)
	if strings.Count(doc, "<path "+markAttrs(Color(0))) != 1 {
		t.Error("unlabelled scatter should be a single path in Color(0)")
	}
	// Many classes: the legend summarises the rest.
	var many []int
	var pts []float64
	for i := range 200 {
		many = append(many, i)
		pts = append(pts, float64(i), float64(i%7))
	}
	p = parse(t, Scatter(pts, many, nil, Options{Legend: true, Height: 300}, false))
	more := false
	for _, s := range p.texts {
		more = more || strings.HasSuffix(s, " more")
	}
	if !more {
		t.Error(`200 classes: no "+N more" in legend`)
	}
}

func TestHeatmapConfusionBarsImages(t *testing.T) {
	p := parse(t, Heatmap([]float64{-1, 0, 1, 2, math.NaN(), 3}, 2, 3, Options{XLabel: "col", YLabel: "row"}, -1, 3))
	for _, want := range []string{"-1", "1", "3", "col", "row"} {
		if !p.hasText(want) {
			t.Errorf("heatmap text %q missing: %q", want, p.texts)
		}
	}
	p = parse(t, Confusion([][]int{{5, 1}, {0, 7}}, []string{"cat", "dog"}, Options{}))
	for _, want := range []string{"cat", "dog", "5", "1", "7", "predicted", "true class"} {
		if !p.hasText(want) {
			t.Errorf("confusion text %q missing: %q", want, p.texts)
		}
	}
	p = parse(t, Bars([]string{"d0", "d1", "d2"}, []float64{0.5, -0.25, 0}, Options{XLabel: "std"}))
	for _, want := range []string{"d0", "d1", "d2", "0.5", "-0.25", "std"} {
		if !p.hasText(want) {
			t.Errorf("bars text %q missing: %q", want, p.texts)
		}
	}
	img := make([]float64, 9)
	img[4], img[0] = 1, math.NaN()
	doc := ImageGrid([][]float64{img, img}, 3, 3, 0, []string{"a", "b"}, Options{Title: "views"})
	p = parse(t, doc)
	for _, want := range []string{"a", "b", "views"} {
		if !p.hasText(want) {
			t.Errorf("image text %q missing: %q", want, p.texts)
		}
	}
	// Each 3×3 image has a 64 px frame; its one ink pixel, the centre, is
	// a third of it, black, in one path for both images.
	if !strings.Contains(doc, `d="M13 32h64v64h-64zM83 32h64v64h-64z"`) ||
		!strings.Contains(doc, `fill="#000000" d="M34.33 53.33h21.33v21.33h-21.33zM104.33 53.33h21.33v21.33h-21.33z"`) {
		t.Errorf("frames or ink pixels misplaced:\n%s", doc)
	}
	if n := strings.Count(doc, "<path"); n != 2 {
		t.Errorf("%d paths for two images of one shade, want 2 (frames, ink)", n)
	}
}

// A caption with only empty ones after it in its row is the row's label:
// it spans the row, left-aligned, untruncated; with Width alone, the grid
// fills the width and its height follows.
func TestImageGridRowCaptions(t *testing.T) {
	imgs := make([][]float64, 16)
	for i := range imgs {
		imgs[i] = make([]float64, 64)
	}
	caps := make([]string, 16)
	caps[0], caps[8] = "reconstruction", "original"
	doc := ImageGrid(imgs, 8, 8, 8, caps, Options{Width: 320})
	p := parse(t, doc)
	for _, want := range []string{"reconstruction", "original"} {
		if !p.hasText(want) {
			t.Errorf("row label %q cut: %q", want, p.texts)
		}
	}
	if !strings.HasPrefix(doc, `<svg xmlns="http://www.w3.org/2000/svg" width="320" height="`) {
		t.Errorf("not 320 wide: %.80s", doc)
	}
	var h int
	fmt.Sscanf(doc[strings.Index(doc, `height="`)+8:], "%d", &h)
	// Two rows of 32.75 px cells with their captions and the margins.
	if h < 100 || h > 125 {
		t.Errorf("height %d for two rows of 33 px cells", h)
	}
}

func TestNiceTicks(t *testing.T) {
	for _, c := range []struct {
		lo, hi float64
		n      int
		want   []float64
	}{
		{0, 1, 5, []float64{0, 0.2, 0.4, 0.6, 0.8, 1}},
		{0, 100, 5, []float64{0, 20, 40, 60, 80, 100}},
		{1, 100, 5, []float64{0, 20, 40, 60, 80, 100}},
		{-3, 7, 5, []float64{-2, 0, 2, 4, 6}},
		{0.07, 2.45, 5, []float64{0, 0.5, 1, 1.5, 2, 2.5}},
		{0.0013, 0.0087, 4, []float64{0.002, 0.004, 0.006, 0.008}},
		{0, 20000, 10, []float64{0, 2000, 4000, 6000, 8000, 10000, 12000, 14000, 16000, 18000, 20000}},
		{5, 5, 4, []float64{4.5, 5, 5.5}},
		{0, 0, 4, []float64{-1, -0.5, 0, 0.5, 1}},
		{10, 0, 2, []float64{0, 5, 10}},
		{math.NaN(), 1, 5, []float64{0, 0.2, 0.4, 0.6, 0.8, 1}},
	} {
		got := niceTicks(c.lo, c.hi, c.n)
		if len(got) != len(c.want) {
			t.Errorf("niceTicks(%v, %v, %d) = %v, want %v", c.lo, c.hi, c.n, got, c.want)
			continue
		}
		for i := range got {
			if math.Abs(got[i]-c.want[i]) > 1e-9*math.Max(1, math.Abs(c.want[i])) {
				t.Errorf("niceTicks(%v, %v, %d) = %v, want %v", c.lo, c.hi, c.n, got, c.want)
				break
			}
		}
	}
}

func TestFormatTick(t *testing.T) {
	for _, c := range []struct {
		v, step float64
		want    string
	}{
		{0, 1, "0"},
		{0.30000000000000004, 0.1, "0.3"},
		{0.25, 0.05, "0.25"},
		{-2, 0.5, "-2"},
		{12000, 2000, "12k"},
		{1500, 500, "1500"},
		{2.5e6, 5e5, "2500k"},
		{3e6, 1e6, "3M"},
		{1e-5, 1e-5, "1e-5"},
		{3.5e-4, 5e-5, "0.00035"},
	} {
		if got := formatTick(c.v, c.step); got != c.want {
			t.Errorf("formatTick(%v, %v) = %q, want %q", c.v, c.step, got, c.want)
		}
	}
	for _, c := range []struct {
		v    float64
		want string
	}{{0.8, "0.8"}, {0.0097312, "0.00973"}, {123.4, "123"}, {-0.25, "-0.25"}, {2e7, "2e7"}, {math.NaN(), "–"}} {
		if got := formatValue(c.v); got != c.want {
			t.Errorf("formatValue(%v) = %q, want %q", c.v, got, c.want)
		}
	}
}

func TestLogAxis(t *testing.T) {
	ax := logAxis(1e-4, 0.1, 0, 600, true)
	if ax.lo != 1e-4 || ax.hi != 0.1 || len(ax.ticks) < 4 || !fits(ax, true) {
		t.Errorf("log axis %v..%v ticks %v", ax.lo, ax.hi, ax.labels)
	}
	ax = logAxis(1, 1e9, 0, 120, true)
	if len(ax.ticks) < 2 || !fits(ax, true) {
		t.Errorf("narrow log axis labels %v overlap", ax.labels)
	}
}

func TestAppendNum(t *testing.T) {
	for _, c := range []struct {
		v    float64
		prec int
		want string
	}{{1.25, 1, "1.2"}, {2, 2, "2"}, {-0.04, 1, "0"}, {10.50, 2, "10.5"}, {math.NaN(), 1, "0"}, {100, 0, "100"}} {
		if got := string(appendNum(nil, c.v, c.prec)); got != c.want {
			t.Errorf("appendNum(%v, %d) = %q, want %q", c.v, c.prec, got, c.want)
		}
	}
}

func TestPalette(t *testing.T) {
	seen := map[string]bool{}
	for i := range 10 {
		c := Color(i)
		if len(c) != 7 || c[0] != '#' {
			t.Errorf("Color(%d) = %q", i, c)
		}
		if seen[c] {
			t.Errorf("Color(%d) = %q repeats within ten", i, c)
		}
		seen[c] = true
	}
	if Color(-1) != Color(9) || Color(10) != Color(0) {
		t.Error("Color does not cycle")
	}
	for i := range 8 {
		if Dash(i) == dashedPattern {
			t.Errorf("Dash(%d) equals the Dashed pattern", i)
		}
		if Marker(i) == Marker(i+1) {
			t.Errorf("Marker(%d) repeats", i)
		}
		if newMarker(i, 3).rel == "" {
			t.Errorf("marker %d has no shape", i)
		}
	}
	if Dash(0) != "" {
		t.Error("series 0 should be solid")
	}
	if textOn(hexRGB("#0072B2")) != "#FFFFFF" || textOn(hexRGB("#FFFFFF")) != "#000000" {
		t.Error("textOn picks the wrong contrast")
	}
}

func TestTruncate(t *testing.T) {
	if got := truncate("héllo world", 5); got != "héll…" {
		t.Errorf("truncate = %q", got)
	}
	if got := truncate("abc", 5); got != "abc" {
		t.Errorf("truncate = %q", got)
	}
}

func BenchmarkScatter2000(b *testing.B) {
	xy, labels := clusters(newRand(), 2000, 10)
	names := []string{"0", "1", "2", "3", "4", "5", "6", "7", "8", "9"}
	for _, glyphs := range []bool{false, true} {
		b.Run("glyphs="+strconv.FormatBool(glyphs), func(b *testing.B) {
			for b.Loop() {
				Scatter(xy, labels, names, Options{Legend: true, Title: "embedding"}, glyphs)
			}
		})
	}
}
