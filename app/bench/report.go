//go:build !wasm

package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"runtime"
	"slices"
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

type report struct {
	contenders                 []*contender
	browser, tfjs, wasmFlavour string
	isolated                   bool
	steps, workers, rounds     int
	date                       time.Time
	command                    string
	stepQuery                  string // the step sslab timed, if not the one TF.js runs
	load                       string // load average at start
}

// summary is a contender's figures over the rounds it completed.
type summary struct {
	n                    int     // rounds that gave a figure
	ms, msLo, msHi       float64 // median step time, and its range over rounds
	gflops               float64
	wall, wallLo, wallHi float64
	pretrain, adapt      float64
	longest              []float64 // the lab page's longest main-thread task per round, 0 if none over 50 ms
	note                 string    // why there is no figure
}

func (c *contender) summary() summary {
	var ms, gf, wall, pre, ad []float64
	var sum summary
	for _, o := range c.outcomes {
		switch {
		case o.err != nil:
			sum.note = "error: " + firstLine(o.err.Error())
			if errors.Is(o.err, errNotFound) {
				sum.note = "sslab: bench page not built yet"
			}
		case c.whole:
			wall, pre, ad = append(wall, o.wall), append(pre, o.pretrain), append(ad, o.adapt)
			if c.lab {
				longest := 0.0
				for _, t := range o.longTasks {
					longest = max(longest, t.Ms)
				}
				sum.longest = append(sum.longest, longest)
			}
		default:
			ms, gf = append(ms, o.ms), append(gf, o.gflops)
		}
	}
	sum.n = max(len(ms), len(wall))
	if len(ms) > 0 {
		sum.ms, sum.msLo, sum.msHi = median(ms), slices.Min(ms), slices.Max(ms)
		sum.gflops = median(gf)
		if sum.gflops == 0 {
			sum.gflops = stepFLOPs / (sum.ms * 1e6)
		}
	}
	if len(wall) > 0 {
		sum.wall, sum.wallLo, sum.wallHi = median(wall), slices.Min(wall), slices.Max(wall)
		sum.pretrain, sum.adapt = median(pre), median(ad)
	}
	return sum
}

func median(v []float64) float64 {
	s := slices.Sorted(slices.Values(v))
	n := len(s)
	return (s[(n-1)/2] + s[n/2]) / 2
}

// ratio is a/b of two contenders' step times, per round (where both ran),
// as "median (min–max)".
func ratio(num, den *contender) string {
	var r []float64
	for i := range min(len(num.outcomes), len(den.outcomes)) {
		a, b := num.outcomes[i], den.outcomes[i]
		if a.err == nil && b.err == nil && a.ms > 0 && b.ms > 0 {
			r = append(r, a.ms/b.ms)
		}
	}
	if len(r) == 0 {
		return "–"
	}
	if len(r) == 1 {
		return fmt.Sprintf("%.2f×", r[0])
	}
	return fmt.Sprintf("%.2f× (%.2f–%.2f)", median(r), slices.Min(r), slices.Max(r))
}

func (r report) find(name string) *contender {
	for _, c := range r.contenders {
		if strings.HasPrefix(c.name, name) {
			return c
		}
	}
	return nil
}

