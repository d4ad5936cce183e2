package cli

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

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
		{[]string{"train", "-batch", "0"}, []string{`"batch"`, `"0"`, "allowed"}},
		{[]string{"train", "-batch", "-5"}, []string{`"batch"`, `"-5"`}},
		{[]string{"train", "-epochs", "0"}, []string{`"epochs"`, "allowed: 1 to 1000"}},
		{[]string{"train", "-enc", "128-0"}, []string{`"enc"`}},
		{[]string{"train", "-lr", "NaN"}, []string{`"lr"`}},
		{[]string{"train", "-lr", "fast"}, []string{`"lr"`, "not a number"}},
		{[]string{"train", "-colour", "red"}, []string{"-colour"}},
		{[]string{"train", "extra"}, []string{`"extra"`}},
		{[]string{"train", "-threads", "0"}, []string{"-threads"}},
		{[]string{"fly"}, []string{`"fly"`, "Usage"}},
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
