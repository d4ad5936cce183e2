package train

import (
	"bytes"
	"encoding/json"
	"math"
	"strings"
	"testing"

	"sslab/ml/config"
)

func TestParseSeeds(t *testing.T) {
	for in, want := range map[string][]uint64{"1-5": {1, 2, 3, 4, 5}, "3": {3}, "1,4,9": {1, 4, 9}, "1-3,10": {1, 2, 3, 10}, " 2 - 3": nil} {
		got, err := ParseSeeds(in)
		if want == nil {
			if err == nil {
				t.Errorf("%q: %v, want an error", in, got)
			}
			continue
		}
		if err != nil || len(got) != len(want) {
			t.Errorf("%q: %v, %v; want %v", in, got, err, want)
			continue
		}
		for i := range want {
			if got[i] != want[i] {
				t.Errorf("%q: %v, want %v", in, got, want)
			}
		}
	}
	for _, bad := range []string{"", "a", "5-1", "1-", "-3", "1-5000", "1,,2"} {
		if _, err := ParseSeeds(bad); err == nil || !strings.Contains(err.Error(), "seed") {
			t.Errorf("%q: err = %v, want one naming the seeds", bad, err)
		}
	}
}

// Aggregating three seeds by hand: means, population spreads, win counts,
// and failed seeds counted, not averaged.
func TestAggregateSeeds(t *testing.T) {
	cfg, _ := config.Preset("digits-simclr")
	mk := func(pre, rnd, raw, ft, scratch float64, failed bool) *Report {
		rows := rowsOfValues("accuracy", map[int][4]float64{10: {pre, rnd, raw, scratch}})
		f := Row{Encoder: "pretrained", Adaptation: "finetune", NTask: 10, Metric: "accuracy", Value: ft, Draws: 5}
		if failed {
			f.Value, f.Failed = 0, "diverged"
		}
		rows = append(rows, f)
		return &Report{Config: cfg, Rows: rows, Verdict: NewVerdict(rows, digitsEvidence)}
	}
	reports := []*Report{
		mk(0.70, 0.50, 0.60, 0.72, 0.55, false),
		mk(0.60, 0.52, 0.64, 0.62, 0.58, false),
		mk(0.68, 0.49, 0.61, 0, 0.59, true),
	}
	sr := AggregateSeeds(reports, []uint64{1, 2, 3}, digitsEvidence)
	get := func(enc, adaptation string) SeedRow {
		for _, r := range sr.Rows {
			if r.Encoder == enc && r.Adaptation == adaptation {
				return r
			}
		}
		t.Fatalf("no row %s %s", enc, adaptation)
		return SeedRow{}
	}
	pre := get("pretrained", "linear-probe")
	mean := (0.70 + 0.60 + 0.68) / 3
	sd := math.Sqrt(((0.70-mean)*(0.70-mean) + (0.60-mean)*(0.60-mean) + (0.68-mean)*(0.68-mean)) / 3)
	if math.Abs(pre.Mean-mean) > 1e-15 || math.Abs(pre.Std-sd) > 1e-15 || pre.Seeds != 3 {
		t.Errorf("pretrained probe %+v, want mean %v std %v", pre, mean, sd)
	}
	want := map[string]Versus{"random": {"random", 3, 3}, "raw": {"raw", 2, 3}}
	for _, v := range pre.Versus {
		if want[v.Baseline] != v {
			t.Errorf("versus %+v, want %+v", v, want[v.Baseline])
		}
	}
	ft := get("pretrained", "finetune")
	if ft.Seeds != 2 || ft.Failed != 1 || !strings.Contains(ft.Reason, "seed 3: diverged") || math.Abs(ft.Mean-0.67) > 1e-15 {
		t.Errorf("finetune %+v", ft)
	}
	if !math.IsNaN(float64(ft.Values[2])) {
		t.Errorf("a failed seed's value is %v, want NaN", ft.Values[2])
	}
	for _, v := range ft.Versus {
		if v.Of != 2 || (v.Baseline == "scratch" && v.Wins != 2) || (v.Baseline == "linear-probe" && v.Wins != 2) {
			t.Errorf("finetune versus %+v", v)
		}
	}
	b, err := json.Marshal(sr)
	if err != nil || !strings.Contains(string(b), `"values":[0.72,0.62,null]`) {
		t.Errorf("JSON (%v): %s", err, b)
	}
	if vb := sr.Verdict.Budgets[0]; vb.Seeds != 3 || vb.Wins != 2 {
		t.Errorf("verdict budget %+v: want 2 wins in 3 seeds", vb)
	}
	var out bytes.Buffer
	if err := WriteSeedsTable(&out, sr); err != nil {
		t.Fatal(err)
	}
	for _, s := range []string{"over seeds 1-3", "beat random 3/3, beat raw 2/3", "failed in 1 (seed 3: diverged)", "Over 3 seeds, pretraining beat the best baseline at 1 label per class in 2."} {
		if !strings.Contains(out.String(), s) {
			t.Errorf("table lacks %q:\n%s", s, out.String())
		}
	}
}

