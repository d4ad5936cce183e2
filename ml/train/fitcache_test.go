package train

import (
	"errors"
	"sync"
	"testing"
)

// TestFitCacheFitsOnce asks for the same fits from many goroutines at
// once: each key is fitted once, every caller gets that fit (or its
// error), and other keys are fitted apart.
func TestFitCacheFitsOnce(t *testing.T) {
	var c fitCache[probeKey, *int]
	var mu sync.Mutex
	calls := map[probeKey]int{}
	fit := func(k probeKey) func() (*int, error) {
		return func() (*int, error) {
			mu.Lock()
			calls[k]++
			mu.Unlock()
			if k.d == 1 {
				return nil, errors.New("no fit")
			}
			v := int(k.b)
			return &v, nil
		}
	}
	keys := []probeKey{{"pretrained", 10, 0}, {"pretrained", 10, 1}, {"random", 10, 0}, {"pretrained", 100, 0}}
	got := make([][]*int, len(keys))
	errs := make([][]error, len(keys))
	var wg sync.WaitGroup
	for i, k := range keys {
		got[i], errs[i] = make([]*int, 8), make([]error, 8)
		for g := range 8 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				got[i][g], errs[i][g] = c.get(k, fit(k))
			}()
		}
	}
	wg.Wait()
	for i, k := range keys {
		if calls[k] != 1 {
			t.Errorf("%v fitted %d times, want once", k, calls[k])
		}
		for g := range 8 {
			if got[i][g] != got[i][0] || (errs[i][g] == nil) != (errs[i][0] == nil) {
				t.Errorf("%v: caller %d got another fit (%v, %v) than caller 0 (%v, %v)", k, g, got[i][g], errs[i][g], got[i][0], errs[i][0])
			}
		}
		if wantErr := k.d == 1; (errs[i][0] != nil) != wantErr {
			t.Errorf("%v: error %v", k, errs[i][0])
		}
	}
	if got[0][0] == got[2][0] {
		t.Error("two representations share one fit")
	}
}
