//go:build wasm && worker

package main

import (
	"fmt"
	"net/url"
	"syscall/js"
	"time"

	"sslab/ml/config"
	"sslab/ml/data"
	"sslab/ml/tensor"
	"sslab/ml/train"
)

// shardServer is the other side of shardPool: a worker that holds a replica
// of the coordinator's pretrainer and runs the phases of the shards it is
// given. Messages: init {query, name, rows, cols, width, height, x, train}
// -> init-ok | error; phase {k, [state], down, lo, hi, last} -> up {ups,
// [grads]} | error.
type shardServer struct {
	self  js.Value
	inbox chan js.Value
	p     *train.Pretrainer
	buf   []float64 // reused for what goes out
	in    []float64 // and for what comes in
}

func newShardServer(self js.Value) *shardServer {
	s := &shardServer{self: self, inbox: make(chan js.Value, 16)}
	go s.serve()
	return s
}

// put queues a message; the callback that calls it must not block.
func (s *shardServer) put(m js.Value) { s.inbox <- m }

func (s *shardServer) serve() {
	for m := range s.inbox {
		var err error
		switch m.Get("shard").String() {
		case "init":
			err = s.init(m)
		case "phase":
			err = s.phase(m)
		default:
			err = fmt.Errorf("unknown shard message %q", m.Get("shard").String())
		}
		if err != nil {
			reply := js.Global().Get("Object").New()
			reply.Set("shard", "error")
			reply.Set("message", err.Error())
			s.self.Call("postMessage", reply)
		}
	}
}

func (s *shardServer) init(m js.Value) error {
	q, err := url.ParseQuery(m.Get("query").String())
	if err != nil {
		return err
	}
	cfg, errs := config.Decode(q)
	if len(errs) > 0 {
		return errs
	}
	rows, cols := m.Get("rows").Int(), m.Get("cols").Int()
	x := floatsFromJS(nil, m.Get("x"))
	if len(x) != rows*cols {
		return fmt.Errorf("data has %d values, want %d×%d", len(x), rows, cols)
	}
	ds := &data.Dataset{Name: m.Get("name").String(), X: &tensor.Mat{Rows: rows, Cols: cols, Data: x},
		Width: m.Get("width").Int(), Height: m.Get("height").Int()}
	var split data.Split
	for _, r := range floatsFromJS(nil, m.Get("train")) {
		split.Train = append(split.Train, int(r))
	}
	p, err := train.NewPretrainer(cfg, ds, split, train.Serial{})
	if err != nil {
		return err
	}
	s.p = p
	reply := js.Global().Get("Object").New()
	reply.Set("shard", "init-ok")
	s.self.Call("postMessage", reply)
	return nil
}

func (s *shardServer) phase(m js.Value) error {
	if s.p == nil {
		return fmt.Errorf("phase before init")
	}
	k := m.Get("k").Int()
	if st := m.Get("state"); !st.IsUndefined() {
		s.in = floatsFromJS(s.in, st)
		if err := s.p.SetState(s.in); err != nil {
			return err
		}
	}
	s.in = floatsFromJS(s.in, m.Get("down"))
	if err := s.p.SetDown(k, s.in); err != nil {
		return err
	}
	lo, hi := m.Get("lo").Int(), m.Get("hi").Int()
	if lo < 0 || hi > s.p.Shards() || lo > hi {
		return fmt.Errorf("no shards [%d, %d)", lo, hi)
	}
	start := time.Now()
	ups := js.Global().Get("Array").New()
	transfer := js.Global().Get("Array").New()
	for i := lo; i < hi; i++ {
		s.p.ShardPhase(k, i)
		s.buf = s.p.AppendUp(s.buf[:0], k, i)
		b := floatsToJS(s.buf)
		ups.Call("push", b)
		transfer.Call("push", b)
	}
	reply := js.Global().Get("Object").New()
	reply.Set("shard", "up")
	reply.Set("ups", ups)
	if m.Get("last").Bool() && lo < hi {
		s.buf = s.p.AppendGrads(s.buf[:0], lo, hi)
		g := floatsToJS(s.buf)
		reply.Set("grads", g)
		transfer.Call("push", g)
	}
	reply.Set("ms", time.Since(start).Seconds()*1e3)
	s.self.Call("postMessage", reply, transfer) // move the buffers, don't copy
	return nil
}
