//go:build wasm && !worker

package main

import "github.com/maxence-charriere/go-app/v10/pkg/app"

// main runs the page as a go-app client. Training runs in Web Workers
// started from web/worker.js, which load this same main built with the
// worker tag (web/worker.wasm): one program, two builds, so the page's
// app.wasm carries no training code and stays under 2.5 MB gzipped.
func main() {
	registerRoutes()
	app.RunWhenOnBrowser()
}
