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
	steps := fs.Int("steps", 20, "timed steps per contender, after 3 warm-up steps")
	npm := fs.String("npm", ".tools/npm", "npm install dir holding node_modules/@tensorflow (relative to the repository root)")
	chromium := fs.String("chromium", "/usr/bin/chromium", "Chromium binary")
	tfjs := fs.Bool("tfjs", true, "time TF.js too (false: only sslab's rows, for quick measurements)")
	step := fs.String("step", "", "query of the timed step (default: the step TF.js runs too)")
	run := fs.String("run", "preset=digits-simclr", "query of the whole run timed from Start to result")
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
		browser: version, steps: *steps, workers: *workers, date: time.Now().UTC(), load: loadAverage(),
		command: strings.TrimSpace("go run ./app/bench " + strings.Join(args, " ")), stepQuery: *step,
	}
	failed := false
	backends := []string{"cpu", "wasm"}
	if !*tfjs {
		backends = nil
	}
	for _, backend := range backends {
		name := "TF.js " + backend
		fmt.Fprintf(stderr, "bench: %s ...\n", name)
		u := fmt.Sprintf("%s/tfjs/tfjs.html?backend=%s&steps=%d", base, backend, *steps)
		raw, err := runPage(bctx, u, "tfjsBench", 300*time.Second, stderr, name)
		var r tfjsResult
		if err == nil {
			err = json.Unmarshal(raw, &r)
		}
		if err == nil && r.Error != "" {
			err = errors.New(r.Error)
		}
		row := row{name: name, raw: raw}
		if err != nil {
			row.note, failed = "error: "+firstLine(err.Error()), true
			fmt.Fprintf(stderr, "bench: %s: %v\n", name, err)
		} else {
			row.name = fmt.Sprintf("TF.js %s %s", r.Version, r.Backend)
			row.ms = r.MsPerStep
			rep.tfjs = r.Version
			rep.isolated = r.CrossOriginIsolated
			if backend == "wasm" {
				rep.wasmFlavour = wasmFlavour(r)
				rep.tfjsWasmMs = r.MsPerStep
			} else {
				rep.tfjsCPUMs = r.MsPerStep
			}
		}
		rep.rows = append(rep.rows, row)
	}

	sslab := []struct{ name, query string }{
		{"sslab, 1 worker", stepQuery(*step, 1, *steps)},
		{fmt.Sprintf("sslab, %d workers", *workers), stepQuery(*step, *workers, *steps)},
		{runName(*run), url.Values{"mode": {"preset"}, "query": {*run}, "workers": {fmt.Sprint(*workers)}}.Encode()},
	}
	for _, c := range sslab {
		fmt.Fprintf(stderr, "bench: %s ...\n", c.name)
		raw, err := runPage(bctx, base+"/app/bench.html?"+c.query, "sslabBench", 120*time.Second, stderr, c.name)
		var r sslabResult
		if err == nil {
			err = json.Unmarshal(raw, &r)
		}
		if err == nil && r.Error != "" {
			err = errors.New(r.Error)
		}
		row := row{name: c.name, raw: raw}
		switch {
		case errors.Is(err, errNotFound):
			row.note = "sslab: bench page not built yet"
		case err != nil:
			row.note, failed = "error: "+firstLine(err.Error()), true
			fmt.Fprintf(stderr, "bench: %s: %v\n", c.name, err)
		case strings.HasPrefix(c.query, "mode=preset"):
			row.wall, row.pretrain, row.adapt = r.WallSeconds, r.Pretrain, r.Adapt
		default:
			row.ms, row.gflops = r.MsPerStep, r.GflopPerS
		}
		rep.rows = append(rep.rows, row)
	}

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