// A mean R² below −1 carries a note in the aggregate and its table.
func TestAggregateSeedsFlagsR2(t *testing.T) {
	mk := func(v float64) *Report {
		return &Report{Rows: []Row{{Encoder: "scratch", Adaptation: "finetune", NTask: 10, Metric: "r2", Value: v, Draws: 5}}}
	}
	sr := AggregateSeeds([]*Report{mk(-0.5), mk(-2)}, []uint64{1, 2}, Evidence{Task: config.Regression})
	if !strings.Contains(sr.Rows[0].Note, "below −1") || !strings.Contains(sr.MeanRows()[0].Note, "below −1") {
		t.Errorf("mean R² %v: note %q", sr.Rows[0].Mean, sr.Rows[0].Note)
	}
	var out bytes.Buffer
	WriteSeedsTable(&out, sr)
	if !strings.Contains(out.String(), "note: mean R² = -1.25 is below −1") {
		t.Errorf("table:\n%s", out.String())
	}
	if sr := AggregateSeeds([]*Report{mk(-0.5), mk(-0.9)}, []uint64{1, 2}, Evidence{Task: config.Regression}); sr.Rows[0].Note != "" {
		t.Errorf("mean R² −0.7: note %q", sr.Rows[0].Note)
	}
}

// RunSeeds runs the config once per seed: each seed's run is that seed's
// own report, bit for bit.
func TestRunSeeds(t *testing.T) {
	if testing.Short() {
		t.Skip("runs two small configs end to end")
	}
	cfg, err := config.Preset("blobs-simclr")
	if err != nil {
		t.Fatal(err)
	}
	cfg.Epochs, cfg.AdaptEpochs, cfg.FewShotSeeds = 1, 3, 1
	sr, err := RunSeeds(cfg, []uint64{4, 5}, Parallel{Workers: 2}, nil)
	if err != nil {
		t.Fatal(err)
	}
	one := cfg.Clone()
	one.Seed = 5
	run, err := NewRun(one)
	if err != nil {
		t.Fatal(err)
	}
	rep, err := run.Execute(nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	if fingerprint(nil, rep.Rows) != fingerprint(nil, sr.Runs[1].Rows) {
		t.Error("seed 5 in RunSeeds differs from seed 5 on its own")
	}
	if len(sr.Rows) != len(rep.Rows) || sr.Rows[0].Seeds != 2 || len(sr.Rows[0].Values) != 2 {
		t.Errorf("%d aggregated rows (want %d), first %+v", len(sr.Rows), len(rep.Rows), sr.Rows[0])
	}
	if strings.Contains(sr.Query, "seed=") {
		t.Errorf("query %q names a seed", sr.Query)
	}
	if _, err := RunSeeds(cfg, nil, nil, nil); err == nil {
		t.Error("no seeds: no error")
	}
}
