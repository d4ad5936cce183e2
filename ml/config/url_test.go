package config

import (
	"math/rand/v2"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"testing"
)

func TestDecode(t *testing.T) {
	type problem struct{ param, value, msg string }
	for _, tc := range []struct {
		query string
		want  func(c *Config) // applied to the starting preset to get the expected config
		start string          // preset the expectation starts from; default DefaultPreset
		errs  []problem
	}{
		{query: "", want: func(c *Config) {}},
		{query: "lr=0.01&enc=32-16&proj=none&panels=adapt,setup&embed=1&autorun=true&ckpt=digits.ckpt", want: func(c *Config) {
			c.LR, c.Encoder, c.Projector, c.Panels, c.Embed, c.Autorun, c.Checkpoint =
				0.01, []int{32, 16}, nil, []string{"adapt", "setup"}, true, true, "digits.ckpt"
		}},
		{query: "preset=digits-byol&ema=0.996", start: "digits-byol", want: func(c *Config) { c.EMA = 0.996 }},
		{query: "proj=", want: func(c *Config) { c.Projector = nil }},
		{query: "foo=1", want: func(c *Config) {},
			errs: []problem{{"foo", "1", "is ignored: unknown parameter; allowed: preset, data, task,"}}},
		{query: "%3Cscript%3E=%3Cimg%3E", want: func(c *Config) {},
			errs: []problem{{"<script>", "<img>", "unknown parameter"}}},
		// A bad value keeps the preset's value; the good keys still apply.
		{query: "lr=abc&epochs=10&batch=3", want: func(c *Config) { c.Epochs = 10 }, errs: []problem{
			{"batch", "3", "is out of range; allowed: 4 to 2048"},
			{"lr", "abc", "is not a number; allowed: 1e-06 to 10"},
		}},
		{query: "preset=digits-mae&proj=0&mask=0.75", start: "digits-mae", want: func(c *Config) { c.MaskRatio = 0.75 },
			errs: []problem{{"proj", "0", "is out of range; allowed: none, or 1 to 3 widths"}}},
		{query: "lr=0.1&lr=0.2&lr=0.3", want: func(c *Config) { c.LR = 0.1 },
			errs: []problem{{"lr", "0.2", `given 3 times and only the first value, "0.1", is used`}}},
		{query: "lr=x&lr=0.2", want: func(c *Config) {}, errs: []problem{
			{"lr", "x", "is not a number"},
			{"lr", "0.2", `only the first value, "x", is used`},
		}},
		{query: "preset=nope&lr=0.1", want: func(c *Config) { c.LR = 0.1 },
			errs: []problem{{"preset", "nope", "is not a known preset; allowed: digits-simclr, digits-simsiam"}}},
		{query: "preset=digits-byol&preset=digits-mae", start: "digits-byol", want: func(c *Config) {},
			errs: []problem{{"preset", "digits-mae", "given 2 times"}}},
		{query: "embed", want: func(c *Config) {}, errs: []problem{{"embed", "", "is not a boolean; allowed: 0 or 1"}}},
		// Rules between fields: the parameter the query set is put back.
		{query: "task=regression", want: func(c *Config) {},
			errs: []problem{{"task", "regression", `is not available with data "digits"`}}},
		{query: "preset=spirals-regression&data=moons&epochs=7", start: "spirals-regression", want: func(c *Config) { c.Epochs = 7 },
			errs: []problem{{"data", "moons", `has no regression target; allowed with task "regression": spirals`}}},
		{query: "data=moons&task=regression", want: func(c *Config) { c.Dataset = "moons" },
			errs: []problem{{"task", "regression", `allowed with "moons": classification`}}},
		{query: "preset=spirals-regression&shots=0", start: "spirals-regression", want: func(c *Config) {},
			errs: []problem{{"shots", "0", `(zero-shot) needs task "classification"`}}},
		{query: "data=spirals&task=regression&shots=0", want: func(c *Config) { c.Dataset, c.Task = "spirals", "regression" },
			errs: []problem{{"shots", "0", "zero-shot"}}},
		{query: "preset=spirals-regression&task=classification&shots=0", start: "spirals-regression",
			want: func(c *Config) { c.Task, c.Shots = "classification", 0 }},
		// Order: preset, fields in display order, unknown keys sorted, rules.
		{query: "zzz=1&lr=x&preset=bad&aaa=2&task=regression&data=Moons", want: func(c *Config) {}, errs: []problem{
			{"preset", "bad", "not a known preset"},
			{"data", "Moons", `did you mean "moons"`},
			{"lr", "x", "not a number"},
			{"aaa", "2", "unknown parameter"},
			{"zzz", "1", "unknown parameter"},
			{"task", "regression", "is not available"},
		}},
	} {
		t.Run(tc.query, func(t *testing.T) {
			q, err := url.ParseQuery(tc.query)
			if err != nil {
				t.Fatal(err)
			}
			start := tc.start
			if start == "" {
				start = DefaultPreset
			}
			want, _ := Preset(start)
			tc.want(&want)
			got, errs := Decode(q)
			if !got.Equal(want) {
				t.Errorf("config\n%+v, want\n%+v", got, want)
			}
			if err := got.Validate(); err != nil {
				t.Errorf("decoded config is invalid: %v", err)
			}
			if len(errs) != len(tc.errs) {
				t.Fatalf("errors %v, want %d", errs, len(tc.errs))
			}
			for i, w := range tc.errs {
				checkParamError(t, errs[i], w.param, w.value, w.msg)
			}
		})
	}
}

