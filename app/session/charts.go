package session

import (
	"math"
	"slices"

	"sslab/app/svg"
	"sslab/ml/train"
)

// The charts the worker draws for the page. Each returns a standalone SVG
// document (app/svg), or "" when there is nothing to draw yet. Sizes are
// the charts' natural sizes; the page scales them to its cards, which also
// carry their titles and captions.

// chartWidth is the natural width of the cards' charts, in CSS pixels:
// the page scales a chart to its card, and its text (11 px and up) with
// it. A phone's card is about 320 px wide: drawn any wider, a chart's
// text would be smaller than 11 px there. chartHeight is a line chart's.
const (
	chartWidth  = 320
	chartHeight = 240
)

// maxLinePoints bounds the points of a drawn line: more would not show but
// would cost time at every redraw.
const maxLinePoints = 400

// lossChart draws the loss of every pretraining step and its moving average.
func lossChart(losses []float64, objective string) string {
	n := len(losses)
	if n == 0 {
		return ""
	}
	steps := make([]float64, n)
	for i := range steps {
		steps[i] = float64(i + 1)
	}
	x, y := thin(steps, losses, maxLinePoints)
	ax, ay := thin(steps, movingAverage(losses, max(5, n/40)), maxLinePoints)
	return svg.LineChart([]svg.Series{
		{Name: "each step", X: x, Y: y},
		{Name: "moving average", X: ax, Y: ay},
	}, svg.Options{Width: chartWidth, Height: chartHeight, XLabel: "step", YLabel: objective + " loss", Legend: true})
}

// embeddingChart scatters the test embeddings (2-D PCA) by class; digits
// are drawn as their own glyphs.
func embeddingChart(points []float64, labels []int, classNames []string, glyphs bool) string {
	if len(points) == 0 {
		return ""
	}
	return svg.Scatter(points, labels, classNames,
		svg.Options{Width: chartWidth, Height: 300, XLabel: "PC 1", YLabel: "PC 2", Legend: true}, glyphs)
}

// viewsChart shows two views of each example, one example per column.
func viewsChart(a, b [][]float64, width, height int) string {
	n := len(a)
	if n == 0 || len(b) != n {
		return ""
	}
	images := append(slices.Clone(a), b...)
	captions := make([]string, 2*n)
	captions[0], captions[n] = "view 1", "view 2"
	return svg.ImageGrid(images, width, height, n, captions, svg.Options{Width: chartWidth})
}

// previewChart shows examples above their two views.
func previewChart(orig, a, b [][]float64, width, height int) string {
	n := len(orig)
	if n == 0 || len(a) != n || len(b) != n {
		return ""
	}
	images := append(append(slices.Clone(orig), a...), b...)
	captions := make([]string, 3*n)
	captions[0], captions[n], captions[2*n] = "original", "view 1", "view 2"
	return svg.ImageGrid(images, width, height, n, captions, svg.Options{Width: chartWidth})
}

// similarityChart draws the cosine similarities of first views (rows) and
// second views (columns) of the same examples: positives on the diagonal.
func similarityChart(sim [][]float64) string {
	k := len(sim)
	if k == 0 {
		return ""
	}
	flat := make([]float64, 0, k*k)
	for _, row := range sim {
		flat = append(flat, row...)
	}
	return svg.Heatmap(flat, k, k, svg.Options{Width: chartWidth, Height: 290,
		XLabel: "second view of example j", YLabel: "first view of example i"}, -1, 1)
}

// hiddenShade is the ink level of hidden pixels in masked inputs: a light
// grey, so hidden differs from blank.
const hiddenShade = 0.22

