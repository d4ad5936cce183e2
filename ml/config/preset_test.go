package config

import (
	"slices"
	"strings"
	"testing"
)

func TestPresetsValid(t *testing.T) {
	for _, name := range PresetNames() {
		c, err := Preset(name)
		if err != nil {
			t.Fatalf("Preset(%q): %v", name, err)
		}
		if c.Preset != name {
			t.Errorf("Preset(%q).Preset = %q", name, c.Preset)
		}
		if err := c.Validate(); err != nil {
			t.Errorf("preset %q is invalid: %v", name, err)
		}
	}
}

func TestPresetContents(t *testing.T) {
	for _, tc := range []struct {
		name  string
		check func(c Config) bool
	}{
		{"digits-simclr", func(c Config) bool {
			return c.Dataset == "digits" && c.Objective == "simclr" && c.Task == "classification" &&
				formatInts(c.Encoder, "") == "128-64" && formatInts(c.Projector, "") == "64-32" &&
				c.Epochs == 50 && c.Batch == 128 && c.LR == 0.004 && c.Temperature == 0.5 && c.Seed == 1 &&
				len(c.Panels) == len(PanelNames) && !c.Embed && !c.Autorun
		}},
		{"digits-simsiam", func(c Config) bool { return c.Objective == "simsiam" && c.Predictor == 32 }},
		{"digits-byol", func(c Config) bool { return c.Objective == "byol" && c.EMA == 0.99 }},
		{"digits-barlow", func(c Config) bool { return c.Objective == "barlow" && c.Lambda == 0.005 }},
		{"digits-vicreg", func(c Config) bool { return c.Objective == "vicreg" }},
		{"digits-mae", func(c Config) bool {
			return c.Objective == "mae" && c.Projector == nil && c.MaskRatio == 0.25 && c.Rotation == 0 && c.Noise == 0.05
		}},
		{"digits-quick", func(c Config) bool { return c.Objective == "simclr" && c.Epochs == 5 }},
		{"moons-simclr", func(c Config) bool {
			return c.Dataset == "moons" && formatInts(c.Encoder, "") == "32-16" && c.Projector == nil && c.Batch == 64 &&
				c.Epochs == 50 && c.Neighbours == 10 && c.Hops == 300 && c.Noise == 0 && c.Jitter == 0 &&
				c.Temperature == 0.2 && c.Rotation == 0
		}},
		{"circles-simclr", func(c Config) bool { return c.Dataset == "circles" && c.Neighbours == 10 && c.Hops == 1000 }},
		{"spirals-simclr", func(c Config) bool {
			return c.Dataset == "spirals" && c.Task == "classification" && formatInts(c.Encoder, "") == "64-32" && c.Hops == 30
		}},
		// The deliberate lessons keep the local views.
		{"blobs-simclr", func(c Config) bool {
			return c.Dataset == "blobs" && c.Neighbours == 0 && c.Noise == 0.05 && c.Jitter == 0.1 && formatInts(c.Projector, "") == "16-8"
		}},
		{"spirals-regression", func(c Config) bool {
			return c.Dataset == "spirals" && c.Task == "regression" && c.Neighbours == 0 && c.Noise == 0.05 &&
				formatInts(c.Encoder, "") == "64-32" && formatInts(c.Projector, "") == "32-16" && c.Epochs == 50
		}},
		{"cancer-scarf", func(c Config) bool {
			return c.Dataset == "breast-cancer" && c.Task == "classification" && c.Objective == "simclr" &&
				c.Standardize && c.Corrupt == 0.6 && c.Rotation == 0 && c.Dropout == 0
		}},
		{"diabetes-regression", func(c Config) bool {
			return c.Dataset == "diabetes" && c.Task == "regression" && c.Standardize && c.Corrupt == 0.3
		}},
		{"brown-mlm", func(c Config) bool {
			return c.Dataset == "brown" && c.Task == POS && c.Objective == MLM && c.DModel == 64 && c.Layers == 2 &&
				c.Heads == 4 && c.FFN == 256 && c.MaxLen == 32 && c.MaskRatio == 0.15 && c.Batch == 64 && c.Steps > 0 &&
				c.Optimizer == "adam" && c.WeightDecay > 0
		}},
		{"brown-gpt", func(c Config) bool { return c.Dataset == "brown" && c.Objective == GPT }},
		{"brown-skipgram", func(c Config) bool {
			return c.Objective == SkipGram && c.Window == 5 && c.NegK == 5
		}},
		{"brown-mlm-long", func(c Config) bool {
			return c.Objective == MLM && c.Epochs == 7 && c.Steps == 0 && c.TestSents == 2000 && c.PoolSents == 5000 && c.Batch == 64
		}},
	} {
		c, err := Preset(tc.name)
		if err != nil || !tc.check(c) {
			t.Errorf("Preset(%q) = %+v, %v", tc.name, c, err)
		}
	}
	if len(PresetNames()) != 18 {
		t.Errorf("PresetNames() = %v", PresetNames())
	}
}

func TestDefault(t *testing.T) {
	p, _ := Preset(DefaultPreset)
	if d := Default(); !d.Equal(p) || d.Preset != "digits-simclr" {
		t.Errorf("Default() = %+v", d)
	}
}

func TestPresetFresh(t *testing.T) {
	c := Default()
	c.Encoder[0] = 1
	c.Panels[0] = "x"
	if d := Default(); d.Encoder[0] != 128 || d.Panels[0] != "setup" {
		t.Errorf("modifying a preset changed the next one: %v %v", d.Encoder, d.Panels)
	}
	if PanelNames[0] != "setup" {
		t.Errorf("modifying a preset changed PanelNames: %v", PanelNames)
	}
}

// Every deliberate lesson carries a note, and circles its caveat, and only
// those; the notes say what makes them lessons.
func TestPresetNotes(t *testing.T) {
	for _, name := range PresetNames() {
		note := PresetNote(name)
		lesson := slices.Contains([]string{"digits-quick", "blobs-simclr", "spirals-regression", "cancer-scarf", "diabetes-regression"}, name)
		switch {
		case lesson && !strings.HasPrefix(note, "A deliberate lesson: "):
			t.Errorf("%s: note %q, want one saying why it is a lesson", name, note)
		case name == "circles-simclr" && !strings.Contains(note, "With every label the lesson runs out"):
			t.Errorf("%s: note %q, want its caveat about all labels", name, note)
		case !lesson && name != "circles-simclr" && note != "":
			t.Errorf("%s: note %q, want none", name, note)
		}
	}
	if !strings.Contains(PresetNote("blobs-simclr"), "linearly separable in the raw input") {
		t.Errorf("blobs note %q does not say why", PresetNote("blobs-simclr"))
	}
	if PresetNote("nope") != "" {
		t.Error("an unknown preset has a note")
	}
}

func TestPresetUnknown(t *testing.T) {
	for _, name := range []string{"", "nope", "Digits-SimCLR", "<b>x</b>"} {
		_, err := Preset(name)
		if err == nil {
			t.Fatalf("Preset(%q) succeeded", name)
		}
		checkParamError(t, err, "preset", name, "allowed: "+strings.Join(PresetNames(), ", "))
	}
	_, err := Preset("Digits-SimCLR")
	if !strings.Contains(err.Error(), `did you mean "digits-simclr"`) {
		t.Errorf("no case hint: %v", err)
	}
}
