package config

import (
	"reflect"
	"slices"
	"strings"
	"testing"
)

// perturb changes the i-th struct field of c to some other value.
func perturb(t *testing.T, c *Config, i int) {
	t.Helper()
	v := reflect.ValueOf(c).Elem().Field(i)
	switch v.Kind() {
	case reflect.String:
		v.SetString(v.String() + "x")
	case reflect.Int:
		v.SetInt(v.Int() + 1)
	case reflect.Uint64:
		v.SetUint(v.Uint() + 1)
	case reflect.Float64:
		v.SetFloat(v.Float() + 0.5)
	case reflect.Bool:
		v.SetBool(!v.Bool())
	case reflect.Slice:
		v.Set(reflect.Append(v, reflect.New(v.Type().Elem()).Elem()))
	default:
		t.Fatalf("perturb: field %s has unhandled kind %v", reflect.TypeOf(*c).Field(i).Name, v.Kind())
	}
}

// TestEveryFieldCovered guards against adding a Config field and forgetting
// Equal, Clone or the schema table: each struct field, when changed, must
// make Equal false and change the text of some Field (Preset aside, which
// Encode writes itself).
func TestEveryFieldCovered(t *testing.T) {
	typ := reflect.TypeOf(Config{})
	for i := range typ.NumField() {
		name := typ.Field(i).Name
		c := Default()
		d := c.Clone()
		perturb(t, &d, i)
		if c.Equal(d) {
			t.Errorf("Equal ignores %s", name)
		}
		if name == "Preset" {
			continue
		}
		changed := false
		for _, f := range Fields() {
			if f.Get(&c) != f.Get(&d) {
				changed = true
			}
		}
		if !changed {
			t.Errorf("no Field reads %s", name)
		}
	}
}

func TestEqualSlices(t *testing.T) {
	c := Default()
	d := c.Clone()
	c.Projector, d.Projector = nil, []int{}
	if !c.Equal(d) {
		t.Error("nil and empty Projector differ")
	}
	d.Encoder = []int{128, 65}
	if c.Equal(d) {
		t.Error("different Encoder widths are equal")
	}
}

func TestClone(t *testing.T) {
	c := Default()
	d := c.Clone()
	d.Encoder[0] = 7
	d.Projector[0] = 7
	d.Panels[0] = "x"
	if c.Encoder[0] == 7 || c.Projector[0] == 7 || c.Panels[0] == "x" {
		t.Errorf("Clone shares slices: %v %v %v", c.Encoder, c.Projector, c.Panels)
	}
}

func TestString(t *testing.T) {
	for _, tc := range []struct {
		preset string
		want   string
	}{
		{"digits-simclr", "digits simclr enc 128-64 | proj 64-32 | batch 128 | 50 epochs | adam lr 0.004 | temp 0.5"},
		{"digits-byol", "digits byol enc 128-64 | proj 64-32 | pred 32 | batch 64 | 50 epochs | adam lr 0.002 | ema 0.99"},
		{"digits-mae", "digits mae enc 128-64 | proj none | batch 64 | 100 epochs | adam lr 0.002 | mask 0.25"},
		{"spirals-regression", "spirals regression simclr enc 64-32 | proj 32-16 | batch 128 | 50 epochs | adam lr 0.002 | temp 0.2"},
	} {
		c, err := Preset(tc.preset)
		if err != nil {
			t.Fatal(err)
		}
		if got := c.String(); got != tc.want {
			t.Errorf("%s: String() =\n%q, want\n%q", tc.preset, got, tc.want)
		}
	}
	if s := (Config{}).String(); strings.Contains(s, "\n") {
		t.Errorf("zero Config String() = %q", s)
	}
}

func TestNameLists(t *testing.T) {
	for name, list := range map[string][]string{
		"datasets": datasetNames(), "TaskNames": TaskNames, "ObjectiveNames": ObjectiveNames,
		"ActivationNames": ActivationNames, "OptimizerNames": OptimizerNames, "PanelNames": PanelNames,
		"PresetNames": PresetNames(),
	} {
		if len(list) == 0 {
			t.Errorf("%s is empty", name)
		}
		// A dataset's name may join two words with '-' ("breast-cancer").
		bad := ",-& ="
		if name == "datasets" {
			bad = ",& ="
		}
		for i, n := range list {
			if n == "" || strings.ContainsAny(n, bad) && name != "PresetNames" || slices.Contains(list[:i], n) {
				t.Errorf("%s: bad or repeated name %q", name, n)
			}
		}
	}
}

// nanValue returns a NaN without the vet check on constant NaN arithmetic.
func nanValue() float64 {
	zero := 0.0
	return zero / zero
}
