package main

import "sslab/ml/config"

// setupGroup is a titled group of the set-up column's controls.
type setupGroup struct {
	Title string
	Names []string // config field keys, in display order
}

// setupGroups orders every config field into the set-up column. A test
// checks that each field appears exactly once, so a new field cannot be
// left without a control.
var setupGroups = []setupGroup{
	{"Data", []string{"data", "task", "std"}},
	{"Model", []string{"objective", "enc", "proj", "pred", "act"}},
	{"Pretraining", []string{"epochs", "batch", "lr", "opt", "wd", "temp", "lambda", "ema", "mask"}},
	{"Augmentations", []string{"rot", "scale", "shift", "drop", "cutout", "noise", "jitter"}},
	{"Adaptation", []string{"shots", "fsseeds", "aepochs", "alr", "ftlr"}},
	{"Run", []string{"seed", "ckpt", "workers"}},
	{"Page", []string{"panels", "embed", "autorun"}},
}

// imageDatasets are the datasets whose examples are images, to which the
// geometric and pixel augmentations apply.
var imageDatasets = map[string]bool{"digits": true}

// imageFields are the augmentations of images only.
var imageFields = map[string]bool{"rot": true, "scale": true, "shift": true, "drop": true, "cutout": true}

// withoutUserData is cfg on the built-in digits instead of the user's file
// (a URL's data=csv on a page that has no file yet).
func withoutUserData(cfg config.Config) config.Config {
	cfg = cfg.Clone()
	cfg.Dataset = "digits"
	if cfg.Task == "regression" {
		cfg.Task = "classification"
	}
	return cfg
}

// fieldApplies reports whether field name affects a run of cfg in the
// browser. The others are tucked away, so a learner sees the knobs that
// matter for the chosen objective and data ("temperature where it
// applies").
func fieldApplies(name string, cfg config.Config) bool {
	switch name {
	case "temp":
		return cfg.Objective == "simclr"
	case "lambda":
		return cfg.Objective == "barlow"
	case "ema":
		return cfg.Objective == "byol"
	case "pred":
		return cfg.Objective == "simsiam" || cfg.Objective == "byol"
	case "mask":
		return cfg.Objective == "mae"
	case "proj":
		return cfg.Objective != "mae" // the decoder reads the encoder directly
	case "rot", "scale", "shift", "drop", "cutout":
		return imageDatasets[cfg.Dataset]
	case "workers":
		return false // the browser trains in one worker; the command line uses it
	}
	return true
}
