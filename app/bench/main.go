//go:build !wasm

// Command bench times one SimCLR training step of sslab against its peers
// that train in a browser tab, TensorFlow.js, GoMLX and jax-js, and one
// masked-token step of sslab's text transformer against TF.js, in the same
// headless Chromium, and writes Markdown tables.
//
//	go run ./app/bench [-out FILE] [-workers N] [-steps S] [-rounds R] [-simclr=false] [-transformer=false]
//
// TF.js (npm @tensorflow/tfjs and @tensorflow/tfjs-backend-wasm) and jax-js
// (npm @jax-js/jax), pinned in web/bench/package.json, must be installed in
// -npm (default .tools/npm); `make bench-browser` does that, builds app.wasm
// and runs this command. GoMLX is a Go module of its own, app/bench/gomlx,
// which this command builds for GOOS=js GOARCH=wasm (the Go toolchain
// fetches the module on first use).
package main

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"sslab/ml/objective"
	"sslab/ml/tensor"
)

func main() { os.Exit(run(os.Args[1:], os.Stdout, os.Stderr)) }

// peerResult is what a peer's page sets as its global (window.tfjsBench
// from web/bench/tfjs.js, window.gomlxBench from gomlx.html, window.jaxjsBench
// from jaxjs.html): each sets the version field of its library.
type peerResult struct {
	Backend             string   `json:"backend"`
	TFJSVersion         string   `json:"tfjs_version"`
	GoMLXVersion        string   `json:"gomlx_version"`
	JaxVersion          string   `json:"jax_version"`
	DType               string   `json:"dtype"`
	CrossOriginIsolated bool     `json:"cross_origin_isolated"`
	MsPerStep           float64  `json:"ms_per_step"`
	Steps               int      `json:"steps"`
	CheckLoss           *float64 `json:"check_loss"`
	CheckGradNorm       *float64 `json:"check_grad_norm"` // the transformer's check
	WasmSIMD            *bool    `json:"wasm_simd"`
	WasmThreads         *bool    `json:"wasm_threads"`
	WasmThreadsCount    int      `json:"wasm_threads_count"`
	Error               string   `json:"error"`
}

func (r peerResult) version() string {
	return cmp.Or(r.TFJSVersion, r.GoMLXVersion, r.JaxVersion)
}

// sslabResult is what web/bench.html sets as window.sslabBench.
type sslabResult struct {
	Workers     int     `json:"workers"`
	MsPerStep   float64 `json:"ms_per_step"`
	GflopPerS   float64 `json:"gflop_per_s"`
	Steps       int     `json:"steps"`
	WallSeconds float64 `json:"wall_seconds"`
	Pretrain    float64 `json:"pretrain_seconds"`
	Adapt       float64 `json:"adapt_seconds"`
	Error       string  `json:"error"`
}

