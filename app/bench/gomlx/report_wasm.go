//go:build js && wasm

package main

import (
	"encoding/json"
	"syscall/js"
)

// report posts r, as a JSON string, from the worker to its page
// (web/bench/gomlx.html).
func report(r result) {
	b, err := json.Marshal(r)
	if err != nil {
		b, _ = json.Marshal(result{Library: "GoMLX", Error: "encoding the result: " + err.Error()})
	}
	js.Global().Call("postMessage", string(b))
}
