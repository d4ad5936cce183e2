package main

import (
	"fmt"
	"syscall/js"
)

// fetchFile reads a file by URL with the Fetch API (the session's Fetch,
// for shipped checkpoints and the text data). It blocks only this goroutine: the promise
// callbacks run on the event loop and report back through a channel.
// (net/http would do the same but adds megabytes of client and TLS code
// to the binary.)
func fetchFile(url string) ([]byte, error) {
	type outcome struct {
		body []byte
		err  error
	}
	done := make(chan outcome, 1)
	var onBody, onResponse, onError js.Func
	onError = js.FuncOf(func(this js.Value, args []js.Value) any {
		msg := "network error"
		if len(args) > 0 {
			msg = args[0].Call("toString").String()
		}
		done <- outcome{err: fmt.Errorf("%s: %s", url, msg)}
		return nil
	})
	// The body as bytes: the text data is binary (gzip), and a checkpoint's
	// JSON is UTF-8 either way.
	onBody = js.FuncOf(func(this js.Value, args []js.Value) any {
		arr := js.Global().Get("Uint8Array").New(args[0])
		body := make([]byte, arr.Get("length").Int())
		js.CopyBytesToGo(body, arr)
		done <- outcome{body: body}
		return nil
	})
	onResponse = js.FuncOf(func(this js.Value, args []js.Value) any {
		resp := args[0]
		if !resp.Get("ok").Bool() {
			done <- outcome{err: fmt.Errorf("%s: %d %s", url, resp.Get("status").Int(), resp.Get("statusText").String())}
			return nil
		}
		resp.Call("arrayBuffer").Call("then", onBody, onError)
		return nil
	})
	js.Global().Call("fetch", url).Call("then", onResponse, onError)
	o := <-done
	onBody.Release()
	onResponse.Release()
	onError.Release()
	return o.body, o.err
}
