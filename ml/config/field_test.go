package config

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
	"testing"
)

// fieldCase lists values for one field beyond those its Kind implies (see
// kindCases): good values with their canonical text ("" means the value
// itself), and bad values with a fragment the message must contain.
type fieldCase struct {
	good map[string]string
	bad  map[string]string
}

var fieldCases = map[string]fieldCase{
	"data":      {good: map[string]string{"spirals": "", "csv": ""}, bad: map[string]string{"excel": "not one of the choices", "Digits": `did you mean "digits"`}},
	"task":      {good: map[string]string{"regression": ""}, bad: map[string]string{"reg": "not one of"}},
	"objective": {good: map[string]string{"mae": "", "barlow": ""}, bad: map[string]string{"barlowtwins": "not one of", "SimCLR": `did you mean "simclr"`}},
	"enc": {
		good: map[string]string{"128-64": "", "1": "", "1024-1024-1024-1024": "", "064-32": "64-32", "+8": "8"},
		bad: map[string]string{
			"1-2-3-4-5": "has 5 widths", "128--64": "empty width", "128-": "empty width", "-64": "empty width",
			"none": "is not a whole number", "0-8": `width "0", which is out of range`,
			"8-1025": `width "1025", which is out of range`, "8.5": "not a whole number", "8,4": "not a whole number",
			"1e2": "not a whole number", "99999999999999999999": "out of range",
		},
	},
	"proj": {
		good: map[string]string{"none": "", "": "none", "64-32": "", "1-1-1": "", "1024": ""},
		bad:  map[string]string{"1-2-3-4": "has 4 widths", "None": "not a whole number", "0": "out of range", "-": "empty width"},
	},
	"pred":      {good: map[string]string{"32": ""}},
	"act":       {good: map[string]string{"gelu": ""}, bad: map[string]string{"sigmoid": "not one of"}},
	"epochs":    {good: map[string]string{"50": "", "007": "7", "+5": "5"}},
	"batch":     {good: map[string]string{"64": ""}},
	"lr":        {good: map[string]string{"1e-3": "0.001", "0.002": "", ".5": "0.5", "1E-2": "0.01"}, bad: map[string]string{"abc": "is not a number", "1e-7": "out of range", "0x1p-30": "out of range"}},
	"opt":       {good: map[string]string{"sgd": ""}, bad: map[string]string{"rmsprop": "not one of"}},
	"wd":        {good: map[string]string{"1e-5": "1e-05", "-0": "0"}},
	"temp":      {good: map[string]string{"0.5": ""}},
	"lambda":    {good: map[string]string{"0.005": ""}},
	"ema":       {good: map[string]string{"0.99": ""}, bad: map[string]string{"1": "out of range"}},
	"mask":      {good: map[string]string{"0.75": ""}, bad: map[string]string{"0": "out of range"}},
	"dmodel":    {good: map[string]string{"64": "", "4": ""}, bad: map[string]string{"3": "out of range", "64.0": "not a whole number"}},
	"layers":    {good: map[string]string{"2": ""}, bad: map[string]string{"0": "out of range", "13": "out of range"}},
	"heads":     {good: map[string]string{"4": ""}, bad: map[string]string{"0": "out of range"}},
	"ffn":       {good: map[string]string{"256": ""}, bad: map[string]string{"0": "out of range"}},
	"maxlen":    {good: map[string]string{"32": "", "2": ""}, bad: map[string]string{"33": "out of range", "1": "out of range"}},
	"steps":     {good: map[string]string{"0": "", "250": ""}, bad: map[string]string{"-1": "out of range"}},
	"window":    {good: map[string]string{"5": ""}, bad: map[string]string{"0": "out of range", "11": "out of range"}},
	"kneg":      {good: map[string]string{"5": ""}, bad: map[string]string{"0": "out of range"}},
	"tsents":    {good: map[string]string{"0": "", "1000": ""}, bad: map[string]string{"-1": "out of range"}},
	"lsents":    {good: map[string]string{"0": "", "2000": ""}, bad: map[string]string{"-1": "out of range"}},
	"rot":       {good: map[string]string{"15": "", "22.5": ""}},
	"scale":     {good: map[string]string{"0.15": ""}},
	"shift":     {good: map[string]string{"1": ""}},
	"drop":      {good: map[string]string{"0.1": ""}},
	"cutout":    {good: map[string]string{"4": ""}},
	"noise":     {good: map[string]string{"0.05": ""}},
	"jitter":    {good: map[string]string{"0.1": ""}},
	"seed":      {good: map[string]string{"0": "", "9007199254740991": ""}, bad: map[string]string{"9007199254740992": "out of range", "18446744073709551615": "out of range"}},
	"shots":     {good: map[string]string{"-1": "", "0": ""}, bad: map[string]string{"-2": "out of range"}},
	"fsseeds":   {good: map[string]string{"3": ""}},
	"aepochs":   {good: map[string]string{"100": ""}},
	"negatives": {},
	"stopgrad":  {},
	"vsim":      {good: map[string]string{"25": ""}},
	"vvar":      {good: map[string]string{"0": ""}},
	"vcov":      {good: map[string]string{"1": ""}},
	"corrupt":   {good: map[string]string{"0.6": ""}, bad: map[string]string{"1": "out of range"}},
	"hops":      {good: map[string]string{"1": "", "300": ""}, bad: map[string]string{"0": "out of range", "1001": "out of range"}},
	"neighbours": {good: map[string]string{"0": "", "10": "", "64": ""},
		bad: map[string]string{"-1": "out of range", "65": "out of range", "2.5": "not a whole number", "ten": "not a whole number"}},
	"ftlr": {good: map[string]string{"0.001": ""}},
	"parent": {
		good: map[string]string{"": "", "https://notes.example.org": "", "http://127.0.0.1:8080": "", "http://localhost:1": ""},
		bad: map[string]string{
			"notes.example.org": "not an origin", "ftp://x.org": "not an origin", "https://": "no valid host",
			"https://x.org/": "character '/'", "https://X.org": "character 'X'", "https://x.org:0": `port "0"`,
			"https://x.org:80/a": `port "80/a"`, "https://a..b": "no valid host", "https://x.org?a=1": "character '?'",
			"javascript://x": "not an origin", strings.Repeat("x", 201): "too long",
		},
	},
	"ckpt": {
		good: map[string]string{"": "", "digits-simclr_v2.ckpt": "", "A.b.c": "", strings.Repeat("x", 64): ""},
		bad: map[string]string{
			"../secret": "character '/'", "a/b": "character '/'", `a\b`: `character '\\'`, "a..b": "contains '..'",
			".hidden": "starts with '.'", ".": "starts with '.'", "a b": "character ' '", "é.ckpt": "character 'é'",
			strings.Repeat("x", 65): "too long (65 bytes)", "a%2Fb": "character '%'", "a\x00b": `character '\x00'`,
		},
	},
	"workers": {good: map[string]string{"8": ""}},
	"panels": {
		good: map[string]string{"setup": "", "adapt,setup": "", "setup,pretrain,adapt,ideas": ""},
		bad: map[string]string{
			"": "is empty", "setup,": "empty name", ",setup": "empty name", "setup,,adapt": "empty name",
			"setup,setup": `"setup" twice`, "setup,train": `unknown name "train"`, "Setup": `did you mean "setup"`,
			"setup adapt": "unknown name",
		},
	},
	"std":     {},
	"pstd":    {},
	"embed":   {},
	"autorun": {},
}

