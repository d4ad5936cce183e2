//go:build !wasm

package main

import (
	"fmt"
	"os"
)

// main explains that the worker runs in a browser: natively there is no
// Web Worker to serve.
func main() {
	fmt.Fprintln(os.Stderr, "sslab's training worker runs in a browser's Web Worker: build it with GOOS=js GOARCH=wasm (make wasm)")
	os.Exit(2)
}
