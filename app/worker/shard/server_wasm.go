package shard

import (
	"encoding/json"
	"fmt"
	"syscall/js"

	"sslab/app/session"
	"sslab/ml/train"
)

// Server is the other side of Pool: a helper worker that holds a replica
// of the coordinator's run and runs the pretraining phases of the shards
// it is given, or adaptation jobs. Its one message, shard-init, is
// answered shard-ready (or error), after which the helper takes its
// commands from the shared memory until the coordinator releases it for
// the next shard-init.
type Server struct {
	post  func(session.Message)
	inbox chan session.Message
	replica
	p    *train.Pretrainer // built at the first phase
	mem  *sharedMem
	slot int
	buf  []float64 // reused for what goes out
	in   []float64 // and for what comes in
	out  int       // the length of what the last command wrote out
}

// NewServer returns a server that answers through post and serves the
// messages Put hands it on a goroutine of its own.
func NewServer(post func(session.Message)) *Server {
	s := &Server{post: post, inbox: make(chan session.Message, 16)}
	go s.serve()
	return s
}

// Put queues a message; the callback that calls it must not block.
func (s *Server) Put(m session.Message) { s.inbox <- m }

func (s *Server) serve() {
	for m := range s.inbox {
		var err error
		switch m.Type {
		case session.MsgShardInit:
			err = s.init(m)
		default:
			err = fmt.Errorf("a helper takes no %q message", m.Type)
		}
		if err != nil {
			s.post(session.Message{Type: session.MsgError, Code: session.CodeFailed, Message: err.Error()})
			continue
		}
		s.post(session.Message{Type: session.MsgShardReady, Shard: &session.ShardInit{Slot: s.slot, Gen: m.Shard.Gen}})
		s.phases()
	}
}

func (s *Server) init(m session.Message) error {
	s.p, s.mem, s.ds = nil, nil, nil
	r, l, slot, err := replicaOf(m)
	if err != nil {
		return err
	}
	sab, ok := m.Memory.(js.Value)
	if !ok || !sab.Truthy() {
		return fmt.Errorf("%s message without its shared memory", m.Type)
	}
	s.replica, s.mem, s.slot = r, openSharedMem(sab, l), slot
	return nil
}

// phases runs the commands the coordinator starts, blocking this worker
// between them (a helper has nothing else to do), until it is released.
// It takes part from the generation the coordinator enrols it at (its
// hFrom word) and lets the ones before go by.
func (s *Server) phases() {
	m := s.mem
	seq := 0 // a new memory's: the first command may start before this line runs
	for {
		for m.load(ctlSeq) == seq {
			m.wait(ctlSeq, seq, spinPhase, -1)
		}
		seq = m.load(ctlSeq)
		cmd := m.load(ctlCmd)
		if cmd == cmdRelease {
			return
		}
		if from := m.load(helperWord(s.slot, hFrom)); from == 0 || seq < from {
			continue // not enrolled yet
		}
		var err error
		switch cmd {
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
	beat := helperWord(s.slot, hBeat)
	var jobs []jobRows
	for {
		m.add(beat, 1) // alive: the coordinator's deadline counts from here
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
