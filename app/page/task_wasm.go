//go:build wasm

package page

import (
	"syscall/js"
	"time"
)

// sleepTask blocks the calling goroutine until a task of the browser's
// event loop at least d from now: the page gets to run (and draw) in
// between. time.Sleep does not promise that: when the running task
// outlasts the timer, Go's scheduler wakes the sleeper inside that same
// task, and two pieces of work meant to be apart make one long task.
func sleepTask(d time.Duration) {
	done := make(chan struct{})
	var wake js.Func
	wake = js.FuncOf(func(js.Value, []js.Value) any {
		wake.Release()
		close(done)
		return nil
	})
	js.Global().Call("setTimeout", wake, d.Milliseconds())
	<-done
}
