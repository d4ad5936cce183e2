// Command app is sslab's command line and, compiled to WebAssembly, its
// page (web/app.wasm). The lab is three programs, one package each:
//
//   - this one: natively the command line (app/cli: train, presets,
//     checkpoint, serve, static), which serves and writes the page with
//     app/server; in wasm the page itself (app/page), a go-app client
//     that owns the lab's state and draws it with the components of
//     app/page/view. The page never trains.
//   - app/worker, built to web/worker.wasm: the training worker, which a
//     Web Worker started by web/worker.js runs. It hosts a training
//     session (app/session) and coordinates helper workers, copies of
//     itself that share each step through shared memory (app/worker/shard).
//     It imports no go-app package.
//   - app/bench, the browser benchmark's harness (make bench-browser).
//
// Page and worker speak the protocol of app/session, whose table of
// messages is app/session/protocol.go. `make wasm` builds both binaries
// and prints their gzipped sizes.
package main
