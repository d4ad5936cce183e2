package config

import (
	"net/url"
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzDecode feeds arbitrary query strings to Decode. Whatever the input,
// Decode must not panic, must return a valid Config that survives Encode
// and Query exactly, must apply every key it does not complain about, and
// must keep its messages short and on one line.
func FuzzDecode(f *testing.F) {
	for _, s := range []string{
		"",
		"preset=digits-byol&lr=0.01&enc=256-128-64",
		"preset=spirals-regression&data=moons&shots=0",
		"data=spirals&task=regression&shots=0&task=classification",
		"proj=none&panels=adapt,setup&embed=1&autorun=true",
		"proj=&ckpt=a.b-c_d&seed=9007199254740991",
		"lr=NaN&temp=Inf&wd=-0&ema=0.99990&mask=1e400",
		"enc=1--2&proj=0&panels=setup,setup&ckpt=../x",
		"%3Cscript%3E=%3Cimg%20src%3Dx%3E&embed",
		"lr=0x1p-3&epochs=+5&shots=-1&batch=0004",
		"preset=nope&preset=digits-mae&rot=;",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		q, _ := url.ParseQuery(s) // on error, q holds the pairs that did parse
		c, errs := Decode(q)
		if err := c.Validate(); err != nil {
			t.Fatalf("Decode(%q) returned an invalid config: %v", s, err)
		}
		for _, e := range errs {
			if e == nil {
				t.Fatalf("Decode(%q): nil error in %v", s, errs)
			}
			for _, part := range []string{e.Param, e.Value} {
				if utf8.RuneCountInString(part) > maxShown+1 {
					t.Errorf("Decode(%q): %q is not truncated", s, part)
				}
			}
			if msg := e.Error(); strings.ContainsAny(msg, "\n\r") || !strings.Contains(msg, "parameter ") {
				t.Errorf("Decode(%q): message %q", s, msg)
			}
		}
		if errs == nil {
			// No complaint means every key took effect as given.
			for key, vs := range q {
				if key == "preset" {
					continue
				}
				fd := lookup(key)
				d := c
				if err := fd.Set(&d, vs[0]); err != nil || !fd.same(&c, &d) {
					t.Fatalf("Decode(%q): %s=%q silently not applied (%v)", s, key, vs[0], err)
				}
			}
		}
		d, errs := Decode(c.Encode())
		if errs != nil || !d.Equal(c) {
			t.Fatalf("Decode(%q): Encode round trip: %v\n got %+v\nwant %+v", s, errs, d, c)
		}
		q2, err := url.ParseQuery(c.Query())
		if err != nil {
			t.Fatalf("Query() = %q: %v", c.Query(), err)
		}
		if d, errs := Decode(q2); errs != nil || !d.Equal(c) {
			t.Fatalf("Decode(%q): Query round trip via %q: %v", s, c.Query(), errs)
		}
	})
}
