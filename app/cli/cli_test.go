package cli

import (
	"bytes"
	"encoding/json"
	"math"
	"slices"
	"strings"
	"testing"

	"sslab/ml/config"
	"sslab/ml/train"
)

func runArgs(args ...string) (code int, stdout, stderr string) {
	var out, errb bytes.Buffer
	code = Run(args, &out, &errb)
	return code, out.String(), errb.String()
}

// Bad input on the command line exits non-zero with a message that names
// what was wrong and what is allowed.
func TestTrainRejectsBadInput(t *testing.T) {
	for _, c := range []struct {
		args []string
		want []string // substrings of stderr
	}{
		{[]string{"train", "-preset", "imagenet-simclr"}, []string{`"imagenet-simclr"`, "digits-simclr"}},
		{[]string{"train", "-objective", "moco"}, []string{`"moco"`, "simclr", "vicreg"}},
		{[]string{"train", "-batch", "0"}, []string{"-batch", `"0"`, "allowed"}},
		{[]string{"train", "-batch", "-5"}, []string{"-batch", `"-5"`}},
		{[]string{"train", "-epochs", "0"}, []string{"-epochs", "allowed: 1 to 1000"}},
		{[]string{"train", "-enc", "128-0"}, []string{"-enc"}},
		{[]string{"train", "-lr", "NaN"}, []string{"-lr"}},
		{[]string{"train", "-lr", "fast"}, []string{"-lr", "not a number"}},
		{[]string{"train", "-colour", "red"}, []string{"-colour"}},
		{[]string{"train", "extra"}, []string{`"extra"`}},
		{[]string{"train", "-threads", "0"}, []string{"-threads"}},
		{[]string{"fly"}, []string{`"fly"`, "Usage"}},
		{[]string{"train", "-seeds", "5-1"}, []string{"-seeds", `"5-1"`, "1-5"}},
		{[]string{"train", "-seeds", "one"}, []string{"-seeds", `"one"`}},
		{[]string{"train", "-seeds", ""}, []string{"-seeds", `""`}},
		{[]string{"train", "-seeds", "1-5000"}, []string{"-seeds", "at most 1000"}},
		{[]string{"train", "-seeds", "1-3", "-seed", "2"}, []string{"-seed and -seeds", "give one"}},
		{[]string{"train", "-seeds", "1-3", "-lr", "fast"}, []string{"-lr"}},
		{[]string{"lesson", "-seeds", "3-1"}, []string{"-seeds", `"3-1"`}},
		{[]string{"lesson", "-presets", "digits-simclr,imagenet"}, []string{"-presets", `"imagenet"`, "digits-simclr"}},
		{[]string{"lesson", "-presets", ","}, []string{"-presets", `""`}},
		{[]string{"lesson", "-threads", "0"}, []string{"-threads"}},
		{[]string{"lesson", "extra"}, []string{`"extra"`}},
		{[]string{"lesson", "-epochs", "3"}, []string{"-epochs"}},
	} {
		code, _, stderr := runArgs(c.args...)
		if code == 0 {
			t.Errorf("%v: exit 0, want non-zero", c.args)
		}
		for _, w := range c.want {
			if !strings.Contains(stderr, w) {
				t.Errorf("%v: stderr %q does not mention %s", c.args, stderr, w)
			}
		}
		if c.args[0] != "fly" && strings.Count(stderr, "\n") > 3 {
			t.Errorf("%v: %d lines on stderr, want the message and a hint: %q", c.args, strings.Count(stderr, "\n"), stderr)
		}
	}
	// -help lists every flag.
	if code, _, stderr := runArgs("train", "-help"); code != 0 || !strings.Contains(stderr, "Usage of sslab train:") || !strings.Contains(stderr, "-workers") {
		t.Errorf("train -help: exit %d, stderr %q; want 0 and the flags", code, stderr)
	}
}

