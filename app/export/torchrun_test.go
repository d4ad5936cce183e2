package export

import (
	"fmt"
	"math"
	"path/filepath"
	"slices"
	"strconv"
	"testing"

	"sslab/ml/config"
	"sslab/ml/train"
)

// TestTorchrun exports the default preset and runs it for two epochs on two
// processes through torchrun's launcher (--launch runs torch.distributed.run,
// the code behind the torchrun command): the loss falls, and the report
// holds sslab's rows, in sslab's order, each a valid result. The rows that
// no random draw touches (the raw inputs' probe and kNN with all labels,
// retrieval on the raw inputs) are sslab's numbers: the probe is fitted to
// convergence, so both reach the same optimum.
func TestTorchrun(t *testing.T) {
	py := python(t)
	r := newRun(t, config.DefaultPreset, nil)
	path := script(t, r, Options{})
	trace := filepath.Join(filepath.Dir(path), "trace.jsonl")
	const epochs, aepochs, draws = 2, 2, 1
	out := runPy(t, py, path, "--launch", "2", "--master-port", strconv.Itoa(freePort(t)), "--threads", "1", "--quiet",
		"--epochs", strconv.Itoa(epochs), "--adapt-epochs", strconv.Itoa(aepochs), "--draws", strconv.Itoa(draws), "--trace", trace)
	rep := parseReport(t, out)
	if rep.Processes != 2 || rep.Dataset != "digits" || rep.Objective != "simclr" || rep.Config != r.Config.Query() {
		t.Errorf("report of %d processes, data %q, objective %q, config %q; want 2, digits, simclr, %q",
			rep.Processes, rep.Dataset, rep.Objective, rep.Config, r.Config.Query())
	}

	steps := readTrace(t, trace)
	perEpoch := len(r.Split.Train) / r.Config.Batch
	if len(steps) != epochs*perEpoch || rep.Steps != len(steps) {
		t.Fatalf("%d steps traced, %d reported; want %d", len(steps), rep.Steps, epochs*perEpoch)
	}
	first, last := meanLoss(steps[:perEpoch]), meanLoss(steps[len(steps)-perEpoch:])
	if !(last < first-0.05) {
		t.Errorf("mean loss %.4f in the first epoch, %.4f in the last: it did not fall", first, last)
	}

	// sslab's rows for the same settings.
	cfg := r.Config
	cfg.Epochs, cfg.AdaptEpochs, cfg.FewShotSeeds = epochs, aepochs, draws
	p, err := train.NewPretrainer(cfg, r.Dataset, r.Split, nil)
	if err != nil {
		t.Fatal(err)
	}
	want := train.NewAdapter(cfg, r.Dataset, r.Split).Evaluate(p.Encoder(), p.InitialEncoder())
	if got, wantKeys := rowKeys(rep.Rows), rowKeys(want); !slices.Equal(got, wantKeys) {
		t.Fatalf("rows\n%v\nwant sslab's\n%v", got, wantKeys)
	}
	for i, row := range rep.Rows {
		if err := validRow(row, want[i]); err != nil {
			t.Errorf("row %s: %v", rowKeys(rep.Rows[i : i+1])[0], err)
		}
	}
	all := len(r.Split.Train)
	for _, k := range []struct {
		adaptation string
		nTask      int
		metric     string
		tol        float64
	}{
		{"linear-probe", all, "accuracy", 0.005}, // one or two test examples of a fit stopped at a gradient of 1e-6
		{"knn", all, "accuracy", 1e-12},
		{"knn", 0, "precision@1", 1e-12},
		{"knn", 0, "precision@10", 1e-12},
		{"knn", 0, "map", 1e-9},
	} {
		g, ok1 := (&train.Report{Rows: rep.Rows}).Find("raw", k.adaptation, k.nTask, k.metric)
		w, ok2 := (&train.Report{Rows: want}).Find("raw", k.adaptation, k.nTask, k.metric)
		if !ok1 || !ok2 || math.Abs(g-w) > k.tol {
			t.Errorf("raw %s %d %s: %.6f, sslab %.6f (tolerance %g)", k.adaptation, k.nTask, k.metric, g, w, k.tol)
		}
	}
}

func meanLoss(s []stepTrace) float64 {
	var sum float64
	for _, x := range s {
		sum += x.Loss
	}
	return sum / float64(len(s))
}

// rowKeys names each row by what it measures.
func rowKeys(rows []train.Row) []string {
	out := make([]string, len(rows))
	for i, r := range rows {
		out[i] = fmt.Sprintf("%s/%s/%d/%s×%d", r.Encoder, r.Adaptation, r.NTask, r.Metric, r.Draws)
	}
	return out
}

// validRow checks that row is a result: no failure, a finite value in the
// metric's range, a spread that is zero for a single draw.
func validRow(row, sslab train.Row) error {
	switch {
	case !row.OK():
		return fmt.Errorf("failed: %s", row.Failed)
	case math.IsNaN(row.Value) || math.IsInf(row.Value, 0) || math.IsNaN(row.Std) || row.Std < 0:
		return fmt.Errorf("value %v ± %v", row.Value, row.Std)
	case row.Draws == 1 && row.Std != 0:
		return fmt.Errorf("one draw with a spread of %v", row.Std)
	}
	switch row.Metric {
	case "accuracy", "precision@1", "precision@10", "map":
		if row.Value < 0 || row.Value > 1 {
			return fmt.Errorf("%s %v outside [0, 1]", row.Metric, row.Value)
		}
		// A chance-level result means the script's half of the protocol is
		// broken, not that the encoder is bad: sslab's own row is far above.
		if sslab.OK() && sslab.Value > 0.5 && row.Value < 0.5*sslab.Value {
			return fmt.Errorf("%s %.3f, sslab's %.3f", row.Metric, row.Value, sslab.Value)
		}
	}
	return nil
}
