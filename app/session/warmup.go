package session

import (
	"time"

	"sslab/ml/config"
	"sslab/ml/train"
)

// The idle worker's practice run. V8 runs a wasm function first as fast
// baseline code and compiles it optimised once it is hot, on background
// threads that a run's workers compete with, so a page's first run was its
// slowest. Warming up trains the default preset for a few steps, measures
// it once and runs some adaptation jobs (for as long as the steps took: the
// same work on a slow machine as on a fast one), all on the real code paths
// (the helpers included, through Exec) and all discarded, while the learner
// reads the page. It stops whenever a message waits and for good once a run
// starts; it changes no result (each run builds its own pretrainer, and
// every draw comes from the run's seed).

// warmUpSteps is the practice run's steps: enough for the hot loops to be
// compiled optimised, a fraction of a second.
const warmUpSteps = 60

// warmUp is the practice run under way.
type warmUp struct {
	p       *train.Pretrainer
	plan    *train.Plan
	steps   int           // steps taken
	stepped time.Duration // the time they took
	adapted time.Duration // and the adaptation jobs so far
	job     int           // next adaptation job of plan.Order
	done    bool
}

// warmUpSkip is how many of the plan's first jobs, its costliest
// (finetuning with all and with five labels per class), the warm-up skips:
// the cheaper ones run the same code.
const warmUpSkip = 4

// warmUpSome advances the practice run until a message waits (it is left
// in s.pending) or the run is over.
func (s *Session) warmUpSome() {
	if s.warm == nil {
		s.warm = &warmUp{}
	}
	w := s.warm
	for !w.done {
		s.pending = append(s.pending, s.Inbox.Take()...)
		if len(s.pending) > 0 || s.Inbox.Closed() {
			return
		}
		w.done = !w.next(s)
		s.yield()
	}
	s.warm, s.WarmUp = nil, false
}

// next takes one bounded piece of the practice run and reports whether
// there is more.
func (w *warmUp) next(s *Session) bool {
	switch {
	case w.p == nil:
		cfg := config.Default()
		r, err := train.NewRun(cfg)
		if err != nil {
			return false
		}
		if w.p, err = train.NewPretrainer(cfg, r.Dataset, r.Split, s.Exec); err != nil {
			return false
		}
		if wm, ok := s.Exec.(Warmer); ok {
			wm.Warm(w.p)
		}
	case w.steps < warmUpSteps:
		t := time.Now()
		if _, err := w.p.Step(); err != nil {
			return false
		}
		w.steps++
		w.stepped += time.Since(t)
	case w.plan == nil:
		w.p.Monitor()
		// A short adaptation: the same jobs, fewer epochs and draws.
		cfg := w.p.Config()
		cfg.AdaptEpochs, cfg.FewShotSeeds = 5, 1
		w.plan = train.NewAdapter(cfg, w.p.Dataset(), w.p.Split()).Plan(w.p.Encoder(), w.p.InitialEncoder())
		w.job = min(warmUpSkip, w.plan.Len())
	case w.job < w.plan.Len() && w.adapted < w.stepped:
		t := time.Now()
		w.plan.Run(w.plan.Order[w.job])
		w.job++
		w.adapted += time.Since(t)
	default:
		return false
	}
	return true
}
