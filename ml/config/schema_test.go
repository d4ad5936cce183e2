package config

import (
	"net/url"
	"slices"
	"strings"
	"testing"
)

// Every setting an objective lists exists, is scoped to objectives, and
// is listed by some objective; so a new objective is a row of the table.
func TestObjectiveSettings(t *testing.T) {
	listed := map[string]bool{}
	for _, o := range objectives {
		if o.Label == "" || o.Family == "" || o.Views < 1 {
			t.Errorf("objective %q: incomplete row %+v", o.Name, o)
		}
		for _, name := range o.Settings {
			f := lookup(name)
			switch {
			case f == nil:
				t.Errorf("objective %q lists unknown setting %q", o.Name, name)
			case !f.scope.objective:
				t.Errorf("objective %q lists %q, which is not an objective setting", o.Name, name)
			}
			listed[name] = true
		}
	}
	for i := range table {
		if f := &table[i]; f.scope.objective && !listed[f.Name] {
			t.Errorf("setting %q is scoped to objectives, but none lists it", f.Name)
		}
	}
}

func TestApplies(t *testing.T) {
	for _, tc := range []struct {
		preset, field string
		want          bool
	}{
		{"digits-simclr", "temp", true},
		{"digits-simclr", "negatives", true},
		{"digits-simclr", "pred", false},
		{"digits-simclr", "stopgrad", false},
		{"digits-simsiam", "pred", true},
		{"digits-simsiam", "stopgrad", true},
		{"digits-simsiam", "ema", false},
		{"digits-byol", "ema", true},
		{"digits-byol", "temp", false},
		{"digits-vicreg", "vvar", true},
		{"digits-barlow", "vvar", false},
		{"digits-mae", "proj", false},
		{"digits-mae", "mask", true},
		{"digits-simclr", "proj", true},
		{"digits-simclr", "rot", true},
		{"digits-simclr", "corrupt", false},
		{"digits-simclr", "neighbours", false},
		{"moons-simclr", "neighbours", true},
		{"cancer-scarf", "neighbours", true},
		{"brown-mlm", "neighbours", false},
		{"moons-simclr", "rot", false},
		{"moons-simclr", "jitter", true},
		{"moons-simclr", "noise", true},
		{"digits-simclr", "seed", true},
	} {
		c, err := Preset(tc.preset)
		if err != nil {
			t.Fatal(err)
		}
		f := lookup(tc.field)
		if got := f.Applies(&c); got != tc.want {
			t.Errorf("%s: %s applies %v, want %v", tc.preset, tc.field, got, tc.want)
		}
	}
}

// A setting given where it has no effect is refused by Decode, Validate
// and the flags alike, with a message naming the setting, the objective or
// data, and where it applies.
func TestInapplicableRefused(t *testing.T) {
	for _, tc := range []struct {
		query, param string
		want         []string
	}{
		{"pred=64", "pred", []string{`does not apply to objective "simclr"`, `"simsiam" or "byol"`}},
		{"objective=byol&temp=0.1", "temp", []string{`objective "byol"`, `"simclr"`}},
		{"objective=simclr&stopgrad=0", "stopgrad", []string{`objective "simclr"`, `"simsiam" or "byol"`}},
		{"objective=mae&proj=32", "proj", []string{"no projection head"}},
		{"preset=moons-simclr&rot=10", "rot", []string{`data "moons" (points)`, `"digits"`}},
		{"corrupt=0.5", "corrupt", []string{`data "digits" (images)`}},
		{"neighbours=10", "neighbours", []string{`data "digits" (images)`, `"moons"`, `"breast-cancer"`}},
		{"preset=brown-mlm&neighbours=10", "neighbours", []string{`data "brown" (text)`}},
	} {
		c, errs := Decode(parseQuery(t, tc.query))
		e := errs.Param(tc.param)
		if e == nil {
			t.Errorf("%s: no error about %s (errors %v)", tc.query, tc.param, errs)
			continue
		}
		for _, w := range tc.want {
			if !strings.Contains(e.Error(), w) {
				t.Errorf("%s: %q lacks %q", tc.query, e.Error(), w)
			}
		}
		if err := c.Validate(); err != nil {
			t.Errorf("%s: Decode's fallback does not validate: %v", tc.query, err)
		}
	}
	// Validate refuses a value set programmatically where it has no effect.
	c := Default()
	c.Predictor = 64
	if err := c.Validate(); err == nil || !strings.Contains(err.Error(), `parameter "pred"`) {
		t.Errorf("Validate with pred=64 for simclr: %v", err)
	}
	if d := c.WithoutInapplicable(); d.Predictor != Default().Predictor || d.Validate() != nil {
		t.Errorf("WithoutInapplicable kept pred %d", d.Predictor)
	}
	// The same settings where they apply are fine.
	for _, q := range []string{"objective=simsiam&pred=0&stopgrad=0", "objective=byol&ema=0&stopgrad=0",
		"objective=simclr&negatives=0", "objective=vicreg&vvar=0&vcov=0", "preset=moons-simclr&jitter=0.2"} {
		if _, errs := Decode(parseQuery(t, q)); errs != nil {
			t.Errorf("%s: %v", q, errs)
		}
	}
}

