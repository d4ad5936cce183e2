//go:build !wasm

package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"os"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"time"
)

// The FLOPs of one training step, the one count of this benchmark: every
// contender's GFLOP/s is it over the contender's time, so that their rates
// compare as their times do. A multiply-add is 2 FLOPs; what is not a
// matrix product (biases, activations, normalisation, softmax, Adam: under
// 1% here) is left out. With n = 2B = 512 rows (two views of a batch of
// 256) and k = 64 (the projection's width):
//
//	forward  = 2·n·(64·256 + 256·128 + 128·128 + 128·64)         =  75,497,472
//	backward = 2·forward − 2·n·64·256 (no gradient of the input)  = 134,217,728
//	NT-Xent  = 2·n²·k for the similarities S = N·Nᵀ,
//	         + 2·n²·k for their gradient dN = (G + Gᵀ)·N         =  67,108,864
//	total    = 3·forward − first layer's forward + 4·n²·k         = 276,824,064
//
// The gradient of a Gram matrix N·Nᵀ is one product, (G + Gᵀ)·N: N is both
// of its factors. Autodiff that treats the factors as two matrices (TF.js,
// GoMLX, jax-js) computes G·N and Gᵀ·N, 2·n²·k more; that is their cost,
// not work the step needs. ml/train's Pretrainer.FLOPs() counts the same
// (3× the networks' forward less the first layer's, plus simclrMethod's
// lossFLOPs, 2·2·n²·k); the report checks sslab's rows against it.
const (
	rows         = 2 * 256
	projWidth    = 64
	forwardFLOPs = 2 * rows * (64*256 + 256*128 + 128*128 + 128*64)
	firstLayer   = 2 * rows * 64 * 256
	lossFLOPs    = 2 * 2 * rows * rows * projWidth
	stepFLOPs    = 3*forwardFLOPs - firstLayer + lossFLOPs
)

type report struct {
	contenders             []*contender // the SimCLR step's and the whole runs'
	tx                     []*contender // the transformer step's
	txCheckLoss            float64      // sslab's transformer check (txCheckReference)
	txCheckNorm            float64
	browser, wasmFlavour   string
	versions               map[string]string // each peer's version, as its page read it from its library
	isolated               bool
	steps, workers, rounds int
	budget                 time.Duration
	checkRef               float64 // sslab's loss of the check input
	date                   time.Time
	command                string
	stepQuery              string // the step sslab timed, if not the one the peers run
	load                   string // load average at start
}

// summary is a contender's figures over the rounds it completed.
type summary struct {
	n                    int     // rounds that gave a figure
	ms, msLo, msHi       float64 // median step time, and its range over rounds
	gflops               float64 // the step's FLOPs / ms (sslab's SimCLR rows under -step: sslab's own count)
	ownFLOPs             float64 // sslab's rows: the FLOPs per step its worker counted (Pretrainer.FLOPs())
	wall, wallLo, wallHi float64
	pretrain, adapt      float64
	longest              []float64 // the lab page's longest main-thread task per round, 0 if none over 50 ms
	note                 string    // why there is no figure
}

func (c *contender) summary(stepQuery string) summary {
	var ms, gf, own, wall, pre, ad []float64
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
			if c.peer == "" {
				own = append(own, o.gflops*o.ms*1e6)
			}
		}
	}
	sum.n = max(len(ms), len(wall))
	if len(ms) > 0 {
		sum.ms, sum.msLo, sum.msHi = median(ms), slices.Min(ms), slices.Max(ms)
		sum.gflops = c.flops() / (sum.ms * 1e6)
		if c.peer == "" && stepQuery != "" && c.table == "" {
			sum.gflops = median(gf)
		}
	}
	if len(own) > 0 {
		sum.ownFLOPs = median(own)
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
	return spread(r)
}

// peerBest is a peer's best configuration against a contender c (sslab's)
// per round: the peer's fastest configuration in each round where it and c
// ran, its name, and that configuration's step time over c's.
type peerBest struct {
	peer    string
	configs []string  // the best configuration in each round
	ratios  []float64 // its step time over c's, in each round
	note    string    // why there is no ratio
}

func (r report) best(peer string, c *contender) peerBest {
	b := peerBest{peer: peer}
	var configs []*contender
	for _, p := range r.contenders {
		if p.peer == peer && !p.whole {
			configs = append(configs, p)
		}
	}
	for i := range c.outcomes {
		if o := c.outcomes[i]; o.err != nil || o.ms <= 0 {
			continue
		}
		var bestMs float64
		var bestName string
		for _, p := range configs {
			if i >= len(p.outcomes) {
				continue
			}
			if o := p.outcomes[i]; o.err == nil && o.ms > 0 && (bestMs == 0 || o.ms < bestMs) {
				bestMs, bestName = o.ms, p.config
			}
		}
		if bestMs > 0 {
			b.configs, b.ratios = append(b.configs, bestName), append(b.ratios, bestMs/c.outcomes[i].ms)
		}
	}
	if len(b.ratios) == 0 {
		b.note = "–"
		for _, p := range configs {
			if s := p.summary(""); s.n == 0 && s.note != "" {
				b.note = s.note
				break
			}
		}
	}
	return b
}

