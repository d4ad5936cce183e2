// Command worker is the lab's training worker, built to web/worker.wasm
// (make wasm) and run in a Web Worker by web/worker.js. It hosts a
// training session (app/session) for the page, or for web/bench.html, and
// coordinates helper workers, copies of itself that hold replicas of the
// run and share each step's shards through shared memory
// (app/worker/shard). A helper is the same program, told apart by its
// global scope's name (shard.HelperName).
//
// It imports no go-app package: `GOOS=js GOARCH=wasm go list -deps
// ./app/worker` lists what it carries. Natively it only says where it
// runs.
package main
