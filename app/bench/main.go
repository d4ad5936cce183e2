//go:build !wasm

// Command bench times one SimCLR training step of sslab against
// TensorFlow.js in the same headless Chromium, and writes a Markdown table.
//
//	go run ./app/bench [-out FILE] [-workers N] [-steps S]
//
// TF.js (npm @tensorflow/tfjs and @tensorflow/tfjs-backend-wasm, pinned in
// web/bench/package.json) must be installed in -npm (default .tools/npm);
// `make bench-browser` does that, builds app.wasm and runs this command.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"
)

func main() { os.Exit(run(os.Args[1:], os.Stdout, os.Stderr)) }

// tfjsResult is what web/bench/tfjs.js sets as window.tfjsBench.
type tfjsResult struct {
	Backend             string  `json:"backend"`
	Version             string  `json:"tfjs_version"`
	CrossOriginIsolated bool    `json:"cross_origin_isolated"`
	MsPerStep           float64 `json:"ms_per_step"`
	Steps               int     `json:"steps"`
	WasmSIMD            *bool   `json:"wasm_simd"`
	WasmThreads         *bool   `json:"wasm_threads"`
	WasmThreadsCount    int     `json:"wasm_threads_count"`
	Error               string  `json:"error"`
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
	npm := fs.String("npm", ".tools/npm", "npm install dir holding node_modules/@tensorflow (relative to the repository root)")
	chromium := fs.String("chromium", "/usr/bin/chromium", "Chromium binary")
	tfjs := fs.Bool("tfjs", true, "time TF.js too (false: only sslab's rows, for quick measurements)")
	step := fs.String("step", "", "query of the timed step (default: the step TF.js runs too)")
	page := fs.Bool("page", true, "also time the run in the lab page itself (starts `go run ./app serve`), Start pressed, charts drawn")
	run := fs.String("run", "preset=digits-simclr", "query of the whole run timed from Start to result")
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
	if _, err := os.Stat(filepath.Join(npmDir, "node_modules/@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm")); err != nil {
		return fail("TF.js is not installed in %s: run `make bench-browser`, or\n"+
			"  mkdir -p %[1]s && cp web/bench/package.json web/bench/package-lock.json %[1]s/ && npm ci --no-audit --no-fund --ignore-scripts --prefix %[1]s", npmDir)
	}
	wasmExec, err := wasmExecPath()
	if err != nil {
		return fail("%v", err)
	}
	base, err := serve(newServer(root, npmDir, wasmExec))
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
	}
	var contenders []*contender
	if *tfjs {
		for _, backend := range []string{"cpu", "wasm"} {
			contenders = append(contenders, &contender{name: "TF.js " + backend, tfjs: backend,
				page: fmt.Sprintf("/tfjs/tfjs.html?backend=%s&steps=%d", backend, *steps)})
		}
	}
	contenders = append(contenders,
		&contender{name: "sslab, 1 worker", page: "/app/bench.html?" + stepQuery(*step, 1, *steps)},
		&contender{name: fmt.Sprintf("sslab, %d workers", *workers), page: "/app/bench.html?" + stepQuery(*step, *workers, *steps)},
		&contender{name: runName(*run), whole: true,
			page: "/app/bench.html?" + url.Values{"mode": {"preset"}, "query": {*run}, "workers": {fmt.Sprint(*workers)}}.Encode()})
	tracePath := ""
	if *trace != "" {
		tracePath = abs(*trace)
	}
	if *labOnly {
		contenders, *page = nil, true
	}
	if *page {
		labURL, stopLab, err := serveLab(root)
		if err != nil {
			return fail("%v", err)
		}
		defer stopLab()
		name := strings.Replace(runName(*run), "(wall time)", "in the lab page (wall time)", 1)
		contenders = append(contenders, &contender{name: name, whole: true, lab: true, trace: tracePath,
			page: labURL + "?" + *run + "&workers=" + fmt.Sprint(*workers)})
	}
	// Rounds interleave the contenders, so that a slow spell of a shared
	// machine hits all of them alike; each figure is the median over rounds.
	failed := false
	for r := 1; r <= *rounds; r++ {
		for _, c := range contenders {
			fmt.Fprintf(stderr, "bench: round %d/%d: %s ...\n", r, *rounds, c.name)
			o := c.measure(bctx, base, stderr)
			if o.err != nil {
				failed = failed || !errors.Is(o.err, errNotFound)
				fmt.Fprintf(stderr, "bench: %s: %v\n", c.name, o.err)
			}
			if o.tfjs != nil {
				rep.tfjs, rep.isolated = o.tfjs.Version, o.tfjs.CrossOriginIsolated
				if c.tfjs == "wasm" {
					rep.wasmFlavour = wasmFlavour(*o.tfjs)
				}
			}
			c.outcomes = append(c.outcomes, o)
		}
	}
	rep.contenders = contenders
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

// contender is one row of the table: a page that times a step (TF.js's or
// sslab's) or a whole run, and what each round measured.
type contender struct {
	name     string
	page     string // path and query on the bench server
	tfjs     string // TF.js backend, or "" for sslab's bench.html
	whole    bool   // times a whole run, from Start to result
	lab      bool   // page is the lab's own (autorun), on the lab's server
	trace    string // file to write a trace of the next round to, if any
	outcomes []outcome
}

// outcome is one round's measurement of a contender.
type outcome struct {
	ms, gflops            float64    // a step's median time, and its rate
	wall, pretrain, adapt float64    // a whole run's seconds
	longTasks             []longTask // the lab page's, from Start to the results
	raw                   []byte
	tfjs                  *tfjsResult
	err                   error
}

func (c *contender) measure(bctx context.Context, base string, logw io.Writer) outcome {
	if c.lab {
		var o outcome
		o.wall, o.raw, o.err = runLab(bctx, c.page, 120*time.Second, c.trace)
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
	global := "sslabBench"
	if c.tfjs != "" {
		global = "tfjsBench"
	}
	timeout := 120 * time.Second
	if c.tfjs == "cpu" {
		timeout = 300 * time.Second
	}
	raw, err := runPage(bctx, base+c.page, global, timeout, logw, c.name)
	o := outcome{raw: raw, err: err}
	if err != nil {
		return o
	}
	if c.tfjs != "" {
		var r tfjsResult
		if o.err = json.Unmarshal(raw, &r); o.err == nil && r.Error != "" {
			o.err = errors.New(firstLine(r.Error))
		}
		o.tfjs, o.ms = &r, r.MsPerStep
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

// stepQuery is the query of bench.html that times the step of query
// (empty: the TF.js step) with the given workers.
func stepQuery(query string, workers, steps int) string {
	v := url.Values{"workers": {fmt.Sprint(workers)}, "steps": {fmt.Sprint(steps)}}
	if query != "" {
		v.Set("query", query)
	}
	return v.Encode()
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

func wasmFlavour(r tfjsResult) string {
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
