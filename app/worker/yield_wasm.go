package main

import "syscall/js"

// newYield returns a function that lets the event loop run once, which
// delivers the pending onmessage calls (pause, cancel). It posts itself a
// message and waits for it: a timer would do too, but browsers hold a
// timer that keeps being set again for at least 4 ms, a tenth of the time
// between yields.
func newYield() func() {
	back := make(chan struct{}, 1)
	ch := js.Global().Get("MessageChannel").New()
	ch.Get("port1").Set("onmessage", js.FuncOf(func(js.Value, []js.Value) any {
		back <- struct{}{}
		return nil
	}))
	port := ch.Get("port2")
	return func() {
		port.Call("postMessage", 0)
		<-back
	}
}
