package train

import (
	"bytes"
	"encoding/json"
	"math"
	"strings"
	"testing"

	"sslab/ml/config"
)

// A text encoder's checkpoint (version 2, its kind and shape) reads back
// with the same bits for the run it fits, and refuses, saying why, a run
// that asks for another shape, vector data, or a shape that is not one.
// An MLP's checkpoint is still written as version 1.
func TestTextCheckpoint(t *testing.T) {
	ds := tinyCorpus(t, 4, 12)
	for _, obj := range textObjectives {
		t.Run(string(obj), func(t *testing.T) {
			cfg := textConfig(t, obj)
			p := newTextPretrainer(t, cfg, ds, Serial{})
			if _, err := p.Step(); err != nil {
				t.Fatal(err)
			}
			var buf bytes.Buffer
			if err := WriteCheckpoint(&buf, p.Checkpoint()); err != nil {
				t.Fatal(err)
			}
			good := buf.String()
			c, err := ReadCheckpoint(strings.NewReader(good))
			if err != nil {
				t.Fatal(err)
			}
			wantKind := KindTransformer
			if obj == config.SkipGram {
				wantKind = KindWords
			}
			if c.Version != 2 || c.Kind != wantKind {
				t.Fatalf("version %d kind %q", c.Version, c.Kind)
			}
			enc, err := c.EncoderFor(cfg, ds)
			if err != nil {
				t.Fatal(err)
			}
			for i, v := range p.Encoder().Params {
				if math.Float64bits(v) != math.Float64bits(enc.Params[i]) {
					t.Fatalf("parameter %d: %v read back as %v", i, v, enc.Params[i])
				}
			}
			other := cfg
			other.DModel *= 2
			if _, err := c.EncoderFor(other, ds); err == nil || !strings.Contains(err.Error(), "the config asks for") {
				t.Errorf("another width: %v", err)
			}
			digits := smallConfig(t, "simclr")
			if _, err := c.Encoder(digits, 64); err == nil || !strings.Contains(err.Error(), "is not text") {
				t.Errorf("vector data: %v", err)
			}
			edit := func(f func(m map[string]any)) string {
				var m map[string]any
				json.Unmarshal([]byte(good), &m)
				f(m)
				b, _ := json.Marshal(m)
				return string(b)
			}
			for _, tc := range []struct{ name, text, want string }{
				{"unknown kind", edit(func(m map[string]any) { m["kind"] = "lstm" }), `kind "lstm"`},
				{"no shape", edit(func(m map[string]any) { delete(m, "shape") }), "has no shape"},
				{"zero width", edit(func(m map[string]any) { m["shape"].(map[string]any)["dmodel"] = 0 }), "dmodel 0"},
				{"params of another shape", edit(func(m map[string]any) { m["shape"].(map[string]any)["vocab"] = 7 }), "needs"},
			} {
				if _, err := ReadCheckpoint(strings.NewReader(tc.text)); err == nil || !strings.Contains(err.Error(), tc.want) {
					t.Errorf("%s: error %v, want one containing %q", tc.name, err, tc.want)
				}
			}
		})
	}
	cfg := smallConfig(t, "simclr")
	if c := newTestPretrainer(t, cfg, Serial{}).Checkpoint(); c.Version != 1 || c.Kind != "" {
		t.Errorf("an MLP's checkpoint is version %d kind %q; want version 1 without a kind", c.Version, c.Kind)
	}
}
