package train

import (
	"os"
	"path/filepath"
	"runtime"
	"testing"

	"sslab/ml/config"
	"sslab/ml/data"
)

// readBrownForBench reads the shipped corpus, or skips without a disk.
func readBrownForBench(b testing.TB) *data.Dataset {
	b.Helper()
	if runtime.GOOS == "js" {
		b.Skip("no file system under wasm")
	}
	var f [3]*os.File
	for i, name := range data.BrownFiles {
		var err error
		if f[i], err = os.Open(filepath.Join("..", "..", "web", "data", name)); err != nil {
			b.Skip(err)
		}
		defer f[i].Close()
	}
	ds, err := data.ReadBrown(f[0], f[1], f[2])
	if err != nil {
		b.Fatal(err)
	}
	return ds
}

// BenchmarkTextStep times one pretraining step of the default text preset
// (batch 64 sentences), serially.
func BenchmarkTextStep(b *testing.B) {
	ds := readBrownForBench(b)
	for _, obj := range []string{"brown-mlm", "brown-gpt", "brown-skipgram"} {
		b.Run(obj, func(b *testing.B) {
			cfg, _ := config.Preset(obj)
			cfg.Steps = 0
			p := newTextPretrainer(b, cfg, ds, Serial{})
			b.ResetTimer()
			for range b.N {
				if _, err := p.Step(); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkTextAdapt times the default text preset's adaptation of a
// random encoder, for both tasks.
func BenchmarkTextAdapt(b *testing.B) {
	ds := readBrownForBench(b)
	for _, task := range []config.Task{config.POS, config.Genre} {
		b.Run(string(task), func(b *testing.B) {
			cfg, _ := config.Preset("brown-mlm")
			cfg.Task = task
			p := newTextPretrainer(b, cfg, ds, Serial{})
			b.ResetTimer()
			for range b.N {
				NewAdapter(cfg, p.ds, p.split).Evaluate(p.InitialEncoder(), p.InitialEncoder())
			}
		})
	}
}