// reconstructionsChart shows masked inputs (hidden entries are marked -1),
// their reconstructions and the originals, one example per column.
func reconstructionsChart(masked, recon, clean [][]float64, width, height int) string {
	n := len(masked)
	if n == 0 || len(recon) != n || len(clean) != n {
		return ""
	}
	images := make([][]float64, 0, 3*n)
	for _, m := range masked {
		shown := make([]float64, len(m))
		for j, v := range m {
			if v < 0 {
				v = hiddenShade
			}
			shown[j] = v
		}
		images = append(images, shown)
	}
	for _, r := range recon {
		clipped := make([]float64, len(r))
		for j, v := range r {
			clipped[j] = min(max(v, 0), 1)
		}
		images = append(images, clipped)
	}
	images = append(images, clean...)
	captions := make([]string, 3*n)
	captions[0], captions[n], captions[2*n] = "masked input", "reconstruction", "original"
	return svg.ImageGrid(images, width, height, n, captions, svg.Options{Width: chartWidth})
}

// efficiencyLines are the approaches the label-efficiency chart draws.
var efficiencyLines = []struct{ name, encoder, adaptation string }{
	{"pretrained probe", "pretrained", "linear-probe"},
	{"random probe", "random", "linear-probe"},
	{"raw probe", "raw", "linear-probe"},
	{"pretrained kNN", "pretrained", "knn"},
	{"finetuned", "pretrained", "finetune"},
	{"scratch", "scratch", "finetune"},
}

// efficiencyR2Floor is the lowest R² the label-efficiency chart shows: a
// worse fit (which the tables flag) would squash every other line flat.
const efficiencyR2Floor = -1

// efficiencyChart draws accuracy (R² for regression) against the number of
// labels on a log axis, one line per approach, with the spread over draws.
// Failed rows have no point.
func efficiencyChart(rows []train.Row, regression bool) string {
	metric, ylabel := "accuracy", "test accuracy"
	if regression {
		metric, ylabel = "r2", "test R²"
	}
	lowest := 0.0
	var series []svg.Series
	for _, l := range efficiencyLines {
		var pts []train.Row
		for _, r := range rows {
			if r.Encoder == l.encoder && r.Adaptation == l.adaptation && r.Metric == metric && r.NTask > 0 && r.OK() {
				pts = append(pts, r)
			}
		}
		if len(pts) == 0 {
			continue
		}
		slices.SortFunc(pts, func(a, b train.Row) int { return a.NTask - b.NTask })
		s := svg.Series{Name: l.name}
		for _, r := range pts {
			s.X, s.Y, s.Err = append(s.X, float64(r.NTask)), append(s.Y, finite(r.Value)), append(s.Err, finite(r.Std))
			lowest = min(lowest, finite(r.Value))
		}
		series = append(series, s)
	}
	if len(series) == 0 {
		return ""
	}
	o := svg.Options{Width: chartWidth, Height: 280, XLabel: "labelled examples n_task (log scale)",
		YLabel: ylabel, LogX: true, Legend: true, YMin: 0, YMax: 1, FixedY: true}
	if regression {
		o.YMin = max(efficiencyR2Floor, math.Floor(10*lowest)/10)
	}
	return svg.LineChart(series, o)
}

// confusionChart draws a confusion matrix.
func confusionChart(counts [][]int, classNames []string) string {
	if len(counts) == 0 {
		return ""
	}
	return svg.Confusion(counts, classNames, svg.Options{Width: chartWidth, Height: 300})
}

// thin keeps about n evenly spaced points of (x, y), always the last.
func thin(x, y []float64, n int) ([]float64, []float64) {
	if len(x) <= n {
		return x, y
	}
	step := float64(len(x)-1) / float64(n-1)
	tx, ty := make([]float64, 0, n), make([]float64, 0, n)
	for i := range n {
		k := int(float64(i)*step + 0.5)
		tx, ty = append(tx, x[k]), append(ty, y[k])
	}
	return tx, ty
}

// movingAverage returns the trailing mean of v over w values.
func movingAverage(v []float64, w int) []float64 {
	out := make([]float64, len(v))
	var sum float64
	for i, x := range v {
		sum += x
		if i >= w {
			sum -= v[i-w]
		}
		out[i] = sum / float64(min(i+1, w))
	}
	return out
}

func itoa(n int) string {
	if n == 0 {
		return "0"
	}
	var b [20]byte
	i := len(b)
	for ; n > 0; n /= 10 {
		i--
		b[i] = byte('0' + n%10)
	}
	return string(b[i:])
}
