//go:build !wasm

package main

import (
	"math"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"sslab/ml/config"
	"sslab/ml/data"
	"sslab/ml/data/text"
	"sslab/ml/train"
)

// The transformer table's one FLOP count is the one sslab's worker
// reports: Pretrainer.FLOPs() of txStep on the shipped corpus's training
// sentences of at least 32 tokens, the ones app/worker's benchRun keeps.
func TestTxStepFLOPsArePretrainers(t *testing.T) {
	root, err := repoRoot()
	if err != nil {
		t.Fatal(err)
	}
	ds, err := data.ReadBrownDir(filepath.Join(root, "web", "data"))
	if err != nil {
		t.Fatal(err)
	}
	q, err := url.ParseQuery(txStep)
	if err != nil {
		t.Fatal(err)
	}
	cfg, errs := config.Decode(q)
	if len(errs) > 0 {
		t.Fatalf("txStep %q: %v", txStep, errs)
	}
	run, err := train.NewRunWithData(cfg, ds)
	if err != nil {
		t.Fatal(err)
	}
	run.Split.Train = ds.LongSentences(run.Split.Train, cfg.MaxLen)
	if len(run.Split.Train) < 10*cfg.Batch {
		t.Fatalf("%d training sentences of %d tokens: too few to time a bench on", len(run.Split.Train), cfg.MaxLen)
	}
	p, err := train.NewPretrainer(cfg, run.Dataset, run.Split, nil)
	if err != nil {
		t.Fatal(err)
	}
	if got, _ := p.FLOPs(); got != txStepFLOPs {
		t.Errorf("Pretrainer.FLOPs() of %q on 32-token sentences = %d per step, the report counts %d", txStep, got, txStepFLOPs)
	}
	if txStepFLOPs != 1_923_391_488 {
		t.Errorf("txStepFLOPs = %d, the count derived in transformer.go is 1,923,391,488", txStepFLOPs)
	}
	if done, total := p.Steps(); total-done < 1000 {
		t.Errorf("txStep trains for %d steps: too few for a bench of many rounds", total)
	}
	if got := text.MaskCount(cfg.MaxLen, cfg.MaskRatio) * cfg.Batch; got != txScored {
		t.Errorf("%d masked rows a batch, the report counts %d", got, txScored)
	}
}

// The TF.js page's constants are the Go side's: the bench shape is
// txStep's, the check input txCheck's.
func TestTxPageConstants(t *testing.T) {
	root, err := repoRoot()
	if err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(filepath.Join(root, "web", "bench", "tfjs-mlm.js"))
	if err != nil {
		t.Fatal(err)
	}
	src := string(b)
	object := func(name string) string {
		m := regexp.MustCompile(`(?s)const ` + name + ` = \{(.*?)\};`).FindStringSubmatch(src)
		if m == nil {
			t.Fatalf("tfjs-mlm.js has no const %s = {...};", name)
		}
		return m[1]
	}
	num := func(obj, key string) int {
		m := regexp.MustCompile(`\b` + key + `: (\d+)`).FindStringSubmatch(obj)
		if m == nil {
			t.Fatalf("tfjs-mlm.js: no %s in %q", key, obj)
		}
		n, _ := strconv.Atoi(m[1])
		return n
	}
	list := func(obj, key string) []int {
		m := regexp.MustCompile(`\b` + key + `: \[([\d, ]*)\]`).FindStringSubmatch(obj)
		if m == nil {
			t.Fatalf("tfjs-mlm.js: no %s list in %q", key, obj)
		}
		var out []int
		for _, f := range strings.Split(m[1], ",") {
			n, _ := strconv.Atoi(strings.TrimSpace(f))
			out = append(out, n)
		}
		return out
	}
	bench, check := object("BENCH"), object("CHECK")
	s := txCheck.shape
	for _, c := range []struct {
		obj, key string
		want     int
	}{
		{bench, "vocab", text.VocabWords + text.FirstWord}, {bench, "len", 32}, {bench, "dim", 64}, {bench, "layers", 2},
		{bench, "heads", 4}, {bench, "hidden", 256}, {bench, "sentences", 64}, {bench, "masked", txScored / 64},
		{check, "vocab", s.Vocab}, {check, "len", s.MaxLen}, {check, "dim", s.Dim}, {check, "layers", s.Layers},
		{check, "heads", s.Heads}, {check, "hidden", s.Hidden},
	} {
		if got := num(c.obj, c.key); got != c.want {
			t.Errorf("tfjs-mlm.js: %s %d, want %d", c.key, got, c.want)
		}
	}
	for _, c := range []struct {
		key  string
		want []int
	}{{"ids", txCheck.ids}, {"rows", txCheck.rows}, {"targets", txCheck.targs}} {
		if got := list(check, c.key); !slices.Equal(got, c.want) {
			t.Errorf("tfjs-mlm.js: CHECK.%s %v, want %v", c.key, got, c.want)
		}
	}
}