// spread words ratios as "median× (min–max)".
func spread(r []float64) string {
	switch len(r) {
	case 0:
		return "–"
	case 1:
		return fmt.Sprintf("%.2f×", r[0])
	}
	return fmt.Sprintf("%.2f× (%.2f–%.2f)", median(r), slices.Min(r), slices.Max(r))
}

// rowName is c's name in the table, with its library's version.
func (r report) rowName(c *contender) string {
	v := r.versions[c.peer]
	switch {
	case c.peer == "":
		return c.name
	case v == "":
		return c.peer + " " + c.config
	}
	return c.peer + " " + v + " " + c.config
}

func (r report) find(name string) *contender {
	for _, c := range r.contenders {
		if strings.HasPrefix(c.name, name) {
			return c
		}
	}
	return nil
}

// simclrMarkdown writes the SimCLR step's table and notes.
func (r report) simclrMarkdown(b *strings.Builder) {
	p := func(format string, a ...any) { fmt.Fprintf(b, format, a...) }
	cell := func(s string) string { return strings.ReplaceAll(s, "|", `\|`) }
	cpu, wasm := r.find("TF.js cpu"), r.find("TF.js wasm")
	one, many := r.find("sslab, 1 worker"), r.find(fmt.Sprintf("sslab, %d workers", r.workers))
	p("## Browser speed: one SimCLR training step\n\n")
	p("| contender | ms/step (range over rounds) | GFLOP/s | vs TF.js wasm | vs TF.js cpu |\n")
	p("|---|---:|---:|---:|---:|\n")
	var flopNotes []string
	for _, c := range r.contenders {
		s := c.summary(r.stepQuery)
		name := r.rowName(c)
		switch {
		case s.n == 0:
			p("| %s | %s | – | – | – |\n", name, cell(s.note))
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
			if c.peer == "" && r.stepQuery == "" && s.ownFLOPs > 0 && math.Abs(s.ownFLOPs/stepFLOPs-1) > 1e-3 {
				flopNotes = append(flopNotes, fmt.Sprintf("**%s: sslab's worker counted %s FLOPs per step (Pretrainer.FLOPs()), not the %s above**",
					c.name, comma(int(math.Round(s.ownFLOPs))), comma(stepFLOPs)))
			}
		}
	}
	p("\n")
	if one != nil && many != nil {
		p("- sslab with %d workers is **%s** faster than with 1 (ratio of the step times, per round).\n", r.workers, ratio(one, many))
	}
	var peers []string
	for _, c := range r.contenders {
		if c.peer != "" && !slices.Contains(peers, c.peer) {
			peers = append(peers, c.peer)
		}
	}
	if len(peers) > 0 && (one != nil || many != nil) {
		p("\n### sslab against each peer's best configuration\n\n")
		p("Per round, the peer's fastest configuration in that round; its step time over sslab's, the median over rounds (and range): above 1 means sslab is faster.\n\n")
		p("| peer | best configuration (per round) |")
		var against []*contender
		for _, c := range []*contender{one, many} {
			if c != nil {
				against = append(against, c)
				p(" vs %s |", c.name)
			}
		}
		p("\n|---|---|%s\n", strings.Repeat("---:|", len(against)))
		for _, peer := range peers {
			name := peer
			if v := r.versions[peer]; v != "" {
				name += " " + v
			}
			configs := "–"
			var cells []string
			for _, c := range against {
				bp := r.best(peer, c)
				if bp.note != "" {
					cells = append(cells, cell(bp.note))
					continue
				}
				cells = append(cells, spread(bp.ratios))
				if c == against[len(against)-1] {
					configs = strings.Join(bp.configs, ", ")
					if len(slices.Compact(slices.Clone(bp.configs))) == 1 {
						configs = bp.configs[0] // the same in every round
					}
				}
			}
			p("| %s | %s | %s |\n", name, configs, strings.Join(cells, " | "))
		}
		p("\n")
	}
	p("- Step: SimCLR NT-Xent (temperature 0.5) on two views of a batch of 256 8×8 images; " +
		"MLP 64→256→128 (encoder, ReLU) → 128→128 (ReLU) → 64 (projection); gradients of all weights; Adam (lr 2e-3). " +
		"sslab computes in float64, the peers in float32 (their default; jax-js also in float64).\n")
	if r.stepQuery != "" {
		p("- **sslab's step rows time another step**: the config `%s`, not the step above; their ratios to the peers compare different work, and their GFLOP/s are sslab's own count of that step.\n", r.stepQuery)
	}
	p("- FLOPs per step, for every contender: %s = forward %s + backward %s (2× forward, less the first layer's input gradient) + NT-Xent %s "+
		"(2·512²·64 for the similarities S = N·Nᵀ of the normalised projections N, and 2·512²·64 for their gradient (G + Gᵀ)·N, one product since N is both factors); "+
		"a multiply-add is 2 FLOPs, what is not a matrix product (biases, activations, softmax, Adam: under 1%%) is left out. "+
		"GFLOP/s = FLOPs / time, so the rates compare as the times do. sslab's Pretrainer.FLOPs() counts the same. "+
		"(Autodiff that takes G·N and Gᵀ·N apart, as the peers' do, spends 2·512²·64 = %s more: their cost, not the step's.)\n",
		comma(stepFLOPs), comma(forwardFLOPs), comma(2*forwardFLOPs-firstLayer), comma(lossFLOPs), comma(2*rows*rows*projWidth))
	for _, n := range flopNotes {
		p("- %s.\n", n)
	}
	p("- Timing: %d rounds, each running every contender in turn (so that a slow spell of the machine hits all alike); "+
		"in each, the median of %d steps after a warm-up of at least 3 steps and 2 s of stepping on every side (V8 optimises hot code as it runs); "+
		"GoMLX and jax-js stop after %s of timed steps once they have timed 5 (the \"steps\" of their raw results). "+
		"A figure is the median over rounds; \"vs TF.js x\" is TF.js x's step time over this row's, per round, its median (and range): above 1 means faster than TF.js x. "+
		"Each peer's step ends with its loss read back (TF.js `await loss.data()`, jax-js after `blockUntilReady` of the new parameters and optimiser state, GoMLX's trainer returns it on the host); "+
		"the peers' inputs are random-normal views made before each timed step, so no augmentation is timed on their side.\n", r.rounds, r.steps, r.budget)
	p("- Same loss: each peer's page computes its NT-Xent, the one its step uses, of a fixed input (z (8, 4), z[i][j] = sin(1 + 4i + j), two views of 4) "+
		"and the benchmark requires it to be sslab's objective.NTXent, %.7f, within %g; a peer that differs gets an error instead of a figure.\n", r.checkRef, checkTolerance)
	p("- Peers: TF.js %s (npm @tensorflow/tfjs, tfjs-backend-wasm; wasm flavour: %s; on the page's thread); "+
		"GoMLX %s (Go module github.com/gomlx/gomlx, app/bench/gomlx: layers.Dense, NT-Xent in graph ops, optimizers.Adam, train.Trainer; its pure-Go simplego backend compiled to wasm, in one Web Worker, which is one thread: Go's wasm has no threads); "+
		"jax-js %s (npm @jax-js/jax: valueAndGrad of the loss, Adam written out as optax's scale_by_adam (@jax-js/optax is not on npm), the step under jit; its wasm backend, which runs its kernels on navigator.hardwareConcurrency worker threads when the page is cross-origin isolated; in float32, its default, and float64, sslab's precision).\n",
		orDash(r.versions["TF.js"]), orDash(r.wasmFlavour), orDash(r.versions["GoMLX"]), orDash(r.versions["jax-js"]))
	p("- Whole runs: in bench.html, which starts the training worker and sends it Start as soon as it is ready (no page to draw; pretraining ends at the first adaptation progress message); and in the lab page itself, served by `sslab serve`: three seconds after the page is idle (the training worker has started by then), from a click on Start to the results on the page, every chart drawn on the way. " +
		"Its longest main-thread task is the longest the page's PerformanceObserver reported (\"longtask\": tasks over 50 ms) from the click to the results (the raw results also list those up to half a second after, uncounted), each with its start (seconds from the click) and the page's status then.\n")
}

