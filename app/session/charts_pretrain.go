package session

import (
	"fmt"
	"math"
	"slices"

	"sslab/app/svg"
	"sslab/ml/config"
	"sslab/ml/eval"
	"sslab/ml/tensor"
	"sslab/ml/train"
)

// The pretraining view's monitors over training: the kNN monitor with its
// reference lines, the collapse meter's spectrum, and each objective's
// own view (Barlow Twins' cross-correlation, VICReg's terms, the
// predictor-target cosine of SimSiam and BYOL).

// monitorHistory is what the snapshots and steps of a run accumulate for
// its charts, and the last snapshot's collapse reading for its verdict.
type monitorHistory struct {
	knn      []knnSample
	spectrum []spectrumSample
	terms    []float64 // per step, its loss terms in turn (VICReg: three)
	// collapse is the last snapshot's collapse meter, the evidence the
	// result's verdict and report carry.
	collapse *train.CollapseReport
	text     textHistory // text_charts.go
}

type knnSample struct {
	step int
	at   []train.KNNPoint
}

type spectrumSample struct {
	step      int
	fractions []float64
	rank      float64
	// head is the projections' first direction's share, NaN without a
	// head.
	head float64
}

// spectrumShown is the number of principal directions the spectrum chart
// follows over training.
const spectrumShown = 4

// record adds a snapshot's monitors to the history.
func (h *monitorHistory) record(mon *train.Snapshot) {
	if len(mon.KNNAt) > 0 {
		h.knn = append(h.knn, knnSample{mon.Step, mon.KNNAt})
	}
	if len(mon.Spectrum) > 0 {
		f := finiteRow(mon.Spectrum[:min(spectrumShown, len(mon.Spectrum))])
		head := math.NaN()
		if mon.HeadCollapse != nil {
			head = finite(mon.HeadCollapse.Top)
		}
		h.spectrum = append(h.spectrum, spectrumSample{mon.Step, f, finite(mon.EffRank), head})
	}
	h.collapse = mon.CollapseReport()
}

// step adds a pretraining step's loss terms to the history.
func (h *monitorHistory) step(m train.StepMetrics) {
	for _, t := range m.Terms {
		h.terms = append(h.terms, finite(t))
	}
}

// finiteMonitor replaces the numbers of mon that are not finite by 0, for
// JSON, which cannot carry them, and the page, which must not show them.
func finiteMonitor(mon *train.Snapshot) {
	for _, v := range []*float64{&mon.KNN, &mon.EffRank, &mon.MeanStd, &mon.MinStd, &mon.Alignment, &mon.Uniformity} {
		*v = finite(*v)
	}
	mon.Spectrum = finiteRow(mon.Spectrum)
	// Copies: the reference lines are the pretrainer's monitor's own.
	mon.KNNAt, mon.KNNRaw, mon.KNNRandom = slices.Clone(mon.KNNAt), slices.Clone(mon.KNNRaw), slices.Clone(mon.KNNRandom)
	for _, pts := range [][]train.KNNPoint{mon.KNNAt, mon.KNNRaw, mon.KNNRandom} {
		for i := range pts {
			pts[i].Accuracy, pts[i].Std = finite(pts[i].Accuracy), finite(pts[i].Std)
		}
	}
	finiteCollapse(&mon.Collapse)
	if mon.HeadCollapse != nil {
		c := *mon.HeadCollapse
		finiteCollapse(&c)
		mon.HeadCollapse = &c
	}
}

func finiteCollapse(c *eval.Collapse) {
	for _, v := range []*float64{&c.EffectiveRank, &c.Top, &c.Spread, &c.Scale, &c.Shrink} {
		*v = finite(*v)
	}
}

// knnChart draws the kNN monitor at each of its budgets over the steps,
// with the raw inputs' and the random encoder's values at the same budgets
// as reference lines across the whole run: what pretraining must beat.
// One colour per representation; solid lines with 1 label per class,
// dashed with all labels.
func knnChart(hist []knnSample, raw, random []train.KNNPoint, steps int) string {
	if len(hist) == 0 {
		return ""
	}
	end := float64(max(steps, hist[len(hist)-1].step, 1))
	var series []svg.Series
	for b := range hist[0].at {
		// One legend entry per colour: the caption says solid is 1 label
		// per class and dashed all labels.
		s := svg.Series{Style: 1, Dashed: b > 0}
		if b == 0 {
			s.Name = "pretrained"
		}
		for _, h := range hist {
			if b < len(h.at) {
				s.X, s.Y = append(s.X, float64(h.step)), append(s.Y, finite(h.at[b].Accuracy))
			}
		}
		s.X, s.Y = thin(s.X, s.Y, maxLinePoints)
		series = append(series, s)
	}
	for k, ref := range [][]train.KNNPoint{random, raw} {
		for b, p := range ref {
			v := finite(p.Accuracy)
			s := svg.Series{X: []float64{0, end}, Y: []float64{v, v}, Style: k + 2, Dashed: b > 0}
			if b == 0 {
				s.Name = [2]string{"random encoder", "raw inputs"}[k]
			}
			series = append(series, s)
		}
	}
	return svg.LineChart(series, svg.Options{Width: chartWidth, Height: chartHeight, XLabel: "step", YLabel: "kNN test accuracy",
		YMin: 0, YMax: 1, FixedY: true, Legend: true})
}

