//go:build !wasm

package main

import (
	"os"

	"sslab/app/cli"
	"sslab/app/page"
)

// main runs the command line: training, presets, checkpoints, the lab's
// server and its static-site generator. The server prerenders the page,
// which go-app finds among the routes registered here.
func main() {
	page.Register()
	os.Exit(cli.Run(os.Args[1:], os.Stdout, os.Stderr))
}
