package train

import (
	"crypto/sha256"
	"encoding/binary"
	"flag"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"sslab/ml/config"
)

var update = flag.Bool("update", false, "rewrite testdata/golden.txt from this platform's results")

// goldenConfig is a run small enough for wasm in a browser yet touching
// every part: augmentations, shards, the loss, Adam, every adaptation.
func goldenConfig(t testing.TB, objective string) config.Config {
	cfg := smallConfig(t, objective)
	cfg.Epochs = 2
	cfg.AdaptEpochs = 3
	cfg.FewShotSeeds = 2
	return cfg
}

// fingerprint hashes the bits of the final parameters and of every result.
func fingerprint(params []float64, rows []Row) string {
	h := sha256.New()
	for _, v := range params {
		binary.Write(h, binary.LittleEndian, math.Float64bits(v))
	}
	for _, r := range rows {
		fmt.Fprintf(h, "%s %s %d %s %x %x %d %q %q\n", r.Encoder, r.Adaptation, r.NTask, r.Metric,
			math.Float64bits(r.Value), math.Float64bits(r.Std), r.Draws, r.Failed, r.Note)
	}
	return fmt.Sprintf("%x", h.Sum(nil))[:32]
}

// TestGoldenBits runs small configs end to end and compares a hash of the
// bits of their parameters and results with testdata/golden.txt. The same
// test runs natively and under wasm (make test-wasm), so passing on both
// means the browser and the command line give bit-identical numbers.
// Regenerate with: go test ./ml/train -run TestGoldenBits -update
func TestGoldenBits(t *testing.T) {
	var lines []string
	for _, obj := range []string{"simclr", "byol", "mae"} {
		cfg := goldenConfig(t, obj)
		run, err := NewRun(cfg)
		if err != nil {
			t.Fatal(err)
		}
		p, err := NewPretrainer(cfg, run.Dataset, run.Split, Parallel{Workers: 2})
		if err != nil {
			t.Fatal(err)
		}
		for !p.Done() {
			if _, err := p.Step(); err != nil {
				t.Fatal(err)
			}
		}
		var rows []Row
		if obj == "simclr" {
			rows = NewAdapter(cfg, run.Dataset, run.Split).Evaluate(p.Encoder(), p.InitialEncoder())
		}
		lines = append(lines, obj+" "+fingerprint(p.Params(), rows))
	}
	got := strings.Join(lines, "\n") + "\n"
	path := filepath.Join("testdata", "golden.txt")
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if got != string(want) {
		t.Fatalf("results differ from testdata/golden.txt:\ngot\n%swant\n%s", got, want)
	}
}
