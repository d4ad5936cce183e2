package main

import (
	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"sslab/app/page"
)

// main runs the page as a go-app client (web/app.wasm). It never trains:
// the training runs in Web Workers started from web/worker.js, which load
// the worker's own program (web/worker.wasm, built from ./app/worker).
func main() {
	page.Register()
	app.RunWhenOnBrowser()
}
