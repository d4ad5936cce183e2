package cli

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"

	"sslab/ml/config"
	"sslab/ml/data"
	"sslab/ml/train"
)

// csvFlags are the command line's flags for training on a CSV file of
// one's own: the counterpart of the page's "Your own data (CSV)".
type csvFlags struct {
	fs                  *flag.FlagSet
	path, label, header *string
	image               *string
	dataDir             *string // text data (text_data.go)
}

func newCSVFlags(fs *flag.FlagSet) *csvFlags {
	return &csvFlags{
		fs: fs,
		path: fs.String("csv", "", fmt.Sprintf("train on this CSV file of your own (sets -data csv, and -std 1 unless given); at most %d MiB, %d rows, %d columns",
			data.MaxCSVBytes>>20, data.MaxCSVRows, data.MaxCSVColumns)),
		label:   fs.String("csv-label", "", "label column of -csv: a header name, a 1-based column number, or none (default: the column headed label, class, target or y)"),
		header:  fs.String("csv-header", "auto", "whether the first line of -csv is a header: auto, yes or no"),
		image:   fs.String("csv-image", "", "the features of -csv are the pixels of a WxH image, row-major, as in 28x28"),
		dataDir: fs.String("data-dir", "", dataDirHelp),
	}
}

// set reports whether the flag name was given on the command line.
func (c *csvFlags) set(name string) bool { return given(c.fs, name) }

// newRun returns the run of cfg: on the -csv file if one is given, else on
// cfg's built-in dataset. Its errors are usage errors (exit status 2).
func (c *csvFlags) newRun(cfg config.Config) (*train.Run, error) {
	if *c.path == "" {
		for _, name := range []string{"csv-label", "csv-header", "csv-image"} {
			if c.set(name) {
				return nil, fmt.Errorf("-%s describes the -csv file, and no -csv FILE is given", name)
			}
		}
		if cfg.IsText() {
			return textRun(cfg, *c.dataDir)
		}
		return train.NewRun(cfg)
	}
	if c.set("data") && cfg.Dataset != config.CSVDataset {
		return nil, fmt.Errorf("-data %s and -csv %s disagree: -csv trains on the file (data csv); drop -data", cfg.Dataset, *c.path)
	}
	w, h, err := data.ParseImageSize(*c.image)
	if err != nil {
		return nil, fmt.Errorf("-csv-image: %w", err)
	}
	f, err := os.Open(*c.path)
	if err != nil {
		return nil, fmt.Errorf("-csv: %v", err)
	}
	defer f.Close()
	ds, err := data.ReadCSV(f, data.CSVOptions{
		Name: filepath.Base(*c.path), Label: *c.label, Header: *c.header, Width: w, Height: h,
	})
	if err != nil {
		return nil, fmt.Errorf("-csv %s: %w", *c.path, err)
	}
	cfg.Dataset = config.CSVDataset
	if !c.set("std") {
		cfg.Standardize = true
	}
	return train.NewRunWithData(cfg, ds)
}
