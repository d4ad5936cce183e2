package train

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"sslab/ml/config"
)

// TestTextGoldenBits is TestGoldenBits for text: small runs of each text
// objective on text.Toy's corpus, end to end, the adaptation of both tasks
// included for masked-token prediction, hashed and compared with
// testdata/text_golden.txt. It runs natively and under wasm (make
// test-wasm), so the browser and the command line give the same bits.
// Regenerate with: go test ./ml/train -run TestTextGoldenBits -update
func TestTextGoldenBits(t *testing.T) {
	ds := tinyCorpus(t, 4, 12)
	var lines []string
	for _, obj := range textObjectives {
		cfg := textConfig(t, obj)
		cfg.Batch, cfg.Epochs = 40, 3
		p := newTextPretrainer(t, cfg, ds, Parallel{Workers: 2})
		for !p.Done() {
			if _, err := p.Step(); err != nil {
				t.Fatal(err)
			}
		}
		var rows []Row
		if obj == config.MLM {
			for _, task := range []config.Task{config.POS, config.Genre} {
				c := cfg
				c.Task = task
				a := NewAdapter(c, p.ds, p.split)
				a.Exec = Parallel{Workers: 2}
				rows = append(rows, a.Evaluate(p.Encoder(), p.InitialEncoder())...)
			}
		}
		lines = append(lines, string(obj)+" "+fingerprint(p.Params(), rows))
	}
	got := strings.Join(lines, "\n") + "\n"
	path := filepath.Join("testdata", "text_golden.txt")
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
		t.Fatalf("results differ from testdata/text_golden.txt:\ngot\n%swant\n%s", got, want)
	}
}
