package config

import (
	"fmt"
	"strings"
)

// ParamError reports one bad parameter value.
type ParamError struct {
	Param string // the parameter's key, truncated like Value
	Value string // the offending value, truncated to maxShown runes (marked "…")
	Msg   string // what is wrong and what is allowed, e.g. "is not a number; allowed: 1e-06 to 10"
}

// Error returns the message with the parameter and the value quoted, so that
// control characters and markup in hostile input are shown escaped, e.g.
//
//	parameter "lr": value "abc" is not a number; allowed: 1e-06 to 10
func (e *ParamError) Error() string {
	return fmt.Sprintf("parameter %q: value %q %s", e.Param, e.Value, e.Msg)
}

// maxShown is how many runes of a parameter or value a message repeats:
// enough to recognise it, not enough to flood a page with a pasted blob.
const maxShown = 40

// paramError returns a ParamError for param and value with the message
// built from format and args.
func paramError(param, value, format string, args ...any) *ParamError {
	return &ParamError{Param: truncate(param), Value: truncate(value), Msg: fmt.Sprintf(format, args...)}
}

// truncate shortens s to maxShown runes, marking the cut with "…". It counts
// runes rather than bytes so a cut never splits a UTF-8 sequence.
func truncate(s string) string {
	n := 0
	for i := range s {
		if n == maxShown {
			return s[:i] + "…"
		}
		n++
	}
	return s
}

// Errors is a list of parameter errors, in the order the parameters were
// examined. A nil or empty Errors means no error; functions returning error
// return a nil interface rather than an empty Errors.
type Errors []*ParamError

// Error joins the messages one per line, like errors.Join: each message
// already uses ";" to separate the problem from what is allowed.
func (es Errors) Error() string {
	msgs := make([]string, len(es))
	for i, e := range es {
		msgs[i] = e.Error()
	}
	return strings.Join(msgs, "\n")
}

// Unwrap returns the individual errors, so errors.As can find a
// *ParamError inside an Errors.
func (es Errors) Unwrap() []error {
	out := make([]error, len(es))
	for i, e := range es {
		out[i] = e
	}
	return out
}

// Param returns the first error about param, or nil.
func (es Errors) Param(param string) *ParamError {
	for _, e := range es {
		if e.Param == param {
			return e
		}
	}
	return nil
}

// asError converts es to an error, nil when es is empty, so that callers
// can compare the result with nil.
func (es Errors) asError() error {
	if len(es) == 0 {
		return nil
	}
	return es
}
