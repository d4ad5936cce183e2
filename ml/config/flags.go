package config

import (
	"errors"
	"flag"
	"net/url"
	"strings"
)

// Flags connects a Config to a flag.FlagSet. Create it with NewFlags before
// parsing and call Config after.
type Flags struct {
	fs     *flag.FlagSet
	preset *flagValue
	values map[string]*flagValue
}

// NewFlags registers on fs a -preset flag and one flag per field, named
// after the field, with the field's help and allowed values as usage and the
// default preset's value as default. Each flag checks its value as it is
// parsed, so fs.Parse reports a malformed or out-of-range value with the
// field's message. NewFlags panics, like fs.Var, if fs already has a flag
// of one of those names.
func NewFlags(fs *flag.FlagSet) *Flags {
	def := Default()
	f := &Flags{fs: fs, values: make(map[string]*flagValue)}
	f.preset = &flagValue{text: DefaultPreset, set: func(s string) error {
		if _, err := Preset(s); err != nil {
			return err
		}
		return nil
	}}
	fs.Var(f.preset, "preset", "preset to start from; the other flags override its values (their defaults shown are "+
		DefaultPreset+"'s); allowed: "+strings.Join(PresetNames(), ", "))
	for i := range table {
		fd := &table[i]
		v := &flagValue{text: fd.Get(&def), set: func(s string) error {
			// Check on a scratch Config: the value is applied by Config,
			// on top of the preset, which is not known yet.
			scratch := def
			return fd.Set(&scratch, s)
		}}
		f.values[fd.Name] = v
		usage := fd.Help + "; allowed: " + fd.Allowed()
		if fd.Kind == Bool {
			fs.Var(boolFlagValue{v}, fd.Name, usage)
		} else {
			fs.Var(v, fd.Name, usage)
		}
	}
	return f
}

// Config returns the configuration the parsed flags describe: the preset
// given by -preset, overridden by exactly the field flags that were set on
// the command line, through Decode. Flags left at their defaults do not
// override the preset, so "-preset digits-mae" gets the MAE preset's
// projector, not the default's. A flag given twice counts with its last
// value, as usual for flags. The error, if any, is an Errors; the returned
// Config is then Decode's fallback and still valid.
func (f *Flags) Config() (Config, error) {
	q := url.Values{}
	f.fs.Visit(func(fl *flag.Flag) {
		switch {
		case fl.Name == "preset":
			q.Set("preset", f.preset.text)
		case f.values[fl.Name] != nil:
			q.Set(fl.Name, f.values[fl.Name].text)
		}
	})
	c, errs := Decode(q)
	return c, errs.asError()
}

// flagValue is a flag.Value that checks and remembers the last text given.
type flagValue struct {
	text string
	set  func(string) error
}

// String returns the current text. flag.PrintDefaults calls it on a zero
// flagValue, so it must not assume set is non-nil.
func (v *flagValue) String() string {
	if v == nil {
		return ""
	}
	return v.text
}

func (v *flagValue) Set(s string) error {
	if err := v.set(s); err != nil {
		var pe *ParamError
		if errors.As(err, &pe) {
			// The flag package names the flag and quotes the value
			// itself: "invalid value "0" for flag -batch: <Msg>".
			return flagError{pe}
		}
		return err
	}
	v.text = s
	return nil
}

// flagError is a ParamError as a flag's Set returns it: the message alone.
type flagError struct{ *ParamError }

func (e flagError) Error() string { return e.Msg }
func (e flagError) Unwrap() error { return e.ParamError }

// boolFlagValue lets a Bool field be given as a bare -name, which the flag
// package passes as "true".
type boolFlagValue struct{ *flagValue }

func (boolFlagValue) IsBoolFlag() bool { return true }
