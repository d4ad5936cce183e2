package config

import (
	"fmt"
	"slices"
	"strings"
)

// Validate checks every field against its own rules and then the rules
// that relate fields to each other. It returns nil or an Errors holding one
// *ParamError per problem. A cross-field rule is checked only when the
// fields it involves are individually valid, so each mistake is reported
// once.
func (c Config) Validate() error {
	var errs Errors
	if _, err := Preset(c.Preset); err != nil {
		errs = append(errs, presetError(c.Preset))
	}
	bad := make(map[string]bool)
	for i := range table {
		f := &table[i]
		// Checking a value by parsing its text form reuses the one parser
		// and guarantees what Encode writes, Decode accepts. Set assigns
		// fresh slices, so the shallow copy leaves c untouched.
		d := c
		s := f.Get(&c)
		if err := f.Set(&d, s); err != nil {
			errs = append(errs, err.(*ParamError))
			bad[f.Name] = true
		} else if !f.same(&d, &c) {
			// Only a value the text form cannot express gets here, such as
			// a panel name containing ','.
			errs = append(errs, f.reject(s, "does not read back as the same value").(*ParamError))
			bad[f.Name] = true
		}
	}
	for _, r := range rules {
		if !slices.ContainsFunc(r.params, func(p string) bool { return bad[p] }) && !r.ok(&c) {
			errs = append(errs, r.err(&c, r.params[0]))
		}
	}
	// A field that does not apply keeps its preset's value: a value set
	// where it has no effect is a mistake to report, not to carry along.
	if base, err := Preset(c.Preset); err == nil && !bad["objective"] && !bad["data"] {
		for i := range table {
			f := &table[i]
			if !bad[f.Name] && !f.Applies(&c) && !f.same(&c, &base) {
				errs = append(errs, paramError(f.Name, f.Get(&c), "%s", f.NotApplies(&c)))
			}
		}
	}
	return errs.asError()
}

// WithoutInapplicable returns c with every field that does not apply to it
// put back to its preset's value, as the page does when a change of
// objective or dataset leaves a setting without effect.
func (c Config) WithoutInapplicable() Config {
	base, err := Preset(c.Preset)
	if err != nil {
		return c
	}
	c = c.Clone()
	for i := range table {
		f := &table[i]
		if !f.Applies(&c) && !f.same(&c, &base) {
			if err := f.Set(&c, f.Get(&base)); err != nil {
				panic("config: preset " + base.Preset + " has an invalid " + f.Name + ": " + err.Error())
			}
		}
	}
	return c
}

// rule is a constraint between fields.
type rule struct {
	// params are the fields involved. When a rule is broken, the first one
	// is blamed, unless the caller knows better (Decode blames the first
	// one that the query set, as the preset's values are known to agree).
	params []string
	ok     func(c *Config) bool
	// msg says what is wrong with the blamed field's value and what values
	// it may take given the others.
	msg func(c *Config, blame string) string
}

// err returns the error of a broken rule r, blaming param.
func (r *rule) err(c *Config, param string) *ParamError {
	return paramError(param, lookup(param).Get(c), "%s", r.msg(c, param))
}

var rules = []rule{
	{
		// An objective trains on one kind of data: the vector objectives
		// read augmented views of an example, the language models the
		// tokens of a sentence.
		params: []string{"objective", "data"},
		ok: func(c *Config) bool {
			s, ok := c.Objective.Spec()
			return !ok || slices.Contains(s.Kinds, c.Kind()) || c.Kind() == ""
		},
		msg: func(c *Config, blame string) string {
			if blame == "objective" {
				return fmt.Sprintf("does not train on data %q (%s); allowed with %q: %s",
					c.Dataset, c.Kind(), c.Dataset, strings.Join(objectivesFor(c.Kind()), ", "))
			}
			s, _ := c.Objective.Spec()
			return fmt.Sprintf("is not data objective %q trains on; allowed with objective %q: %s",
				c.Objective, c.Objective, strings.Join(datasetsOfKind(s.Kinds...), ", "))
		},
	},
	{
		// Each head attends in its own dmodel/heads dimensions.
		params: []string{"heads", "dmodel"},
		ok:     func(c *Config) bool { return !c.Objective.Uses("heads") || c.Heads > 0 && c.DModel%c.Heads == 0 },
		msg: func(c *Config, blame string) string {
			if blame == "heads" {
				return fmt.Sprintf("does not divide the model width %d; allowed with dmodel %d: %s", c.DModel, c.DModel, divisors(c.DModel, 16))
			}
			return fmt.Sprintf("is not a multiple of the %d attention heads; allowed with heads %d: a multiple of %d", c.Heads, c.Heads, c.Heads)
		},
	},
	{
		params: []string{"task", "data"},
		ok: func(c *Config) bool {
			d, _ := DatasetOf(c.Dataset)
			return d.Has(c.Task)
		},
		msg: func(c *Config, blame string) string {
			if blame == "task" {
				return fmt.Sprintf("is not available with data %q; allowed with %q: %s",
					c.Dataset, c.Dataset, strings.Join(tasksFor(c.Dataset), ", "))
			}
			return fmt.Sprintf("has no %s target; allowed with task %q: %s",
				c.Task, c.Task, strings.Join(datasetsWith(c.Task), ", "))
		},
	},
	{
		// Zero-shot means reading the answer off the representation with
		// no labels at all, which can recover classes (as clusters) but not
		// the scale of a regression target.
		params: []string{"shots", "task"},
		ok:     func(c *Config) bool { return c.Shots != 0 || c.Task != Regression },
		msg: func(c *Config, blame string) string {
			if blame == "shots" {
				f := lookup("shots")
				return fmt.Sprintf("(zero-shot) needs task \"classification\"; allowed with task %q: -1 or 1 to %s",
					c.Task, formatBound(Int, f.Max))
			}
			return "has no zero-shot evaluation (shots 0); allowed with shots 0: classification"
		},
	},
}

// objectivesFor lists the objectives that train on data of kind k.
func objectivesFor(k DataKind) []string {
	var out []string
	for _, o := range objectives {
		if slices.Contains(o.Kinds, k) {
			out = append(out, string(o.Name))
		}
	}
	return out
}

// divisors lists the divisors of n up to hi, as "1, 2, 4".
func divisors(n, hi int) string {
	var out []string
	for d := 1; d <= min(n, hi); d++ {
		if n%d == 0 {
			out = append(out, fmt.Sprint(d))
		}
	}
	return strings.Join(out, ", ")
}

// tasksFor lists the tasks available on dataset.
func tasksFor(dataset string) []string {
	d, _ := DatasetOf(dataset)
	out := make([]string, len(d.Tasks))
	for i, t := range d.Tasks {
		out[i] = string(t)
	}
	return out
}
