package config

import (
	"net/url"
	"slices"
	"strings"
)

// Decode builds a Config from a URL query. It starts from the preset named
// by "preset" (DefaultPreset if absent) and applies every other key through
// its Field.
//
// Decode never guesses: a key it does not know, a value that does not parse
// or is out of range, and a key given more than once (the first value is
// used) each add a *ParamError, and a rejected parameter keeps the preset's
// value. When the accepted values break a rule between fields (see
// Validate), the parameters the query set are put back to the preset's
// values until the rules hold, blaming each in turn. The returned Config
// therefore always passes Validate, whatever the query.
//
// Errors come in a fixed order: the preset, then the fields in display
// order, then unknown keys sorted, then broken rules. Errors is nil when
// there are none.
func Decode(q url.Values) (Config, Errors) {
	var errs Errors
	// first returns the value to use for key, and an error to report after
	// any about that value if the key is repeated.
	first := func(key string) (value string, ok bool, dup *ParamError) {
		vs := q[key]
		if len(vs) == 0 {
			return "", false, nil
		}
		if len(vs) > 1 {
			dup = paramError(key, vs[1],
				"is ignored: the parameter is given %d times and only the first value, %q, is used",
				len(vs), truncate(vs[0]))
		}
		return vs[0], true, dup
	}
	addDup := func(dup *ParamError) {
		if dup != nil {
			errs = append(errs, dup)
		}
	}

	base := Default()
	if name, ok, dup := first("preset"); ok {
		if p, err := Preset(name); err != nil {
			errs = append(errs, presetError(name))
		} else {
			base = p
		}
		addDup(dup)
	}

	c := base.Clone()
	given := make(map[string]bool)
	for i := range table {
		f := &table[i]
		s, ok, dup := first(f.Name)
		if !ok {
			continue
		}
		if err := f.Set(&c, s); err != nil {
			errs = append(errs, err.(*ParamError))
		} else {
			given[f.Name] = true
		}
		addDup(dup)
	}

	var unknown []string
	for key := range q {
		if key != "preset" && lookup(key) == nil {
			unknown = append(unknown, key)
		}
	}
	slices.Sort(unknown)
	for _, key := range unknown {
		value := ""
		if vs := q[key]; len(vs) > 0 {
			value = vs[0]
		}
		errs = append(errs, paramError(key, value, "is ignored: unknown parameter; allowed: preset, %s",
			strings.Join(fieldNames(), ", ")))
	}

	// Each pass reverts one parameter the query set, so this ends; the
	// preset itself satisfies every rule.
	for {
		r, blame := brokenRule(&c, given)
		if r == nil {
			break
		}
		errs = append(errs, r.err(&c, blame))
		f := lookup(blame)
		if err := f.Set(&c, f.Get(&base)); err != nil {
			panic("config: preset " + base.Preset + " has an invalid " + blame + ": " + err.Error())
		}
		delete(given, blame)
	}
	// A parameter set where it has no effect (a temperature for BYOL) is
	// refused rather than carried along unused.
	for i := range table {
		f := &table[i]
		if given[f.Name] && !f.Applies(&c) {
			errs = append(errs, paramError(f.Name, f.Get(&c), "is ignored: it %s", f.NotApplies(&c)))
			if err := f.Set(&c, f.Get(&base)); err != nil {
				panic("config: preset " + base.Preset + " has an invalid " + f.Name + ": " + err.Error())
			}
		}
	}
	return c, errs
}

// brokenRule returns the first rule c breaks and the parameter to blame
// for it: the first of its parameters the query set. It returns nil if no
// rule is broken, or if only rules that no set parameter is involved in
// are, which only a broken preset could cause.
func brokenRule(c *Config, given map[string]bool) (*rule, string) {
	for i := range rules {
		r := &rules[i]
		if r.ok(c) {
			continue
		}
		for _, p := range r.params {
			if given[p] {
				return r, p
			}
		}
	}
	return nil, ""
}

// fieldNames lists the field keys in display order.
func fieldNames() []string {
	names := make([]string, len(table))
	for i := range table {
		names[i] = table[i].Name
	}
	return names
}

// Encode returns the query that Decode turns back into c: "preset" and
// every field whose value differs from that preset's. For a valid c,
// Decode(c.Encode()) returns a Config equal to c and no errors. If c.Preset
// is not a known preset it is written anyway and the fields are compared
// with Default, so that the mistake shows in the URL.
func (c Config) Encode() url.Values {
	base, err := Preset(c.Preset)
	if err != nil {
		base = Default()
	}
	q := url.Values{"preset": {c.Preset}}
	for i := range table {
		f := &table[i]
		// The text forms are canonical, so comparing them compares values.
		if s := f.Get(&c); s != f.Get(&base) {
			q.Set(f.Name, s)
		}
	}
	return q
}

// Query returns c.Encode() as a query string with keys sorted, for a URL
// after '?'. It matches url.Values.Encode except that commas are left
// unescaped, so "panels=setup,adapt" stays readable in the iframe URL a
// course author pastes; url.ParseQuery reads both forms.
func (c Config) Query() string {
	return strings.ReplaceAll(c.Encode().Encode(), "%2C", ",")
}
