package train

import (
	"runtime"
	"testing"

	"sslab/ml/config"
)

// Every image, 2-D and tabular preset shows, at its fewest labels, what the
// lesson table (README, "The lesson, in numbers") says of it. The cheap
// presets run the table's seeds 1-5 and are judged on the means, as the
// table is: those that help beat the random encoder's probe and the raw
// inputs', and each deliberate lesson loses for the reason its note gives,
// which the verdict names. The digits presets, ten seconds a seed, run seed
// 1 alone and must beat the random encoder and the raw pixels there.
func TestPresetsTeachTheirLesson(t *testing.T) {
	if testing.Short() {
		t.Skip("pretrains every preset, about two minutes")
	}
	if runtime.GOARCH == "wasm" {
		// Twice as slow there; the golden tests show wasm computes the
		// same bits as this native run.
		t.Skip("natively only")
	}
	for _, tc := range []struct {
		preset string
		seeds  int
		// beatRandom, beatRaw: the pretrained probe beats the random
		// encoder's, the raw inputs', at the fewest labels (not asked
		// where the preset's note says it need not).
		beatRandom, beatRaw bool
		cause               string // the verdict's cause where it must not help ("": it helps)
	}{
		{"digits-simclr", 1, true, true, ""},
		{"digits-simsiam", 1, true, true, ""},
		{"digits-byol", 1, true, true, ""},
		{"digits-barlow", 1, true, true, ""},
		{"digits-vicreg", 1, true, true, ""},
		{"digits-mae", 1, true, true, ""},
		{"digits-quick", 1, true, false, ""},
		{"moons-simclr", 5, true, true, ""},
		{"circles-simclr", 5, true, true, ""},
		{"spirals-simclr", 5, true, true, ""},
		{"blobs-simclr", 5, false, false, CauseSeparable},
		{"spirals-regression", 5, false, false, CauseMismatch},
		{"cancer-scarf", 5, true, true, CauseScratch},
		{"diabetes-regression", 5, true, false, ""},
	} {
		t.Run(tc.preset, func(t *testing.T) {
			cfg, err := config.Preset(tc.preset)
			if err != nil {
				t.Fatal(err)
			}
			seeds := make([]uint64, tc.seeds)
			for i := range seeds {
				seeds[i] = uint64(i + 1)
			}
			sr, err := RunSeeds(cfg, seeds, Parallel{Workers: 2}, nil)
			if err != nil {
				t.Fatal(err)
			}
			v := sr.Verdict
			if v == nil || len(v.Budgets) == 0 {
				t.Fatalf("no verdict: %+v", v)
			}
			n := v.Budgets[0].NTask
			get := func(enc string) float64 {
				for _, r := range sr.Rows {
					if r.Encoder == enc && r.Adaptation == "linear-probe" && r.NTask == n && r.Metric == v.Metric && r.Seeds == tc.seeds {
						return r.Mean
					}
				}
				t.Fatalf("no %s probe row at n_task %d", enc, n)
				return 0
			}
			pre, random, raw := get("pretrained"), get("random"), get("raw")
			if tc.beatRandom && pre <= random {
				t.Errorf("n_task %d: pretrained probe %.3f, not above the random encoder's %.3f", n, pre, random)
			}
			if tc.beatRaw && pre <= raw {
				t.Errorf("n_task %d: pretrained probe %.3f, not above the raw inputs' %.3f", n, pre, raw)
			}
			if tc.seeds == 1 {
				return // one seed is one sample: the verdict is the means'
			}
			if v.Helped != (tc.cause == "") || v.Cause != tc.cause {
				t.Errorf("verdict helped %v, cause %q (%q); want cause %q", v.Helped, v.Cause, v.Sentences, tc.cause)
			}
			if !v.Helped && config.PresetNote(tc.preset) == "" {
				t.Errorf("pretraining did not help (%q), and the preset has no note to say why", v.Sentences)
			}
		})
	}
}
