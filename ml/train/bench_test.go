package train

import (
	"fmt"
	"math"
	"testing"
	"time"

	"sslab/ml/config"
	"sslab/ml/internal/cputime"
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
// loss, backward, Adam) and reports its GFLOP/s, and where the platform
// tells the CPU time its GFLOP per CPU second, which a shared machine's
// load disturbs less (with two threads: per core's second).
func BenchmarkStep(b *testing.B) {
	for _, threads := range []int{1, 2} {
		b.Run(fmt.Sprintf("simclr-b256-threads%d", threads), func(b *testing.B) {
			cfg := benchConfig(b)
			cfg.Epochs = 1000
			p := newTestPretrainer(b, cfg, Parallel{Workers: threads})
			p.Step()
			b.ResetTimer()
			cpu0 := cputime.Seconds()
			start := time.Now()
			best := time.Duration(math.MaxInt64)
			for i := 0; i < b.N; i++ {
				t0 := time.Now()
				if _, err := p.Step(); err != nil {
					b.Fatal(err)
				}
				best = min(best, time.Since(t0))
			}
			sec := time.Since(start).Seconds() / float64(b.N)
			flops, _ := p.FLOPs()
			b.ReportMetric(sec*1e3, "ms/step")
			b.ReportMetric(float64(flops)/sec/1e9, "GFLOP/s")
			// The fastest step is the one the machine's other load disturbed least.
			b.ReportMetric(float64(flops)/best.Seconds()/1e9, "best-GFLOP/s")
			if cpu := cputime.Seconds() - cpu0; cpu0 >= 0 && cpu > 0 {
				b.ReportMetric(float64(flops)*float64(b.N)/cpu/1e9, "GFLOP/cpu-s")
			}
		})
	}
}