// A learning rate that makes the loss blow up stops the run with a clear
// message instead of printing NaN.
func TestTrainStopsOnDivergence(t *testing.T) {
	code, stdout, stderr := runArgs("train", "-preset", "digits-mae", "-act", "tanh", "-opt", "sgd", "-lr", "10",
		"-enc", "16-8", "-epochs", "3", "-quiet", "-json")
	if code == 0 {
		t.Fatalf("exit 0 for a diverging run; stdout %q", stdout)
	}
	if !strings.Contains(stderr, "diverged") || !strings.Contains(stderr, "smaller learning rate") {
		t.Fatalf("stderr %q does not explain the divergence", stderr)
	}
	if strings.Contains(stdout, "NaN") {
		t.Fatalf("NaN printed: %q", stdout)
	}
}

// The JSON report carries the contract's fields and the pretraining cost.
func TestTrainJSON(t *testing.T) {
	if testing.Short() {
		t.Skip("trains for a few seconds")
	}
	code, stdout, stderr := runArgs("train", "-preset", "moons-simclr", "-epochs", "2", "-aepochs", "5", "-quiet", "-json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var rep struct {
		Config  string      `json:"config"`
		GFLOP   float64     `json:"pretrain_gflop"`
		Seconds float64     `json:"pretrain_seconds"`
		Rows    []train.Row `json:"results"`
	}
	if err := json.Unmarshal([]byte(stdout), &rep); err != nil {
		t.Fatalf("output is not JSON: %v\n%s", err, stdout)
	}
	if rep.GFLOP <= 0 || rep.Seconds <= 0 || !strings.Contains(rep.Config, "preset=moons-simclr") {
		t.Fatalf("report misses its costs or config: %+v", rep)
	}
	seen := map[string]bool{}
	for _, r := range rep.Rows {
		seen[r.Encoder+"/"+r.Adaptation] = true
	}
	for _, want := range []string{"pretrained/linear-probe", "random/linear-probe", "raw/linear-probe",
		"pretrained/finetune", "scratch/finetune", "pretrained/kmeans", "pretrained/knn"} {
		if !seen[want] {
			t.Errorf("no %s row", want)
		}
	}
	var raw map[string]any
	json.Unmarshal([]byte(stdout), &raw)
	row := raw["results"].([]any)[0].(map[string]any)
	for _, k := range []string{"encoder", "adaptation", "n_task", "metric", "value"} {
		if _, ok := row[k]; !ok {
			t.Errorf("row lacks the field %q", k)
		}
	}
}

// -seeds runs the config once per seed: its table has mean ± std over the
// seeds with the win counts and the verdict, and its JSON the seeds'
// report, whose means are those of the single runs with each seed.
func TestTrainSeeds(t *testing.T) {
	if testing.Short() {
		t.Skip("trains for a few seconds")
	}
	quick := []string{"-preset", "blobs-simclr", "-epochs", "2", "-aepochs", "5", "-fsseeds", "2", "-quiet"}
	code, stdout, stderr := runArgs(append([]string{"train", "-seeds", "1-2"}, quick...)...)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	for _, want := range []string{"over seeds 1-2", "mean", "±std", "beat random", "beat raw", "Over 2 seeds, pretraining beat the best baseline at 1 label per class in"} {
		if !strings.Contains(stdout, want) {
			t.Errorf("the table lacks %q:\n%s", want, stdout)
		}
	}
	code, stdout, stderr = runArgs(append([]string{"train", "-seeds", "1,2", "-json"}, quick...)...)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var sr train.SeedsReport
	if err := json.Unmarshal([]byte(stdout), &sr); err != nil {
		t.Fatalf("output is not JSON: %v\n%.400s", err, stdout)
	}
	if len(sr.Seeds) != 2 || len(sr.Runs) != 2 || sr.Verdict == nil || len(sr.Verdict.Sentences) == 0 {
		t.Fatalf("seeds report: seeds %v, %d runs, verdict %+v", sr.Seeds, len(sr.Runs), sr.Verdict)
	}
	var single [2][]train.Row
	for i, seed := range []string{"1", "2"} {
		code, out, errs := runArgs(append([]string{"train", "-seed", seed, "-json"}, quick...)...)
		if code != 0 {
			t.Fatalf("seed %s: exit %d: %s", seed, code, errs)
		}
		var rep struct {
			Rows []train.Row `json:"results"`
		}
		if err := json.Unmarshal([]byte(out), &rep); err != nil {
			t.Fatal(err)
		}
		single[i] = rep.Rows
	}
	if len(sr.Rows) != len(single[0]) {
		t.Fatalf("%d aggregated rows, %d rows of one run", len(sr.Rows), len(single[0]))
	}
	for j, r := range sr.Rows {
		a, b := single[0][j], single[1][j]
		if r.Encoder != a.Encoder || r.Adaptation != a.Adaptation || r.NTask != a.NTask || r.Metric != a.Metric {
			t.Fatalf("row %d: %+v, single run's %+v", j, r, a)
		}
		if want := (a.Value + b.Value) / 2; math.Abs(r.Mean-want) > 1e-12 || float64(r.Values[0]) != a.Value || float64(r.Values[1]) != b.Value {
			t.Errorf("%s %s %d %s: mean %v of %v, single runs %v and %v", r.Encoder, r.Adaptation, r.NTask, r.Metric, r.Mean, r.Values, a.Value, b.Value)
		}
	}
}

