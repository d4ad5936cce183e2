package config

import (
	"errors"
	"net/url"
	"strings"
	"testing"
)

func TestValidate(t *testing.T) {
	type problem struct{ param, value, msg string }
	for _, tc := range []struct {
		name   string
		modify func(c *Config)
		want   []problem
	}{
		{"default", func(c *Config) {}, nil},
		{"regression on spirals", func(c *Config) { c.Dataset, c.Task = "spirals", "regression" }, nil},
		{"regression on digits", func(c *Config) { c.Task = "regression" },
			[]problem{{"task", "regression", `is not available with data "digits"; allowed with "digits": classification`}}},
		{"zero-shot regression", func(c *Config) { c.Dataset, c.Task, c.Shots = "spirals", "regression", 0 },
			[]problem{{"shots", "0", `allowed with task "regression": -1 or 1 to 1000`}}},
		{"zero-shot classification", func(c *Config) { c.Shots = 0 }, nil},
		{"all labels", func(c *Config) { c.Shots = -1 }, nil},
		{"unknown preset", func(c *Config) { c.Preset = "mine" }, []problem{{"preset", "mine", "allowed: digits-simclr,"}}},
		{"bad fields", func(c *Config) { c.LR, c.Encoder, c.Dataset = -1, nil, "xlsx" }, []problem{
			{"data", "xlsx", "is not one of the choices"},
			{"enc", "", "is empty"},
			{"lr", "-1", "is out of range; allowed: 1e-06 to 10"},
		}},
		// A rule is not checked when one of its fields is already wrong.
		{"bad task", func(c *Config) { c.Task = "Regression" }, []problem{{"task", "Regression", "case-sensitive"}}},
		{"NaN", func(c *Config) { c.Temperature = nanValue() }, []problem{{"temp", "NaN", "is not a finite number"}}},
		{"bad width", func(c *Config) { c.Projector = []int{64, 0} }, []problem{{"proj", "64-0", `width "0", which is out of range`}}},
		{"no panels", func(c *Config) { c.Panels = nil }, []problem{{"panels", "", "is empty"}}},
		{"comma in panel", func(c *Config) { c.Panels = []string{"setup,adapt"} },
			[]problem{{"panels", "setup,adapt", "does not read back as the same value"}}},
		{"huge seed", func(c *Config) { c.Seed = 1 << 63 }, []problem{{"seed", "9223372036854775808", "out of range"}}},
		{"neighbour view on moons", func(c *Config) { *c, _ = Preset("moons-simclr"); c.Neighbours = 10 }, nil},
		{"too many neighbours", func(c *Config) { *c, _ = Preset("moons-simclr"); c.Neighbours = 65 },
			[]problem{{"neighbours", "65", "is out of range; allowed: 0 to 64"}}},
		{"negative neighbours", func(c *Config) { *c, _ = Preset("moons-simclr"); c.Neighbours = -3 },
			[]problem{{"neighbours", "-3", "is out of range; allowed: 0 to 64"}}},
		{"a walk without the view", func(c *Config) { *c, _ = Preset("moons-simclr"); c.Neighbours, c.Hops = 0, 30 },
			[]problem{{"hops", "30", "does not apply with the neighbour view off (neighbours 0)"}}},
		// Turned off, the view leaves hops at its preset's value, which
		// does not count as set.
		{"the view off", func(c *Config) { *c, _ = Preset("moons-simclr"); c.Neighbours = 0 }, nil},
		{"too long a walk", func(c *Config) { *c, _ = Preset("moons-simclr"); c.Hops = 1001 },
			[]problem{{"hops", "1001", "is out of range; allowed: 1 to 1000"}}},
		{"neighbours on images", func(c *Config) { c.Neighbours = 10 },
			[]problem{{"neighbours", "10", `does not apply to data "digits" (images); it applies with data "moons"`}}},
		{"bad checkpoint", func(c *Config) { c.Checkpoint = "../../etc/passwd" }, []problem{{"ckpt", "../../etc/passwd", "character '/'"}}},
	} {
		c := Default()
		tc.modify(&c)
		err := c.Validate()
		if tc.want == nil {
			if err != nil {
				t.Errorf("%s: Validate() = %v", tc.name, err)
			}
			continue
		}
		var errs Errors
		if !errors.As(err, &errs) || len(errs) != len(tc.want) {
			t.Errorf("%s: Validate() = %v (%T), want %d errors", tc.name, err, err, len(tc.want))
			continue
		}
		for i, w := range tc.want {
			checkParamError(t, errs[i], w.param, w.value, w.msg)
		}
	}
}

func TestErrors(t *testing.T) {
	c := Default()
	c.Epochs, c.Batch = 0, 1
	err := c.Validate()
	var pe *ParamError
	if !errors.As(err, &pe) || pe.Param != "epochs" {
		t.Errorf("errors.As(%v) = %v", err, pe)
	}
	es := err.(Errors)
	if es.Param("batch") == nil || es.Param("lr") != nil {
		t.Errorf("Param lookup wrong on %v", es)
	}
	if got := strings.Count(err.Error(), "\n"); got != 1 {
		t.Errorf("Error() = %q, want two lines", err.Error())
	}
	if Errors(nil).asError() != nil {
		t.Error("empty Errors as error is not nil")
	}
}

// Turning the neighbour view off puts its hops back to the preset's value,
// as a change of objective does the settings of the old one (the page
// calls WithoutInapplicable after every change).
func TestHopsFollowTheView(t *testing.T) {
	c, _ := Preset("moons-simclr")
	c.Hops, c.Neighbours = 50, 0
	hops, _ := Lookup("hops")
	if hops.Applies(&c) {
		t.Fatal("hops applies with neighbours 0")
	}
	d := c.WithoutInapplicable()
	if base, _ := Preset("moons-simclr"); d.Hops != base.Hops || d.Validate() != nil {
		t.Errorf("hops %d, validate %v", d.Hops, d.Validate())
	}
	d.Neighbours = 5
	if !hops.Applies(&d) {
		t.Error("hops does not apply with neighbours 5")
	}
	q := url.Values{"preset": {"moons-simclr"}, "neighbours": {"0"}, "hops": {"30"}}
	if _, errs := Decode(q); len(errs) != 1 || errs[0].Param != "hops" || !strings.Contains(errs[0].Error(), "neighbour view off") {
		t.Errorf("a query setting hops with the view off: %v", errs)
	}
}
