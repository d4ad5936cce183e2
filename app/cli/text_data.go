package cli

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"sslab/ml/config"
	"sslab/ml/data"
	"sslab/ml/train"
)

// dataDirHelp is the help of -data-dir, the directory of the text data.
const dataDirHelp = "directory holding the Brown corpus's files (brown-*.gz) for -data brown (default: web/data of the repository, found from the working directory up)"

// findDataDir returns dir if given, else the first web/data directory
// holding the Brown corpus in the working directory or one of its parents.
func findDataDir(dir string) (string, error) {
	if dir != "" {
		return dir, nil
	}
	wd, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for d := wd; ; d = filepath.Dir(d) {
		if _, err := os.Stat(filepath.Join(d, "web", "data", data.BrownFiles[0])); err == nil {
			return filepath.Join(d, "web", "data"), nil
		}
		if filepath.Dir(d) == d {
			return "", fmt.Errorf("data brown: no web/data with %s in %s or above it; run from the repository or give -data-dir DIR", data.BrownFiles[0], wd)
		}
	}
}

// readBrown reads the Brown corpus from dir (see findDataDir).
func readBrown(dir string) (*data.Dataset, error) {
	dir, err := findDataDir(dir)
	if err != nil {
		return nil, err
	}
	var files []*os.File
	defer func() {
		for _, f := range files {
			f.Close()
		}
	}()
	for _, name := range data.BrownFiles {
		f, err := os.Open(filepath.Join(dir, name))
		if err != nil {
			if errors.Is(err, os.ErrNotExist) {
				return nil, fmt.Errorf("data brown: %s is missing from %s (give -data-dir DIR, the directory of the corpus's three files)", name, dir)
			}
			return nil, fmt.Errorf("data brown: %v", err)
		}
		files = append(files, f)
	}
	ds, err := data.ReadBrown(files[0], files[1], files[2])
	if err != nil {
		return nil, fmt.Errorf("data brown (%s): %w", dir, err)
	}
	return ds, nil
}

// textRun returns the run of cfg on its text data, read from dir.
func textRun(cfg config.Config, dir string) (*train.Run, error) {
	ds, err := readBrown(dir)
	if err != nil {
		return nil, err
	}
	return train.NewRunWithData(cfg, ds)
}
