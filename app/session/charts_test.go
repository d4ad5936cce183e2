package session

import (
	"reflect"
	"strings"
	"testing"
	"time"

	"sslab/app/svg"
	"sslab/ml/config"
	"sslab/ml/tensor"
	"sslab/ml/train"
)

// The kNN chart has a line per budget for the encoder and a reference line
// per budget for the random encoder and the raw inputs, across the run.
func TestKNNChart(t *testing.T) {
	at := func(a, b float64) []train.KNNPoint {
		return []train.KNNPoint{{Budget: 1, Accuracy: a}, {Budget: train.All, Accuracy: b}}
	}
	doc := knnChart([]knnSample{{0, at(0.5, 0.9)}, {100, at(0.7, 0.95)}}, at(0.6, 0.96), at(0.45, 0.9), 200)
	for _, want := range []string{"pretrained", "random encoder", "raw inputs"} {
		if !strings.Contains(doc, ">"+want+"<") {
			t.Errorf("no legend entry %q", want)
		}
	}
	if got := strings.Count(doc, "<polyline"); got != 6 {
		t.Errorf("%d lines, want 6", got)
	}
	if got := strings.Count(doc, "<text"); got > 30 {
		t.Errorf("%d texts: a legend entry per line, not per colour?", got)
	}
	if knnChart(nil, nil, nil, 10) != "" {
		t.Error("a chart with no snapshot")
	}
}

// The verdict chart has a bar per budget, named with its baseline, and
// draws a loss as a negative bar.
func TestVerdictChart(t *testing.T) {
	v := &train.Verdict{Metric: "accuracy", Budgets: []train.BudgetVerdict{
		{NTask: 10, PerClass: 1, Budget: "1 label per class", BaselineName: "raw", Delta: -0.041},
		{NTask: 1346, PerClass: -1, Budget: "all 1,346 labels", BaselineName: "scratch", Delta: 0.012},
	}}
	doc := verdictChart(v)
	for _, want := range []string{"1/class vs raw", "all vs scratch", ">-4.1<", ">1.2<", "lead (points)"} {
		if !strings.Contains(doc, want) {
			t.Errorf("verdict chart lacks %q", want)
		}
	}
	if !strings.Contains(doc, `<path fill="`+svg.Color(1)+`"`) {
		t.Error("no negative bar")
	}
	if verdictChart(&train.Verdict{}) != "" || verdictChart(nil) != "" {
		t.Error("a chart without budgets")
	}
}

// The cross-correlation chart shows the matrix's corner and says how close
// the whole matrix is to the identity.
func TestCrossCorrChart(t *testing.T) {
	c := tensor.NewMat(30, 30)
	for i := range 30 {
		c.Set(i, i, 1)
	}
	doc := crossCorrChart(c)
	if !strings.Contains(doc, "diagonal 1.00, |off-diagonal| 0.00 on average (20 of 30 dims shown)") {
		t.Errorf("title: %.300s", doc)
	}
	if crossCorrChart(nil) != "" {
		t.Error("a chart of no matrix")
	}
}

// VICReg's terms chart has a line per term; the cosine chart is minus the
// loss, on a fixed [−1, 1] axis.
func TestTermsAndCosineCharts(t *testing.T) {
	names := train.TermNames(config.VICReg)
	terms := []float64{10, 5, 1, 8, 4, 1, 6, 3, 1}
	doc := termsChart(terms, names)
	for _, n := range names {
		if !strings.Contains(doc, ">"+n+"<") {
			t.Errorf("no line named %q", n)
		}
	}
	if termsChart(terms[:2], names) != "" {
		t.Error("a chart of less than a step")
	}
	doc = cosineChart([]float64{-0.1, -0.5, -0.9})
	if !strings.Contains(doc, "cos(prediction, target)") || !strings.Contains(doc, ">-1<") {
		t.Errorf("cosine chart: %.400s", doc)
	}
}

