//go:build !wasm

package main

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"runtime"
	"strings"

	"sslab/ml/config"
	"sslab/ml/train"
)

// usage is the top-level help of the native program.
const usage = `sslab: a self-supervised learning lab.

Usage:
  sslab serve  [-addr 127.0.0.1:8080]         serve the lab in the browser
  sslab static [-out DIR] [-base /sub/path]    write a self-contained static site
  sslab train  [-preset NAME] [flags] [-json]  pretrain, adapt and print the results
  sslab train  -csv FILE [-csv-label COL] [-csv-header auto|yes|no] [-csv-image WxH] [flags]
                                               the same on a CSV file of your own
  sslab presets                                list the presets
  sslab checkpoint [-preset NAME] [flags] -out FILE
                                               pretrain and save the encoder

Run "sslab train -help" for every training flag.
`

// runCLI dispatches the native subcommands and returns the exit status.
func runCLI(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return 2
	}
	switch args[0] {
	case "train":
		return trainCmd(args[1:], stdout, stderr)
	case "presets":
		for _, name := range config.PresetNames() {
			c, _ := config.Preset(name)
			fmt.Fprintf(stdout, "%-20s %s\n", name, c)
		}
		return 0
	case "serve":
		return serveCmd(args[1:], stdout, stderr)
	case "static":
		return staticCmd(args[1:], stdout, stderr)
	case "checkpoint":
		return checkpointCmd(args[1:], stdout, stderr)
	case "-h", "-help", "--help", "help":
		fmt.Fprint(stdout, usage)
		return 0
	}
	fmt.Fprintf(stderr, "sslab: unknown command %q\n\n%s", args[0], usage)
	return 2
}

func trainCmd(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("sslab train", flag.ContinueOnError)
	fs.SetOutput(stderr)
	flags := config.NewFlags(fs)
	csv := newCSVFlags(fs)
	asJSON := fs.Bool("json", false, "print the report as JSON")
	threads := fs.Int("threads", runtime.NumCPU(), "goroutines that share each mini-batch (results do not depend on it)")
	quiet := fs.Bool("quiet", false, "do not print progress to stderr")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "sslab train: unexpected argument %q (flags start with -)\n", fs.Arg(0))
		return 2
	}
	if *threads < 1 {
		fmt.Fprintf(stderr, "sslab train: -threads %d: must be at least 1\n", *threads)
		return 2
	}
	cfg, err := flags.Config()
	if err != nil {
		fmt.Fprintf(stderr, "sslab train: %v\n", err)
		return 2
	}
	run, err := csv.newRun(cfg)
	if err != nil {
		fmt.Fprintf(stderr, "sslab train: %v\n", err)
		return 2
	}
	cfg = run.Config // with -csv: data csv, and std unless given
	if !*quiet {
		fmt.Fprintf(stderr, "sslab: %s\n", cfg)
	}
	onStep := func(m train.StepMetrics) {
		if !*quiet && (m.Step%100 == 0) {
			fmt.Fprintf(stderr, "step %6d  epoch %4d  loss %.4f\n", m.Step, m.Epoch, m.Loss)
		}
	}
	report, err := run.Execute(train.Parallel{Workers: *threads}, onStep)
	if err != nil {
		fmt.Fprintf(stderr, "sslab train: %v\n", err)
		return 1
	}
	if *asJSON {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		if err := enc.Encode(report); err != nil {
			fmt.Fprintf(stderr, "sslab train: %v\n", err)
			return 1
		}
		return 0
	}
	printReport(stdout, report)
	return 0
}

// printReport writes the report as an aligned table.
func printReport(w io.Writer, r *train.Report) {
	fmt.Fprintf(w, "%s on %s: %d steps, %.1f GFLOP, pretraining %.1f s, adaptation %.1f s, final loss %.4f\n",
		r.Objective, r.Dataset, r.Steps, r.PretrainGFLOP, r.PretrainSecond, r.AdaptSeconds, r.FinalLoss)
	fmt.Fprintf(w, "%-11s %-13s %7s %-12s %8s %7s\n", "encoder", "adaptation", "n_task", "metric", "value", "±std")
	fmt.Fprintln(w, strings.Repeat("-", 63))
	for _, row := range r.Rows {
		fmt.Fprintf(w, "%-11s %-13s %7d %-12s %8.4f %7.4f\n", row.Encoder, row.Adaptation, row.NTask, row.Metric, row.Value, row.Std)
	}
}
