package train

import (
	"runtime"
	"runtime/debug"
	"testing"
)

// Once warm, a pretraining step allocates no buffers: what it allocates is
// a few small headers (matrix views handed to the losses, a closure per
// phase), well under a kilobyte whatever the batch, so a long run's heap
// stays flat and wasm's stop-the-world collector has little to do. It
// measures as wasm runs, on one thread with the collector off: the matrix
// kernels borrow their packing scratch from a sync.Pool, whose per-thread
// slot a goroutine that moves to another thread, or a collection, leaves
// behind, and the scratch is then allocated once more.
func TestStepAllocatesNoBuffers(t *testing.T) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(1))
	defer debug.SetGCPercent(debug.SetGCPercent(-1))
	for _, obj := range objectives {
		cfg := smallConfig(t, obj)
		cfg.Batch, cfg.Epochs = 160, 50
		p := newTestPretrainer(t, cfg, Serial{})
		for i := 0; i < 3; i++ {
			if _, err := p.Step(); err != nil {
				t.Fatal(err)
			}
		}
		const steps = 20
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		for i := 0; i < steps; i++ {
			if _, err := p.Step(); err != nil {
				t.Fatal(err)
			}
		}
		runtime.ReadMemStats(&after)
		perStep := float64(after.TotalAlloc-before.TotalAlloc) / steps
		if perStep > 1024 {
			t.Errorf("%s: a step allocates %.0f bytes", obj, perStep)
		}
		t.Logf("%s: %.0f bytes, %.1f allocations per step", obj, perStep, float64(after.Mallocs-before.Mallocs)/steps)
	}
}