func TestEncodeMinimal(t *testing.T) {
	c := Default()
	if q := c.Encode(); len(q) != 1 || q.Get("preset") != DefaultPreset {
		t.Errorf("Default().Encode() = %v", q)
	}
	c.LR = 0.01
	c.Panels = []string{"adapt", "setup"}
	c.Embed = true
	if got, want := c.Query(), "embed=1&lr=0.01&panels=adapt,setup&preset=digits-simclr"; got != want {
		t.Errorf("Query() = %q, want %q", got, want)
	}
	mae, _ := Preset("digits-mae")
	mae.Projector = []int{64, 32}
	if got, want := mae.Query(), "preset=digits-mae&proj=64-32"; got != want {
		t.Errorf("Query() = %q, want %q", got, want)
	}
	bad := Default()
	bad.Preset = "mine"
	if got := bad.Encode().Get("preset"); got != "mine" {
		t.Errorf("unknown preset encoded as %q", got)
	}
}

// checkRoundTrip checks that c survives Encode and Query exactly.
func checkRoundTrip(t *testing.T, c Config) {
	t.Helper()
	got, errs := Decode(c.Encode())
	if errs != nil || !got.Equal(c) {
		t.Fatalf("Decode(Encode(c)): errors %v\n got %+v\nwant %+v", errs, got, c)
	}
	q, err := url.ParseQuery(c.Query())
	if err != nil {
		t.Fatalf("Query() = %q does not parse: %v", c.Query(), err)
	}
	if got, errs := Decode(q); errs != nil || !got.Equal(c) {
		t.Fatalf("Decode(Query()) of %q: errors %v\n got %+v\nwant %+v", c.Query(), errs, got, c)
	}
}

func TestRoundTripPresets(t *testing.T) {
	for _, name := range PresetNames() {
		c, _ := Preset(name)
		checkRoundTrip(t, c)
		if q := c.Encode(); len(q) != 1 {
			t.Errorf("%s: Encode() = %v, want only the preset", name, q)
		}
	}
}

// randomValue returns the text of a random valid value of f.
func randomValue(rng *rand.Rand, f *Field) string {
	switch f.Kind {
	case Int:
		lo, hi := int64(f.Min), int64(f.Max)
		return strconv.FormatInt(lo+rng.Int64N(hi-lo+1), 10)
	case Float:
		lo, hi := f.Min, f.Max
		switch rng.IntN(4) {
		case 0:
			return formatFloat(lo)
		case 1:
			return formatFloat(hi)
		case 2:
			// A typed value, like 0.35.
			return formatFloat(min(hi, max(lo, float64(int(lo*100+rng.Float64()*(hi-lo)*100))/100)))
		default:
			return formatFloat(lo + rng.Float64()*(hi-lo))
		}
	case Enum:
		ch := f.choices()
		return ch[rng.IntN(len(ch))]
	case IntList:
		n := f.MinLen + rng.IntN(f.MaxLen-f.MinLen+1)
		w := make([]int, n)
		for i := range w {
			w[i] = int(f.Min) + rng.IntN(int(f.Max-f.Min)+1)
		}
		return formatInts(w, "none")
	case StringList:
		ch := slices.Clone(f.choices())
		rng.Shuffle(len(ch), func(i, j int) { ch[i], ch[j] = ch[j], ch[i] })
		return strings.Join(ch[:1+rng.IntN(len(ch))], ",")
	case Bool:
		return strconv.Itoa(rng.IntN(2))
	case String:
		if f.Name == "parent" {
			if rng.IntN(3) == 0 {
				return ""
			}
			return []string{"http", "https"}[rng.IntN(2)] + "://h" + strconv.Itoa(rng.IntN(1000)) + ".example.org:" + strconv.Itoa(1+rng.IntN(65535))
		}
		const chars = "abcXYZ019-_."
		b := make([]byte, rng.IntN(f.MaxLen+1))
		for i := range b {
			b[i] = chars[rng.IntN(len(chars))]
		}
		s := strings.ReplaceAll(string(b), "..", "._")
		return strings.TrimLeft(s, ".")
	}
	panic("unknown kind")
}

// randomConfig returns a random valid Config: a random preset with about
// half of its fields changed.
func randomConfig(t *testing.T, rng *rand.Rand) Config {
	for {
		names := PresetNames()
		c, _ := Preset(names[rng.IntN(len(names))])
		for i := range table {
			f := &table[i]
			if rng.IntN(2) == 0 {
				continue
			}
			s := randomValue(rng, f)
			if err := f.Set(&c, s); err != nil {
				t.Fatalf("random value %q rejected: %v", s, err)
			}
		}
		if c = c.WithoutInapplicable(); c.Validate() == nil {
			return c
		}
	}
}

func TestRoundTripRandom(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for range 2000 {
		checkRoundTrip(t, randomConfig(t, rng))
	}
}