// kindCases returns the values every field of f's Kind must accept and
// reject: the ends of its range and common malformations.
func kindCases(f *Field) (good []string, bad map[string]string) {
	bad = map[string]string{"<script>alert(1)</script>": "", strings.Repeat("9", 300): "too long (300 bytes)"}
	switch f.Kind {
	case Int:
		lo, hi := int64(f.Min), int64(f.Max)
		good = []string{strconv.FormatInt(lo, 10), strconv.FormatInt(hi, 10)}
		bad[strconv.FormatInt(lo-1, 10)] = "is out of range"
		bad[strconv.FormatInt(hi+1, 10)] = "is out of range"
		for _, s := range []string{"", " 1", "1 ", "1.5", "1.0", "1e3", "0x10", "1_0", "abc", "NaN"} {
			bad[s] = "not a whole number"
		}
		bad[""] = "is empty"
	case Float:
		good = []string{formatFloat(f.Min), formatFloat(f.Max)}
		bad[formatFloat(math.Nextafter(f.Min, math.Inf(-1)))] = "is out of range"
		bad[formatFloat(math.Nextafter(f.Max, math.Inf(1)))] = "is out of range"
		bad["1e400"] = "is out of range"
		bad["-1e400"] = "is out of range"
		for _, s := range []string{"NaN", "nan", "Inf", "+Inf", "-Inf", "infinity"} {
			bad[s] = "is not a finite number"
		}
		for _, s := range []string{"abc", " 1", "1,5", "1..2", "0.5x"} {
			bad[s] = "is not a number"
		}
		bad[""] = "is empty"
	case Enum:
		good = f.choices()
		bad[""] = "not one of the choices"
		bad[strings.ToUpper(good[0])] = "case-sensitive"
		bad[" "+good[0]] = "not one of the choices"
	case IntList:
		good = []string{f.example, strconv.Itoa(int(f.Min)), strconv.Itoa(int(f.Max))}
		bad[strings.Repeat("8-", f.MaxLen)+"8"] = fmt.Sprintf("has %d widths", f.MaxLen+1)
	case Bool:
		good = []string{"0", "1", "true", "false"}
		for _, s := range []string{"", "2", "yes", "TRUE", "True", "on", "01", strings.Repeat("9", 300)} {
			bad[s] = "is not a boolean"
		}
	case StringList:
		good = f.choices()
	}
	return good, bad
}