// A single run prints its rows and the verdict's sentences.
func TestTrainPrintsVerdict(t *testing.T) {
	if testing.Short() {
		t.Skip("trains for a few seconds")
	}
	code, stdout, stderr := runArgs("train", "-preset", "blobs-simclr", "-epochs", "2", "-aepochs", "5", "-fsseeds", "2", "-quiet")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	// Blobs are separable in the raw input: the raw inputs' probe is
	// the best baseline with one label per class, and the verdict says why
	// pretraining cannot help.
	for _, want := range []string{"pretrained  linear-probe", "at 1 label per class", "Likely cause: the task is already easy in the raw input"} {
		if !strings.Contains(stdout, want) {
			t.Errorf("output lacks %q:\n%s", want, stdout)
		}
	}
}

// With the stop-gradient off SimSiam collapses, and the command line says
// so with the collapse meter's reason, and names it as the verdict's cause.
func TestTrainSaysCollapsed(t *testing.T) {
	if testing.Short() {
		t.Skip("trains for several seconds")
	}
	code, stdout, stderr := runArgs("train", "-preset", "digits-simsiam", "-stopgrad=0", "-lr", "0.01", "-epochs", "4",
		"-fsseeds", "1", "-aepochs", "5", "-quiet")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if !strings.Contains(stdout, "\nCollapse: ") || !strings.Contains(stdout, "collapsed") {
		t.Errorf("no collapse line:\n%s", stdout)
	}
}

// The collapse line follows the table when the report is collapsed, and
// only then.
func TestWriteReportCollapse(t *testing.T) {
	rep := &train.Report{Objective: "simsiam", Dataset: "digits",
		Rows: []train.Row{{Encoder: "pretrained", Adaptation: "linear-probe", NTask: 10, Metric: "accuracy", Value: 0.3, Draws: 1}}}
	var b bytes.Buffer
	if err := writeReport(&b, rep); err != nil || strings.Contains(b.String(), "Collapse") {
		t.Fatalf("no collapse report, yet: %q (%v)", b.String(), err)
	}
	rep.Collapse = &train.CollapseReport{Collapsed: true, Reason: "the representation collapsed to one point"}
	b.Reset()
	writeReport(&b, rep)
	if !strings.HasSuffix(b.String(), "Collapse: the representation collapsed to one point.\n") {
		t.Errorf("no collapse line at the end: %q", b.String())
	}
}

