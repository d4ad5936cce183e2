package main

import "sslab/ml/config"

// setupGroup is a titled group of the set-up column's controls.
type setupGroup struct {
	Title string
	Names []string // config field keys, in display order
}

// setupGroups orders every config field into the set-up column, by the
// schema's groups.
func setupGroups() []setupGroup {
	var out []setupGroup
	for _, f := range config.Fields() {
		if len(out) == 0 || out[len(out)-1].Title != f.Group {
			out = append(out, setupGroup{Title: f.Group})
		}
		g := &out[len(out)-1]
		g.Names = append(g.Names, f.Name)
	}
	return out
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