func run(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("bench", flag.ContinueOnError)
	fs.SetOutput(stderr)
	out := fs.String("out", ".artifacts/bench.md", "Markdown report to write (relative to the repository root)")
	workers := fs.Int("workers", 2, "workers of the multi-worker sslab row")
	steps := fs.Int("steps", 30, "timed steps per contender and round, after a warm-up of 3 steps and 2 s")
	rounds := fs.Int("rounds", 3, "rounds over all contenders; each figure is the median over rounds")
	npm := fs.String("npm", ".tools/npm", "npm install dir holding node_modules/@tensorflow and node_modules/@jax-js (relative to the repository root)")
	chromium := fs.String("chromium", "/usr/bin/chromium", "Chromium binary")
	tfjs := fs.Bool("tfjs", true, "time TF.js (cpu and wasm backends)")
	gomlx := fs.Bool("gomlx", true, "time GoMLX (simplego backend compiled to wasm, in a worker; built from app/bench/gomlx)")
	jaxjs := fs.Bool("jaxjs", true, "time jax-js (wasm backend)")
	budget := fs.Duration("budget", 20*time.Second, "timed stepping after which a slow peer (GoMLX, jax-js) stops, once it has timed 5 steps")
	step := fs.String("step", "", "query of the timed step (default: the step TF.js runs too)")
	simclr := fs.Bool("simclr", true, "time the SimCLR step (every peer, sslab with 1 and -workers workers) and the whole runs")
	transformer := fs.Bool("transformer", true, "time the masked-token transformer step (brown-mlm: TF.js wasm, sslab with 1 and -workers workers)")
	page := fs.Bool("page", true, "also time the run in the lab page itself (starts `go run ./app serve`), Start pressed, charts drawn")
	run := fs.String("run", "preset=digits-simclr", "query of the whole run timed from Start to result")
	labTimeout := fs.Duration("lab-timeout", 120*time.Second, "how long a whole run in the lab page may take before it counts as failed")
	labOnly := fs.Bool("lab-only", false, "time only the run in the lab page (with -trace: to see the page's main thread)")
	trace := fs.String("trace", "", "write a Chrome trace of the lab page's first round to this file (for DevTools' Performance panel or ui.perfetto.dev)")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	fail := func(format string, a ...any) int {
		fmt.Fprintf(stderr, "bench: "+format+"\n", a...)
		return 1
	}
	if *steps < 10 {
		return fail("-steps must be at least 10")
	}
	if *rounds < 1 {
		return fail("-rounds must be at least 1")
	}
	root, err := repoRoot()
	if err != nil {
		return fail("%v", err)
	}
	abs := func(p string) string {
		if filepath.IsAbs(p) {
			return p
		}
		return filepath.Join(root, p)
	}
	npmDir := abs(*npm)
	for _, p := range []struct {
		on         bool
		name, file string
	}{
		{*tfjs && (*simclr || *transformer), "TF.js", "@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm"},
		{*jaxjs && *simclr, "jax-js", "@jax-js/jax/package.json"},
	} {
		if _, err := os.Stat(filepath.Join(npmDir, "node_modules", p.file)); p.on && err != nil {
			return fail("%s is not installed in %s: run `make bench-browser`, or\n"+
				"  mkdir -p %[2]s && cp web/bench/package.json web/bench/package-lock.json %[2]s/ && npm ci --no-audit --no-fund --ignore-scripts --prefix %[2]s", p.name, npmDir)
		}
	}
	wasmExec, err := wasmExecPath()
	if err != nil {
		return fail("%v", err)
	}
	// GoMLX's wasm is built into a temporary directory; a build that fails
	// is reported in the GoMLX row, and the other contenders still run.
	gomlxDir, err := os.MkdirTemp("", "sslab-bench-gomlx-")
	if err != nil {
		return fail("%v", err)
	}
	defer os.RemoveAll(gomlxDir)
	var gomlxErr error
	if *gomlx && *simclr {
		fmt.Fprintf(stderr, "bench: building GoMLX (app/bench/gomlx, GOOS=js GOARCH=wasm) ...\n")
		gomlxErr = buildGoMLX(root, filepath.Join(gomlxDir, "gomlx.wasm"))
		if gomlxErr != nil {
			fmt.Fprintf(stderr, "bench: %v\n", gomlxErr)
		}
	}
	base, err := serve(newServer(root, npmDir, wasmExec, gomlxDir))
	if err != nil {
		return fail("%v", err)
	}
	fmt.Fprintf(stderr, "bench: serving at %s\n", base)
	bctx, version, stop, err := startBrowser(*chromium)
	if err != nil {
		return fail("%v", err)
	}
	defer stop()
	fmt.Fprintf(stderr, "bench: %s\n", version)

	rep := report{
		browser: version, steps: *steps, workers: *workers, rounds: *rounds, date: time.Now().UTC(), load: loadAverage(),
		command: strings.TrimSpace("go run ./app/bench " + strings.Join(args, " ")), stepQuery: *step,
		versions: installedVersions(root, npmDir), checkRef: checkReference(), budget: *budget,
	}
	rep.txCheckLoss, rep.txCheckNorm = txCheckReference()
	var contenders []*contender
	if *tfjs && *simclr {
		for _, backend := range []string{"cpu", "wasm"} {
			contenders = append(contenders, &contender{name: "TF.js " + backend, peer: "TF.js", config: backend, global: "tfjsBench",
				page: fmt.Sprintf("/bench/tfjs.html?backend=%s&steps=%d", backend, *steps)})
		}
	}
	peerQuery := url.Values{"steps": {fmt.Sprint(*steps)}, "budget_ms": {fmt.Sprint(budget.Milliseconds())}}.Encode()
	if *gomlx && *simclr {
		contenders = append(contenders, &contender{name: "GoMLX simplego", peer: "GoMLX", config: "simplego (wasm, 1 worker)",
			global: "gomlxBench", page: "/bench/gomlx.html?" + peerQuery, fixedErr: gomlxErr})
	}
	if *jaxjs && *simclr {
		// float32 is jax-js's default; float64 is sslab's precision.
		for _, dtype := range []string{"float32", "float64"} {
			contenders = append(contenders, &contender{name: "jax-js wasm " + dtype, peer: "jax-js", config: "wasm " + dtype, global: "jaxjsBench",
				page: "/bench/jaxjs.html?" + peerQuery + "&dtype=" + dtype})
		}
	}
	if *simclr {
		contenders = append(contenders,
			&contender{name: "sslab, 1 worker", page: "/app/bench.html?" + stepQuery(*step, 1, *steps)},
			&contender{name: fmt.Sprintf("sslab, %d workers", *workers), page: "/app/bench.html?" + stepQuery(*step, *workers, *steps)},
			&contender{name: runName(*run), whole: true,
				page: "/app/bench.html?" + url.Values{"mode": {"preset"}, "query": {*run}, "workers": {fmt.Sprint(*workers)}}.Encode()})
	} else {
		*page = false
	}
	// The transformer step: TF.js on its wasm backend only (its cpu
	// backend would take seconds a step, minutes a round).
	var tx []*contender
	if *transformer {
		if *tfjs {
			tx = append(tx, &contender{name: "TF.js wasm", peer: "TF.js", config: "wasm", global: "tfjsBench", table: tableTx,
				page: fmt.Sprintf("/bench/tfjs-mlm.html?backend=wasm&steps=%d", *steps)})
		}
		tx = append(tx,
			&contender{name: "sslab, 1 worker", table: tableTx, page: "/app/bench.html?" + stepQuery(txStep, 1, *steps)},
			&contender{name: fmt.Sprintf("sslab, %d workers", *workers), table: tableTx, page: "/app/bench.html?" + stepQuery(txStep, *workers, *steps)})
	}
	tracePath := ""
	if *trace != "" {
		tracePath = abs(*trace)
	}
	if *labOnly {
		contenders, tx, *page = nil, nil, true
	}
	if *page {
		labURL, stopLab, err := serveLab(root)
		if err != nil {
			return fail("%v", err)
		}
		defer stopLab()
		name := strings.Replace(runName(*run), "(wall time)", "in the lab page (wall time)", 1)
		contenders = append(contenders, &contender{name: name, whole: true, lab: true, trace: tracePath, labTimeout: *labTimeout,
			page: labURL + "?" + *run + "&workers=" + fmt.Sprint(*workers)})
	}
	// Rounds interleave the contenders, so that a slow spell of a shared
	// machine hits all of them alike; each figure is the median over rounds.
	failed := false
	all := append(slices.Clone(contenders), tx...)
	for r := 1; r <= *rounds; r++ {
		for _, c := range all {
			fmt.Fprintf(stderr, "bench: round %d/%d: %s%s ...\n", r, *rounds, c.name, c.tableTag())
			o := c.measure(bctx, base, stderr, rep)
			if o.err != nil {
				failed = failed || !errors.Is(o.err, errNotFound)
				fmt.Fprintf(stderr, "bench: %s: %v\n", c.name, o.err)
			}
			if o.peer != nil {
				if v := o.peer.version(); v != "" {
					rep.versions[c.peer] = v
				}
				rep.isolated = rep.isolated || o.peer.CrossOriginIsolated
				if c.peer == "TF.js" && c.config == "wasm" && c.table == "" {
					rep.wasmFlavour = wasmFlavour(*o.peer)
				}
			}
			c.outcomes = append(c.outcomes, o)
		}
	}
	rep.contenders, rep.tx = contenders, tx
	md := rep.markdown()
	fmt.Fprint(stdout, md)
	path := abs(*out)
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return fail("%v", err)
	}
	if err := os.WriteFile(path, []byte(md), 0o644); err != nil {
		return fail("%v", err)
	}
	fmt.Fprintf(stderr, "bench: wrote %s\n", path)
	if failed {
		return 1
	}
	return 0
}

