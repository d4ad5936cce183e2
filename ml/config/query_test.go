package config

import (
	"strings"
	"testing"
)

func TestParseQuery(t *testing.T) {
	q, errs := ParseQuery("lr=0.1&lr=0.2&enc=128-64&&a%20b=c%2Cd&bad=%zz&seed=3")
	if errs.Param("query") == nil || !strings.Contains(errs.Error(), `"bad=%zz" is not valid URL encoding`) {
		t.Errorf("errors %v", errs)
	}
	if got := q["lr"]; len(got) != 2 || got[0] != "0.1" {
		t.Errorf("lr = %v", got)
	}
	if q.Get("a b") != "c,d" || q.Get("seed") != "3" || q.Has("bad") {
		t.Errorf("q = %v", q)
	}

	// A query of 20,000 parameters keeps its first MaxParams, the seed
	// among them, and says the rest were ignored.
	var b strings.Builder
	b.WriteString("seed=7")
	for i := range 20000 {
		b.WriteString("&x" + itoa(i) + "=1")
	}
	c, errs := DecodeQuery(b.String())
	if c.Seed != 7 {
		t.Errorf("seed %d after a huge query, want 7", c.Seed)
	}
	e := errs.Param("query")
	if e == nil || !strings.Contains(e.Msg, "19744 parameters after it are ignored") || !strings.Contains(e.Msg, "first 256") {
		t.Errorf("huge query: %v", e)
	}
	if n := len(errs); n != MaxParams {
		// MaxParams-1 unknown keys, and the one about the rest.
		t.Errorf("%d errors, want %d", n, MaxParams)
	}
}

func itoa(i int) string {
	const digits = "0123456789"
	if i < 10 {
		return digits[i : i+1]
	}
	return itoa(i/10) + digits[i%10:i%10+1]
}