func TestCheckTx(t *testing.T) {
	loss, norm := txCheckReference()
	if !(loss > 0) || math.IsInf(loss, 0) || !(norm > 0) || math.IsInf(norm, 0) {
		t.Fatalf("txCheckReference() = %v, %v; want a positive loss and gradient norm", loss, norm)
	}
	nearLoss, nearNorm := loss*(1+txCheckTolerance/2), norm*(1-txCheckTolerance/2)
	farLoss, farNorm := loss*(1+3*txCheckTolerance), norm*(1-3*txCheckTolerance)
	nan := math.NaN()
	for _, tc := range []struct {
		loss, norm *float64
		want       string // "" for no error, else part of the error
	}{
		{&loss, &norm, ""},
		{&nearLoss, &nearNorm, ""},
		{&farLoss, &norm, "masked-token loss"},
		{&loss, &farNorm, "gradient norm"},
		{&nan, &norm, "not the same model"},
		{&loss, nil, "no transformer check"},
		{nil, &norm, "no transformer check"},
	} {
		err := checkTx(tc.loss, tc.norm, loss, norm)
		if tc.want == "" && err != nil || tc.want != "" && (err == nil || !strings.Contains(err.Error(), tc.want)) {
			t.Errorf("checkTx(%v, %v): %v, want error containing %q", tc.loss, tc.norm, err, tc.want)
		}
	}
}

// txOutcomes gives a round per value: a step time in ms, and sslab's
// rate from the report's count (or from count if given), or an error for
// a negative value.
func txOutcomes(count float64, ms ...float64) []outcome {
	o := steps(ms...)
	for i := range o {
		if o[i].err == nil {
			o[i].gflops = count / (o[i].ms * 1e6)
		}
	}
	return o
}

// The transformer table: ratios per round against TF.js wasm, its median
// and range, the verdict against issue 12's bar, a count of sslab's own
// that is not the report's flagged, and no SimCLR table when only the
// transformer ran.
func TestTxMarkdown(t *testing.T) {
	wasm := &contender{name: "TF.js wasm", peer: "TF.js", config: "wasm", table: tableTx, outcomes: steps(1200, 1000, 1500)}
	one := &contender{name: "sslab, 1 worker", table: tableTx, outcomes: txOutcomes(txStepFLOPs, 400, 500, -1)}
	two := &contender{name: "sslab, 2 workers", table: tableTx, outcomes: txOutcomes(2*txStepFLOPs, 240, 400, 300)}
	r := report{tx: []*contender{wasm, one, two}, workers: 2, rounds: 3, steps: 30,
		versions: map[string]string{"TF.js": "4.22.0"}, txCheckLoss: 3.3, txCheckNorm: 5.4}
	md := r.markdown()
	for _, want := range []string{
		"## Browser speed: one masked-token transformer step",
		"| TF.js 4.22.0 wasm | 1200.0 (1000.0–1500.0) | 1.60 | – |",
		// rounds 1 and 2 only: sslab, 1 worker failed in round 3.
		"| sslab, 1 worker | 450.0 (400.0–500.0) | 4.27 | 2.50× (2.00–3.00) |",
		// 1200/240, 1000/400, 1500/300.
		"| sslab, 2 workers | 300.0 (240.0–400.0) | 6.41 | 5.00× (2.50–5.00) |",
		"sslab with 2 workers is **1.46× (1.25–1.67)** faster than with 1",
		"at least 2× faster than TF.js wasm: **met** (5.00×)",
		"FLOPs per step, for every contender: 1,923,391,488",
		"sslab, 2 workers: sslab's worker counted 3,846,782,976 FLOPs per step",
	} {
		if !strings.Contains(md, want) {
			t.Errorf("report lacks %q:\n%s", want, md)
		}
	}
	for _, not := range []string{"SimCLR training step", "sslab, 1 worker: sslab's worker counted"} {
		if strings.Contains(md, not) {
			t.Errorf("report has %q:\n%s", not, md)
		}
	}
	// Slower than the bar: said so.
	two.outcomes = txOutcomes(txStepFLOPs, 800, 700, 900)
	if md := r.markdown(); !strings.Contains(md, "at least 2× faster than TF.js wasm: **not met** (1.50×)") {
		t.Errorf("report lacks the unmet bar (1200/800, 1000/700, 1500/900):\n%s", md)
	}
}
