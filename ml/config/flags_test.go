package config

import (
	"bytes"
	"flag"
	"io"
	"strings"
	"testing"
)

// parseFlags registers the config flags on a fresh FlagSet and parses args.
func parseFlags(args ...string) (*Flags, error) {
	fs := flag.NewFlagSet("sslab", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	f := NewFlags(fs)
	return f, fs.Parse(args)
}

func TestFlags(t *testing.T) {
	for _, tc := range []struct {
		args   []string
		preset string
		want   func(c *Config)
	}{
		{nil, DefaultPreset, func(c *Config) {}},
		{[]string{"-lr", "0.01", "-preset", "digits-byol"}, "digits-byol", func(c *Config) { c.LR = 0.01 }},
		// Flags left at their (digits-simclr) defaults do not override the
		// preset: MAE keeps its missing projector and zero rotation.
		{[]string{"-preset=digits-mae", "-epochs=3"}, "digits-mae", func(c *Config) { c.Epochs = 3 }},
		// Set explicitly to the default's value, a flag still overrides.
		{[]string{"-preset", "digits-mae", "-rot", "15"}, "digits-mae", func(c *Config) { c.Rotation = 15 }},
		{[]string{"-embed", "-autorun=true", "-panels", "pretrain"}, DefaultPreset, func(c *Config) {
			c.Embed, c.Autorun, c.Panels = true, true, []string{"pretrain"}
		}},
		{[]string{"-lr", "0.1", "-lr", "0.2"}, DefaultPreset, func(c *Config) { c.LR = 0.2 }},
		{[]string{"-seed", "9007199254740991", "-ckpt", "a.ckpt"}, DefaultPreset, func(c *Config) {
			c.Seed, c.Checkpoint = 1<<53-1, "a.ckpt"
		}},
	} {
		f, err := parseFlags(tc.args...)
		if err != nil {
			t.Fatalf("%v: %v", tc.args, err)
		}
		got, err := f.Config()
		if err != nil {
			t.Fatalf("%v: Config(): %v", tc.args, err)
		}
		want, _ := Preset(tc.preset)
		tc.want(&want)
		if !got.Equal(want) {
			t.Errorf("%v:\n got %+v\nwant %+v", tc.args, got, want)
		}
	}
}

func TestFlagsErrors(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"-lr", "abc"}, `invalid value "abc" for flag -lr: is not a number; allowed: 1e-06 to 10`},
		{[]string{"-preset", "nope"}, `allowed: digits-simclr, digits-simsiam, digits-byol`},
		{[]string{"-enc", "1-2-3-4-5"}, `invalid value "1-2-3-4-5" for flag -enc: has 5 widths`},
		{[]string{"-embed=2"}, `invalid boolean value "2" for -embed: is not a boolean`},
	} {
		_, err := parseFlags(tc.args...)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%v: Parse error %v, want it to contain %q", tc.args, err, tc.want)
		}
	}

	// Rules between fields are checked by Config, which still returns a
	// valid fallback.
	f, err := parseFlags("-task", "regression", "-epochs", "2")
	if err != nil {
		t.Fatal(err)
	}
	c, err := f.Config()
	errs, ok := err.(Errors)
	if !ok || len(errs) != 1 {
		t.Fatalf("Config() error = %v, want one", err)
	}
	checkParamError(t, errs[0], "task", "regression", `allowed with "digits": classification`)
	if c.Task != "classification" || c.Epochs != 2 || c.Validate() != nil {
		t.Errorf("fallback config %+v", c)
	}
}

func TestFlagsUsage(t *testing.T) {
	fs := flag.NewFlagSet("sslab", flag.ContinueOnError)
	var out bytes.Buffer
	fs.SetOutput(&out)
	NewFlags(fs)
	fs.PrintDefaults()
	usage := out.String()
	for _, want := range []string{
		"-lr value\n    \tpretraining learning rate; allowed: 1e-06 to 10 (default 0.004)",
		"-embed\n",
		"-preset value\n",
		"(default digits-simclr)",
	} {
		if !strings.Contains(usage, want) {
			t.Errorf("usage lacks %q:\n%s", want, usage)
		}
	}
	if strings.Contains(usage, "panic") {
		t.Errorf("usage reports a panic:\n%s", usage)
	}
	n := 0
	fs.VisitAll(func(*flag.Flag) { n++ })
	if n != len(Fields())+1 {
		t.Errorf("%d flags registered, want %d", n, len(Fields())+1)
	}
}