// longTask is a task of the page's main thread over 50 ms (the only ones
// Chromium reports): its start in seconds from Start, its length, and the
// page's status as it began.
type longTask struct {
	At     float64 `json:"at"`
	Ms     float64 `json:"ms"`
	Status string  `json:"status"`
}

// contender is one row of the table: a page that times a step (a peer's or
// sslab's) or a whole run, and what each round measured.
type contender struct {
	name     string
	page     string // path and query on the bench server
	peer     string // the peer's library ("TF.js", "GoMLX", "jax-js"), or "" for sslab's bench.html
	config   string // the peer's configuration (TF.js: its backend)
	global   string // the window property the peer's page sets
	fixedErr error  // why the peer cannot run at all (GoMLX's build failed), reported each round
	table    string // which step: "" SimCLR's, tableTx the transformer's
	whole    bool   // times a whole run, from Start to result
	lab      bool   // page is the lab's own (autorun), on the lab's server
	trace    string // file to write a trace of the next round to, if any
	// labTimeout bounds a lab page's whole run.
	labTimeout time.Duration
	outcomes   []outcome
}

// outcome is one round's measurement of a contender.
type outcome struct {
	ms, gflops            float64    // a step's median time, and its rate (sslab's own count)
	wall, pretrain, adapt float64    // a whole run's seconds
	longTasks             []longTask // the lab page's, from Start to the results
	raw                   []byte
	peer                  *peerResult
	err                   error
}

