package config

import (
	"errors"
	"math"
	"slices"
	"strconv"
	"strings"
)

// This file builds Fields of each Kind. Each constructor returns a Field
// whose Set parses into a local first and stores only a fully checked
// value, so a rejected value never leaves c half-changed.

// maxValueLen caps the text of any value. Nothing valid comes near it, and
// refusing longer input up front bounds the work a hostile URL can cause.
const maxValueLen = 256

// reject returns the standard error of field f for value s: the problem,
// then what is allowed. problem is a format for args and must not contain
// user text: that goes in args.
func (f *Field) reject(s, problem string, args ...any) error {
	return paramError(f.Name, s, problem+"; allowed: %s", append(args, f.Allowed())...)
}

// checkLen rejects values longer than maxValueLen.
func (f *Field) checkLen(s string) error {
	if len(s) > maxValueLen {
		return f.reject(s, "is too long (%d bytes)", len(s))
	}
	return nil
}

// intField returns an Int field stored at p(c), accepting lo..hi.
func intField[T int | uint64](name, label, help string, lo, hi int64, p func(*Config) *T) Field {
	f := &Field{Name: name, Label: label, Help: help, Kind: Int, Min: float64(lo), Max: float64(hi)}
	f.same = func(a, b *Config) bool { return *p(a) == *p(b) }
	f.Get = func(c *Config) string {
		switch v := any(*p(c)).(type) {
		case int:
			return strconv.Itoa(v)
		case uint64:
			return strconv.FormatUint(v, 10)
		}
		panic("unreachable")
	}
	f.Set = func(c *Config, s string) error {
		v, err := f.parseInt(s, s, lo, hi)
		if err != nil {
			return err
		}
		*p(c) = T(v)
		return nil
	}
	return *f
}

// parseInt parses one base-10 integer part of value and checks it is in
// lo..hi. Exponents and fractions ("1e3", "1.0") are refused: an integer
// parameter written that way is more likely a mistake than intended.
func (f *Field) parseInt(part, value string, lo, hi int64) (int64, error) {
	if err := f.checkLen(value); err != nil {
		return 0, err
	}
	// For a list element, say which element is wrong. The element goes in
	// through args, never into the format, as it is user text.
	subject, args := "is", []any(nil)
	if part != value {
		subject, args = "has width %q, which is", []any{truncate(part)}
	}
	if part == "" {
		if part == value {
			return 0, f.reject(value, "is empty")
		}
		return 0, f.reject(value, "has an empty width")
	}
	v, err := strconv.ParseInt(part, 10, 64)
	switch {
	case errors.Is(err, strconv.ErrRange):
		return 0, f.reject(value, subject+" out of range", args...)
	case err != nil:
		return 0, f.reject(value, subject+" not a whole number", args...)
	case v < lo || v > hi:
		return 0, f.reject(value, subject+" out of range", args...)
	}
	return v, nil
}

// floatField returns a Float field stored at p(c), accepting finite values
// in lo..hi.
func floatField(name, label, help string, lo, hi float64, p func(*Config) *float64) Field {
	f := &Field{Name: name, Label: label, Help: help, Kind: Float, Min: lo, Max: hi}
	f.same = func(a, b *Config) bool { return *p(a) == *p(b) }
	f.Get = func(c *Config) string { return formatFloat(*p(c)) }
	f.Set = func(c *Config, s string) error {
		if err := f.checkLen(s); err != nil {
			return err
		}
		if s == "" {
			return f.reject(s, "is empty")
		}
		v, err := strconv.ParseFloat(s, 64)
		switch {
		case errors.Is(err, strconv.ErrRange):
			return f.reject(s, "is out of range")
		case err != nil:
			return f.reject(s, "is not a number")
		case math.IsNaN(v) || math.IsInf(v, 0):
			return f.reject(s, "is not a finite number")
		case v < lo || v > hi:
			return f.reject(s, "is out of range")
		}
		// Adding zero turns -0 into 0, so "-0" does not linger in URLs.
		*p(c) = v + 0
		return nil
	}
	return *f
}

