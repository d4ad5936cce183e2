// Package shard shares a training worker's run with helper workers: the
// Pool, on the training worker, runs every pretraining phase on its own
// block of shards and the helpers' blocks (train.PhaseExecutor) and the
// adaptation plan's jobs (train.PlanExecutor); the Server, on a helper,
// holds a replica of the run and runs what the pool hands it. They
// exchange a phase's inputs and outputs through a SharedArrayBuffer and
// wake each other with Atomics (mem_wasm.go), so a phase costs two
// wake-ups and a few copies rather than messages through the event loop.
//
// Shard boundaries and the order of every sum are fixed by the
// pretrainer, so the bits do not depend on how many workers share a run.
// A helper that fails, or stops answering (no error event: a worker the
// browser ended, a hung script), is dropped once it misses a deadline, and
// its work replayed on the workers left; helpers still starting join a run
// at its next step rather than hold it up. Everything here runs in a
// browser (GOOS=js).
package shard
