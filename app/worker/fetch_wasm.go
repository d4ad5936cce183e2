package main

import (
	"fmt"
	"syscall/js"
)

// fetchFile reads a file by URL with the Fetch API (the session's Fetch,
// for shipped checkpoints). It blocks only this goroutine: the promise
// callbacks run on the event loop and report back through a channel.
// (net/http would do the same but adds megabytes of client and TLS code
// to the binary.)
func fetchFile(url string) ([]byte, error) {
	type outcome struct {
		body []byte
		err  error
	}
	done := make(chan outcome, 1)
	var onText, onResponse, onError js.Func
	onError = js.FuncOf(func(this js.Value, args []js.Value) any {
		msg := "network error"
		if len(args) > 0 {
			msg = args[0].Call("toString").String()
		}
		done <- outcome{err: fmt.Errorf("%s: %s", url, msg)}
		return nil
	})
	onText = js.FuncOf(func(this js.Value, args []js.Value) any {
		done <- outcome{body: []byte(args[0].String())}
		return nil
	})
	onResponse = js.FuncOf(func(this js.Value, args []js.Value) any {
		resp := args[0]
		if !resp.Get("ok").Bool() {
			done <- outcome{err: fmt.Errorf("%s: %d %s", url, resp.Get("status").Int(), resp.Get("statusText").String())}
			return nil
		}
		resp.Call("text").Call("then", onText, onError)
		return nil
	})
	js.Global().Call("fetch", url).Call("then", onResponse, onError)
	o := <-done
	onText.Release()
	onResponse.Release()
	onError.Release()
	return o.body, o.err
}
