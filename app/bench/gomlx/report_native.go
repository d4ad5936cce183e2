//go:build !(js && wasm)

package main

import (
	"encoding/json"
	"os"
)

// report prints r as JSON, and exits 1 if it holds an error.
func report(r result) {
	enc := json.NewEncoder(os.Stdout)
	enc.SetIndent("", " ")
	enc.Encode(r)
	if r.Error != "" {
		os.Exit(1)
	}
}
