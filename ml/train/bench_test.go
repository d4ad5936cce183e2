package train

import (
	"fmt"
	"testing"
	"time"

	"sslab/ml/config"
)

// benchConfig is the step the issue compares with TF.js: SimCLR, batch 256,
// MLP 64-256-128 with projection 128-64, Adam, temperature 0.5.
func benchConfig(b testing.TB) config.Config {
	cfg, err := config.Preset("digits-simclr")
	if err != nil {
		b.Fatal(err)
	}
	cfg.Encoder, cfg.Projector, cfg.Batch, cfg.Temperature = []int{256, 128}, []int{128, 64}, 256, 0.5
	return cfg
}

// BenchmarkStep times one full pretraining step (augmentation, forward,
// loss, backward, Adam) and reports its GFLOP/s.
func BenchmarkStep(b *testing.B) {
	for _, threads := range []int{1, 2} {
		b.Run(fmt.Sprintf("simclr-b256-threads%d", threads), func(b *testing.B) {
			cfg := benchConfig(b)
			cfg.Epochs = 1000
			p := newTestPretrainer(b, cfg, Parallel{Workers: threads})
			p.Step()
			b.ResetTimer()
			start := time.Now()
			for i := 0; i < b.N; i++ {
				if _, err := p.Step(); err != nil {
					b.Fatal(err)
				}
			}
			sec := time.Since(start).Seconds() / float64(b.N)
			flops, _ := p.FLOPs()
			b.ReportMetric(sec*1e3, "ms/step")
			b.ReportMetric(float64(flops)/sec/1e9, "GFLOP/s")
		})
	}
}
