package page

import (
	"maps"
	"slices"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"sslab/app/session"
)

// setCharts queues the given charts for drawing; "" removes one at once.
func (l *Lab) setCharts(charts map[string]string) {
	if len(charts) == 0 {
		return
	}
	if l.queued == nil {
		l.queued = map[string]string{}
	}
	var removed []string
	for id, svg := range charts {
		if svg != "" {
			l.queued[id] = svg
			continue
		}
		delete(l.queued, id)
		if _, shown := l.charts[id]; shown {
			removed = append(removed, id)
		}
	}
	if len(removed) > 0 {
		next := maps.Clone(l.charts)
		for _, id := range removed {
			delete(next, id)
		}
		l.charts = next
	}
}

// chartOrder is the order queued charts are drawn in: top of the page first.
var chartOrder = []string{
	session.ChartLoss, session.ChartKNN, session.ChartEmbedding, session.ChartCollapse,
	session.ChartViews, session.ChartPreview, session.ChartSimilarity, session.ChartReconstructions,
	session.ChartCrossCorr, session.ChartTerms, session.ChartCosine,
	session.ChartVerdict, session.RegionsChartID("pretrained"), session.RegionsChartID("random"), session.RegionsChartID("raw"),
	session.ChartEfficiency, session.ChartConfusion, session.ChartPerplexity,
}

// chartBudget bounds the chart markup put in the page in one task: a
// snapshot's charts parsed, styled and laid out at once, on a page sharing
// its cores with the training workers, make a task the reader feels, and
// one chart per task makes more frames to style and raster than it saves
// (the README's Performance section has the measurements).
const chartBudget = 24 << 10

// chartsToDraw picks the queued charts one task puts in the page: top
// first, until the next would pass chartBudget (at least one).
func chartsToDraw(queued map[string]string) []string {
	var ids []string
	budget := chartBudget
	for _, id := range chartOrder {
		svg, ok := queued[id]
		if !ok {
			continue
		}
		if len(svg) > budget && len(ids) > 0 {
			break
		}
		ids, budget = append(ids, id), budget-len(svg)
	}
	return ids
}

// drawCharts puts queued charts in the page, top first, until the next
// would pass chartBudget (at least one), and leaves the rest to a later
// task.
func (l *Lab) drawCharts(ctx app.Context) {
	if len(l.queued) == 0 {
		return
	}
	// A new map, never the old one changed: go-app compares a panel's
	// props with the previous ones, and the same map, changed, would
	// compare equal and skip the redraw.
	next := maps.Clone(l.charts)
	if next == nil {
		next = map[string]string{}
	}
	for _, id := range chartsToDraw(l.queued) {
		next[id] = l.queued[id]
		delete(l.queued, id)
	}
	l.charts = next
	if !slices.ContainsFunc(chartOrder, func(id string) bool { _, ok := l.queued[id]; return ok }) {
		clear(l.queued) // none left that the page shows
	}
	if len(l.queued) > 0 && !l.drawing {
		l.drawing = true
		afterTask(ctx, taskGap, func(ctx app.Context) {
			l.drawing = false
			l.drawCharts(ctx)
		})
	}
}
