package cli

import (
	"encoding/json"
	"fmt"
	"io"
	"runtime"

	"sslab/ml/config"
	"sslab/ml/train"
)

// trainCmd pretrains, adapts and prints the results, as a table or (-json)
// as the report the page downloads. With -seeds it runs the config once per
// seed and prints the rows' mean ± std over seeds, the win counts and the
// verdict of the means.
func trainCmd(args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("train", stderr)
	flags := config.NewFlags(fs)
	csv := newCSVFlags(fs)
	asJSON := fs.Bool("json", false, "print the report as JSON (with -seeds: the seeds' report, every seed's own report in it)")
	seedList := fs.String("seeds", "", "run once per seed and print mean ± std over the seeds: a list such as 1-5, 1,4,9 or 1-3,10 (replaces -seed)")
	threads := fs.Int("threads", runtime.NumCPU(), "goroutines that share each mini-batch (results do not depend on it)")
	quiet := fs.Bool("quiet", false, "do not print progress to stderr")
	if code, ok := parse(fs, args); !ok {
		return code
	}
	if *threads < 1 {
		fmt.Fprintf(stderr, "sslab train: -threads %d: must be at least 1\n", *threads)
		return 2
	}
	var seeds []uint64
	if given(fs, "seeds") {
		var err error
		if seeds, err = train.ParseSeeds(*seedList); err != nil {
			fmt.Fprintf(stderr, "sslab train: -seeds: %v\n", err)
			return 2
		}
		if given(fs, "seed") {
			fmt.Fprintf(stderr, "sslab train: -seed and -seeds %s: give one of them (-seeds runs every seed of its list)\n", *seedList)
			return 2
		}
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
	exec := train.Parallel{Workers: *threads}
	if seeds != nil {
		return trainSeeds(run, csv, seeds, exec, *asJSON, *quiet, stdout, stderr)
	}
	cfg = run.Config // with -csv: data csv, and std unless given
	if !*quiet {
		fmt.Fprintf(stderr, "sslab: %s\n", cfg)
	}
	report, err := execute(run, exec, progress(*quiet, stderr, "")) // ckpt.go
	if err != nil {
		fmt.Fprintf(stderr, "sslab train: %v\n", err)
		return 1
	}
	warnRows(stderr, "", report.Rows)
	if *asJSON {
		return writeJSON(stdout, stderr, report)
	}
	if err := writeReport(stdout, report); err != nil {
		fmt.Fprintf(stderr, "sslab train: %v\n", err)
		return 1
	}
	return 0
}

// trainSeeds runs first's config once per seed (the first seed's run is
// first, reloaded with its seed: a toy set's points and every draw come
// from the seed) and prints the aggregate.
func trainSeeds(first *train.Run, csv *csvFlags, seeds []uint64, exec train.Executor, asJSON, quiet bool, stdout, stderr io.Writer) int {
	var reports []*train.Report
	var ev train.Evidence
	collapsed, reason := 0, ""
	for i, s := range seeds {
		c := first.Config.Clone()
		c.Seed = s
		run, err := csv.newRun(c)
		if err != nil {
			fmt.Fprintf(stderr, "sslab train: seed %d: %v\n", s, err)
			return 2
		}
		if !quiet {
			fmt.Fprintf(stderr, "sslab: seed %d (%d of %d): %s\n", s, i+1, len(seeds), run.Config)
		}
		rep, err := execute(run, exec, progress(quiet, stderr, fmt.Sprintf("seed %d  ", s))) // ckpt.go
		if err != nil {
			fmt.Fprintf(stderr, "sslab train: seed %d: %v\n", s, err)
			return 1
		}
		if i == 0 {
			ev = run.Evidence()
		}
		if rep.Collapse != nil && rep.Collapse.Collapsed {
			if collapsed++; reason == "" {
				reason = fmt.Sprintf("seed %d: %s", s, rep.Collapse.Reason)
			}
		}
		warnRows(stderr, fmt.Sprintf("seed %d: ", s), rep.Rows)
		reports = append(reports, rep)
	}
	// The verdict of the means names collapse as the cause when most
	// seeds collapsed, as a single run's verdict does when it did.
	if 2*collapsed > len(seeds) {
		ev.Collapsed, ev.CollapseReason = true, fmt.Sprintf("in %d of %d seeds; %s", collapsed, len(seeds), reason)
	}
	sr := train.AggregateSeeds(reports, seeds, ev)
	warnRows(stderr, "mean over seeds: ", sr.MeanRows())
	if asJSON {
		return writeJSON(stdout, stderr, sr)
	}
	if err := train.WriteSeedsTable(stdout, sr); err != nil {
		fmt.Fprintf(stderr, "sslab train: %v\n", err)
		return 1
	}
	if collapsed > 0 {
		fmt.Fprintf(stdout, "Collapse: the collapse meter flagged the pretrained encoder in %d of %d seeds (%s).\n", collapsed, len(seeds), reason)
	}
	return 0
}

// progress returns the step callback that prints the loss every 100
// steps, or nil when quiet.
func progress(quiet bool, stderr io.Writer, prefix string) func(train.StepMetrics) {
	if quiet {
		return nil
	}
	return func(m train.StepMetrics) {
		if m.Step%100 == 0 {
			fmt.Fprintf(stderr, "%sstep %6d  epoch %4d  loss %.4f\n", prefix, m.Step, m.Epoch, m.Loss)
		}
	}
}

// writeReport writes a run's report as the command line prints it: the
// rows and the verdict (train.WriteTable), then the collapse meter's
// reason when it flagged the encoder.
func writeReport(w io.Writer, r *train.Report) error {
	if err := train.WriteTable(w, r); err != nil {
		return err
	}
	if r.Collapse != nil && r.Collapse.Collapsed {
		_, err := fmt.Fprintf(w, "Collapse: %s.\n", r.Collapse.Reason)
		return err
	}
	return nil
}

// r2Warning is the R² below which a row gets a warning line: its
// predictions miss by more than twice what predicting the mean would (the
// rows carry a note saying so).
const r2Warning = -1

// warnRows writes a warning line to stderr for every row whose R² is below
// r2Warning, so that such a value is never printed without one (the table
// and the JSON carry the row's note too).
func warnRows(stderr io.Writer, prefix string, rows []train.Row) {
	for _, r := range rows {
		if r.Metric == "r2" && r.OK() && r.Value < r2Warning {
			fmt.Fprintf(stderr, "sslab train: warning: %s%s %s with n_task %d: R² = %.3g is below −1: the predictions are worse than always predicting the mean\n",
				prefix, r.Encoder, r.Adaptation, r.NTask, r.Value)
		}
	}
}

// writeJSON writes v as indented JSON.
func writeJSON(stdout, stderr io.Writer, v any) int {
	enc := json.NewEncoder(stdout)
	enc.SetIndent("", "  ")
	if err := enc.Encode(v); err != nil {
		fmt.Fprintf(stderr, "sslab train: %v\n", err)
		return 1
	}
	return 0
}
