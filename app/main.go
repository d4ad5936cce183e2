//go:build !wasm

package main

import "os"

// main runs the native program: the command line, the lab's server and the
// static site generator (see usage in cli.go).
func main() {
	os.Exit(runCLI(os.Args[1:], os.Stdout, os.Stderr))
}
