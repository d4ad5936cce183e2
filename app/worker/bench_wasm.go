package main

import (
	"bytes"
	"fmt"
	"net/url"
	"slices"
	"syscall/js"
	"time"

	"sslab/app/session"
	"sslab/app/worker/shard"
	"sslab/ml/config"
	"sslab/ml/data"
	"sslab/ml/train"
)

// runBench times pretraining steps for web/bench.html (a bench message:
// query, steps) and answers it as the page reads it, {benchResult:
// {workers, steps, ms_per_step, gflop_per_s, ...} or {error}}. It runs the
// same Pretrainer and shard pool a page's run uses.
func runBench(self js.Value, pool *shard.Pool, yield func(), m session.Message) {
	reply := js.Global().Get("Object").New()
	result := js.Global().Get("Object").New()
	reply.Set("benchResult", result)
	defer func() { self.Call("postMessage", reply) }()
	fail := func(err error) { result.Set("error", err.Error()) }

	q, err := url.ParseQuery(m.Query)
	if err != nil {
		fail(err)
		return
	}
	cfg, errs := config.Decode(q)
	if len(errs) > 0 {
		fail(errs)
		return
	}
	steps := m.Steps
	if steps < 1 {
		fail(fmt.Errorf("bench: %d steps to time; want at least 1", steps))
		return
	}
	run, err := benchRun(cfg)
	if err != nil {
		fail(err)
		return
	}
	p, err := train.NewPretrainer(cfg, run.Dataset, run.Split, pool)
	if err != nil {
		fail(err)
		return
	}
	// Warm up as the TF.js page does: at least 3 steps and 2 s, which
	// lets V8 optimise the hot code, and starts the helpers: they join at a
	// step once their messages arrive, which only the event loop delivers.
	warmup := 0
	for start := time.Now(); warmup < 3 || time.Since(start) < 2*time.Second; warmup++ {
		if _, err := p.Step(); err != nil {
			fail(err)
			return
		}
		yield()
	}
	pool.ResetTimes()
	times := make([]float64, steps)
	start := time.Now()
	for i := range times {
		t0 := time.Now()
		if _, err := p.Step(); err != nil {
			fail(err)
			return
		}
		times[i] = time.Since(t0).Seconds() * 1e3
	}
	mean := time.Since(start).Seconds() * 1e3 / float64(steps)
	slices.Sort(times)
	median := (times[(steps-1)/2] + times[steps/2]) / 2
	flops, _ := p.FLOPs()
	result.Set("workers", pool.Workers())
	result.Set("steps", steps)
	result.Set("warmup", warmup)
	result.Set("ms_per_step", median)
	result.Set("ms_mean", mean)
	result.Set("ms_min", times[0])
	result.Set("ms_max", times[steps-1])
	result.Set("gflop_per_s", float64(flops)/median/1e6)
	// Where a step's time goes with helpers: this worker's own share of
	// the phases, and the time it then waits for the helpers to finish.
	own, wait := pool.Times()
	result.Set("own_ms_per_step", own/float64(steps))
	result.Set("wait_ms_per_step", wait/float64(steps))
}

// benchRun is the run whose steps runBench times. A text config trains on
// the Brown corpus, fetched as the session fetches it, but only on the
// training sentences of at least MaxLen tokens: cut to MaxLen, every
// batch is then (Batch, MaxLen) tokens, the fixed shape of the peers'
// padded batches, and the FLOPs the pretrainer counts are exactly theirs.
func benchRun(cfg config.Config) (*train.Run, error) {
	if !cfg.IsText() {
		return train.NewRun(cfg)
	}
	var files [3]*bytes.Reader
	for i, name := range data.BrownFiles {
		b, err := fetchFile(session.TextDataURL + name)
		if err != nil {
			return nil, fmt.Errorf("bench: the corpus's file %s could not be loaded: %v", name, err)
		}
		files[i] = bytes.NewReader(b)
	}
	ds, err := data.ReadBrown(files[0], files[1], files[2])
	if err != nil {
		return nil, err
	}
	run, err := train.NewRunWithData(cfg, ds)
	if err != nil {
		return nil, err
	}
	run.Split.Train = ds.LongSentences(run.Split.Train, cfg.MaxLen)
	if len(run.Split.Train) < cfg.Batch {
		return nil, fmt.Errorf("bench: %d training sentences of %d tokens, fewer than a batch of %d", len(run.Split.Train), cfg.MaxLen, cfg.Batch)
	}
	return run, nil
}
