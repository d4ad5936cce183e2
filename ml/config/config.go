package config

import (
	"fmt"
	"slices"
	"strings"
)

// Config is the complete state of an sslab run and of the page showing it.
// The comment on each field gives its key in URLs and flags; the allowed
// values are those of the corresponding Field (see Fields).
type Config struct {
	Preset string // "preset": the preset this config started from and is encoded against

	Dataset string // "data": one of DatasetNames
	Task    string // "task": one of TaskNames; regression only on RegressionDatasets
	// Standardize ("std") rescales every feature to zero mean and unit
	// variance with the training split's statistics before training.
	Standardize bool
	Objective   string // "objective": one of ObjectiveNames
	Encoder     []int  // "enc": hidden and output widths after the input, 1..4 layers
	Projector   []int  // "proj": projection head widths after the encoder, 0..3 layers
	Predictor   int    // "pred": hidden width of the SimSiam/BYOL predictor
	Activation  string // "act": one of ActivationNames

	Epochs      int     // "epochs": pretraining epochs
	Batch       int     // "batch": pretraining batch size
	LR          float64 // "lr": pretraining learning rate
	Optimizer   string  // "opt": one of OptimizerNames
	WeightDecay float64 // "wd": decoupled weight decay
	Temperature float64 // "temp": SimCLR softmax temperature
	Lambda      float64 // "lambda": Barlow Twins off-diagonal weight
	EMA         float64 // "ema": BYOL target momentum
	MaskRatio   float64 // "mask": fraction of inputs hidden by masked autoencoding

	Rotation float64 // "rot": maximum rotation of digit images, degrees
	Scale    float64 // "scale": maximum relative zoom of digit images
	Shift    float64 // "shift": maximum translation of digit images, pixels
	Dropout  float64 // "drop": probability of dropping a pixel
	Cutout   float64 // "cutout": side of the square cut out, pixels
	Noise    float64 // "noise": standard deviation of additive Gaussian noise
	Jitter   float64 // "jitter": half-width of uniform jitter of 2-D points

	Seed uint64 // "seed": seed of every random choice, at most 2^53-1 so JavaScript keeps it exact

	Shots        int     // "shots": labels per class (regression: tens of labels); 0 zero-shot, -1 all
	FewShotSeeds int     // "fsseeds": number of few-shot draws averaged
	AdaptEpochs  int     // "aepochs": epochs of probe, finetune and scratch training
	AdaptLR      float64 // "alr": learning rate of the linear probe (SGD)
	FinetuneLR   float64 // "ftlr": learning rate of finetuning and training from scratch (Adam)

	Checkpoint string // "ckpt": name of a shipped checkpoint file, "" for none
	Workers    int    // "workers": parallel workers, 0 for one per core

	// View state, used only by the page.
	Panels  []string // "panels": panels shown, a subset of PanelNames
	Embed   bool     // "embed": compact layout for iframes
	Autorun bool     // "autorun": start training on load
}

// Names of the choices of the enumerated parameters, in display order.
// DatasetNames and RegressionDatasets may be extended by an init function of
// a package that adds a dataset; the other lists are fixed.
//
// "csv" is the user's own file (see CSVDataset): the URL may name it, but
// the file itself never goes in a URL, so whoever runs the config supplies
// it (the page's file picker, the command line's -csv flag).
var (
	DatasetNames    = []string{"digits", "moons", "circles", "spirals", "blobs", CSVDataset}
	TaskNames       = []string{"classification", "regression"}
	ObjectiveNames  = []string{"simclr", "simsiam", "byol", "barlow", "vicreg", "mae"}
	ActivationNames = []string{"relu", "tanh", "gelu"}
	OptimizerNames  = []string{"adam", "sgd"}
	PanelNames      = []string{"setup", "pretrain", "adapt", "ideas"}

	// RegressionDatasets are the datasets that have (or, for CSVDataset,
	// may have) a regression target.
	RegressionDatasets = []string{"spirals", CSVDataset}
)

// CSVDataset is the dataset name of a user-supplied CSV file.
const CSVDataset = "csv"

// Default returns the default configuration, the "digits-simclr" preset.
func Default() Config {
	c, _ := Preset(DefaultPreset)
	return c
}

// Equal reports whether c and d hold the same values. A nil and an empty
// slice are equal: both mean "no layers" or "no panels".
func (c Config) Equal(d Config) bool {
	return slices.Equal(c.Encoder, d.Encoder) &&
		slices.Equal(c.Projector, d.Projector) &&
		slices.Equal(c.Panels, d.Panels) &&
		c.Preset == d.Preset &&
		c.Dataset == d.Dataset && c.Task == d.Task && c.Standardize == d.Standardize &&
		c.Objective == d.Objective &&
		c.Predictor == d.Predictor && c.Activation == d.Activation &&
		c.Epochs == d.Epochs && c.Batch == d.Batch && c.LR == d.LR &&
		c.Optimizer == d.Optimizer && c.WeightDecay == d.WeightDecay &&
		c.Temperature == d.Temperature && c.Lambda == d.Lambda && c.EMA == d.EMA &&
		c.MaskRatio == d.MaskRatio &&
		c.Rotation == d.Rotation && c.Scale == d.Scale && c.Shift == d.Shift &&
		c.Dropout == d.Dropout && c.Cutout == d.Cutout && c.Noise == d.Noise &&
		c.Jitter == d.Jitter && c.Seed == d.Seed &&
		c.Shots == d.Shots && c.FewShotSeeds == d.FewShotSeeds &&
		c.AdaptEpochs == d.AdaptEpochs && c.AdaptLR == d.AdaptLR && c.FinetuneLR == d.FinetuneLR &&
		c.Checkpoint == d.Checkpoint && c.Workers == d.Workers &&
		c.Embed == d.Embed && c.Autorun == d.Autorun
}

// Clone returns a copy of c that shares no memory with it.
func (c Config) Clone() Config {
	c.Encoder = slices.Clone(c.Encoder)
	c.Projector = slices.Clone(c.Projector)
	c.Panels = slices.Clone(c.Panels)
	return c
}

// String returns a compact one-line summary of the model and training
// settings, such as
//
//	digits simclr enc 128-64 | proj 64-32 | batch 64 | 50 epochs | adam lr 0.002 | temp 0.5
//
// It is meant for people (logs, titles); use Query for a lossless form.
func (c Config) String() string {
	var b strings.Builder
	b.WriteString(c.Dataset)
	if c.Task != "" && c.Task != "classification" {
		b.WriteString(" " + c.Task)
	}
	fmt.Fprintf(&b, " %s enc %s | proj %s", c.Objective, formatInts(c.Encoder, ""), formatInts(c.Projector, "none"))
	if c.Objective == "simsiam" || c.Objective == "byol" {
		fmt.Fprintf(&b, " | pred %d", c.Predictor)
	}
	fmt.Fprintf(&b, " | batch %d | %d epochs | %s lr %s", c.Batch, c.Epochs, c.Optimizer, formatFloat(c.LR))
	// The one objective-specific knob most worth seeing at a glance.
	switch c.Objective {
	case "simclr":
		fmt.Fprintf(&b, " | temp %s", formatFloat(c.Temperature))
	case "barlow":
		fmt.Fprintf(&b, " | lambda %s", formatFloat(c.Lambda))
	case "byol":
		fmt.Fprintf(&b, " | ema %s", formatFloat(c.EMA))
	case "mae":
		fmt.Fprintf(&b, " | mask %s", formatFloat(c.MaskRatio))
	}
	return b.String()
}
