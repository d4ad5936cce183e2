package export

import (
	_ "embed"
	"errors"
	"fmt"
	"io"
	"math"
	"strings"

	"sslab/ml/config"
	"sslab/ml/data"
	"sslab/ml/train"
)

// program is the Python program; Write replaces its two marker lines.
//
//go:embed sslab.py
var program string

const (
	headerMarker  = "# @@HEADER@@\n"
	payloadMarker = "# @@PAYLOAD@@\n"
)

// Options are what an export may add to the config and data.
type Options struct {
	// Checkpoint, if not nil, is embedded in the script, which then starts
	// from its encoder and skips pretraining, as the lab does with a
	// checkpoint (the script's --pretrain-from-ckpt pretrains further from
	// it, --no-ckpt ignores it). It must fit the config and the data.
	Checkpoint *train.Checkpoint
	// Command is the command line that made the export, quoted in the
	// script's header; "" for none.
	Command string
}

// Write writes the PyTorch program of a run of cfg on ds with split: ds as
// train.NewRun (or NewRunWithData) returns it, that is standardised with
// the training split's statistics when cfg.Standardize is set, since the
// script embeds the examples as they are. It refuses, with a message naming
// the input, a config that does not validate, data or a split that do not
// fit it, and a checkpoint whose encoder does not fit them.
func Write(w io.Writer, cfg config.Config, ds *data.Dataset, split data.Split, opt Options) error {
	if err := check(cfg, ds, split, opt); err != nil {
		return err
	}
	pay, err := payload(cfg, ds, split, opt)
	if err != nil {
		return err
	}
	if strings.Count(program, headerMarker) != 1 || strings.Count(program, payloadMarker) != 1 {
		panic("export: sslab.py must hold each marker line exactly once")
	}
	out := strings.Replace(program, headerMarker, header(cfg, ds, opt), 1)
	out = strings.Replace(out, payloadMarker, pay, 1)
	_, err = io.WriteString(w, out)
	return err
}

// WriteRun is Write of a run's config, data and split.
func WriteRun(w io.Writer, r *train.Run, opt Options) error {
	return Write(w, r.Config, r.Dataset, r.Split, opt)
}

// check refuses what the script could not run as sslab would.
func check(cfg config.Config, ds *data.Dataset, split data.Split, opt Options) error {
	if err := cfg.Validate(); err != nil {
		return err
	}
	if ds == nil || ds.X == nil || ds.Len() == 0 || ds.Dim() == 0 {
		return errors.New("export: no data: give the run's dataset")
	}
	if cfg.IsText() || ds.Text != nil {
		return fmt.Errorf("export: the program trains the vector objectives' MLPs (images, points, tables); the text track's transformer (data %s, objective %s) is not in it yet", cfg.Dataset, cfg.Objective)
	}
	if ds.IsImage() && ds.Width*ds.Height != ds.Dim() {
		return fmt.Errorf("export: dataset %s is %d×%d images but has %d features per example", ds.Name, ds.Width, ds.Height, ds.Dim())
	}
	for i, v := range ds.X.Data {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return fmt.Errorf("export: dataset %s has the value %v at example %d, feature %d; want finite numbers", ds.Name, v, i/ds.Dim(), i%ds.Dim())
		}
	}
	switch {
	case cfg.IsRegression() && !ds.Supports(data.Regression):
		return fmt.Errorf("export: task regression needs regression targets, and dataset %s has none", ds.Name)
	case !cfg.IsRegression() && !ds.Supports(data.Classification):
		return fmt.Errorf("export: task %s needs class labels, and dataset %s has none", cfg.Task, ds.Name)
	}
	if ds.Targets != nil && len(ds.Targets) != ds.Len() || ds.Labels != nil && len(ds.Labels) != ds.Len() {
		return fmt.Errorf("export: dataset %s has %d examples but %d labels and %d targets", ds.Name, ds.Len(), len(ds.Labels), len(ds.Targets))
	}
	for i, t := range ds.Targets {
		if math.IsNaN(t) || math.IsInf(t, 0) {
			return fmt.Errorf("export: dataset %s has the target %v at example %d; want finite numbers", ds.Name, t, i)
		}
	}
	for i, l := range ds.Labels {
		if l < 0 || l >= ds.Classes {
			return fmt.Errorf("export: dataset %s has the label %d at example %d; want 0 to %d", ds.Name, l, i, ds.Classes-1)
		}
	}
	for _, part := range []struct {
		name string
		rows []int
	}{{"training", split.Train}, {"test", split.Test}} {
		if len(part.rows) == 0 {
			return fmt.Errorf("export: the split has no %s examples", part.name)
		}
		for _, r := range part.rows {
			if r < 0 || r >= ds.Len() {
				return fmt.Errorf("export: the split's %s part holds example %d, outside the %d examples of %s", part.name, r, ds.Len(), ds.Name)
			}
		}
	}
	if cfg.Batch > len(split.Train) {
		return fmt.Errorf("export: batch %d is larger than the %d training examples of %s; choose a batch of at most %d",
			cfg.Batch, len(split.Train), ds.Name, len(split.Train))
	}
	if opt.Checkpoint != nil {
		if _, err := opt.Checkpoint.Encoder(cfg, ds.Dim()); err != nil {
			return fmt.Errorf("export: cannot use this checkpoint: %v", err)
		}
	}
	return nil
}

// header is the script's opening comment: what run it is and where its data
// comes from.
func header(cfg config.Config, ds *data.Dataset, opt Options) string {
	lines := []string{
		"sslab run: " + cfg.String(),
		"config (paste after ? in the lab): " + cfg.Query(),
		fmt.Sprintf("data: %s, %d examples of %d features", ds.Name, ds.Len(), ds.Dim()),
	}
	if ds.Source != "" {
		lines = append(lines, "data source: "+ds.Source)
	}
	if ds.License != "" {
		lines = append(lines, "data licence: "+ds.License)
	}
	if opt.Checkpoint != nil {
		lines = append(lines, fmt.Sprintf("starts from a checkpoint: encoder %v pretrained %d steps on %s", opt.Checkpoint.Sizes, opt.Checkpoint.Steps, opt.Checkpoint.Dataset))
	}
	if opt.Command != "" {
		lines = append(lines, "written by: "+opt.Command)
	}
	var b strings.Builder
	for _, l := range lines {
		b.WriteString("# " + oneLine(l) + "\n")
	}
	return b.String()
}

// oneLine keeps a comment on its line.
func oneLine(s string) string {
	return strings.Map(func(r rune) rune {
		if r == '\n' || r == '\r' || r == 0x2028 || r == 0x2029 || r == 0x85 || r == '\f' || r == '\v' {
			return ' '
		}
		return r
	}, s)
}
