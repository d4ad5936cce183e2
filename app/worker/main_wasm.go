package main

import (
	"syscall/js"

	"sslab/app/session"
	"sslab/app/worker/shard"
	"sslab/app/worker/simd"
)

// main serves the worker's three protocols (session.Protocol) inside a Web
// Worker: every message is decoded once and goes by its type to the
// session's mailbox (which runs the benchmark too, so that it never runs
// beside a run or the warm-up) or this helper's shard server. The
// session's messages go out through postMessage. It never returns.
func main() {
	self := js.Global()
	// The products on wasm SIMD, before any runs (tensor.SetBlockKernel is
	// not synchronised). A browser without it keeps the portable kernels,
	// which give the same bits, only slower.
	_ = simd.Install()
	post := func(m session.Message) { postMessage(self, m) }
	inbox := session.NewMailbox()
	// The same worker serves a page's session (coordinating the helpers it
	// starts) or, started by another worker, a helper's shards.
	shards := shard.NewServer(post)
	pool := shard.NewPool()
	receive := js.FuncOf(func(this js.Value, args []js.Value) any {
		// Decode and hand on, nothing more: a callback that blocks would
		// stall the worker's event loop.
		if len(args) == 0 {
			return nil
		}
		m, err := session.FromJS(args[0])
		if err != nil {
			post(session.Message{Type: session.MsgError, Code: session.CodeBadMessage, Message: "malformed message to the worker: " + err.Error()})
			return nil
		}
		switch m.Type.Protocol() {
		case session.ProtoShards:
			shards.Put(m)
		default: // the session's, and the benchmark, which it runs in turn
			inbox.Put(m)
		}
		return nil
	})
	self.Set("sslabReceive", receive)
	helper := self.Get("name").String() == shard.HelperName
	yield := newYield()
	s := &session.Session{
		Send:  post,
		Inbox: inbox,
		Exec:  pool,
		Yield: yield,
		Fetch: fetchFile,
		// While the learner reads the page, the training worker practises
		// the default preset (and starts the helper it wants), so that the
		// first run is as fast as the next.
		WarmUp: !helper,
		Bench:  func(m session.Message) { runBench(self, pool, yield, m) },
	}
	pool.Notice = func(code, text string) { post(session.Message{Type: session.MsgNotice, Code: code, Message: text}) }
	post(session.Message{Type: session.MsgReady})
	s.Serve()
	select {}
}

// postMessage sends m to whoever started this worker.
func postMessage(self js.Value, m session.Message) {
	v, err := session.ToJS(m)
	if err != nil {
		v, _ = session.ToJS(session.Message{Type: session.MsgError, Run: m.Run, Code: session.CodeFailed,
			Message: "the worker could not encode its " + string(m.Type) + " message: " + err.Error()})
	}
	self.Call("postMessage", v)
}
