package main

import (
	"fmt"
	"syscall/js"

	"sslab/app/session"
	"sslab/app/worker/shard"
	"sslab/ml/data"
)

// main serves the worker's protocols inside a Web Worker: onmessage feeds
// the session's mailbox, the session's messages go out through
// postMessage. It never returns.
func main() {
	self := js.Global()
	inbox := session.NewMailbox()
	// The same worker serves a page's session (coordinating the shard
	// workers it starts) or, started by another worker, a replica's shards.
	shards := shard.NewServer(self)
	pool := shard.NewPool()
	receive := js.FuncOf(func(this js.Value, args []js.Value) any {
		// Decode and queue, nothing more: a callback that blocks would
		// stall the worker's event loop.
		if len(args) == 0 {
			return nil
		}
		if args[0].Type() != js.TypeObject {
			workerPost(self, session.Message{Type: session.MsgError, Message: "malformed message to the worker: not an object"})
			return nil
		}
		if sh := args[0].Get("shard"); sh.Type() == js.TypeString {
			shards.Put(args[0])
			return nil
		}
		if b := args[0].Get("bench"); b.Type() == js.TypeObject {
			go runBench(self, pool, b)
			return nil
		}
		m, err := session.FromWire(workerFromJS(args[0]))
		if err != nil {
			workerPost(self, session.Message{Type: session.MsgError, Message: "malformed message to the worker: " + err.Error()})
			return nil
		}
		inbox.Put(m)
		return nil
	})
	self.Set("sslabReceive", receive)
	s := &session.Session{
		Send:  func(m session.Message) { workerPost(self, m) },
		Inbox: inbox,
		Exec:  pool,
		Yield: newYield(),
		Fetch: fetchFile,
	}
	pool.Notice = func(text string) {
		// Param names the setting the notice is about, so the page shows
		// it without ending the run.
		workerPost(self, session.Message{Type: session.MsgError, Message: text, Param: "workers"})
	}
	workerPost(self, session.Message{Type: session.MsgReady})
	if js.Global().Get("name").String() != shard.HelperName {
		// While the learner reads the page, parse the default dataset.
		// (Helpers are not started ahead: a nested worker loads only as
		// its parent's event loop turns, which a run's start keeps busy
		// anyway, and an idle page should not hold their memory.)
		go data.Digits()
	}
	s.Serve()
	select {}
}

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

// post sends m to the page as {json, charts, files}.
func workerPost(self js.Value, m session.Message) {
	w, err := session.ToWire(m)
	if err != nil {
		w, _ = session.ToWire(session.Message{Type: session.MsgError, Run: m.Run,
			Message: "the worker could not encode its " + m.Type + " message: " + err.Error()})
	}
	self.Call("postMessage", workerToJS(w))
}

func workerToJS(w session.Wire) js.Value {
	obj := js.Global().Get("Object").New()
	obj.Set("json", w.JSON)
	obj.Set("charts", workerStringsToJS(w.Charts))
	obj.Set("files", workerStringsToJS(w.Files))
	return obj
}

func workerStringsToJS(m map[string]string) js.Value {
	obj := js.Global().Get("Object").New()
	for k, v := range m {
		obj.Set(k, v)
	}
	return obj
}

func workerFromJS(v js.Value) session.Wire {
	if v.Type() != js.TypeObject {
		return session.Wire{}
	}
	w := session.Wire{Charts: workerStringsFromJS(v.Get("charts")), Files: workerStringsFromJS(v.Get("files"))}
	if j := v.Get("json"); j.Type() == js.TypeString {
		w.JSON = j.String()
	}
	return w
}

func workerStringsFromJS(v js.Value) map[string]string {
	if v.Type() != js.TypeObject {
		return nil
	}
	keys := js.Global().Get("Object").Call("keys", v)
	if keys.Length() == 0 {
		return nil
	}
	m := make(map[string]string, keys.Length())
	for i := range keys.Length() {
		k := keys.Index(i).String()
		if s := v.Get(k); s.Type() == js.TypeString {
			m[k] = s.String()
		}
	}
	return m
}

// fetchFile reads a file by URL with the Fetch API. It blocks only this
// goroutine: the promise callbacks run on the event loop and report back
// through a channel. (net/http would do the same but adds megabytes of
// client and TLS code to the binary.)
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
