//go:build wasm && worker

package main

// main serves the training protocol inside a Web Worker: the build of this
// program that web/worker.js loads (make wasm builds it with -tags worker).
// It never touches the DOM, and nothing here reaches go-app, so the linker
// leaves the page's code out of worker.wasm.
func main() { runWorker() }