func (r report) markdown() string {
	var b strings.Builder
	p := func(format string, a ...any) { fmt.Fprintf(&b, format, a...) }
	cpu, wasm := r.find("TF.js cpu"), r.find("TF.js wasm")
	one, many := r.find("sslab, 1 worker"), r.find(fmt.Sprintf("sslab, %d workers", r.workers))
	p("## Browser speed: one SimCLR training step\n\n")
	p("| contender | ms/step (range over rounds) | GFLOP/s | vs TF.js wasm | vs TF.js cpu |\n")
	p("|---|---:|---:|---:|---:|\n")
	for _, c := range r.contenders {
		s := c.summary()
		name := c.name
		if c.tfjs != "" && r.tfjs != "" {
			name = fmt.Sprintf("TF.js %s %s", r.tfjs, c.tfjs)
		}
		switch {
		case s.n == 0:
			p("| %s | %s | – | – | – |\n", name, strings.ReplaceAll(s.note, "|", `\|`))
		case c.whole && s.pretrain > 0:
			p("| %s | %.1f s wall (%.1f–%.1f): pretraining %.1f s, adaptation %.1f s | – | – | – |\n",
				name, s.wall, s.wallLo, s.wallHi, s.pretrain, s.adapt)
		case c.lab:
			p("| %s | %.1f s wall (%.1f–%.1f); longest main-thread task per round: %s | – | – | – |\n",
				name, s.wall, s.wallLo, s.wallHi, longestTasks(s.longest))
		case c.whole:
			p("| %s | %.1f s wall (%.1f–%.1f) | – | – | – |\n", name, s.wall, s.wallLo, s.wallHi)
		default:
			vs := func(ref *contender) string {
				if ref == nil || ref == c {
					return "–"
				}
				return ratio(ref, c)
			}
			p("| %s | %.1f (%.1f–%.1f) | %.2f | %s | %s |\n", name, s.ms, s.msLo, s.msHi, s.gflops, vs(wasm), vs(cpu))
		}
	}
	p("\n")
	if one != nil && many != nil {
		p("- sslab with %d workers is **%s** faster than with 1 (ratio of the step times, per round).\n", r.workers, ratio(one, many))
	}
	p("- Step: SimCLR NT-Xent (temperature 0.5) on two views of a batch of 256 8×8 images; " +
		"MLP 64→256→128 (encoder, ReLU) → 128→128 (ReLU) → 64 (projection); gradients of all weights; Adam (lr 2e-3).\n")
	if r.stepQuery != "" {
		p("- **sslab's step rows time another step**: the config `%s`, not the step above; their ratios to TF.js compare different work.\n", r.stepQuery)
	}
	p("- FLOPs per step: %s = forward %s + backward %s (2× forward, less the first layer's input gradient) + NT-Xent %s (3·2·512²·64); "+
		"GFLOP/s = FLOPs / time. sslab's Pretrainer.FLOPs() counts the same way.\n",
		comma(stepFLOPs), comma(forwardFLOPs), comma(2*forwardFLOPs-firstLayer), comma(lossFLOPs))
	p("- Timing: %d rounds, each running every contender in turn (so that a slow spell of the machine hits all alike); "+
		"in each, the median of %d steps after a warm-up of at least 3 steps and 2 s of stepping on both sides (V8 optimises hot code as it runs). "+
		"A figure is the median over rounds; \"vs TF.js x\" is TF.js x's step time over this row's, per round, its median (and range): above 1 means faster than TF.js x. "+
		"Each TF.js step ends with `await loss.data()`; TF.js's inputs are random-normal views made before each timed step, so no augmentation is timed on TF.js's side.\n", r.rounds, r.steps)
	p("- Whole runs: in bench.html, which starts the training worker and sends it Start as soon as it is ready (no page to draw; pretraining ends at the first adaptation progress message); and in the lab page itself, served by `sslab serve`: three seconds after the page is idle (the training worker has started by then), from a click on Start to the results on the page, every chart drawn on the way. " +
		"Its longest main-thread task is the longest the page's PerformanceObserver reported (\"longtask\": tasks over 50 ms) from the click to the results (the raw results also list those up to half a second after, uncounted), each with its start (seconds from the click) and the page's status then.\n")
	p("- Chromium: %s; crossOriginIsolated: %v; TF.js %s wasm flavour: %s.\n", r.browser, r.isolated, r.tfjs, orDash(r.wasmFlavour))
	p("- Machine: %d cores, %s/%s, load average at start %s; date: %s; command: `%s`.\n",
		runtime.NumCPU(), runtime.GOOS, runtime.GOARCH, orDash(r.load), r.date.Format("2006-01-02 15:04 UTC"), r.command)
	if l, err := strconv.ParseFloat(strings.Fields(r.load + " 0")[0], 64); err == nil && l > float64(runtime.NumCPU()) {
		p("- **The machine was busy** (1-minute load above the core count): the numbers are noisy; rerun on an idle machine.\n")
	}
	p("\n<details><summary>Raw results</summary>\n\n```\n")
	for _, c := range r.contenders {
		for i, o := range c.outcomes {
			raw := "(none)"
			if len(o.raw) > 0 {
				var v map[string]any
				if json.Unmarshal(o.raw, &v) == nil {
					delete(v, "times") // the per-step list is long; its median is above
					delete(v, "rows")
					if c, err := json.Marshal(v); err == nil {
						raw = string(c)
					}
				}
			}
			p("%s, round %d: %s\n", c.name, i+1, raw)
		}
	}
	p("```\n\n</details>\n")
	return b.String()
}

// longestTasks words the longest main-thread task of each round.
func longestTasks(ms []float64) string {
	words := make([]string, len(ms))
	for i, v := range ms {
		words[i] = "under 50 ms"
		if v > 0 {
			words[i] = fmt.Sprintf("%.0f ms", v)
		}
	}
	return strings.Join(words, ", ")
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
