package train

import (
	"bytes"
	"encoding/base64"
	"encoding/binary"
	"encoding/json"
	"io"
	"math"
	"strings"
	"testing"
)

// A checkpoint reads back with the same bits, and every kind of broken or
// absurd file is refused with a message that says what is wrong.
func TestCheckpoint(t *testing.T) {
	cfg := smallConfig(t, "simclr")
	p := newTestPretrainer(t, cfg, Serial{})
	if _, err := p.Step(); err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := WriteCheckpoint(&buf, p.Checkpoint()); err != nil {
		t.Fatal(err)
	}
	good := buf.String()
	// The checkpoint in memory, never written, gives the encoder too (the
	// PyTorch export embeds it so).
	if _, err := p.Checkpoint().Encoder(cfg, p.Dataset().Dim()); err != nil {
		t.Fatalf("the checkpoint before it is written: %v", err)
	}
	c, err := ReadCheckpoint(strings.NewReader(good))
	if err != nil {
		t.Fatal(err)
	}
	enc, err := c.Encoder(cfg, p.Dataset().Dim())
	if err != nil {
		t.Fatal(err)
	}
	for i, v := range p.Encoder().Params {
		if math.Float64bits(v) != math.Float64bits(enc.Params[i]) {
			t.Fatalf("parameter %d: %v read back as %v", i, v, enc.Params[i])
		}
	}

	edit := func(f func(m map[string]any)) string {
		var m map[string]any
		if err := json.Unmarshal([]byte(good), &m); err != nil {
			t.Fatal(err)
		}
		f(m)
		b, _ := json.Marshal(m)
		return string(b)
	}
	withWeight := func(w float64) string {
		return edit(func(m map[string]any) {
			raw, _ := base64.StdEncoding.DecodeString(m["params"].(string))
			binary.LittleEndian.PutUint64(raw, math.Float64bits(w))
			m["params"] = base64.StdEncoding.EncodeToString(raw)
		})
	}
	for _, tc := range []struct {
		name, text, want string
	}{
		{"not JSON", "{not json", "not an sslab checkpoint"},
		{"another format", edit(func(m map[string]any) { m["format"] = "keras" }), `format is "keras"`},
		{"another version", edit(func(m map[string]any) { m["version"] = 3 }), "version 3 is not supported"},
		{"version 2 without a kind", edit(func(m map[string]any) { m["version"] = 2 }), `kind "" is not one sslab knows`},
		{"version 1 with a kind", edit(func(m map[string]any) { m["kind"] = "mlp" }), "only version 2 has kinds"},
		{"no widths", edit(func(m map[string]any) { m["sizes"] = []int{64} }), "1 layer widths"},
		{"huge width", edit(func(m map[string]any) { m["sizes"] = []int{64, 100000} }), "width of 100000"},
		{"bad activation", edit(func(m map[string]any) { m["activation"] = "swish" }), "swish"},
		{"bad base64", edit(func(m map[string]any) { m["params"] = "!!!" }), "not valid base64"},
		{"too few parameters", edit(func(m map[string]any) { m["params"] = "AAAAAAAAAAA=" }), "holds 1 parameters"},
		{"infinite weight", withWeight(math.Inf(1)), "parameter 0 is +Inf"},
		{"NaN weight", withWeight(math.NaN()), "parameter 0 is NaN"},
		{"absurd weight", withWeight(-1e300), "parameter 0 is -1e+300"},
		{"negative steps", edit(func(m map[string]any) { m["steps"] = -5 }), "trained for -5 steps"},
		{"bad config", edit(func(m map[string]any) { m["config"] = "lr=%zz" }), "is not a URL query"},
		{"long config", edit(func(m map[string]any) { m["config"] = strings.Repeat("a", 5000) }), "longer than 4096 bytes"},
	} {
		_, err := ReadCheckpoint(strings.NewReader(tc.text))
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: error %v, want one containing %q", tc.name, err, tc.want)
		}
	}
	if _, err := ReadCheckpoint(io.LimitReader(spaces{}, maxCheckpointBytes+10)); err == nil || !strings.Contains(err.Error(), "larger than") {
		t.Errorf("an oversized file: %v", err)
	}
}

// spaces reads as endless blanks.
type spaces struct{}

func (spaces) Read(b []byte) (int, error) {
	for i := range b {
		b[i] = ' '
	}
	return len(b), nil
}