// tableTx is the table of the transformer step.
const tableTx = "transformer"

// tableTag is how the log names c's step.
func (c *contender) tableTag() string {
	if c.table == tableTx {
		return " (transformer step)"
	}
	return ""
}

// flops is the FLOP count of c's step: the SimCLR step's or the
// transformer step's.
func (c *contender) flops() float64 {
	if c.table == tableTx {
		return txStepFLOPs
	}
	return stepFLOPs
}

// checkTolerance is how far a peer's loss check may be from sslab's: the
// peers compute in float32, sslab in float64.
const checkTolerance = 1e-4

func (c *contender) measure(bctx context.Context, base string, logw io.Writer, rep report) outcome {
	if c.fixedErr != nil {
		return outcome{err: c.fixedErr}
	}
	if c.lab {
		var o outcome
		o.wall, o.raw, o.err = runLab(bctx, c.page, c.labTimeout, c.trace)
		if o.err == nil {
			var r struct {
				LongTasks []longTask `json:"long_tasks"`
			}
			o.err = json.Unmarshal(o.raw, &r)
			// Training ends as the results show; the page's tasks after
			// that (the confusion matrix, say) are listed in the raw
			// results but not counted.
			for _, t := range r.LongTasks {
				if t.At < o.wall {
					o.longTasks = append(o.longTasks, t)
				}
			}
		}
		c.trace = "" // the first round only
		return o
	}
	global := cmp.Or(c.global, "sslabBench")
	timeout := 120 * time.Second
	if c.config == "cpu" || c.peer == "GoMLX" || c.table == tableTx {
		timeout = 300 * time.Second
	}
	raw, err := runPage(bctx, base+c.page, global, timeout, logw, c.name)
	o := outcome{raw: raw, err: err}
	if err != nil {
		return o
	}
	if c.peer != "" {
		var r peerResult
		if o.err = json.Unmarshal(raw, &r); o.err == nil && r.Error != "" {
			o.err = errors.New(firstLine(r.Error))
		}
		o.peer, o.ms = &r, r.MsPerStep
		if o.err == nil && c.table == tableTx {
			o.err = checkTx(r.CheckLoss, r.CheckGradNorm, rep.txCheckLoss, rep.txCheckNorm)
		} else if o.err == nil {
			o.err = checkLoss(r.CheckLoss, rep.checkRef)
		}
		return o
	}
	var r sslabResult
	if o.err = json.Unmarshal(raw, &r); o.err == nil && r.Error != "" {
		o.err = errors.New(firstLine(r.Error))
	}
	o.ms, o.gflops = r.MsPerStep, r.GflopPerS
	o.wall, o.pretrain, o.adapt = r.WallSeconds, r.Pretrain, r.Adapt
	return o
}

// peerStep is sslab's config of the step every peer runs: batch 256, MLP
// 64-256-128 (encoder) + 128-128-64 (projector), SimCLR at temperature 0.5
// (epochs only so that the run is long enough to time).
const peerStep = "preset=digits-simclr&enc=256-128&proj=128-64&batch=256&temp=0.5&epochs=1000"

// stepQuery is the query of bench.html that times the step of query
// (empty: the peers' step) with the given workers.
func stepQuery(query string, workers, steps int) string {
	return url.Values{"workers": {fmt.Sprint(workers)}, "steps": {fmt.Sprint(steps)}, "query": {cmp.Or(query, peerStep)}}.Encode()
}

func runName(query string) string {
	if query == "preset=digits-simclr" {
		return "sslab, default preset (wall time)"
	}
	return "sslab, " + query + " (wall time)"
}

// repoRoot is the nearest directory, from the working directory up, whose
// go.mod declares module sslab.
func repoRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if b, err := os.ReadFile(filepath.Join(dir, "go.mod")); err == nil && strings.HasPrefix(string(b), "module sslab\n") {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("run from inside the sslab repository (no go.mod of module sslab found)")
		}
		dir = parent
	}
}

