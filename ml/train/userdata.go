package train

import (
	"errors"
	"fmt"

	"sslab/ml/config"
	"sslab/ml/data"
)

// NewRunWithData is NewRun for a dataset the caller supplies, such as a
// CSV file read with data.ReadCSV (cfg.Dataset is then config.CSVDataset).
// It uses ds's default split and, when cfg.Standardize is set,
// standardises a copy of ds with the training split's statistics, so ds
// itself is never modified and can serve later runs.
func NewRunWithData(cfg config.Config, ds *data.Dataset) (*Run, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	if ds == nil || ds.X == nil || ds.Len() == 0 {
		return nil, errors.New("no data: load a data file first")
	}
	if err := checkTask(cfg, ds); err != nil {
		return nil, err
	}
	split := data.DefaultSplit(ds)
	if cfg.Standardize {
		ds = ds.Clone()
		data.Standardize(ds, split.Train)
	}
	return &Run{Config: cfg, Dataset: ds, Split: split}, nil
}

// checkTask reports, in words that say what to change, a task that ds
// cannot support.
func checkTask(cfg config.Config, ds *data.Dataset) error {
	switch {
	case cfg.Task == config.Regression && !ds.Supports(data.Regression):
		if ds.Labels == nil {
			return fmt.Errorf("dataset %s has no label column, so no regression target: add one, or name it with the label option", ds.Name)
		}
		return fmt.Errorf("dataset %s has no regression target: its labels are class names, not numbers; choose task classification", ds.Name)
	case cfg.Task == config.Classification && !ds.Supports(data.Classification):
		if ds.Targets != nil {
			return fmt.Errorf("dataset %s has no classes: its label column holds measurements (not whole numbers, or more than 50 values); choose task regression", ds.Name)
		}
		return fmt.Errorf("dataset %s has no label column: sslab needs labels to measure what pretraining learned; add a column named label (or class, target, y), or name it with the label option", ds.Name)
	}
	return nil
}
