package session

import (
	"runtime"
	"sync/atomic"
	"testing"
	"time"

	"sslab/ml/config"
)

// TestSessionMemory runs 20 short runs in a row through one Session,
// cancelling six of them mid-run, and checks that the Go heap stays flat:
// after a collection, the live heap after run 20 is within heapSlack of
// that after run 5.
//
// The worker (worker.wasm) runs this same Session code, compiled for wasm,
// and `make test-wasm` runs this test there too: the wasm linear memory
// only grows with the Go heap's peak, which the same runs bound.
// heapSlack is how much the live heap may differ between run 5 and run
// 20: a flat heap comes back to the same few megabytes, within a few
// kilobytes of collector bookkeeping; a leak of one run's buffers (a
// pretrainer, a dataset, a chart) would be hundreds of kilobytes a run.
const heapSlack = 64 << 10

func TestSessionMemory(t *testing.T) {
	if testing.Short() {
		t.Skip("20 runs in a row; skipped in -short")
	}
	cfg, err := config.Preset("digits-quick")
	if err != nil {
		t.Fatal(err)
	}
	cfg.Epochs, cfg.AdaptEpochs, cfg.FewShotSeeds = 2, 5, 1
	long := cfg.Clone()
	long.Epochs = 200 // cancelled long before its end

	// A cancel is delivered where a worker's event loop would deliver it:
	// at the session's third yield of the run, once it has taken steps.
	var cancelRun, yields atomic.Int64
	var h *harness
	h = newHarnessYielding(t, func() {
		if run := cancelRun.Load(); run != 0 && yields.Add(1) == 3 {
			cancelRun.Store(0)
			h.post(Message{Type: MsgCancel, Run: int(run)})
		}
	})
	heap := func() uint64 {
		runtime.GC()
		runtime.GC()
		var ms runtime.MemStats
		runtime.ReadMemStats(&ms)
		return ms.HeapAlloc
	}

	const runs = 20
	var at5, at20 uint64
	start := time.Now()
	cancelled := 0
	for i := 1; i <= runs; i++ {
		if i%3 == 0 { // runs 3, 6, …, 18: cancelled mid-run
			yields.Store(0)
			cancelRun.Store(int64(i))
			h.post(Message{Type: MsgStart, Run: i, Query: long.Query()})
			a, _ := h.ackOf(i, MsgCancel)
			if !a.Applied || a.Phase != PhasePretrain || a.Step == 0 {
				t.Fatalf("run %d: cancel acknowledged as %+v, want applied mid-pretraining", i, a)
			}
			cancelled++
			continue
		}
		h.post(Message{Type: MsgStart, Run: i, Query: cfg.Query()})
		got := h.until(60*time.Second, i, MsgResult)
		if r := got[len(got)-1].Result; r == nil || len(r.Rows) == 0 {
			t.Fatalf("run %d: result without rows", i)
		}
		switch i {
		case 5:
			at5 = heap()
		case runs:
			at20 = heap()
		}
	}
	const mb = 1 << 20
	t.Logf("%d runs (%d cancelled mid-run) in %v; HeapAlloc after a GC: run 5 %.2f MB, run 20 %.2f MB (%+.3f MB)",
		runs, cancelled, time.Since(start).Round(time.Millisecond),
		float64(at5)/mb, float64(at20)/mb, (float64(at20)-float64(at5))/mb)
	if at20 > at5+heapSlack {
		t.Errorf("the heap grew from %.2f MB after run 5 to %.2f MB after run 20 (by more than %d KB)",
			float64(at5)/mb, float64(at20)/mb, heapSlack>>10)
	}
}
