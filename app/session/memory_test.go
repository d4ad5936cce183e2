package session

import (
	"runtime"
	"testing"
	"time"

	"sslab/ml/config"
)

// TestSessionMemory runs 20 short runs in a row through one Session,
// cancelling some mid-run, and checks that the Go heap stays flat: after a
// GC, the live heap after run 20 is within 8 MB of that after run 5.
//
// The worker (worker.wasm) runs this same Session code, compiled for wasm;
// a Go heap that stays flat here natively means the heap this code keeps
// in the worker's wasm memory stays flat too (the wasm linear memory only
// grows with the Go heap's peak, which the same runs bound).
func TestSessionMemory(t *testing.T) {
	if testing.Short() {
		t.Skip("20 runs in a row; skipped in -short")
	}
	cfg, err := config.Preset("digits-quick")
	if err != nil {
		t.Fatal(err)
	}
	cfg.Epochs, cfg.AdaptEpochs, cfg.FewShotSeeds = 2, 5, 1
	query := cfg.Query()

	h := newHarness(t)
	// drain empties what the session has sent so far, until it is quiet
	// for d (a cancelled run may still have messages on their way).
	drain := func(d time.Duration) {
		for {
			select {
			case <-h.out:
			case <-time.After(d):
				return
			}
		}
	}
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
		h.post(Message{Type: MsgStart, Run: i, Query: query})
		if i%3 == 0 { // runs 3, 6, …, 18: cancel mid-run
			for {
				m := h.next(30*time.Second, MsgProgress, MsgResult)
				if m.Run != i {
					continue
				}
				if m.Type == MsgResult {
					t.Fatalf("run %d finished before it could be cancelled", i)
				}
				break
			}
			h.post(Message{Type: MsgCancel, Run: i})
			cancelled++
			drain(200 * time.Millisecond)
			continue
		}
		for {
			m := h.next(30*time.Second, MsgResult)
			if m.Run != i {
				continue
			}
			if m.Result == nil || len(m.Result.Rows) == 0 {
				t.Fatalf("run %d: result without rows", i)
			}
			break
		}
		drain(20 * time.Millisecond)
		switch i {
		case 5:
			at5 = heap()
		case runs:
			at20 = heap()
		}
	}
	const mb = 1 << 20
	t.Logf("%d runs (%d cancelled mid-run) in %v; HeapAlloc after a GC: run 5 %.2f MB, run 20 %.2f MB (%+.2f MB)",
		runs, cancelled, time.Since(start).Round(time.Millisecond),
		float64(at5)/mb, float64(at20)/mb, (float64(at20)-float64(at5))/mb)
	if at20 > at5+8*mb {
		t.Errorf("the heap grew from %.2f MB after run 5 to %.2f MB after run 20", float64(at5)/mb, float64(at20)/mb)
	}
}
