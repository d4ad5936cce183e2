package config

import (
	"net/url"
	"strconv"
	"strings"
)

// MaxParams is how many parameters of a query ParseQuery reads: far more
// than the schema has, few enough that a hostile URL costs nothing.
const MaxParams = 256

// ParseQuery splits a URL query into its parameters as url.ParseQuery does,
// but never gives up on the whole query: a pair whose %-escapes are broken
// is reported and skipped, and past MaxParams pairs the rest are reported
// as ignored (url.ParseQuery refuses a query of more than 10,000 outright).
// The errors are about the parameter "query".
func ParseQuery(raw string) (url.Values, Errors) {
	q := url.Values{}
	var errs Errors
	n := 0
	for raw != "" {
		var pair string
		pair, raw, _ = strings.Cut(raw, "&")
		if pair == "" {
			continue
		}
		if n == MaxParams {
			after := 0
			if raw != "" {
				after = 1 + strings.Count(raw, "&")
			}
			errs = append(errs, paramError("query", pair,
				"and the %d parameters after it are ignored: a query is read up to its first %d parameters",
				after, MaxParams))
			break
		}
		n++
		key, value, _ := strings.Cut(pair, "=")
		k, err1 := url.QueryUnescape(key)
		v, err2 := url.QueryUnescape(value)
		if err := firstErr(err1, err2); err != nil {
			errs = append(errs, paramError("query", pair, "is not valid URL encoding and was ignored: %s", unescapeProblem(err)))
			continue
		}
		q[k] = append(q[k], v)
	}
	return q, errs
}

// DecodeQuery is Decode of ParseQuery(raw): the config of a page's or a
// message's query, with every problem of either step.
func DecodeQuery(raw string) (Config, Errors) {
	q, errs := ParseQuery(raw)
	c, more := Decode(q)
	return c, append(errs, more...)
}

func firstErr(errs ...error) error {
	for _, e := range errs {
		if e != nil {
			return e
		}
	}
	return nil
}

// unescapeProblem words an url.EscapeError without repeating user text
// beyond the escape itself.
func unescapeProblem(err error) string {
	if e, ok := err.(url.EscapeError); ok {
		return "invalid escape " + strconv.Quote(truncate(string(e)))
	}
	return err.Error()
}
