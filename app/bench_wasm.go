//go:build wasm && worker

package main

import (
	"net/url"
	"syscall/js"
	"time"

	"sslab/ml/config"
	"sslab/ml/train"
)

// runBench times pretraining steps for web/bench.html: {bench: {query,
// steps}} -> {benchResult: {workers, steps, ms_per_step, gflop_per_s} or
// {error}}. It runs the same Pretrainer and shard pool a page's run uses.
func runBench(self js.Value, pool *shardPool, b js.Value) {
	reply := js.Global().Get("Object").New()
	result := js.Global().Get("Object").New()
	reply.Set("benchResult", result)
	defer func() { self.Call("postMessage", reply) }()
	fail := func(err error) { result.Set("error", err.Error()) }

	q, err := url.ParseQuery(b.Get("query").String())
	if err != nil {
		fail(err)
		return
	}
	cfg, errs := config.Decode(q)
	if len(errs) > 0 {
		fail(errs)
		return
	}
	steps := b.Get("steps").Int()
	run, err := train.NewRun(cfg)
	if err != nil {
		fail(err)
		return
	}
	p, err := train.NewPretrainer(cfg, run.Dataset, run.Split, pool)
	if err != nil {
		fail(err)
		return
	}
	for i := 0; i < 3; i++ { // warm up: start the workers, JIT the code
		if _, err := p.Step(); err != nil {
			fail(err)
			return
		}
	}
	pool.waitMs, pool.workMs = 0, 0
	start := time.Now()
	for i := 0; i < steps; i++ {
		if _, err := p.Step(); err != nil {
			fail(err)
			return
		}
	}
	sec := time.Since(start).Seconds() / float64(steps)
	flops, _ := p.FLOPs()
	workers := 1
	if !pool.local {
		workers = len(pool.alive())
	}
	result.Set("workers", workers)
	result.Set("steps", steps)
	result.Set("ms_per_step", sec*1e3)
	result.Set("gflop_per_s", float64(flops)/sec/1e9)
	// Where a step's time goes with shard workers: waiting for the phases
	// (transfers and the workers' compute) and, of that, the workers' own
	// compute time summed over workers.
	result.Set("wait_ms_per_step", pool.waitMs/float64(steps))
	result.Set("worker_ms_per_step", pool.workMs/float64(steps))
}