// Each dataset row names tasks that exist, and every task some dataset has.
func TestDatasetsTable(t *testing.T) {
	for _, d := range datasets {
		if d.Label == "" || d.Kind == "" || len(d.Tasks) == 0 {
			t.Errorf("dataset %q: incomplete row", d.Name)
		}
		for _, task := range d.Tasks {
			if !slices.Contains(TaskNames, string(task)) {
				t.Errorf("dataset %q: unknown task %q", d.Name, task)
			}
		}
		if d.Has(Regression) && d.Target == "" {
			t.Errorf("dataset %q has a regression target without a name", d.Name)
		}
	}
}

func parseQuery(t *testing.T, s string) url.Values {
	t.Helper()
	q, err := url.ParseQuery(s)
	if err != nil {
		t.Fatal(err)
	}
	return q
}

// Every field belongs to one of the groups, and a group's fields are
// contiguous in the table, so the set-up column can show them in order.
func TestFieldGroups(t *testing.T) {
	groups := []string{GroupData, GroupModel, GroupPretraining, GroupAugmentations, GroupAdaptation, GroupRun, GroupPage}
	last := -1
	for i := range table {
		f := &table[i]
		g := slices.Index(groups, f.Group)
		switch {
		case g < 0:
			t.Errorf("field %s has no known group (%q)", f.Name, f.Group)
		case g < last:
			t.Errorf("field %s of group %s comes after group %s", f.Name, f.Group, groups[last])
		}
		last = max(last, g)
		if f.Affects != AffectsPretraining && f.Affects != AffectsAdaptation && f.Affects != AffectsNothing {
			t.Errorf("field %s affects %q", f.Name, f.Affects)
		}
	}
}

func TestSamePretraining(t *testing.T) {
	a := Default()
	for _, tc := range []struct {
		change func(c *Config)
		same   bool
	}{
		{func(c *Config) {}, true},
		{func(c *Config) { c.Shots = 5 }, true},
		{func(c *Config) { c.Workers = 2; c.Panels = []string{"adapt"} }, true},
		{func(c *Config) { c.FinetuneLR = 0.01 }, true},
		{func(c *Config) { c.Epochs = 3 }, false},
		{func(c *Config) { c.Seed = 2 }, false},
		{func(c *Config) { c.Rotation = 0 }, false},
		{func(c *Config) { c.Checkpoint = "x.json" }, false},
	} {
		b := a.Clone()
		tc.change(&b)
		if got := a.SamePretraining(b); got != tc.same {
			t.Errorf("%+v: SamePretraining = %v, want %v", b, got, tc.same)
		}
	}
}
