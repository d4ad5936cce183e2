package session

import (
	"fmt"
	"math"
	"reflect"
	"strings"
	"testing"
	"time"

	"sslab/ml/config"
	"sslab/ml/data"
	"sslab/ml/train"
)

// blobsCSV is a small labelled table: two well separated classes in three
// features, the third on a large scale so that standardising matters.
func blobsCSV(rows int) string {
	var b strings.Builder
	b.WriteString("a,b,c,label\n")
	for i := range rows {
		c := i % 2
		fmt.Fprintf(&b, "%g,%g,%g,%s\n", float64(c)*3+float64(i%5)*0.1, float64(i%7)*0.2-float64(c),
			1000+float64(c)*500+float64(i%3), []string{"cat", "dog"}[c])
	}
	return b.String()
}

func csvConfig(t *testing.T) config.Config {
	cfg := tinyConfig(t)
	cfg.Dataset, cfg.Standardize, cfg.Batch = config.CSVDataset, true, 16
	return cfg
}

func TestDataMessage(t *testing.T) {
	h := newHarness(t)
	h.post(Message{Type: MsgData, Data: &DataFile{Name: "pets.csv"}, Files: map[string]string{FileData: blobsCSV(60)}})
	m := h.next(5*time.Second, MsgDataOK)
	want := DataInfo{Name: "pets.csv", Rows: 60, Columns: 3, Classes: 2, Tasks: []config.Task{config.Classification}, Label: `column 4 ("label")`}
	if m.Dataset == nil || !reflect.DeepEqual(*m.Dataset, want) {
		t.Fatalf("data-ok %+v, want %+v", m.Dataset, want)
	}

	// A broken file is refused with its line and column; the first stays.
	bad := strings.Replace(blobsCSV(60), "3.1,", "x3.1,", 1)
	h.post(Message{Type: MsgData, Data: &DataFile{Name: "broken.csv"}, Files: map[string]string{FileData: bad}})
	e := h.next(5*time.Second, MsgError)
	if e.Param != ParamCSV || !strings.Contains(e.Message, "broken.csv: line ") || !strings.Contains(e.Message, "column 1") ||
		!strings.Contains(e.Message, `"x3.1" is not a number`) {
		t.Errorf("error %+v, want one naming broken.csv, the line, column 1 and the value", e)
	}

	// A run on data=csv trains on the kept (first) file.
	cfg := csvConfig(t)
	h.post(Message{Type: MsgStart, Run: 3, Query: cfg.Query()})
	r := h.next(60*time.Second, MsgResult)
	if r.Result == nil || r.Result.Report.Dataset != "pets.csv" || len(r.Result.Rows) == 0 {
		t.Fatalf("result %+v", r.Result)
	}
	if got := r.Result.ClassNames; len(got) != 2 || got[0] != "cat" {
		t.Errorf("class names %v", got)
	}
}

func TestStartCSVWithoutFile(t *testing.T) {
	h := newHarness(t)
	h.post(Message{Type: MsgStart, Run: 1, Query: csvConfig(t).Query()})
	select {
	case m := <-h.out:
		if m.Type != MsgError || m.Param != "data" || !strings.Contains(m.Message, "load a CSV file") {
			t.Errorf("got %+v, want an error asking for a CSV file", m)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("no reply")
	}
}

// NewRunWithData standardises a copy with the training split's statistics
// and leaves the caller's dataset alone.
func TestNewRunWithDataStandardizes(t *testing.T) {
	ds, err := data.ReadCSV(strings.NewReader(blobsCSV(80)), data.CSVOptions{})
	if err != nil {
		t.Fatal(err)
	}
	before := ds.X.At(0, 2)
	cfg := csvConfig(t)
	r, err := train.NewRunWithData(cfg, ds)
	if err != nil {
		t.Fatal(err)
	}
	if ds.X.At(0, 2) != before {
		t.Error("NewRunWithData changed the caller's dataset")
	}
	for j := range r.Dataset.Dim() {
		var sum, sq float64
		for _, i := range r.Split.Train {
			v := r.Dataset.X.At(i, j)
			sum += v
			sq += v * v
		}
		n := float64(len(r.Split.Train))
		if mean, sd := sum/n, math.Sqrt(sq/n-(sum/n)*(sum/n)); math.Abs(mean) > 1e-9 || math.Abs(sd-1) > 1e-9 {
			t.Errorf("feature %d: training mean %g, sd %g; want 0, 1", j, mean, sd)
		}
	}
	cfg.Standardize = false
	if r, _ := train.NewRunWithData(cfg, ds); r.Dataset.X.At(0, 2) != before {
		t.Error("std=0 changed the features")
	}
	cfg.Task = config.Regression
	if _, err := train.NewRunWithData(cfg, ds); err == nil || !strings.Contains(err.Error(), "choose task classification") {
		t.Errorf("regression on class names: %v", err)
	}
}

// std=1 standardises the built-in sets too.
func TestNewRunStandardizesBuiltIn(t *testing.T) {
	cfg := tinyConfig(t)
	raw, err := train.NewRun(cfg)
	if err != nil {
		t.Fatal(err)
	}
	cfg.Standardize = true
	std, err := train.NewRun(cfg)
	if err != nil {
		t.Fatal(err)
	}
	if raw.Dataset.X.At(0, 0) == std.Dataset.X.At(0, 0) {
		t.Error("std=1 left the blobs' features as they were")
	}
	cfg.Dataset = config.CSVDataset
	if _, err := train.NewRun(cfg); err == nil || !strings.Contains(err.Error(), "-csv") {
		t.Errorf("NewRun(data=csv) = %v, want a pointer to -csv", err)
	}
}