// spectrumChart draws, over the steps, the fraction of the test
// embeddings' variance along each of their first principal directions,
// the first direction's share of their projections' (where the loss
// reads a head, which may collapse alone), and the share above which the
// collapse meter calls them a line.
func spectrumChart(hist []spectrumSample, steps int) string {
	if len(hist) == 0 {
		return ""
	}
	end := float64(max(steps, hist[len(hist)-1].step, 1))
	var series []svg.Series
	for k := range len(hist[0].fractions) {
		s := svg.Series{Name: ordinal(k + 1)}
		for _, h := range hist {
			if k < len(h.fractions) {
				s.X, s.Y = append(s.X, float64(h.step)), append(s.Y, h.fractions[k])
			}
		}
		s.X, s.Y = thin(s.X, s.Y, maxLinePoints)
		series = append(series, s)
	}
	if head := (svg.Series{Name: "projections' 1st", Style: 7, Dashed: true}); !math.IsNaN(hist[0].head) {
		for _, h := range hist {
			head.X, head.Y = append(head.X, float64(h.step)), append(head.Y, h.head)
		}
		head.X, head.Y = thin(head.X, head.Y, maxLinePoints)
		series = append(series, head)
	}
	series = append(series, svg.Series{Name: "a line", X: []float64{0, end},
		Y: []float64{eval.DimensionalTop, eval.DimensionalTop}, Dashed: true, Style: 9}) // grey
	return svg.LineChart(series, svg.Options{Width: chartWidth, Height: chartHeight, XLabel: "step", YLabel: "share of the variance",
		YMin: 0, YMax: 1, FixedY: true, Legend: true})
}

// ordinal writes 1st, 2nd, 3rd, 4th, ...
func ordinal(n int) string {
	switch n {
	case 1:
		return "1st"
	case 2:
		return "2nd"
	case 3:
		return "3rd"
	}
	return itoa(n) + "th"
}

// termsChart draws an objective's loss terms over the steps (terms holds
// each step's len(names) terms in turn).
func termsChart(terms []float64, names []string) string {
	k := len(names)
	if k == 0 || len(terms) < k {
		return ""
	}
	n := len(terms) / k
	steps := make([]float64, n)
	for i := range steps {
		steps[i] = float64(i + 1)
	}
	var series []svg.Series
	for j, name := range names {
		y := make([]float64, n)
		for i := range n {
			y[i] = terms[i*k+j]
		}
		x, ys := thin(steps, movingAverage(y, max(5, n/40)), maxLinePoints)
		series = append(series, svg.Series{Name: name, X: x, Y: ys})
	}
	return svg.LineChart(series, svg.Options{Width: chartWidth, Height: chartHeight, XLabel: "step",
		YLabel: "weighted term", Legend: true})
}

// cosineChart draws the mean cosine between the predictions and their
// targets at every step: for the symmetrised negative cosine of SimSiam
// and BYOL it is minus the loss.
func cosineChart(losses []float64) string {
	n := len(losses)
	if n == 0 {
		return ""
	}
	steps := make([]float64, n)
	cos := make([]float64, n)
	for i, l := range losses {
		steps[i], cos[i] = float64(i+1), -l
	}
	x, y := thin(steps, cos, maxLinePoints)
	ax, ay := thin(steps, movingAverage(cos, max(5, n/40)), maxLinePoints)
	return svg.LineChart([]svg.Series{
		{Name: "each step", X: x, Y: y},
		{Name: "moving average", X: ax, Y: ay},
	}, svg.Options{Width: chartWidth, Height: chartHeight, XLabel: "step", YLabel: "cos(prediction, target)",
		YMin: -1, YMax: 1, FixedY: true, Legend: true})
}

// crossCorrShown is the side of the corner of Barlow Twins' (k, k)
// cross-correlation matrix the chart draws: a 64 × 64 matrix is some 4,000
// cells, more markup than a snapshot may carry.
const crossCorrShown = 20

// crossCorrChart draws the top-left corner of the cross-correlation matrix
// C of the two views' projections (its target is the identity), titled
// with the mean of its diagonal and of its off-diagonal magnitudes over
// the whole matrix.
func crossCorrChart(c *tensor.Mat) string {
	if c == nil || c.Rows == 0 || c.Rows != c.Cols {
		return ""
	}
	k := c.Rows
	var diag, off float64
	for i := range k {
		for j, v := range c.Row(i) {
			if i == j {
				diag += v
			} else {
				off += math.Abs(v)
			}
		}
	}
	diag /= float64(k)
	if k > 1 {
		off /= float64(k * (k - 1))
	}
	m := min(k, crossCorrShown)
	cells := make([]float64, 0, m*m)
	for i := range m {
		cells = append(cells, finiteRow(c.Row(i)[:m])...)
	}
	what := "all of C"
	if m < k {
		what = fmt.Sprintf("%d of %d dims shown", m, k)
	}
	title := fmt.Sprintf("diagonal %.2f, |off-diagonal| %.2f on average (%s)", finite(diag), finite(off), what)
	return svg.Heatmap(cells, m, m, svg.Options{Width: chartWidth, Height: 320, Title: title,
		XLabel: "dimension j of view 2", YLabel: "dimension i of view 1"}, -1, 1)
}

// progressCharts are the charts a progress message carries: the loss and,
// for objectives that have one, the view drawn from every step (VICReg's
// terms, the predictor-target cosine).
func progressCharts(cfg config.Config, losses []float64, hist *monitorHistory) map[string]string {
	charts := map[string]string{ChartLoss: lossChart(losses, string(cfg.Objective))}
	switch PictureOf(cfg.Objective) {
	case ChartTerms:
		charts[ChartTerms] = termsChart(hist.terms, train.TermNames(cfg.Objective))
	case ChartCosine:
		charts[ChartCosine] = cosineChart(losses)
	}
	return charts
}
