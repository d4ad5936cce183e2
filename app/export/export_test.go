package export

import (
	"io"
	"math"
	"strconv"
	"strings"
	"testing"

	"sslab/ml/config"
	"sslab/ml/data"
	"sslab/ml/train"
)

// TestWriteRefuses checks that every input the script could not run as
// sslab would is refused with a message naming it.
func TestWriteRefuses(t *testing.T) {
	base := newRun(t, "digits-simclr", nil)
	other := newRun(t, "digits-simclr", func(c *config.Config) { c.Encoder = []int{32} })
	p, err := train.NewPretrainer(other.Config, other.Dataset, other.Split, nil)
	if err != nil {
		t.Fatal(err)
	}
	wrongCkpt := p.Checkpoint()
	for _, c := range []struct {
		name string
		edit func(cfg *config.Config, ds **data.Dataset, split *data.Split, opt *Options)
		want string
	}{
		{"invalid config", func(cfg *config.Config, _ **data.Dataset, _ *data.Split, _ *Options) { cfg.LR = -1 }, `parameter "lr"`},
		{"no data", func(_ *config.Config, ds **data.Dataset, _ *data.Split, _ *Options) { *ds = nil }, "no data"},
		{"text", func(cfg *config.Config, _ **data.Dataset, _ *data.Split, _ *Options) {
			text, _ := config.Preset("brown-mlm")
			*cfg = text
		}, "transformer (data brown, objective mlm) is not in it yet"},
		{"a feature not finite", func(_ *config.Config, ds **data.Dataset, _ *data.Split, _ *Options) {
			d := (*ds).Clone()
			d.X.Data[3*64+7] = math.NaN()
			*ds = d
		}, "example 3, feature 7"},
		{"no labels", func(_ *config.Config, ds **data.Dataset, _ *data.Split, _ *Options) {
			d := (*ds).Clone()
			d.Labels = nil
			*ds = d
		}, "needs class labels"},
		{"a label out of range", func(_ *config.Config, ds **data.Dataset, _ *data.Split, _ *Options) {
			d := (*ds).Clone()
			d.Labels[9] = 10
			*ds = d
		}, "label 10 at example 9"},
		{"a split row out of range", func(_ *config.Config, _ **data.Dataset, s *data.Split, _ *Options) {
			s.Test = append([]int{}, s.Test...)
			s.Test[0] = 5000
		}, "example 5000"},
		{"no test split", func(_ *config.Config, _ **data.Dataset, s *data.Split, _ *Options) { s.Test = nil }, "no test examples"},
		{"a batch larger than the training split", func(_ *config.Config, _ **data.Dataset, s *data.Split, _ *Options) {
			s.Train = s.Train[:40]
		}, "batch 128 is larger than the 40 training examples"},
		{"a checkpoint that does not fit", func(_ *config.Config, _ **data.Dataset, _ *data.Split, o *Options) { o.Checkpoint = wrongCkpt }, "checkpoint encoder has widths"},
	} {
		t.Run(c.name, func(t *testing.T) {
			cfg, ds, split, opt := base.Config.Clone(), base.Dataset, base.Split, Options{}
			c.edit(&cfg, &ds, &split, &opt)
			err := Write(io.Discard, cfg, ds, split, opt)
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Errorf("error %v, want one saying %q", err, c.want)
			}
		})
	}
}

// TestWriteFillsTheProgram checks the written file's shape: the header is
// comments, the markers are replaced, the payload is there once.
func TestWriteFillsTheProgram(t *testing.T) {
	r := newRun(t, "digits-simclr", nil)
	var b strings.Builder
	if err := WriteRun(&b, r, Options{Command: "sslab export\n-out x.py"}); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	for _, m := range []string{headerMarker, payloadMarker} {
		if strings.Contains(out, m) {
			t.Errorf("marker %q left in the program", m)
		}
	}
	for _, s := range []string{"\nCONFIG = {\n", "\nDATA = {\n", "\nCHECKPOINT = None\n"} {
		if n := strings.Count(out, s); n != 1 {
			t.Errorf("%q appears %d times, want once", s, n)
		}
	}
	lines := strings.Split(out, "\n")
	if lines[0] != "#!/usr/bin/env python3" {
		t.Errorf("first line %q", lines[0])
	}
	n := 1
	for ; n < len(lines) && !strings.HasPrefix(lines[n], `"""`); n++ {
		if !strings.HasPrefix(lines[n], "# ") {
			t.Errorf("header line %q is not a comment", lines[n])
		}
	}
	if n != 7 { // run, config, data, source, licence, command
		t.Errorf("%d header lines before the docstring, want 6", n-1)
	}
	if !strings.Contains(out, "# written by: sslab export -out x.py\n") {
		t.Errorf("the command is not in the header on one line")
	}
}

func TestPyString(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"plain", `"plain"`},
		{`a"b\c`, `"a\"b\\c"`},
		{"tab\tline\n", `"tab\tline\n"`},
		{"nul\x00 bell\a del\x7f", `"nul\u0000 bell\u0007 del\u007f"`},
		{"ünï ✓", `"ünï ✓"`},
		{"\u2028\u0085", `"\u2028\u0085"`},
		{"bad \xff", `"bad ` + "\uFFFD" + `"`},
		{`'''`, `"'''"`},
	} {
		if got := pyString(c.in); got != c.want {
			t.Errorf("pyString(%q) = %s, want %s", c.in, got, c.want)
		}
	}
}

func TestPyFloat(t *testing.T) {
	for _, v := range []float64{0, 1, 25, -3, 0.1, 1e-5, 5e-324, math.MaxFloat64, 1e21, 0.002} {
		s := pyFloat(v)
		if !strings.ContainsAny(s, ".e") {
			t.Errorf("pyFloat(%v) = %s, which Python reads as an int", v, s)
		}
		if back, err := strconv.ParseFloat(s, 64); err != nil || math.Float64bits(back) != math.Float64bits(v) {
			t.Errorf("pyFloat(%v) = %s reads back as %v (%v)", v, s, back, err)
		}
	}
	defer func() {
		if recover() == nil {
			t.Errorf("pyFloat(NaN) did not panic")
		}
	}()
	pyFloat(math.NaN())
}
