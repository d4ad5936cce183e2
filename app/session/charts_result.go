package session

import (
	"math"
	"strings"

	"sslab/app/svg"
	"sslab/ml/data"
	"sslab/ml/tensor"
	"sslab/ml/train"
)

// The adaptation view's charts beside the tables: the verdict's
// differences per budget, and the input plane of a 2-D dataset as each
// representation's probe divides it.

// verdictChart draws, at each label budget, the pretrained encoder's best
// result minus the best baseline's (named on its bar): right of zero
// pretraining helped, left of it it lost.
func verdictChart(v *train.Verdict) string {
	if v == nil || len(v.Budgets) == 0 {
		return ""
	}
	names := make([]string, len(v.Budgets))
	values := make([]float64, len(v.Budgets))
	axis := "lead (points)"
	if v.Metric == "r2" {
		axis = "lead (R²)"
	}
	for i, b := range v.Budgets {
		names[i] = budgetLabel(b) + " vs " + b.BaselineName
		// Points of accuracy to a tenth, R² to a thousandth: as the
		// verdict's sentences write them.
		if v.Metric == "r2" {
			values[i] = math.Round(1000*finite(b.Delta)) / 1000
		} else {
			values[i] = math.Round(1000*finite(b.Delta)) / 10
		}
	}
	return svg.Bars(names, values, svg.Options{Width: verdictWidth,
		XLabel: axis})
}

// verdictWidth is the verdict chart's natural width: its card is a little
// narrower than the others (a coloured edge).
const verdictWidth = 300

// budgetLabel names a verdict's budget on a bar: "1/class", "all",
// "n=200".
func budgetLabel(b train.BudgetVerdict) string {
	switch {
	case strings.HasPrefix(b.Budget, "all "):
		return "all"
	case b.PerClass > 0:
		return itoa(b.PerClass) + "/class"
	}
	return "n=" + itoa(b.NTask)
}

// regionsGrid is the side of the grid the input plane's regions are
// sampled on: fine enough for smooth boundaries, coarse enough that a
// chart is a few kilobytes. A regression's surface is shaded in many
// levels, each a run of its own: it gets a coarser grid, so that a chart
// stays within what the page draws in one task (about 24 KB).
const (
	regionsGrid        = 40
	regionsSurfaceGrid = 28
)

// RegionsChartID is the chart id of encoder's input plane (pretrained,
// random or raw).
func RegionsChartID(encoder string) string { return ChartRegions + "-" + encoder }

// regionsEncoders are the representations whose input planes are drawn,
// side by side.
var regionsEncoders = []string{"pretrained", "random", "raw"}

// regionsCharts draws, for a 2-D dataset, the test points over the input
// plane as the linear probe at budget b divides it (or, for a regression,
// shades it by the predicted target), for the pretrained encoder, the
// random one and the raw inputs. Other data, or a fit that fails, draw
// nothing: the charts are left out.
func regionsCharts(a *train.Adapter, pre, random *train.Encoder, b train.Budget) map[string]string {
	ds := a.Dataset()
	if ds.Dim() != 2 || ds.IsImage() {
		return nil
	}
	if b == 0 {
		b = 1 // a probe needs labels: zero-shot draws the fewest
	}
	grid := regionsGrid
	if cfg := a.Config(); cfg.IsRegression() {
		grid = regionsSurfaceGrid
	}
	regions, err := a.Regions(pre, random, b, grid)
	if err != nil {
		return nil
	}
	xy, labels := testPoints(ds, a.Split())
	var targets []float64
	if cfg := a.Config(); cfg.IsRegression() {
		// The shading is the prediction and the points' colour their true
		// target, on the same scale; classes would be another story.
		labels = nil
		for _, r := range a.Split().Test {
			targets = append(targets, finite(ds.Targets[r]))
		}
	}
	charts := map[string]string{}
	for _, r := range regions {
		reg := svg.Region{N: r.N, XLo: r.XLo, XHi: r.XHi, YLo: r.YLo, YHi: r.YHi, Class: r.Class}
		if r.Value != nil {
			reg.Value, reg.PointValue = finiteRow(r.Value), targets
		}
		charts[RegionsChartID(r.Encoder)] = svg.Regions(reg, xy, labels, ds.ClassNames,
			svg.Options{Width: regionsWidth, Height: regionsWidth})
	}
	return charts
}

// regionsWidth is the side of each input-plane chart: three fit side by
// side in the adaptation view, one under the other on a phone.
const regionsWidth = 260

// testPoints returns the test split's 2-D points, flattened, and their
// classes (nil without labels).
func testPoints(ds *data.Dataset, split data.Split) ([]float64, []int) {
	test := new(tensor.Mat)
	test.Gather(ds.X, split.Test)
	var labels []int
	if ds.Labels != nil {
		labels = make([]int, len(split.Test))
		for i, r := range split.Test {
			labels[i] = ds.Labels[r]
		}
	}
	return finiteRow(test.Data), labels
}