// formatFloat writes v in the shortest form that parses back to exactly v.
func formatFloat(v float64) string { return strconv.FormatFloat(v, 'g', -1, 64) }

// enumField returns an Enum field stored at p(c), accepting the names
// listed by choices.
func enumField[T ~string](name, label, help string, choices func() []string, p func(*Config) *T) Field {
	f := &Field{Name: name, Label: label, Help: help, Kind: Enum, choices: choices}
	f.same = func(a, b *Config) bool { return *p(a) == *p(b) }
	f.Get = func(c *Config) string { return string(*p(c)) }
	f.Set = func(c *Config, s string) error {
		if err := f.checkLen(s); err != nil {
			return err
		}
		if !slices.Contains(choices(), s) {
			return f.reject(s, "is not one of the choices%s", caseHint(s, choices()))
		}
		*p(c) = T(s)
		return nil
	}
	return *f
}

// caseHint points out a choice that s matches but for letter case, the
// likeliest slip when typing a URL by hand.
func caseHint(s string, choices []string) string {
	for _, ch := range choices {
		if strings.EqualFold(s, ch) {
			return " (names are case-sensitive: did you mean " + strconv.Quote(ch) + "?)"
		}
	}
	return ""
}

// intListField returns an IntList field stored at p(c), accepting minLen
// to maxLen elements in lo..hi. When minLen is 0 the empty list is written
// "none", and "" is accepted for it too.
func intListField(name, label, help string, minLen, maxLen int, lo, hi int64, example string, p func(*Config) *[]int) Field {
	f := &Field{Name: name, Label: label, Help: help, Kind: IntList,
		Min: float64(lo), Max: float64(hi), MinLen: minLen, MaxLen: maxLen, example: example}
	f.same = func(a, b *Config) bool { return slices.Equal(*p(a), *p(b)) }
	none := ""
	if minLen == 0 {
		none = "none"
	}
	f.Get = func(c *Config) string { return formatInts(*p(c), none) }
	f.Set = func(c *Config, s string) error {
		if err := f.checkLen(s); err != nil {
			return err
		}
		if minLen == 0 && (s == "" || s == "none") {
			*p(c) = nil
			return nil
		}
		if s == "" {
			return f.reject(s, "is empty")
		}
		parts := strings.Split(s, "-")
		if len(parts) < minLen || len(parts) > maxLen {
			return f.reject(s, "has %d widths", len(parts))
		}
		v := make([]int, len(parts))
		for i, part := range parts {
			x, err := f.parseInt(part, s, lo, hi)
			if err != nil {
				return err
			}
			v[i] = int(x)
		}
		*p(c) = v
		return nil
	}
	return *f
}

// formatInts joins v with '-', or returns none for an empty v.
func formatInts(v []int, none string) string {
	if len(v) == 0 {
		return none
	}
	s := make([]string, len(v))
	for i, x := range v {
		s[i] = strconv.Itoa(x)
	}
	return strings.Join(s, "-")
}

// stringListField returns a StringList field stored at p(c), accepting
// minLen or more distinct names listed by choices, in any order.
func stringListField(name, label, help string, minLen int, choices func() []string, example string, p func(*Config) *[]string) Field {
	f := &Field{Name: name, Label: label, Help: help, Kind: StringList,
		MinLen: minLen, MaxLen: len(choices()), choices: choices, example: example}
	f.same = func(a, b *Config) bool { return slices.Equal(*p(a), *p(b)) }
	f.Get = func(c *Config) string { return strings.Join(*p(c), ",") }
	f.Set = func(c *Config, s string) error {
		if err := f.checkLen(s); err != nil {
			return err
		}
		if s == "" {
			if minLen > 0 {
				return f.reject(s, "is empty")
			}
			*p(c) = nil
			return nil
		}
		parts := strings.Split(s, ",")
		for i, part := range parts {
			switch {
			case part == "":
				return f.reject(s, "has an empty name")
			case !slices.Contains(choices(), part):
				return f.reject(s, "has unknown name %q%s", truncate(part), caseHint(part, choices()))
			case slices.Contains(parts[:i], part):
				return f.reject(s, "has %q twice", part)
			}
		}
		if len(parts) < minLen {
			return f.reject(s, "has %d names", len(parts))
		}
		*p(c) = parts
		return nil
	}
	return *f
}

