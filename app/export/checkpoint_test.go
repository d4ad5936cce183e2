package export

import (
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"sslab/ml/config"
	"sslab/ml/tensor"
	"sslab/ml/train"
)

// TestCheckpointFeatures loads an encoder sslab pretrained, embedded in the
// script or given as a file, and checks that the script's encoder gives
// sslab's features on the test split, and that the checkpoint it writes
// back holds the same bits.
func TestCheckpointFeatures(t *testing.T) {
	py := python(t)
	r := newRun(t, "digits-simclr", func(c *config.Config) { c.Epochs = 2 })
	p, err := train.NewPretrainer(r.Config, r.Dataset, r.Split, nil)
	if err != nil {
		t.Fatal(err)
	}
	for !p.Done() {
		if _, err := p.Step(); err != nil {
			t.Fatal(err)
		}
	}
	ck := p.Checkpoint()
	test := new(tensor.Mat)
	test.Gather(r.Dataset.X, r.Split.Test)
	want := p.Encoder().Embed(test) // (n_test, 64)

	embedded := script(t, r, Options{Checkpoint: ck})
	plain := script(t, r, Options{})
	dir := t.TempDir()
	file := filepath.Join(dir, "ck.json")
	f, err := os.Create(file)
	if err != nil {
		t.Fatal(err)
	}
	if err := train.WriteCheckpoint(f, ck); err != nil {
		t.Fatal(err)
	}
	f.Close()

	for _, c := range []struct {
		name string
		args []string
	}{
		{"embedded", []string{embedded}},
		{"file", []string{plain, "--ckpt", file}},
	} {
		t.Run(c.name, func(t *testing.T) {
			feats, back := filepath.Join(dir, c.name+".features.json"), filepath.Join(dir, c.name+".ck.json")
			runPy(t, py, append(c.args, "--threads", "1", "--quiet", "--features-only", feats, "--save-ckpt", back)...)
			got := readFeatures(t, feats)
			if got.Rows != want.Rows || got.Cols != want.Cols {
				t.Fatalf("features (%d, %d), want (%d, %d)", got.Rows, got.Cols, want.Rows, want.Cols)
			}
			worst := 0.0
			for i, v := range want.Data {
				worst = math.Max(worst, math.Abs(v-got.Features[i]))
			}
			if !(worst <= 1e-5) {
				t.Errorf("features differ from sslab's by up to %g, want at most 1e-5", worst)
			}
			t.Logf("largest difference from sslab's features: %g", worst)

			bf, err := os.Open(back)
			if err != nil {
				t.Fatal(err)
			}
			defer bf.Close()
			ck2, err := train.ReadCheckpoint(bf)
			if err != nil {
				t.Fatalf("sslab cannot read the checkpoint the script wrote: %v", err)
			}
			if ck2.Params != ck.Params || !slices.Equal(ck2.Sizes, ck.Sizes) || ck2.Activation != ck.Activation || ck2.Steps != ck.Steps {
				t.Errorf("the checkpoint written back differs: sizes %v %s, %d steps, same parameters %v; want %v %s, %d steps",
					ck2.Sizes, ck2.Activation, ck2.Steps, ck2.Params == ck.Params, ck.Sizes, ck.Activation, ck.Steps)
			}
		})
	}
}

type featureFile struct {
	Rows, Cols int
	Features   []float64
}

func readFeatures(t *testing.T, path string) featureFile {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var f featureFile
	if err := json.Unmarshal(b, &f); err != nil {
		t.Fatal(err)
	}
	if len(f.Features) != f.Rows*f.Cols {
		t.Fatalf("%s: %d values for (%d, %d)", path, len(f.Features), f.Rows, f.Cols)
	}
	return f
}
