package cli

import (
	"fmt"
	"os"
	"path/filepath"

	"sslab/ml/train"
)

// execute runs run: pretraining and adaptation, or, when the config names
// a shipped checkpoint (ckpt=NAME, a file of web/checkpoints, as the page
// reads it), the adaptation of its encoder without pretraining again.
func execute(run *train.Run, exec train.Executor, onStep func(train.StepMetrics)) (*train.Report, error) {
	name := run.Config.Checkpoint
	if name == "" {
		return run.Execute(exec, onStep)
	}
	dir, err := findUp(filepath.Join("web", "checkpoints", name))
	if err != nil {
		return nil, fmt.Errorf("ckpt %s: %v", name, err)
	}
	f, err := os.Open(filepath.Join(dir, name))
	if err != nil {
		return nil, fmt.Errorf("ckpt %s: %v", name, err)
	}
	defer f.Close()
	ck, err := train.ReadCheckpoint(f)
	if err != nil {
		return nil, fmt.Errorf("ckpt %s: %v", name, err)
	}
	enc, err := ck.EncoderFor(run.Config, run.Dataset)
	if err != nil {
		return nil, fmt.Errorf("ckpt %s: cannot use this checkpoint: %v", name, err)
	}
	return run.Adapt(enc, ck.Steps, exec)
}

// findUp returns the directory of the file rel (a path relative to the
// repository) in the working directory or one of its parents.
func findUp(rel string) (string, error) {
	wd, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for d := wd; ; d = filepath.Dir(d) {
		if _, err := os.Stat(filepath.Join(d, rel)); err == nil {
			return filepath.Dir(filepath.Join(d, rel)), nil
		}
		if filepath.Dir(d) == d {
			return "", fmt.Errorf("no %s in %s or above it; run from the repository", rel, wd)
		}
	}
}
