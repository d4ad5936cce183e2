package config

import (
	"strings"
	"testing"
)

// Text is one more row of the datasets table: the transformer's sizes apply
// to it and the vector settings do not, and the reverse on vector data.
func TestTextApplies(t *testing.T) {
	for _, tc := range []struct {
		preset, field string
		want          bool
	}{
		{"brown-mlm", "dmodel", true},
		{"brown-mlm", "layers", true},
		{"brown-mlm", "heads", true},
		{"brown-mlm", "mask", true},
		{"brown-mlm", "steps", true},
		{"brown-mlm", "tsents", true},
		{"brown-mlm", "window", false},
		{"brown-mlm", "enc", false},
		{"brown-mlm", "proj", false},
		{"brown-mlm", "act", false},
		{"brown-mlm", "rot", false},
		{"brown-mlm", "noise", false},
		{"brown-mlm", "jitter", false},
		{"brown-mlm", "std", false},
		{"brown-mlm", "temp", false},
		{"brown-gpt", "layers", true},
		{"brown-gpt", "mask", false},
		{"brown-skipgram", "window", true},
		{"brown-skipgram", "kneg", true},
		{"brown-skipgram", "dmodel", true},
		{"brown-skipgram", "layers", false},
		{"digits-simclr", "dmodel", false},
		{"digits-simclr", "steps", false},
		{"digits-simclr", "tsents", false},
		{"digits-simclr", "enc", true},
		{"digits-simclr", "noise", true},
		{"digits-mae", "mask", true},
	} {
		c, err := Preset(tc.preset)
		if err != nil {
			t.Fatal(err)
		}
		if got := lookup(tc.field).Applies(&c); got != tc.want {
			t.Errorf("%s: %s applies %v, want %v", tc.preset, tc.field, got, tc.want)
		}
	}
}

// A text objective on vector data, a vector one on text, a task the
// corpus has no labels for, heads that do not divide the width: each is
// refused with a message naming the parameter and what is allowed.
func TestTextRules(t *testing.T) {
	for _, tc := range []struct {
		query, param string
		want         []string
	}{
		{"objective=mlm", "objective", []string{`data "digits" (images)`, "simclr"}},
		{"preset=brown-mlm&objective=simclr", "objective", []string{`data "brown" (text)`, "mlm, gpt, skipgram"}},
		{"preset=brown-mlm&data=digits", "data", []string{`objective "mlm"`, "brown"}},
		{"preset=brown-mlm&task=classification", "task", []string{"pos, genre"}},
		{"preset=brown-mlm&heads=3", "heads", []string{"does not divide the model width 64", "1, 2, 4, 8, 16"}},
		{"preset=brown-mlm&dmodel=30", "dmodel", []string{"multiple of the 4 attention heads"}},
		{"preset=brown-mlm&rot=10", "rot", []string{`data "brown" (text)`}},
		{"preset=brown-mlm&enc=64", "enc", []string{`data "brown" (text)`}},
		{"preset=brown-skipgram&layers=3", "layers", []string{`objective "skipgram"`, `"mlm" or "gpt"`}},
		{"steps=10", "steps", []string{`data "digits" (images)`, `"brown"`}},
	} {
		_, errs := Decode(parseQuery(t, tc.query))
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
	}
	for _, q := range []string{"preset=brown-mlm&task=genre", "preset=brown-mlm&heads=8&dmodel=128", "preset=brown-gpt&layers=1",
		"preset=brown-skipgram&window=2&kneg=10", "preset=brown-mlm&shots=0", "preset=brown-mlm&steps=0&epochs=2"} {
		if _, errs := Decode(parseQuery(t, q)); errs != nil {
			t.Errorf("%s: %v", q, errs)
		}
	}
	// The text presets describe themselves by their transformer.
	c, _ := Preset("brown-mlm")
	if s := c.String(); !strings.Contains(s, "transformer d 64, 2 layers, 4 heads, ffn 256") || !strings.Contains(s, "(250 steps)") {
		t.Errorf("brown-mlm String() = %q", s)
	}
}
