package train

import "sync"

// fitCache holds fits that several adaptation jobs need, each made once by
// whichever job asks first: the probe rows of a budget and LP-FT's start at
// the same budget fit the same probe. Jobs that run on one replica of the
// plan share it; replicas in other Web Workers make their own.
type fitCache[K comparable, P any] struct {
	mu   sync.Mutex
	fits map[K]*sharedFit[P]
}

// sharedFit is one fit, made once.
type sharedFit[P any] struct {
	once sync.Once
	p    P
	err  error
}

// get returns the fit of k, calling fit to make it the first time k is
// asked for; jobs asking meanwhile wait for that fit.
func (c *fitCache[K, P]) get(k K, fit func() (P, error)) (P, error) {
	c.mu.Lock()
	if c.fits == nil {
		c.fits = map[K]*sharedFit[P]{}
	}
	f, ok := c.fits[k]
	if !ok {
		f = &sharedFit[P]{}
		c.fits[k] = f
	}
	c.mu.Unlock()
	f.once.Do(func() { f.p, f.err = fit() })
	return f.p, f.err
}
