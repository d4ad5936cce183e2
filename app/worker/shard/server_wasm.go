package shard

import (
	"encoding/json"
	"fmt"
	"net/url"
	"syscall/js"

	"sslab/ml/config"
	"sslab/ml/data"
	"sslab/ml/tensor"
	"sslab/ml/train"
)

// Server is the other side of Pool: a helper worker that holds
// a replica of the coordinator's run (config, data, split) and runs the
// pretraining phases of the shards it is given, or adaptation jobs. Its
// one message, init {query, name, rows, cols, width, height, classes, x,
// labels, targets, train, test, sab, layout, slot}, is answered init-ok
// (or error), after which the helper takes its commands from the shared
// memory until the coordinator releases it for the next init.
type Server struct {
	self  js.Value
	inbox chan js.Value
	cfg   config.Config
	ds    *data.Dataset
	split data.Split
	p     *train.Pretrainer // built at the first phase
	mem   *sharedMem
	slot  int
	buf   []float64 // reused for what goes out
	in    []float64 // and for what comes in
	out   int       // the length of what the last command wrote out
}

func NewServer(self js.Value) *Server {
	s := &Server{self: self, inbox: make(chan js.Value, 16)}
	go s.serve()
	return s
}

// Put queues a message; the callback that calls it must not block.
func (s *Server) Put(m js.Value) { s.inbox <- m }

func (s *Server) serve() {
	for m := range s.inbox {
		var err error
		switch m.Get("shard").String() {
		case "init":
			err = s.init(m)
		default:
			err = fmt.Errorf("unknown shard message %q", m.Get("shard").String())
		}
		if err != nil {
			reply := js.Global().Get("Object").New()
			reply.Set("shard", "error")
			reply.Set("message", err.Error())
			s.self.Call("postMessage", reply)
			continue
		}
		s.phases()
	}
}

func (s *Server) init(m js.Value) error {
	s.p, s.mem, s.ds = nil, nil, nil
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
		Width: m.Get("width").Int(), Height: m.Get("height").Int(), Classes: m.Get("classes").Int()}
	if labels := floatsToInts(floatsFromJS(nil, m.Get("labels"))); len(labels) > 0 {
		ds.Labels = labels
	}
	if targets := floatsFromJS(nil, m.Get("targets")); len(targets) > 0 {
		ds.Targets = targets
	}
	split := data.Split{Train: floatsToInts(floatsFromJS(nil, m.Get("train"))), Test: floatsToInts(floatsFromJS(nil, m.Get("test")))}
	layout := layoutFromJS(m.Get("layout"))
	slot := m.Get("slot").Int()
	if slot < 0 || slot >= layout.Helpers {
		return fmt.Errorf("slot %d of %d", slot, layout.Helpers)
	}
	s.cfg, s.ds, s.split = cfg, ds, split
	s.mem, s.slot = openSharedMem(m.Get("sab"), layout), slot
	reply := js.Global().Get("Object").New()
	reply.Set("shard", "init-ok")
	s.self.Call("postMessage", reply)
	return nil
}

func floatsToInts(v []float64) []int {
	out := make([]int, len(v))
	for i, x := range v {
		out[i] = int(x)
	}
	return out
}

// phases runs the phases the coordinator starts, blocking this worker
// between them (a helper has nothing else to do), until it is released.
func (s *Server) phases() {
	m := s.mem
	seq := 0 // a new memory's: the first phase may start before this line runs
	for {
		for m.load(ctlSeq) == seq {
			m.wait(ctlSeq, seq, -1)
		}
		seq = m.load(ctlSeq)
		var err error
		switch m.load(ctlCmd) {
		case cmdRelease:
			return
		case cmdAdapt:
			err = s.adapt()
		default:
			err = s.phase()
		}
		out := m.out[s.slot]
		if err != nil {
			msg := []byte(err.Error())
			js.CopyBytesToJS(out, msg)
			m.store(helperWord(s.slot, hOutLen), min(len(msg), out.Length()))
			m.store(helperWord(s.slot, hStatus), statusFailed)
		} else {
			m.store(helperWord(s.slot, hOutLen), s.out)
			m.store(helperWord(s.slot, hStatus), statusOK)
		}
		m.publish(helperWord(s.slot, hDone), seq)
	}
}

// phase runs one phase on this helper's block and writes its results to
// its out region.
func (s *Server) phase() (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("panic: %v", r)
		}
	}()
	if s.p == nil {
		if s.p, err = train.NewPretrainer(s.cfg, s.ds, s.split, train.Serial{}); err != nil {
			return err
		}
	}
	m := s.mem
	k := m.load(ctlK)
	if n := m.load(ctlStateLen); n > 0 {
		if s.in, err = readFloats(s.in, m.state, n); err != nil {
			return err
		}
		if err := s.p.SetState(s.in); err != nil {
			return err
		}
	}
	if s.in, err = readFloats(s.in, m.down, m.load(ctlDownLen)); err != nil {
		return err
	}
	if err := s.p.SetDown(k, s.in); err != nil {
		return err
	}
	lo, hi := m.load(helperWord(s.slot, hLo)), m.load(helperWord(s.slot, hHi))
	if lo < 0 || hi > s.p.Shards() || lo > hi {
		return fmt.Errorf("no shards [%d, %d)", lo, hi)
	}
	for i := lo; i < hi; i++ {
		s.p.ShardPhase(k, i)
	}
	s.buf = appendUps(s.buf[:0], s.p, k, lo, hi, m.load(ctlLast) == 1)
	s.out = len(s.buf)
	return writeFloats(m.out[s.slot], s.buf)
}

// adapt builds the coordinator's adaptation plan from the encoders in the
// state region, runs the jobs it takes from the shared counter, and writes
// their rows to its out region.
func (s *Server) adapt() (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("panic: %v", r)
		}
	}()
	m := s.mem
	if s.in, err = readFloats(s.in, m.state, m.load(ctlStateLen)); err != nil {
		return err
	}
	pre, rest, err := decodeEncoder(s.in)
	if err != nil {
		return err
	}
	random, _, err := decodeEncoder(rest)
	if err != nil {
		return err
	}
	plan := train.NewAdapter(s.cfg, s.ds, s.split).Plan(pre, random)
	var jobs []jobRows
	for {
		k := m.add(ctlNextJob, 1)
		if k >= plan.Len() {
			break
		}
		i := plan.Order[k]
		jobs = append(jobs, newJobRows(i, plan.Run(i)))
	}
	b, err := json.Marshal(jobs)
	if err != nil {
		return err
	}
	if len(b) > m.out[s.slot].Length() {
		return fmt.Errorf("the rows of %d jobs take %d bytes, more than the %d shared for them", len(jobs), len(b), m.out[s.slot].Length())
	}
	js.CopyBytesToJS(m.out[s.slot], b)
	s.out = len(b)
	return nil
}