// An R² below −1 is never printed without a warning line; a failed row or
// an R² of −0.5 gets none.
func TestWarnRows(t *testing.T) {
	rows := []train.Row{
		{Encoder: "random", Adaptation: "linear-probe", NTask: 10, Metric: "r2", Value: -3e9},
		{Encoder: "raw", Adaptation: "linear-probe", NTask: 10, Metric: "r2", Value: -0.5},
		{Encoder: "pretrained", Adaptation: "finetune", NTask: 10, Metric: "r2", Failed: "not finite"},
		{Encoder: "pretrained", Adaptation: "linear-probe", NTask: 10, Metric: "mse", Value: -2},
	}
	var b bytes.Buffer
	warnRows(&b, "seed 4: ", rows)
	lines := strings.Split(strings.TrimSpace(b.String()), "\n")
	if len(lines) != 1 || !strings.Contains(lines[0], "warning: seed 4: random linear-probe with n_task 10: R² = -3e+09 is below −1") {
		t.Errorf("warnings: %q", b.String())
	}
}

// The lesson table has a line per preset: blobs are separable in the raw
// input, so its verdict says pretraining did not help and why.
func TestLesson(t *testing.T) {
	if testing.Short() {
		t.Skip("trains for a few seconds")
	}
	code, stdout, stderr := runArgs("lesson", "-seeds", "1-2", "-presets", "blobs-simclr", "-markdown", "-quiet")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	lines := strings.Split(stdout, "\n")
	if len(lines) < 3 || !strings.HasPrefix(lines[0], "| preset | objective |") || !strings.HasPrefix(lines[1], "|---|") {
		t.Fatalf("not a Markdown table:\n%s", stdout)
	}
	row := strings.Split(lines[2], " | ")
	if len(row) != len(lessonColumns) || row[0] != "| blobs-simclr" || row[2] != "1 label per class" ||
		!strings.HasPrefix(row[4], "raw ") || !strings.HasSuffix(row[6], "/2") ||
		row[len(row)-1] != "did not help: already separable in the raw input (a deliberate lesson: see its note) |" {
		t.Errorf("blobs line: %q", lines[2])
	}
}

// beats counts a seed as beating the random encoder only if its probe wins
// at every budget, and compares with the raw inputs at the fewest labels.
func TestBeats(t *testing.T) {
	row := func(enc string, n int, v float64) train.Row {
		return train.Row{Encoder: enc, Adaptation: "linear-probe", NTask: n, Metric: "accuracy", Value: v}
	}
	rows := []train.Row{row("pretrained", 10, 0.7), row("random", 10, 0.5), row("raw", 10, 0.6),
		row("pretrained", 100, 0.9), row("random", 100, 0.91), row("raw", 100, 0.95)}
	if random, raw, ok := beats(rows, "accuracy", 10); random || !raw || !ok {
		t.Errorf("beats = %v, %v, %v; want false, true, true (random wins at 100)", random, raw, ok)
	}
	rows[4].Value = 0.8
	if random, _, _ := beats(rows, "accuracy", 10); !random {
		t.Error("pretrained wins at every budget, yet not counted")
	}
	rows[0].Failed = "singular"
	if random, raw, ok := beats(rows, "accuracy", 10); random || raw || !ok {
		t.Errorf("a failed pretrained row counts as a win: %v, %v, %v", random, raw, ok)
	}
	if _, _, ok := beats(rows[:3], "accuracy", 20); ok {
		t.Error("no row at the fewest budget, yet ok")
	}
}

// Without -presets the lesson runs every preset but the long ones, which
// run only when named.
func TestLessonPresetList(t *testing.T) {
	all, err := presetList("")
	if err != nil {
		t.Fatal(err)
	}
	if slices.Contains(all, "brown-mlm-long") || !slices.Contains(all, "brown-mlm") || !slices.Contains(all, config.DefaultPreset) {
		t.Errorf("default list %v", all)
	}
	if len(all)+len(longNames()) != len(config.PresetNames()) {
		t.Errorf("default list %v and long ones %v do not make up every preset", all, longNames())
	}
	named, err := presetList("brown-mlm-long, digits-simclr,brown-mlm-long")
	if err != nil || !slices.Equal(named, []string{"brown-mlm-long", "digits-simclr"}) {
		t.Errorf("named list %v, %v", named, err)
	}
}