// TestFieldSet checks every field against kindCases and fieldCases: good
// values are stored and read back in canonical form, bad ones leave the
// Config alone and get a message naming the field, quoting the value and
// saying what is allowed.
func TestFieldSet(t *testing.T) {
	for _, f := range Fields() {
		t.Run(f.Name, func(t *testing.T) {
			fc, ok := fieldCases[f.Name]
			if !ok {
				t.Fatalf("no fieldCases entry for %q", f.Name)
			}
			good, bad := kindCases(lookup(f.Name))
			goodCanon := map[string]string{}
			for _, s := range good {
				goodCanon[s] = ""
			}
			for s, canon := range fc.good {
				goodCanon[s] = canon
			}
			for s, want := range fc.bad {
				bad[s] = want
			}
			for s, canon := range goodCanon {
				if canon == "" {
					canon = s
				}
				if f.Kind == Bool {
					canon = map[string]string{"0": "0", "false": "0", "1": "1", "true": "1"}[s]
				}
				c := Default()
				if err := f.Set(&c, s); err != nil {
					t.Errorf("Set(%q): %v", s, err)
					continue
				}
				if got := f.Get(&c); got != canon {
					t.Errorf("Set(%q) then Get = %q, want %q", s, got, canon)
				}
				d := Default()
				if err := f.Set(&d, f.Get(&c)); err != nil || !d.Equal(c) {
					t.Errorf("Set(Get()) after Set(%q): err %v, equal %v", s, err, d.Equal(c))
				}
			}
			for s, want := range bad {
				c := Default()
				err := f.Set(&c, s)
				if err == nil {
					t.Errorf("Set(%q) accepted, Get = %q", s, f.Get(&c))
					continue
				}
				checkParamError(t, err, f.Name, s, "allowed: "+f.Allowed())
				if !strings.Contains(err.Error(), want) {
					t.Errorf("Set(%q) = %q, want it to contain %q", s, err, want)
				}
				if !c.Equal(Default()) {
					t.Errorf("rejected Set(%q) changed the config", s)
				}
			}
		})
	}
}

