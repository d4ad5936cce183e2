//go:build !wasm

package main

import (
	"errors"
	"math"
	"net/url"
	"strings"
	"testing"

	"sslab/ml/config"
	"sslab/ml/train"
)

// The report's one FLOP count is the one sslab's worker reports for the
// step the peers run: ml/train's Pretrainer.FLOPs() of peerStep.
func TestStepFLOPsArePretrainers(t *testing.T) {
	q, err := url.ParseQuery(peerStep)
	if err != nil {
		t.Fatal(err)
	}
	cfg, errs := config.Decode(q)
	if len(errs) > 0 {
		t.Fatalf("peerStep %q: %v", peerStep, errs)
	}
	run, err := train.NewRun(cfg)
	if err != nil {
		t.Fatal(err)
	}
	p, err := train.NewPretrainer(cfg, run.Dataset, run.Split, nil)
	if err != nil {
		t.Fatal(err)
	}
	if got, _ := p.FLOPs(); got != stepFLOPs {
		t.Errorf("Pretrainer.FLOPs() of %q = %d per step, the report counts %d", peerStep, got, stepFLOPs)
	}
	if stepFLOPs != 276_824_064 {
		t.Errorf("stepFLOPs = %d, the count derived in report.go is 276,824,064", stepFLOPs)
	}
}

// checkReference is NT-Xent of the check input, computed here the long way
// (as in the peers' pages: normalise, similarities / 0.5, log-softmax
// without the anchor, at the positive).
func TestCheckReference(t *testing.T) {
	const rows, cols, B = 8, 4, 4
	var z [rows][cols]float64
	for i := range rows {
		var ss float64
		for j := range cols {
			z[i][j] = math.Sin(float64(1 + i*cols + j))
			ss += z[i][j] * z[i][j]
		}
		for j := range cols {
			z[i][j] /= math.Sqrt(ss)
		}
	}
	var want float64
	for a := range rows {
		var sum, pos float64
		for b := range rows {
			var s float64
			for j := range cols {
				s += z[a][j] * z[b][j]
			}
			s /= 0.5
			if b != a {
				sum += math.Exp(s)
			}
			if b == (a+B)%rows {
				pos = s
			}
		}
		want += math.Log(sum) - pos
	}
	want /= rows
	if got := checkReference(); math.Abs(got-want) > 1e-9 {
		t.Errorf("checkReference() = %.15g, want %.15g", got, want)
	}
}

func TestCheckLoss(t *testing.T) {
	ref := checkReference()
	near, far := ref+checkTolerance/2, ref+3*checkTolerance
	nan := math.NaN()
	for _, tc := range []struct {
		got  *float64
		want string // "" for no error, else part of the error
	}{
		{&ref, ""},
		{&near, ""},
		{&far, "not the same loss"},
		{&nan, "not the same loss"},
		{nil, "no loss check"},
	} {
		err := checkLoss(tc.got, ref)
		if tc.want == "" && err != nil || tc.want != "" && (err == nil || !strings.Contains(err.Error(), tc.want)) {
			t.Errorf("checkLoss(%v): %v, want error containing %q", tc.got, err, tc.want)
		}
	}
}

func steps(ms ...float64) []outcome {
	o := make([]outcome, len(ms))
	for i, v := range ms {
		if v < 0 {
			o[i].err = errors.New("crashed")
		} else {
			o[i].ms = v
		}
	}
	return o
}

// A peer's best configuration is taken per round, among those that ran in
// that round; rounds where sslab failed give no ratio.
func TestBestPerRound(t *testing.T) {
	cpu := &contender{name: "TF.js cpu", peer: "TF.js", config: "cpu", outcomes: steps(500, 90, 400, 500)}
	wasm := &contender{name: "TF.js wasm", peer: "TF.js", config: "wasm", outcomes: steps(100, 120, -1, 100)}
	sslab := &contender{name: "sslab, 2 workers", outcomes: steps(25, 30, 40, -1)}
	broken := &contender{name: "GoMLX simplego", peer: "GoMLX", config: "simplego", outcomes: steps(-1, -1, -1, -1)}
	r := report{contenders: []*contender{cpu, wasm, broken, sslab}}

	b := r.best("TF.js", sslab)
	wantConfigs := []string{"wasm", "cpu", "cpu"}
	wantRatios := []float64{4, 3, 10}
	if strings.Join(b.configs, ",") != strings.Join(wantConfigs, ",") || len(b.ratios) != len(wantRatios) {
		t.Fatalf("best configurations %v ratios %v, want %v %v", b.configs, b.ratios, wantConfigs, wantRatios)
	}
	for i := range wantRatios {
		if math.Abs(b.ratios[i]-wantRatios[i]) > 1e-12 {
			t.Errorf("round %d: ratio %v, want %v", i+1, b.ratios[i], wantRatios[i])
		}
	}
	if got, want := spread(b.ratios), "4.00× (3.00–10.00)"; got != want {
		t.Errorf("spread = %q, want %q", got, want)
	}
	if g := r.best("GoMLX", sslab); len(g.ratios) != 0 || !strings.Contains(g.note, "crashed") {
		t.Errorf("a peer that never ran: ratios %v, note %q; want none, and its error", g.ratios, g.note)
	}
}

// The report names every peer with its version, shows a peer's error in
// its row, and states the FLOP count.
func TestMarkdown(t *testing.T) {
	gomlx := &contender{name: "GoMLX simplego", peer: "GoMLX", config: "simplego (wasm, 1 worker)",
		outcomes: []outcome{{err: errors.New("building GoMLX: exit status 1: some | error")}}}
	jax := &contender{name: "jax-js wasm", peer: "jax-js", config: "wasm", outcomes: steps(50, 50)}
	one := &contender{name: "sslab, 1 worker", outcomes: []outcome{{ms: 60, gflops: stepFLOPs / 60e6}, {ms: 60, gflops: stepFLOPs / 60e6}}}
	two := &contender{name: "sslab, 2 workers", outcomes: []outcome{{ms: 25, gflops: 2 * stepFLOPs / 60e6}, {ms: 25, gflops: 2 * stepFLOPs / 60e6}}}
	r := report{contenders: []*contender{gomlx, jax, one, two}, workers: 2, rounds: 2, steps: 30,
		versions: map[string]string{"GoMLX": "v0.26.0", "jax-js": "0.1.25"}}
	md := r.markdown()
	for _, want := range []string{
		`| GoMLX v0.26.0 simplego (wasm, 1 worker) | error: building GoMLX: exit status 1: some \| error |`,
		"| jax-js 0.1.25 wasm | 50.0 (50.0–50.0) | 5.54 |",
		"| jax-js 0.1.25 | wasm | 0.83× (0.83–0.83) | 2.00× (2.00–2.00) |", // one configuration named once
		"FLOPs per step, for every contender: 276,824,064",
		// sslab, 2 workers reported a count of its own that is not the report's.
		"sslab's worker counted 230,686,720 FLOPs per step",
	} {
		if !strings.Contains(md, want) {
			t.Errorf("report lacks %q:\n%s", want, md)
		}
	}
	if strings.Contains(md, "sslab, 1 worker: sslab's worker counted") {
		t.Errorf("report flags sslab, 1 worker, whose count is the report's:\n%s", md)
	}
}
