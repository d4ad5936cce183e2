package train

import (
	"bytes"
	"encoding/json"
	"math"
	"strings"
	"testing"

	"sslab/ml/config"
)

// encoderWith returns an encoder of enc's shape whose every parameter is v.
func encoderWith(t *testing.T, enc *Encoder, v float64) *Encoder {
	t.Helper()
	p := make([]float64, len(enc.Params))
	for i := range p {
		p[i] = v
	}
	e, err := NewEncoder(enc.MLP.Sizes, enc.MLP.Act, p)
	if err != nil {
		t.Fatal(err)
	}
	return e
}

// A fit that is singular or not finite says so and shows no number: a
// dead encoder (every feature 0) makes the ridge system singular, an
// encoder with NaN weights gives features that are not finite, and a
// finetuning that diverges gives outputs that are not finite.
func TestFailedFitsShowNoNumber(t *testing.T) {
	cfg, err := config.Preset("spirals-regression")
	if err != nil {
		t.Fatal(err)
	}
	cfg.FewShotSeeds = 2
	a, random := probeFixture(t, cfg)
	check := func(what string, rows []Row, reason string) {
		t.Helper()
		for _, r := range rows {
			if r.OK() || r.Value != 0 || !strings.Contains(r.Failed, reason) {
				t.Errorf("%s: row %+v, want failed with %q and value 0", what, r, reason)
			}
		}
	}
	dead := encoderWith(t, random, 0)
	rows := a.probeRows(a.feature("pretrained", dead.Embed(a.ds.X)), 2)
	check("dead encoder, ridge", rows, "singular")
	check("dead encoder, ridge", rows, "same features")
	check("dead encoder, ridge", rows, "draw 1 of 2")
	rep := &Report{Rows: rows}
	if _, ok := rep.Find("pretrained", "linear-probe", a.NTask(2), "r2"); ok {
		t.Error("Find returns a failed row's value")
	}
	var csv bytes.Buffer
	if err := WriteCSV(&csv, rows); err != nil {
		t.Fatal(err)
	}
	if line := strings.Split(csv.String(), "\n")[1]; !strings.HasPrefix(line, "pretrained,linear-probe,20,r2,,,2,") || !strings.Contains(line, "singular") {
		t.Errorf("CSV line of a failed row: %q", line)
	}
	b, _ := json.Marshal(rows[0])
	if !strings.Contains(string(b), `"failed":"draw 1 of 2: `) {
		t.Errorf("JSON of a failed row: %s", b)
	}
	if b, _ := json.Marshal(Row{Encoder: "raw"}); strings.Contains(string(b), "failed") || strings.Contains(string(b), "note") {
		t.Errorf("JSON of a good row mentions failure: %s", b)
	}

	nan := encoderWith(t, random, math.NaN())
	check("NaN encoder, ridge", a.probeRows(a.feature("pretrained", nan.Embed(a.ds.X)), 1), "not finite")
	check("NaN encoder, LP-FT", a.finetuneRows("pretrained", nan, a.feature("pretrained", nan.Embed(a.ds.X)), 1), "not finite")
	check("NaN encoder, scratch", a.finetuneRows("scratch", nan, a.feature("pretrained", nan.Embed(a.ds.X)), 1), "not finite")

	digits := smallConfig(t, "simclr")
	d, drandom := probeFixture(t, digits)
	dnan := encoderWith(t, drandom, math.NaN())
	check("NaN encoder, logistic regression", d.probeRows(d.feature("pretrained", dnan.Embed(d.ds.X)), 1)[:1], "not finite")
	if _, _, err := d.Confusion(dnan, drandom, "pretrained", "linear-probe", 1); err == nil {
		t.Error("confusion matrix of a failed probe: no error")
	}
}

// An R² below −1 carries a note; one above does not.
func TestR2BelowMinusOneIsFlagged(t *testing.T) {
	a := &Adapter{regression: true}
	value := func(d draw) float64 { return d.value }
	bad := a.row("random", "linear-probe", 10, "r2", []draw{{value: -3e9}, {value: -2}}, value)
	if !bad.OK() || !strings.Contains(bad.Note, "below −1") {
		t.Errorf("R² %v: note %q, want a warning", bad.Value, bad.Note)
	}
	ok := a.row("random", "linear-probe", 10, "r2", []draw{{value: -0.5}, {value: 0.2}}, value)
	if ok.Note != "" {
		t.Errorf("R² %v: note %q, want none", ok.Value, ok.Note)
	}
	inf := a.row("random", "linear-probe", 10, "mse", []draw{{value: math.Inf(1)}}, value)
	if inf.OK() || inf.Value != 0 {
		t.Errorf("infinite MSE: %+v, want failed", inf)
	}
}