// boolField returns a Bool field stored at p(c). It writes "0" and "1",
// which read well in URLs, and also accepts "false" and "true", which the
// flag package passes for a bare -name.
func boolField(name, label, help string, p func(*Config) *bool) Field {
	f := &Field{Name: name, Label: label, Help: help, Kind: Bool}
	f.same = func(a, b *Config) bool { return *p(a) == *p(b) }
	f.Get = func(c *Config) string {
		if *p(c) {
			return "1"
		}
		return "0"
	}
	f.Set = func(c *Config, s string) error {
		switch s {
		case "0", "false":
			*p(c) = false
		case "1", "true":
			*p(c) = true
		default:
			return f.reject(s, "is not a boolean")
		}
		return nil
	}
	return *f
}

// fileNameField returns a String field stored at p(c) holding the base name
// of a shipped file, or "" for none. The charset keeps the name safe to join
// to a directory or a URL path: no separators, no "..", no hidden files.
func fileNameField(name, label, help string, maxLen int, p func(*Config) *string) Field {
	f := &Field{Name: name, Label: label, Help: help, Kind: String, MaxLen: maxLen}
	f.same = func(a, b *Config) bool { return *p(a) == *p(b) }
	f.Get = func(c *Config) string { return *p(c) }
	f.Set = func(c *Config, s string) error {
		if len(s) > maxLen {
			return f.reject(s, "is too long (%d bytes)", len(s))
		}
		for _, r := range s {
			if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '_' || r == '.') {
				return f.reject(s, "has the character %q", r)
			}
		}
		switch {
		case strings.HasPrefix(s, "."):
			return f.reject(s, "starts with '.'")
		case strings.Contains(s, ".."):
			return f.reject(s, "contains '..'")
		}
		*p(c) = s
		return nil
	}
	return *f
}

// originField returns a String field stored at p(c) holding a web origin,
// scheme://host[:port] with scheme http or https and nothing after the
// host, or "" for none. The charset keeps it a plain origin: letters,
// digits, '-', '.', ':' and the "://" (no path, query, user or spaces), so
// that the page can compare it with a message's origin as it is.
func originField(name, label, help string, maxLen int, p func(*Config) *string) Field {
	f := &Field{Name: name, Label: label, Help: help, Kind: String, MaxLen: maxLen,
		allowed: "empty for any, or an origin of at most " + strconv.Itoa(maxLen) + " bytes, as in https://notes.example.org or http://127.0.0.1:8080"}
	f.same = func(a, b *Config) bool { return *p(a) == *p(b) }
	f.Get = func(c *Config) string { return *p(c) }
	f.Set = func(c *Config, s string) error {
		if len(s) > maxLen {
			return f.reject(s, "is too long (%d bytes)", len(s))
		}
		if s == "" {
			*p(c) = ""
			return nil
		}
		scheme, host, ok := strings.Cut(s, "://")
		if !ok || scheme != "http" && scheme != "https" {
			return f.reject(s, "is not an origin: want http:// or https:// and a host, as in https://notes.example.org")
		}
		name, port, hasPort := strings.Cut(host, ":")
		if name == "" || strings.HasPrefix(name, ".") || strings.HasSuffix(name, ".") || strings.Contains(name, "..") {
			return f.reject(s, "has no valid host name: want an origin such as https://notes.example.org")
		}
		for _, r := range name {
			if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-' || r == '.') {
				return f.reject(s, "has the character %q in its host: want lower-case letters, digits, '-' and '.', as a browser writes an origin", r)
			}
		}
		if hasPort {
			n, err := strconv.Atoi(port)
			if err != nil || n < 1 || n > 65535 || strconv.Itoa(n) != port {
				return f.reject(s, "has port %q: want a number from 1 to 65535 and nothing after it (an origin has no path)", truncate(port))
			}
		}
		*p(c) = s
		return nil
	}
	return *f
}
