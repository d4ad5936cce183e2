//go:build !wasm

package page

import "time"

// sleepTask is time.Sleep natively, where there is no event loop to yield
// to (see the wasm version).
func sleepTask(d time.Duration) { time.Sleep(d) }
