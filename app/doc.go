// Command app is sslab: natively, the command line (train, presets,
// checkpoint), the lab's server (serve) and its static-site generator
// (static); compiled to WebAssembly, the page itself.
//
// The pieces, and where they run:
//
//   - web/app.wasm, this package for GOOS=js: the page, a go-app client.
//     It owns the state (the config, mirrored in the URL, and the run as
//     reported) in Lab and hands each panel its part; panels raise actions
//     (actions.go) instead of taking callbacks. It never trains.
//   - web/worker.wasm, this package for GOOS=js with the worker build tag:
//     the training worker (worker_wasm.go), started by web/worker.js in a
//     Web Worker. It serves the protocol of
//     sslab/app/session, whose Session decodes the config, pretrains step by
//     step with pause, resume and cancel, draws every chart (app/svg), adapts
//     and sends the result.
//   - The page and the worker exchange session.Messages; the page applies
//     them at most every redrawEvery, and only swaps in markup the worker
//     drew, so its thread stays free while the model trains.
//
// One program, two builds keep each small: app.wasm carries go-app and no
// training code, worker.wasm the training code and no UI (the linker drops
// what its main never reaches); `make wasm` builds both and checks app.wasm
// against its gzip budget.
//
// Tests: the component tests (lab_test.go) mount the Lab in go-app's test
// engine with a LocalTrainer, which runs a Session in-process; the
// end-to-end tests (e2e_*_test.go, build tag e2e) drive Chromium against
// the served app and the static site.
package main
