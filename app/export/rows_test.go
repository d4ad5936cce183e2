package export

import (
	"fmt"
	"math"
	"slices"
	"strings"
	"testing"

	"sslab/ml/config"
	"sslab/ml/data"
	"sslab/ml/num"
	"sslab/ml/train"
)

// TestRegressionRows runs the regression protocol end to end on diabetes
// (standardised features, SCARF views), with the probes reading the
// features as they are and standardised (pstd, which LP-FT folds into its
// starting head): the script prints sslab's rows in sslab's order, and the
// ridge probe on the raw inputs, a closed-form fit that no random draw
// touches, gives sslab's R² and MSE.
func TestRegressionRows(t *testing.T) {
	py := python(t)
	for _, pstd := range []bool{false, true} {
		t.Run(fmt.Sprintf("pstd=%v", pstd), func(t *testing.T) {
			r := newRun(t, "diabetes-regression", func(c *config.Config) {
				c.Epochs, c.AdaptEpochs, c.FewShotSeeds, c.ProbeStandardize = 2, 2, 1, pstd
			})
			out := runPy(t, py, script(t, r, Options{}), "--threads", "1", "--quiet")
			rep := parseReport(t, out)
			p, err := train.NewPretrainer(r.Config, r.Dataset, r.Split, nil)
			if err != nil {
				t.Fatal(err)
			}
			want := train.NewAdapter(r.Config, r.Dataset, r.Split).Evaluate(p.Encoder(), p.InitialEncoder())
			if got, wantKeys := rowKeys(rep.Rows), rowKeys(want); !slices.Equal(got, wantKeys) {
				t.Fatalf("rows\n%v\nwant sslab's\n%v", got, wantKeys)
			}
			for i, row := range rep.Rows {
				if err := validRow(row, want[i]); err != nil {
					t.Errorf("row %s: %v", rowKeys(rep.Rows[i : i+1])[0], err)
				}
			}
			all := len(r.Split.Train)
			got := &train.Report{Rows: rep.Rows}
			sslab := &train.Report{Rows: want}
			for _, metric := range []string{"r2", "mse"} {
				g, ok1 := got.Find("raw", "linear-probe", all, metric)
				w, ok2 := sslab.Find("raw", "linear-probe", all, metric)
				if !ok1 || !ok2 || !within(g, w, 1e-9) {
					t.Errorf("raw ridge %s %.12g, sslab %.12g", metric, g, w)
				}
			}
		})
	}
}

// TestUserCSV exports a run on a user's CSV file of images and runs a few
// steps of it (TestDistributedSameLoss runs it on two processes).
func TestUserCSV(t *testing.T) {
	py := python(t)
	out := runPy(t, py, script(t, csvRun(t), Options{}), "--pretrain-only", "--quiet", "--threads", "1", "--steps", "4")
	if rep := parseReport(t, out); rep.Dataset != "pets.csv" || rep.Steps != 4 || math.IsNaN(rep.FinalLoss) {
		t.Errorf("report of data %q, %d steps, final loss %v", rep.Dataset, rep.Steps, rep.FinalLoss)
	}
}

// csvRun is a run on a CSV file of 4×4 images in three named classes, as
// `sslab train -csv pets.csv -csv-image 4x4` would load it, with cutout on.
func csvRun(t *testing.T) *train.Run {
	t.Helper()
	var b strings.Builder
	b.WriteString("label")
	for i := 0; i < 16; i++ {
		fmt.Fprintf(&b, ",p%d", i)
	}
	b.WriteString("\n")
	rng := num.NewRNG(9, 9)
	names := []string{"cat", "dog", "owl"}
	for i := 0; i < 60; i++ {
		b.WriteString(names[i%3])
		for j := 0; j < 16; j++ {
			v := 0.2 * rng.Float64()
			if j%3 == i%3 {
				v += 0.7 // each class lights its own pixels
			}
			fmt.Fprintf(&b, ",%.3f", v)
		}
		b.WriteString("\n")
	}
	ds, err := data.ReadCSV(strings.NewReader(b.String()), data.CSVOptions{Name: "pets.csv", Width: 4, Height: 4})
	if err != nil {
		t.Fatal(err)
	}
	cfg := config.Default()
	cfg.Dataset, cfg.Batch, cfg.Encoder, cfg.Projector, cfg.Cutout = config.CSVDataset, 15, []int{16, 8}, []int{8}, 2
	r, err := train.NewRunWithData(cfg, ds)
	if err != nil {
		t.Fatal(err)
	}
	return r
}