// checkParamError checks that err is a *ParamError about param and value
// whose message contains want.
func checkParamError(t *testing.T, err error, param, value, want string) {
	t.Helper()
	var pe *ParamError
	if !errors.As(err, &pe) {
		t.Errorf("error %v (%T) is not a *ParamError", err, err)
		return
	}
	msg := err.Error()
	prefix := fmt.Sprintf("parameter %q: value %q ", truncate(param), truncate(value))
	if pe.Param != truncate(param) || pe.Value != truncate(value) || !strings.HasPrefix(msg, prefix) {
		t.Errorf("error %q: want param %q, value %q (prefix %q)", msg, param, value, prefix)
	}
	if !strings.Contains(msg, want) {
		t.Errorf("error %q does not contain %q", msg, want)
	}
}

func TestFieldsMetadata(t *testing.T) {
	seen := map[string]bool{"preset": true}
	for _, f := range Fields() {
		if seen[f.Name] {
			t.Errorf("duplicate field name %q", f.Name)
		}
		seen[f.Name] = true
		if f.Label == "" || f.Help == "" || f.Get == nil || f.Set == nil {
			t.Errorf("field %q lacks a label, help, Get or Set", f.Name)
		}
		if strings.ContainsAny(f.Help, "\n") {
			t.Errorf("field %q: help is not one line", f.Name)
		}
		if (f.Kind == Enum || f.Kind == StringList) != (len(f.Choices) > 0) {
			t.Errorf("field %q (%v): choices %v", f.Name, f.Kind, f.Choices)
		}
		if f.Allowed() == "" {
			t.Errorf("field %q: empty Allowed", f.Name)
		}
		g, ok := Lookup(f.Name)
		if !ok || g.Name != f.Name {
			t.Errorf("Lookup(%q) = %v, %v", f.Name, g.Name, ok)
		}
	}
	if _, ok := Lookup("preset"); ok {
		t.Error(`Lookup("preset") found a field; preset is not a field`)
	}
	if _, ok := Lookup("nope"); ok {
		t.Error(`Lookup("nope") found a field`)
	}
	// Callers get copies: changing them must not reach the table.
	fs := Fields()
	fs[0].Choices[0] = "changed"
	fs[0].Name = "changed"
	if f, _ := Lookup("data"); f.Choices[0] != "digits" {
		t.Errorf("modifying Fields() changed the table: %v", f.Choices)
	}
}

func TestParamErrorMessage(t *testing.T) {
	f, _ := Lookup("lr")
	c := Default()
	err := f.Set(&c, "abc")
	const want = `parameter "lr": value "abc" is not a number; allowed: 1e-06 to 10`
	if err == nil || err.Error() != want {
		t.Errorf("got %v, want %s", err, want)
	}
}

func TestParamErrorQuotesHostileInput(t *testing.T) {
	for _, tc := range []struct{ in, value string }{
		{"<script>alert(1)</script>", "<script>alert(1)</script>"},
		{strings.Repeat("a", 40), strings.Repeat("a", 40)},
		{strings.Repeat("a", 41), strings.Repeat("a", 40) + "…"},
		{strings.Repeat("é", 50), strings.Repeat("é", 40) + "…"},
		{"x\n\x00\"y", "x\n\x00\"y"},
		{"\xff\xfe", "\xff\xfe"},
	} {
		f, _ := Lookup("act")
		c := Default()
		err := f.Set(&c, tc.in)
		var pe *ParamError
		if !errors.As(err, &pe) {
			t.Fatalf("Set(%q) = %v", tc.in, err)
		}
		if pe.Value != tc.value {
			t.Errorf("Set(%q): Value = %q, want %q", tc.in, pe.Value, tc.value)
		}
		msg := err.Error()
		if !strings.Contains(msg, strconv.Quote(tc.value)) || strings.ContainsAny(msg, "\n\x00") {
			t.Errorf("Set(%q): message %q does not quote the value safely", tc.in, msg)
		}
	}
}
