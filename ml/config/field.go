package config

import (
	"slices"
	"strconv"
	"strings"
)

// Kind is the type of a parameter's value, which decides its text form and
// the kind of UI control that edits it.
type Kind int

const (
	Int        Kind = iota // base-10 integer in [Min, Max]
	Float                  // finite number in [Min, Max]
	Enum                   // one of Choices, exactly (case-sensitive)
	IntList                // MinLen..MaxLen integers in [Min, Max] joined by '-'; "none" when empty
	StringList             // MinLen..MaxLen distinct Choices joined by ','
	Bool                   // "0" or "1" ("false" and "true" are accepted too)
	String                 // free text of at most MaxLen bytes, with a field-specific charset
)

var kindNames = [...]string{"int", "float", "enum", "int list", "string list", "bool", "string"}

func (k Kind) String() string {
	if k >= 0 && int(k) < len(kindNames) {
		return kindNames[k]
	}
	return "Kind(" + strconv.Itoa(int(k)) + ")"
}

// Field describes one parameter of a Config: its key, how to show it and
// which values it accepts. The Get and Set functions are the only way the
// URL, flag and UI code touch a Config, which keeps them in agreement.
type Field struct {
	Name  string // key in URLs and flags
	Label string // short label for a UI control
	Help  string // one-line explanation for tooltips and flag usage
	Kind  Kind
	// Group is the set-up column's group of the field, one of the Group
	// constants; Affects says which results the value changes.
	Group   string
	Affects Affects

	// Min and Max bound Int and Float values and each element of an IntList.
	Min, Max float64
	// MinLen and MaxLen bound the number of elements of an IntList or a
	// StringList, and MaxLen the length in bytes of a String.
	MinLen, MaxLen int
	// Choices are the allowed values of an Enum or elements of a StringList.
	Choices []string

	// Get returns the canonical text of the field's value in c: the form
	// written to URLs, which Set parses back to exactly the same value.
	Get func(c *Config) string
	// Set parses s, checks it against this field's own rules, and stores it
	// in c. On error it leaves c unchanged and returns a *ParamError naming
	// the field, quoting s and saying what is allowed. Rules that involve
	// other fields are left to Config.Validate.
	Set func(c *Config, s string) error

	// choices returns the current Choices; a function because DatasetNames
	// may grow after the table is built.
	choices func() []string
	// example is a valid value shown in messages about lists.
	example string
	// same reports whether a and b hold the same value of this field.
	same func(a, b *Config) bool
	// scope says where the field applies (see Applies).
	scope scope
	// allowed, if set, describes a String field's values for Allowed.
	allowed string
}

// Affects is the part of a run a setting changes.
type Affects string

const (
	// AffectsPretraining: the pretrained encoder, and so every result.
	AffectsPretraining Affects = "pretraining"
	// AffectsAdaptation: the adaptation's results only; a finished run's
	// encoder can be adapted again.
	AffectsAdaptation Affects = "adaptation"
	// AffectsNothing: how the page looks or how fast the run goes, never
	// its numbers.
	AffectsNothing Affects = "nothing"
)

// affecting returns f affecting a.
func (f Field) affecting(a Affects) Field {
	f.Affects = a
	return f
}

// in returns f with scope s.
func (f Field) in(s scope) Field {
	f.scope = s
	return f
}

// Applies reports whether the field's value matters to a run of c: the
// temperature only to SimCLR, rotations only to images. Controls of fields
// that do not apply are tucked away, a query that sets one is refused (see
// Decode), and Validate refuses a value that differs from the preset's.
func (f *Field) Applies(c *Config) bool { return f.scope.applies(f.Name, c) }

// NotApplies says why the field does not apply to c and where it does, as
// in `does not apply to objective "simclr"; it applies with objective
// "simsiam" or "byol"`. It is meant for a field that Applies(c) refuses.
func (f *Field) NotApplies(c *Config) string { return f.scope.explain(f.Name, c) }

// Allowed describes the values the field accepts, as used in its messages
// and flag usage, e.g. "1e-06 to 10" or "relu, tanh, gelu".
func (f *Field) Allowed() string {
	switch f.Kind {
	case Int, Float:
		return formatBound(f.Kind, f.Min) + " to " + formatBound(f.Kind, f.Max)
	case Enum:
		return strings.Join(f.choices(), ", ")
	case IntList:
		// An empty list is written "none", so the counts start at one.
		s := countRange(max(f.MinLen, 1), f.MaxLen) + " widths from " + formatBound(Int, f.Min) + " to " +
			formatBound(Int, f.Max) + " joined by '-', as in " + f.example
		if f.MinLen == 0 {
			s = "none, or " + s
		}
		return s
	case StringList:
		return countRange(f.MinLen, f.MaxLen) + " of " + strings.Join(f.choices(), ", ") +
			" joined by ',', each at most once, as in " + f.example
	case Bool:
		return "0 or 1"
	case String:
		if f.allowed != "" {
			return f.allowed
		}
		return "empty for none, or up to " + strconv.Itoa(f.MaxLen) +
			" letters, digits, '-', '_' and '.', not starting with '.' and without '..'"
	}
	return ""
}

// countRange formats a range of counts, e.g. "1 to 4" or "exactly 2".
func countRange(lo, hi int) string {
	if lo == hi {
		return "exactly " + strconv.Itoa(lo)
	}
	return strconv.Itoa(lo) + " to " + strconv.Itoa(hi)
}

// formatBound writes a range bound the way a user would type it.
func formatBound(k Kind, v float64) string {
	if k == Int {
		return strconv.FormatFloat(v, 'f', -1, 64)
	}
	return formatFloat(v)
}

// Fields returns the parameters in display order. The "preset" key is not a
// field: it selects the starting point rather than one value (see Preset,
// Decode and NewFlags). The result is a fresh copy the caller may modify.
func Fields() []Field {
	out := make([]Field, len(table))
	for i := range table {
		out[i] = table[i].public()
	}
	return out
}

// Lookup returns the field with the given key.
func Lookup(name string) (Field, bool) {
	if f := lookup(name); f != nil {
		return f.public(), true
	}
	return Field{}, false
}

// lookup returns the table entry for name, or nil.
func lookup(name string) *Field {
	for i := range table {
		if table[i].Name == name {
			return &table[i]
		}
	}
	return nil
}

// public returns a copy of f with Choices filled in from the current lists,
// so a caller modifying them cannot affect the table.
func (f *Field) public() Field {
	g := *f
	if f.choices != nil {
		g.Choices = slices.Clone(f.choices())
	}
	return g
}
