// Package server serves the lab and writes it as a static site: go-app's
// handler prerenders the page from its URL (bad parameters listed, escaped)
// and serves go-app's scripts, and the web directory's files (app.wasm,
// worker.wasm, worker.js, styles, icons, shipped checkpoints) are served
// under the same base path. Everything the page loads is local: it works
// with no internet access.
//
// The page is whatever go-app's routes hold: the program registers it
// first (page.Register), so that this package needs no part of the page.
// Pages are sent with the headers that make them cross-origin isolated
// (Isolation), which the training workers need to share memory.
package server