func (r report) markdown() string {
	var b strings.Builder
	p := func(format string, a ...any) { fmt.Fprintf(&b, format, a...) }
	if len(r.contenders) > 0 {
		r.simclrMarkdown(&b)
	}
	r.txMarkdown(&b)
	p("\n## The machine\n\n")
	p("- Chromium: %s; crossOriginIsolated: %v.\n", r.browser, r.isolated)
	p("- Machine: %d cores, %s/%s, load average at start %s; date: %s; command: `%s`.\n",
		runtime.NumCPU(), runtime.GOOS, runtime.GOARCH, orDash(r.load), r.date.Format("2006-01-02 15:04 UTC"), r.command)
	if l, err := strconv.ParseFloat(strings.Fields(r.load + " 0")[0], 64); err == nil && l > float64(runtime.NumCPU()) {
		p("- **The machine was busy** (1-minute load above the core count): the numbers are noisy; rerun on an idle machine.\n")
	}
	p("\n<details><summary>Raw results</summary>\n\n```\n")
	for _, c := range append(slices.Clone(r.contenders), r.tx...) {
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
			if o.err != nil {
				raw += " error: " + o.err.Error()
			}
			p("%s%s, round %d: %s\n", r.rowName(c), c.tableTag(), i+1, raw)
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
