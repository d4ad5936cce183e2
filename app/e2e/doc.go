// Package e2e holds the end-to-end tests (build tag e2e, `make test-e2e`):
// headless Chromium, driven by chromedp, against the served lab, the
// static site under a sub-path in cross-origin iframes, and the training
// worker with its helpers, with the real web/app.wasm and web/worker.wasm
// (make wasm builds them). The page's rows are checked against the command
// line's, bit for bit. Screenshots go to .artifacts/ at the repository's
// root.
package e2e
