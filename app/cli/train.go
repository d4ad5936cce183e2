package cli

import (
	"encoding/json"
	"fmt"
	"io"
	"runtime"
	"strings"

	"sslab/ml/config"
	"sslab/ml/train"
)

// trainCmd pretrains, adapts and prints the results, as a table or (-json)
// as the report the page downloads.
func trainCmd(args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("train", stderr)
	flags := config.NewFlags(fs)
	csv := newCSVFlags(fs)
	asJSON := fs.Bool("json", false, "print the report as JSON")
	threads := fs.Int("threads", runtime.NumCPU(), "goroutines that share each mini-batch (results do not depend on it)")
	quiet := fs.Bool("quiet", false, "do not print progress to stderr")
	if code, ok := parse(fs, args); !ok {
		return code
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
	report, err := execute(run, train.Parallel{Workers: *threads}, onStep) // ckpt.go
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
		r.Objective, r.Dataset, r.Steps, r.PretrainGFLOP, r.PretrainSeconds, r.AdaptSeconds, r.FinalLoss)
	fmt.Fprintf(w, "%-11s %-13s %7s %-12s %8s %7s\n", "encoder", "adaptation", "n_task", "metric", "value", "±std")
	fmt.Fprintln(w, strings.Repeat("-", 63))
	for _, row := range r.Rows {
		fmt.Fprintf(w, "%-11s %-13s %7d %-12s %8.4f %7.4f\n", row.Encoder, row.Adaptation, row.NTask, row.Metric, row.Value, row.Std)
	}
}