// A result carries the verdict the command line computes for the same
// config, the collapse meter's reading, the verdict chart, and, for 2-D
// data, the input plane of each representation.
func TestResultVerdictAndRegions(t *testing.T) {
	if testing.Short() {
		t.Skip("trains")
	}
	query := "preset=blobs-simclr&epochs=2&aepochs=5&fsseeds=2"
	h := newHarness(t)
	h.post(Message{Type: MsgStart, Run: 1, Query: query})
	got := h.until(60*time.Second, 1, MsgResult)
	res := got[len(got)-1]
	rep := res.Result.Report
	cfg, _ := DecodeQuery(query)
	run, err := train.NewRun(cfg)
	if err != nil {
		t.Fatal(err)
	}
	want, err := run.Execute(train.Parallel{Workers: 2}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Verdict == nil || !reflect.DeepEqual(rep.Verdict, want.Verdict) {
		t.Errorf("verdict\n got %+v\nwant %+v", rep.Verdict, want.Verdict)
	}
	if rep.Verdict != nil && rep.Verdict.Cause != train.CauseSeparable {
		t.Errorf("blobs: cause %q, want %q", rep.Verdict.Cause, train.CauseSeparable)
	}
	if rep.Collapse == nil || rep.Collapse.Collapsed != want.Collapse.Collapsed {
		t.Errorf("collapse %+v, want %+v", rep.Collapse, want.Collapse)
	}
	for _, id := range []string{ChartVerdict, ChartEfficiency, RegionsChartID("pretrained"), RegionsChartID("random"), RegionsChartID("raw")} {
		if !strings.HasPrefix(res.Charts[id], "<svg") {
			t.Errorf("no %s chart", id)
		}
	}
	for _, e := range regionsEncoders {
		if n := len(res.Charts[RegionsChartID(e)]); n > 24<<10 {
			t.Errorf("the %s regions are %d bytes: more than a page task draws", e, n)
		}
	}
}

// Each objective's own view travels with its run: VICReg's terms and the
// siamese cosine with the progress messages, Barlow Twins' cross-
// correlation with the snapshots.
func TestObjectiveViewCharts(t *testing.T) {
	if testing.Short() {
		t.Skip("trains")
	}
	for i, c := range []struct {
		objective string
		chart     string
	}{{"vicreg", ChartTerms}, {"simsiam", ChartCosine}, {"byol", ChartCosine}, {"barlow", ChartCrossCorr}, {"simclr", ChartSimilarity}} {
		h := newHarness(t)
		run := i + 1
		h.post(Message{Type: MsgStart, Run: run, Query: "preset=moons-simclr&epochs=1&aepochs=2&fsseeds=1&objective=" + c.objective})
		seen := false
		for _, m := range h.until(60*time.Second, run, MsgResult) {
			seen = seen || strings.HasPrefix(m.Charts[c.chart], "<svg")
		}
		if !seen {
			t.Errorf("%s: no %s chart", c.objective, c.chart)
		}
	}
}

// With the stop-gradient off, SimSiam collapses; the result's report says
// so and its verdict names collapse as the cause when pretraining lost.
func TestResultSaysCollapsed(t *testing.T) {
	if testing.Short() {
		t.Skip("trains")
	}
	h := newHarness(t)
	h.post(Message{Type: MsgStart, Run: 1, Query: "preset=digits-simsiam&stopgrad=0&lr=0.01&epochs=4&fsseeds=1&aepochs=5"})
	got := h.until(120*time.Second, 1, MsgResult)
	rep := got[len(got)-1].Result.Report
	if rep.Collapse == nil || !rep.Collapse.Collapsed || rep.Collapse.Reason == "" {
		t.Fatalf("not reported collapsed: %+v", rep.Collapse)
	}
	if !rep.Verdict.Helped && rep.Verdict.Cause != train.CauseCollapse {
		t.Errorf("verdict cause %q, want collapse: %q", rep.Verdict.Cause, rep.Verdict.Sentences)
	}
	var last *Snapshot
	for _, m := range got {
		if m.Type == MsgSnapshot {
			last = m.Snapshot
		}
	}
	if last == nil || !last.Monitor.Collapsed() {
		t.Error("the last snapshot's monitor does not read collapsed")
	}
}
