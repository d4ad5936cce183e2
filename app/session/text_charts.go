package session

import (
	"sslab/app/svg"
	"sslab/ml/train"
)

// The text track's charts, beside the shared ones (charts.go): the
// held-out perplexity over pretraining, and the map of the monitor
// sentences' token features coloured by part of speech, which the encoder
// never saw.
const (
	ChartPerplexity = "perplexity"
)

// shownTokens bounds the tokens of the embedding map: enough to see the
// parts of speech gather, few enough for a chart of a few tens of KB.
const shownTokens = 600

// textHistory is what a text run's snapshots accumulate.
type textHistory struct {
	heldOut []float64 // step, perplexity (skip-gram: held-out loss), ...
}

// textSnapshot is snapshot for text: the monitor (held-out loss and
// perplexity, collapse meter) and its charts.
func (s *Session) textSnapshot(run int, p *train.Pretrainer, hist *monitorHistory) train.Snapshot {
	mon := p.Monitor()
	for _, v := range []*float64{&mon.EffRank, &mon.MeanStd, &mon.MinStd, &mon.Uniformity, &mon.HeldOutLoss, &mon.Perplexity} {
		*v = finite(*v)
	}
	cfg := p.Config()
	y, what := mon.Perplexity, "held-out perplexity"
	if y == 0 {
		y, what = mon.HeldOutLoss, "held-out "+string(cfg.Objective)+" loss"
	}
	if y > 0 {
		hist.text.heldOut = append(hist.text.heldOut, float64(mon.Step), y)
	}
	hist.record(&mon)
	points, labels := thinTokens(finiteRow(mon.Points), mon.Labels, shownTokens)
	charts := map[string]string{
		ChartPerplexity: heldOutChart(hist.text.heldOut, what),
		ChartCollapse:   spectrumChart(hist.spectrum, mon.Steps),
		ChartEmbedding:  embeddingChart(points, labels, p.Dataset().Text.TagNames, false),
	}
	mon.Points, mon.Labels, mon.DimStd = nil, nil, nil
	s.Send(Message{Type: MsgSnapshot, Run: run, Snapshot: &Snapshot{Monitor: mon, Dim: cfg.DModel}, Charts: charts, Text: insight(p)})
	return mon
}

// thinTokens keeps n of the tokens (points x, y and their labels), evenly
// spread.
func thinTokens(points []float64, labels []int, n int) ([]float64, []int) {
	m := len(labels)
	if m <= n {
		return points, labels
	}
	xy, lab := make([]float64, 0, 2*n), make([]int, 0, n)
	for i := range n {
		j := i * m / n
		xy = append(xy, points[2*j], points[2*j+1])
		lab = append(lab, labels[j])
	}
	return xy, lab
}

// heldOutChart draws the held-out perplexity (or loss) at each snapshot
// (history: step, value, ...).
func heldOutChart(history []float64, what string) string {
	n := len(history) / 2
	if n == 0 {
		return ""
	}
	x, y := make([]float64, n), make([]float64, n)
	for i := range n {
		x[i], y[i] = history[2*i], history[2*i+1]
	}
	x, y = thin(x, y, maxLinePoints)
	return svg.LineChart([]svg.Series{{Name: what, X: x, Y: y}},
		svg.Options{Width: 480, Height: 300, XLabel: "step", YLabel: what})
}
