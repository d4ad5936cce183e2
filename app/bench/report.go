//go:build !wasm

package main

import (
	"encoding/json"
	"fmt"
	"os"
	"runtime"
	"strconv"
	"strings"
	"time"
)

// The FLOPs of one training step, counted as sslab's Pretrainer.FLOPs()
// does (a multiply-add is 2 FLOPs; biases, activations and Adam are left
// out). With n = 2B = 512 rows (two views of a batch of 256):
//
//	forward  = 2·n·(64·256 + 256·128 + 128·128 + 128·64)        =  75,497,472
//	backward = 2·forward − 2·n·64·256 (no gradient of the input) = 134,217,728
//	NT-Xent  = 3 · 2·n·n·64 (similarities, and their two grads)  = 100,663,296
//	total    = 3·forward − first layer's forward + 6·n²·64        = 310,378,496
const (
	rows         = 2 * 256
	forwardFLOPs = 2 * rows * (64*256 + 256*128 + 128*128 + 128*64)
	firstLayer   = 2 * rows * 64 * 256
	lossFLOPs    = 3 * 2 * rows * rows * 64
	stepFLOPs    = 3*forwardFLOPs - firstLayer + lossFLOPs
)

// row is one contender: ms (and gflops, if the page gave them) or wall
// seconds, or a note in place of the numbers.
type row struct {
	name       string
	ms, gflops float64
	wall       float64 // and its parts, when the page timed them
	pretrain   float64
	adapt      float64
	note       string
	raw        []byte
}

type report struct {
	rows                       []row
	browser, tfjs, wasmFlavour string
	isolated                   bool
	tfjsWasmMs, tfjsCPUMs      float64
	steps, workers             int
	date                       time.Time
	command                    string
	stepQuery                  string // the step sslab timed, if not the one TF.js runs
	load                       string // load average at start
}

func (r report) markdown() string {
	var b strings.Builder
	p := func(format string, a ...any) { fmt.Fprintf(&b, format, a...) }
	p("## Browser speed: one SimCLR training step\n\n")
	p("| contender | ms/step | GFLOP/s | vs TF.js wasm | vs TF.js cpu |\n")
	p("|---|---:|---:|---:|---:|\n")
	for _, x := range r.rows {
		switch {
		case x.note != "":
			p("| %s | %s | – | – | – |\n", x.name, strings.ReplaceAll(x.note, "|", `\|`))
		case x.wall > 0:
			parts := ""
			if x.pretrain > 0 {
				parts = fmt.Sprintf(" (pretraining %.1f s, adaptation %.1f s)", x.pretrain, x.adapt)
			}
			p("| %s | %.1f s wall%s | – | – | – |\n", x.name, x.wall, parts)
		default:
			g := x.gflops
			if g == 0 && x.ms > 0 {
				g = stepFLOPs / (x.ms * 1e6)
			}
			p("| %s | %.1f | %.2f | %s | %s |\n", x.name, x.ms, g, speedup(r.tfjsWasmMs, x.ms), speedup(r.tfjsCPUMs, x.ms))
		}
	}
	p("\n")
	p("- Step: SimCLR NT-Xent (temperature 0.5) on two views of a batch of 256 8×8 images; " +
		"MLP 64→256→128 (encoder, ReLU) → 128→128 (ReLU) → 64 (projection); gradients of all weights; Adam (lr 2e-3).\n")
	p("- FLOPs per step: %s = forward %s + backward %s (2× forward, less the first layer's input gradient) + NT-Xent %s (3·2·512²·64); "+
		"GFLOP/s = FLOPs / time. sslab's Pretrainer.FLOPs() counts the same way.\n",
		comma(stepFLOPs), comma(forwardFLOPs), comma(2*forwardFLOPs-firstLayer), comma(lossFLOPs))
	if r.stepQuery != "" {
		p("- **sslab's step rows time another step**: the config `%s`, not the step above; their ratios to TF.js compare different work.\n", r.stepQuery)
	}
	p("- Timing: median of %d steps, after a warm-up of at least 3 steps and 2 s of stepping on both sides (V8 optimises hot code as it runs). Each TF.js step ends with `await loss.data()`; "+
		"TF.js's inputs are random-normal views made before each timed step, so no augmentation is timed on TF.js's side.\n", r.steps)
	p("- \"vs TF.js x\" = TF.js x's ms/step ÷ this row's ms/step: above 1 means faster than TF.js x.\n")
	p("- Chromium: %s; crossOriginIsolated: %v; TF.js %s wasm flavour: %s.\n", r.browser, r.isolated, r.tfjs, orDash(r.wasmFlavour))
	p("- Machine: %d cores, %s/%s, load average at start %s; date: %s; command: `%s`.\n",
		runtime.NumCPU(), runtime.GOOS, runtime.GOARCH, orDash(r.load), r.date.Format("2006-01-02 15:04 UTC"), r.command)
	if l, err := strconv.ParseFloat(strings.Fields(r.load + " 0")[0], 64); err == nil && l > float64(runtime.NumCPU()) {
		p("- **The machine was busy** (1-minute load above the core count): the numbers are noisy; rerun on an idle machine.\n")
	}
	p("\n<details><summary>Raw results</summary>\n\n```\n")
	for _, x := range r.rows {
		raw := "(none)"
		if len(x.raw) > 0 {
			var v map[string]any
			if json.Unmarshal(x.raw, &v) == nil {
				delete(v, "times") // the per-step list is long; its median is above
				if c, err := json.Marshal(v); err == nil {
					raw = string(c)
				}
			}
		}
		p("%s: %s\n", x.name, raw)
	}
	p("```\n\n</details>\n")
	return b.String()
}

// loadAverage is the 1-, 5- and 15-minute load average, where Linux tells
// it: a load above the core count makes the numbers noisy.
func loadAverage() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return ""
	}
	f := strings.Fields(string(b))
	if len(f) < 3 {
		return ""
	}
	return strings.Join(f[:3], " ")
}

func speedup(ref, ms float64) string {
	if ref <= 0 || ms <= 0 {
		return "–"
	}
	return fmt.Sprintf("%.2f×", ref/ms)
}

func comma(n int) string {
	s := fmt.Sprint(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

func orDash(s string) string {
	if s == "" {
		return "–"
	}
	return s
}