// checkLoss says whether a peer's NT-Xent of the check input (see
// checkReference) is sslab's, within checkTolerance.
func checkLoss(got *float64, want float64) error {
	if got == nil {
		return errors.New("the page reported no loss check (check_loss)")
	}
	if !(math.Abs(*got-want) <= checkTolerance) {
		return fmt.Errorf("loss check: its NT-Xent of the check input is %.7g, sslab's %.7g (tolerance %g): not the same loss", *got, want, checkTolerance)
	}
	return nil
}

// checkTx says whether a peer's transformer check (see txCheckReference),
// its loss and gradient norm, is sslab's within txCheckTolerance
// (relative).
func checkTx(loss, norm *float64, wantLoss, wantNorm float64) error {
	if loss == nil || norm == nil {
		return errors.New("the page reported no transformer check (check_loss, check_grad_norm)")
	}
	for _, v := range []struct {
		what      string
		got, want float64
	}{{"masked-token loss", *loss, wantLoss}, {"gradient norm", *norm, wantNorm}} {
		if !(math.Abs(v.got-v.want) <= txCheckTolerance*math.Abs(v.want)) {
			return fmt.Errorf("transformer check: its %s of the check input is %.7g, sslab's %.7g (relative tolerance %g): not the same model", v.what, v.got, v.want, txCheckTolerance)
		}
	}
	return nil
}

// checkReference is sslab's NT-Xent (temperature 0.5) of the check input
// every peer's page also computes with its own loss: z (8, 4) with
// z[i][j] = sin(1 + 4i + j), rows 0-3 the first view and 4-7 the second.
func checkReference() float64 {
	z1, z2 := tensor.NewMat(4, 4), tensor.NewMat(4, 4)
	for i := range z1.Data {
		z1.Data[i] = math.Sin(float64(1 + i))
		z2.Data[i] = math.Sin(float64(1 + 16 + i))
	}
	nt := objective.NTXent{Temperature: 0.5}
	return nt.Loss(z1, z2, tensor.NewMat(4, 4), tensor.NewMat(4, 4))
}

// installedVersions is each peer's version as installed: the npm packages'
// package.json, GoMLX's require line in app/bench/gomlx/go.mod. The
// peers' pages report the versions they loaded, which take their place
// once a page has run; these name a peer that could not run.
func installedVersions(root, npmDir string) map[string]string {
	v := map[string]string{}
	for peer, pkg := range map[string]string{"TF.js": "@tensorflow/tfjs", "jax-js": "@jax-js/jax"} {
		var p struct{ Version string }
		if b, err := os.ReadFile(filepath.Join(npmDir, "node_modules", pkg, "package.json")); err == nil && json.Unmarshal(b, &p) == nil && p.Version != "" {
			v[peer] = p.Version
		}
	}
	if b, err := os.ReadFile(filepath.Join(root, "app", "bench", "gomlx", "go.mod")); err == nil {
		for line := range strings.Lines(string(b)) {
			f := strings.Fields(strings.TrimPrefix(strings.TrimSpace(line), "require "))
			if len(f) >= 2 && f[0] == "github.com/gomlx/gomlx" {
				v["GoMLX"] = f[1]
			}
		}
	}
	return v
}

// buildGoMLX builds app/bench/gomlx, a module of its own, for the browser.
func buildGoMLX(root, out string) error {
	cmd := exec.Command("go", "build", "-o", out, ".")
	cmd.Dir = filepath.Join(root, "app", "bench", "gomlx")
	cmd.Env = append(os.Environ(), "GOOS=js", "GOARCH=wasm")
	if b, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("building GoMLX (cd app/bench/gomlx && GOOS=js GOARCH=wasm go build): %v: %s", err, strings.TrimSpace(string(b)))
	}
	return nil
}

func wasmFlavour(r peerResult) string {
	yes := func(b *bool) bool { return b != nil && *b }
	switch {
	case yes(r.WasmSIMD) && yes(r.WasmThreads):
		return fmt.Sprintf("SIMD + threads, pool of %d thread(s) (TF.js caps it at hardwareConcurrency/2)", r.WasmThreadsCount)
	case yes(r.WasmSIMD):
		return "SIMD, no threads"
	case yes(r.WasmThreads):
		return fmt.Sprintf("threads (%d), no SIMD", r.WasmThreadsCount)
	default:
		return "plain (no SIMD, no threads)"
	}
}

func firstLine(s string) string {
	s, _, _ = strings.Cut(s, "\n")
	return s
}
