package session

import (
	"bytes"
	"errors"
	"fmt"
	"math"
	"net/url"
	"strconv"
	"strings"
	"time"

	"sslab/ml/config"
	"sslab/ml/data"
	"sslab/ml/eval"
	"sslab/ml/tensor"
	"sslab/ml/train"
)

// Session is the training side of the worker protocol: it decodes the
// config, loads the data, pretrains step by step (pausing, resuming and
// stopping between steps), streams progress, monitors and charts, adapts,
// and sends the result. It is plain Go: the Web Worker wires it to
// postMessage (app/worker), tests run it on a goroutine.
type Session struct {
	Send  func(Message) // to the page; must not block for long
	Inbox *Mailbox      // from the page; Serve returns when it is closed
	Exec  train.Executor
	// Yield, if set, is called every YieldEvery of computing so the host's
	// event loop can run: in a Web Worker, onmessage (and so pause and
	// cancel) is only delivered while Go is blocked.
	Yield func()
	// Fetch reads a shipped checkpoint file (ckpt=NAME) from its URL.
	Fetch func(url string) ([]byte, error)

	// WarmUp, if set, has Serve train a few steps of the default preset
	// while no message waits and no run has started, results discarded:
	// V8 compiles the hot code as it runs, so the learner's first run is
	// then as fast as later ones (warmup.go).
	WarmUp bool
	// Bench, if set, runs a bench message (web/bench.html's step
	// timing) in turn with the session's work.
	Bench func(Message)

	pending []Message     // received but not yet handled
	last    *finished     // the last run that completed, for follow-up requests
	user    *userData     // the user's own file (data=csv), once one is accepted
	started bool          // a run has started: no more warming up
	warm    *warmUp       // the warm-up under way, if any
	text    *data.Dataset // the text corpus, once fetched (text_data.go)
}

// Rates of the streams to the page: enough for smooth charts, few enough
// that the page's thread stays idle most of the time.
const (
	ProgressEvery = 200 * time.Millisecond
	SnapshotEvery = 250 * time.Millisecond
	YieldEvery    = 40 * time.Millisecond
	// snapshotShare caps the time spent monitoring (a kNN over the whole
	// split, an eigendecomposition, the charts) at about 1/snapshotShare
	// of the time spent training. Monitoring runs in the training worker
	// alone, while the helpers wait, so it costs the whole run its time.
	snapshotShare = 12
	// shownExamples is how many examples of a batch the snapshot pictures.
	shownExamples = 8
	// similarityRows is the side of the similarity heatmap.
	similarityRows = 16
)

// finished is a completed run, kept to answer adapt, confusion and
// checkpoint requests without pretraining again.
type finished struct {
	run         int
	cfg         config.Config
	ds          *data.Dataset
	split       data.Split
	pre, random *train.Encoder
	report      train.Report // the pretraining part of the report
	fromFile    bool
	// stepSeconds is the longest pretraining step measured (or estimated),
	// from which the adaptation's quiet estimate follows.
	stepSeconds float64
	hist        *monitorHistory // the monitors over pretraining (the last one's collapse reading)
}

// Serve handles messages until the inbox is closed.
func (s *Session) Serve() {
	for {
		if len(s.pending) == 0 && s.WarmUp && !s.started {
			s.warmUpSome()
		}
		if len(s.pending) == 0 {
			s.pending = s.Inbox.Wait()
			if s.pending == nil {
				return
			}
		}
		m := s.pending[0]
		s.pending = s.pending[1:]
		s.handle(m)
	}
}

func (s *Session) handle(m Message) {
	switch m.Type {
	case MsgStart:
		s.start(m)
	case MsgAdapt:
		s.readapt(m)
	case MsgConfusion:
		s.confusion(m)
	case MsgCheckpoint:
		s.checkpoint(m)
	case MsgEmbeddings:
		s.embeddings(m)
	case MsgPreview:
		s.preview(m)
	case MsgData:
		s.loadData(m)
	case MsgAsk:
		s.ask(m) // text_ask.go
	case MsgPause, MsgResume, MsgCancel:
		// Nothing is running: these refer to a run that has ended.
		s.ack(m, nil)
	case MsgBench:
		s.started = true // the benchmark warms up on its own
		if s.Bench != nil {
			s.Bench(m)
		} else {
			s.fail(m.Run, CodeBadMessage, errors.New("this worker runs no benchmark"))
		}
	default:
		s.fail(m.Run, CodeBadMessage, fmt.Errorf("unknown message type %q", m.Type))
	}
}

// fail answers a request of run with an error of the codes table: code
// says what kind, err the details, for the page.
func (s *Session) fail(run int, code string, err error) {
	s.Send(Message{Type: MsgError, Run: run, Code: code, Message: err.Error()})
}

// failRun answers a failed step or run: a divergence has its own code.
func (s *Session) failRun(run int, err error) {
	code := CodeFailed
	if errors.Is(err, train.ErrDiverged) {
		code = CodeDiverged
	}
	s.fail(run, code, err)
}

// ack acknowledges a pause, resume or cancel: applied to g's run, or, if
// g is nil or runs another run, to none.
func (s *Session) ack(m Message, g *gate) {
	a := &Ack{Of: m.Type}
	if g != nil && m.Run == g.run {
		a.Applied, a.Phase, a.Step = true, g.phase, g.step
	}
	s.Send(Message{Type: MsgAck, Run: m.Run, Ack: a})
}

// gate is checked between steps and jobs: it lets the host deliver
// messages, applies them, and while paused blocks until resumed.
type gate struct {
	s         *Session
	run       int
	paused    bool
	lastYield time.Time
	// phase and step say how far the run is, for the acks.
	phase string
	step  int
}

// control takes new messages and applies those addressed to the running
// run: pause, resume, cancel, each acknowledged. It reports whether the
// run must stop: it was cancelled, or a newer start or adapt request is
// waiting.
func (g *gate) control() (stop bool) {
	s := g.s
	s.pending = append(s.pending, s.Inbox.Take()...)
	keep := s.pending[:0]
	for _, m := range s.pending {
		switch {
		case m.Type == MsgStart || m.Type == MsgAdapt:
			stop = true
			keep = append(keep, m) // Serve handles it once this run returns
		case m.Type == MsgPause || m.Type == MsgResume || m.Type == MsgCancel:
			if m.Run == g.run {
				switch m.Type {
				case MsgPause:
					g.paused = true
				case MsgResume:
					g.paused = false
				case MsgCancel:
					stop = true
				}
			}
			s.ack(m, g) // for another run: not applied
		case m.Type == MsgPreview:
			s.preview(m) // cheap, and the page wants it now
		default:
			keep = append(keep, m)
		}
	}
	s.pending = keep
	return stop || s.Inbox.Closed()
}

// check returns the time spent paused and whether to stop.
func (g *gate) check() (pausedFor time.Duration, stop bool) {
	if g.s.Yield != nil && time.Since(g.lastYield) >= YieldEvery {
		g.s.Yield()
		g.lastYield = time.Now()
	}
	if g.control() {
		return 0, true
	}
	if !g.paused {
		return 0, false
	}
	start := time.Now()
	for g.paused {
		// Blocking on the mailbox, not spinning: in a worker this returns
		// to the event loop, which delivers the resume.
		<-g.s.Inbox.Ready()
		if g.control() {
			return time.Since(start), true
		}
	}
	return time.Since(start), false
}

// DecodeQuery returns the config of a query. The page has already shown
// any bad parameter; the worker runs Decode's fallback as the page does.
func DecodeQuery(query string) (config.Config, error) {
	q, err := url.ParseQuery(query)
	if err != nil {
		return config.Config{}, fmt.Errorf("the config query does not parse: %v", err)
	}
	cfg, _ := config.Decode(q)
	return cfg, nil
}

// Warmer is an executor that can prepare for a pretrainer's steps ahead of
// them (start Web Workers) without waiting for it to be done: the session
// warms it, then loads and draws while it gets ready.
type Warmer interface {
	Warm(p *train.Pretrainer)
}

// yield lets the host's event loop turn, if it has one.
func (s *Session) yield() {
	if s.Yield != nil {
		s.Yield()
	}
}

// start runs one whole run: pretraining (or loading a checkpoint), then
// adaptation, then the result. A run a link started (autorun) runs only if
// its cost is under the autorun bounds; otherwise the page is asked to
// confirm.
func (s *Session) start(m Message) {
	s.last = nil
	s.started = true
	run := m.Run
	cfg, err := DecodeQuery(m.Query)
	if err != nil {
		s.fail(run, CodeBadConfig, err)
		return
	}
	var r *train.Run
	if cfg.Dataset == config.CSVDataset {
		ds, derr := s.userDataset(cfg)
		if derr != nil {
			s.Send(Message{Type: MsgError, Run: run, Code: CodeNoFile, Message: derr.Error(), Param: "data"})
			return
		}
		r, err = train.NewRunWithData(cfg, ds)
	} else if cfg.IsText() {
		ds, derr := s.textDataset()
		if derr != nil {
			s.Send(Message{Type: MsgError, Run: run, Code: CodeBadFile, Message: derr.Error(), Param: "data"})
			return
		}
		r, err = train.NewRunWithData(cfg, ds)
	} else {
		r, err = train.NewRun(cfg)
	}
	if err != nil {
		s.fail(run, CodeBadConfig, err)
		return
	}
	cost, err := train.EstimateCost(cfg, r.Dataset.Dim(), len(r.Split.Train))
	if err != nil {
		s.fail(run, CodeBadConfig, err)
		return
	}
	_, fromFile := m.Files[FileCheckpoint]
	fromFile = fromFile || m.CheckpointURL != ""
	if m.Autorun && !fromFile && !underAutorunBounds(cost) {
		c := costOf(cost)
		s.Send(Message{Type: MsgError, Run: run, Code: CodeCostConfirm, Cost: &c,
			Message: fmt.Sprintf("this run (%d steps, %.0f GFLOP, %.0f MB per worker: about %.0f s on a small laptop) is larger than a link may start on its own; press Start to run it",
				c.Steps, c.GFLOP, c.MBytes, c.Seconds)})
		return
	}
	// Building the model and the first snapshot send nothing: say for how
	// long at most, so that the page does not take a busy worker for a
	// dead one.
	s.Send(Message{Type: MsgBusy, Run: run, Progress: &Progress{QuietSeconds: firstQuiet(cost, r.Dataset.Len())}})
	p, err := train.NewPretrainer(cfg, r.Dataset, r.Split, s.Exec)
	if err != nil {
		s.fail(run, CodeBadConfig, err)
		return
	}
	if w, ok := s.Exec.(Warmer); ok {
		w.Warm(p)
		s.yield()
	}
	g := &gate{s: s, run: run, lastYield: time.Now()}
	f := &finished{run: run, cfg: cfg, ds: r.Dataset, split: r.Split, random: p.InitialEncoder(), hist: &monitorHistory{}}
	f.report = train.Report{Config: cfg, Query: cfg.Query(), Dataset: r.Dataset.Name, Objective: string(cfg.Objective)}

	if text, ok := m.Files[FileCheckpoint]; ok || m.CheckpointURL != "" {
		param := ""
		if !ok {
			param = "ckpt"
			// Fetching the file is up to the network.
			s.Send(Message{Type: MsgBusy, Run: run, Progress: &Progress{QuietSeconds: fetchQuiet}})
		}
		ck, err := s.loadCheckpoint(text, m.CheckpointURL, cfg)
		if err != nil {
			s.Send(Message{Type: MsgError, Run: run, Code: CodeBadCheckpoint, Message: err.Error(), Param: param})
			return
		}
		enc, err := ck.EncoderFor(cfg, r.Dataset)
		if err != nil {
			s.Send(Message{Type: MsgError, Run: run, Code: CodeBadCheckpoint, Message: "cannot use this checkpoint: " + err.Error(), Param: param})
			return
		}
		// The pretrainer's parameters start with the encoder's, so the
		// monitors describe the loaded encoder.
		copy(p.Params(), enc.Params)
		f.pre, f.fromFile = p.Encoder().Clone(), true
		f.report.Steps = ck.Steps
		s.snapshot(run, p, r, f.hist)
		// No step was timed: the adaptation's estimate starts from the
		// cost's, at the slow rate.
		f.stepSeconds = float64(cost.PretrainFLOPs) / float64(max(cost.Steps, 1)) / slowFLOPS
	} else if stop, ok := s.pretrain(g, p, r, f); stop || !ok {
		return
	}
	s.adapt(g, f)
}

// Runs a link may start on its own (autorun): about half a minute on a
// small laptop at most, at autorunFLOPS. Above any bound the page shows
// the estimate and waits for a click.
const (
	autorunSteps  = 20000
	autorunGFLOP  = 60
	autorunMBytes = 256
	// autorunFLOPS is the arithmetic a small laptop's browser does per
	// second on the lab's steps (two workers), for the estimate in seconds.
	autorunFLOPS = 2e9
)

func underAutorunBounds(c train.Cost) bool {
	return c.Steps <= autorunSteps && float64(c.PretrainFLOPs) <= autorunGFLOP*1e9 && float64(c.Bytes) <= autorunMBytes*1e6
}

// costOf is c as the page shows it.
func costOf(c train.Cost) Cost {
	return Cost{Steps: c.Steps, GFLOP: float64(c.PretrainFLOPs) / 1e9, MBytes: float64(c.Bytes) / 1e6,
		Seconds: float64(c.PretrainFLOPs+c.NeighbourOps) / autorunFLOPS}
}

// fetchQuiet is how long, in seconds, fetching a shipped checkpoint may
// take before the page gives the worker up.
const fetchQuiet = 60

// slowFLOPS is the slowest arithmetic rate the quiet estimates assume
// before anything is measured: a phone's, in one worker.
const slowFLOPS = 0.3e9

// firstQuiet estimates, in seconds, how long the start of a run may go
// without a message: building the model and the neighbour view's table,
// its first snapshot (embedding rows examples, each about two FLOPs per
// parameter, a few times over) and first step, at slowFLOPS, and a second
// for the rest.
func firstQuiet(c train.Cost, rows int) float64 {
	step := float64(c.PretrainFLOPs) / float64(max(c.Steps, 1))
	return 1 + (float64(c.NeighbourOps)+step+8*float64(rows)*float64(c.Params))/slowFLOPS
}

// loadCheckpoint reads a checkpoint given as text or by URL.
func (s *Session) loadCheckpoint(text, url string, cfg config.Config) (*train.Checkpoint, error) {
	if url != "" {
		if s.Fetch == nil {
			return nil, errors.New("this host cannot fetch checkpoint files")
		}
		b, err := s.Fetch(url)
		if err != nil {
			return nil, fmt.Errorf("checkpoint %q could not be loaded: %v", cfg.Checkpoint, err)
		}
		text = string(b)
	}
	return train.ReadCheckpoint(strings.NewReader(text))
}

// pretrain runs the pretraining steps, streaming progress and snapshots.
// It returns stop when the run was cancelled or superseded, and ok false
// when it failed (the error is sent).
func (s *Session) pretrain(g *gate, p *train.Pretrainer, r *train.Run, f *finished) (stop, ok bool) {
	run := g.run
	hist := f.hist
	s.snapshot(run, p, r, hist)
	s.yield()
	var (
		started   = time.Now()
		paused    time.Duration
		lastSent  = started
		lastSnap  = started
		snapEvery = SnapshotEvery
		losses    []float64
		last      train.StepMetrics
		metrics   Metrics
		// longest is the longest the loop has computed without sending:
		// a step, or a snapshot and a step.
		longest time.Duration
		left    ETA
	)
	_, total := p.Steps()
	g.phase = PhasePretrain
	for !p.Done() {
		g.step, _ = p.Steps()
		pausedFor, stop := g.check()
		paused += pausedFor
		if stop {
			return true, false
		}
		t0 := time.Now()
		m, err := p.Step()
		stepTime := time.Since(t0)
		f.stepSeconds = max(f.stepSeconds, stepTime.Seconds())
		longest = max(longest, stepTime)
		if err != nil {
			// ErrDiverged's message names the step and suggests a
			// smaller learning rate.
			s.failRun(run, err)
			return false, false
		}
		last = m
		losses = append(losses, m.Loss)
		hist.step(m)
		now := time.Now()
		if now.Sub(lastSnap) >= snapEvery || p.Done() {
			mon := s.snapshot(run, p, r, hist)
			metrics.KNN, metrics.EffRank = finite(mon.KNN), finite(mon.EffRank)
			snapEvery = max(SnapshotEvery, snapshotShare*time.Since(now))
			lastSnap = time.Now()
			longest = max(longest, stepTime+lastSnap.Sub(now))
		}
		if now.Sub(lastSent) >= ProgressEvery || p.Done() {
			done, _ := p.Steps()
			left.Observe(done, time.Since(started)-paused)
			metrics.Epoch, metrics.GradNorm = m.Epoch, finite(m.GradNorm)
			s.Send(Message{Type: MsgProgress, Run: run,
				Progress: &Progress{Phase: PhasePretrain, Step: done, Total: total, Loss: finite(m.Loss), Metrics: metrics,
					ETASeconds: left.Seconds(total), QuietSeconds: (longest + ProgressEvery).Seconds()},
				Charts: progressCharts(f.cfg, losses, hist),
			})
			lastSent = now
		}
	}
	_, flops := p.FLOPs()
	f.pre = p.Encoder().Clone()
	f.report.Steps = total
	f.report.PretrainGFLOP = float64(flops) / 1e9
	f.report.PretrainSeconds = (time.Since(started) - paused).Seconds()
	f.report.FinalLoss = last.Loss
	return false, true
}

// adaptJobExamples bounds what one adaptation job trains on, in examples
// through the encoder: finetuning at a few-shot budget, 5 draws of at most
// 400 steps of 64 (ml/train's finetuning), the costliest job.
const adaptJobExamples = 5 * 400 * 64

// adaptQuiet estimates in seconds how long adaptation may go without a
// message: its costliest job, from the longest pretraining step (2·batch
// examples through the encoder and more), and the plan's embeddings.
func adaptQuiet(f *finished) float64 {
	perExample := f.stepSeconds / float64(2*max(f.cfg.Batch, 1))
	return 1 + perExample*float64(adaptJobExamples+2*f.ds.Len())
}

// adapt evaluates f's encoders on the labelled task and sends the result.
func (s *Session) adapt(g *gate, f *finished) {
	run := g.run
	a := train.NewAdapter(f.cfg, f.ds, f.split)
	a.Exec = s.Exec
	started := time.Now()
	var paused time.Duration
	cancelled := false
	a.Cancel = func() bool {
		pausedFor, stop := g.check()
		paused += pausedFor
		cancelled = cancelled || stop
		return cancelled
	}
	g.phase, g.step = PhaseAdapt, 0
	quiet := adaptQuiet(f)
	a.Progress = func(done, total int) {
		if cancelled {
			return // the cancel is acknowledged: nothing more of this run
		}
		g.step = done
		// No estimate: the jobs' costs differ by tens of times (the
		// finetuning first, then probes), so their rate says nothing
		// of the time left (ETA was 3× off on recorded runs).
		s.Send(Message{Type: MsgProgress, Run: run, Progress: &Progress{
			Phase: PhaseAdapt, Step: done, Total: total, ETASeconds: -1, QuietSeconds: quiet,
		}})
	}
	s.Send(Message{Type: MsgProgress, Run: run, Progress: &Progress{Phase: PhaseAdapt, QuietSeconds: quiet}})
	rows := a.Evaluate(f.pre, f.random)
	if cancelled {
		return
	}
	report := f.report
	report.Rows = rows
	report.AdaptSeconds = (time.Since(started) - paused).Seconds()
	// The verdict knows what the command line's does: the rows, and the
	// collapse meter's reading of the encoder at the end of pretraining.
	evidence := a.EvidenceOf()
	if c := f.hist.collapse; c != nil {
		report.Collapse = c
		evidence.Collapsed, evidence.CollapseReason = c.Collapsed, c.Reason
	}
	report.Verdict = train.NewVerdict(rows, evidence)
	charts := regionsCharts(a, f.pre, f.random, train.Budget(f.cfg.Shots))
	if charts == nil {
		charts = map[string]string{}
	}
	charts[ChartEfficiency] = efficiencyChart(rows, f.cfg.IsRegression())
	charts[ChartVerdict] = verdictChart(report.Verdict)
	s.last = f
	s.Send(Message{Type: MsgResult, Run: run,
		Result: &Result{Rows: rows, Report: &report, ClassNames: f.ds.ClassNames, FromFile: f.fromFile},
		Charts: charts,
	})
}

// readapt adapts the last run's encoder again under a config that differs
// from the run's only in adaptation settings (the label budget).
func (s *Session) readapt(m Message) {
	f := s.last
	if f == nil || f.run != m.Run {
		s.fail(m.Run, CodeNoRun, errors.New("there is no finished run to adapt again: start a new run"))
		return
	}
	cfg, err := DecodeQuery(m.Query)
	if err != nil {
		s.fail(m.Run, CodeBadConfig, err)
		return
	}
	if !SamePretraining(cfg, f.cfg) {
		s.fail(m.Run, CodeStaleRun, errors.New("the pretraining settings changed: start a new run"))
		return
	}
	next := *f
	next.cfg = cfg
	next.report.Config, next.report.Query = cfg, cfg.Query()
	s.adapt(&gate{s: s, run: m.Run, lastYield: time.Now()}, &next)
}

// SamePretraining reports whether a and b pretrain the same encoder: they
// differ at most in adaptation and page settings.
func SamePretraining(a, b config.Config) bool { return a.SamePretraining(b) }

// confusion answers a confusion-matrix request about the last run.
func (s *Session) confusion(m Message) {
	f := s.last
	if f == nil || f.run != m.Run || m.Approach == nil {
		s.fail(m.Run, CodeNoRun, errors.New("there is no finished run to draw a confusion matrix of"))
		return
	}
	ap := *m.Approach
	a := train.NewAdapter(f.cfg, f.ds, f.split)
	counts, n, err := a.Confusion(f.pre, f.random, ap.Encoder, ap.Adaptation, train.Budget(ap.Shots))
	if err != nil {
		s.fail(m.Run, CodeBadMessage, err)
		return
	}
	s.Send(Message{Type: MsgConfusion, Run: m.Run,
		Confusion: &Confusion{Approach: ap, NTask: n, Counts: counts, ClassNames: f.ds.ClassNames},
		Charts:    map[string]string{ChartConfusion: confusionChart(counts, f.ds.ClassNames)},
	})
}

// checkpoint sends the last run's encoder as a checkpoint file.
func (s *Session) checkpoint(m Message) {
	f := s.last
	if f == nil || f.run != m.Run {
		s.fail(m.Run, CodeNoRun, errors.New("there is no trained encoder to save yet"))
		return
	}
	var b bytes.Buffer
	if err := train.WriteCheckpoint(&b, train.NewCheckpoint(f.cfg, f.pre, f.report.Steps)); err != nil {
		s.fail(m.Run, CodeFailed, err)
		return
	}
	s.Send(Message{Type: MsgCheckpoint, Run: m.Run, Files: map[string]string{FileCheckpoint: b.String()}})
}

// embeddings sends the last run's test embeddings as a CSV file. It is
// asked for when wanted, not sent with every result: it is large.
func (s *Session) embeddings(m Message) {
	f := s.last
	if f == nil || f.run != m.Run {
		s.fail(m.Run, CodeNoRun, errors.New("there is no trained encoder yet"))
		return
	}
	s.Send(Message{Type: MsgEmbeddings, Run: m.Run, Files: map[string]string{FileEmbeddings: embeddingsCSV(f)}})
}

// snapshot measures the current encoder and sends the monitors and the
// pretraining view's charts. It returns the monitor.
func (s *Session) snapshot(run int, p *train.Pretrainer, r *train.Run, hist *monitorHistory) train.Snapshot {
	if r.Dataset.Text != nil {
		return s.textSnapshot(run, p, hist) // text_charts.go
	}
	mon := p.Monitor()
	finiteMonitor(&mon)
	ds := r.Dataset
	cfg := p.Config()
	hist.record(&mon)
	charts := map[string]string{
		ChartKNN:       knnChart(hist.knn, mon.KNNRaw, mon.KNNRandom, mon.Steps),
		ChartCollapse:  spectrumChart(hist.spectrum, mon.Steps),
		ChartEmbedding: embeddingChart(finiteRow(mon.Points), mon.Labels, ds.ClassNames, ds.IsImage()),
	}
	if done, _ := p.Steps(); done > 0 {
		pictures(charts, p, ds)
	}
	// The embedding chart shows the points; the page needs only the numbers.
	mon.Points, mon.Labels, mon.DimStd = nil, nil, nil
	s.Send(Message{Type: MsgSnapshot, Run: run, Snapshot: &Snapshot{Monitor: mon, Dim: cfg.Encoder[len(cfg.Encoder)-1]},
		Charts: charts})
	return mon
}

// pictures draws the current batch: its views (two-view objectives) and
// the picture of what the objective works on (PictureOf).
func pictures(charts map[string]string, p *train.Pretrainer, ds *data.Dataset) {
	cfg := p.Config()
	in, rows, views := p.Inputs()
	n := min(shownExamples, rows)
	picture := PictureOf(cfg.Objective)
	if ds.IsImage() && views == 2 {
		var a, b [][]float64
		for i := range n {
			a = append(a, finiteRow(in.Row(i)))
			b = append(b, finiteRow(in.Row(rows+i)))
		}
		charts[ChartViews] = viewsChart(a, b, ds.Width, ds.Height)
	}
	switch {
	case picture == ChartReconstructions && ds.IsImage():
		out := p.Outputs() // reconstruction, clean target, mask
		var masked, recon, clean [][]float64
		for i := range n {
			m := finiteRow(in.Row(i))
			for j, h := range out[2].Row(i) {
				if h != 0 {
					m[j] = -1 // hidden: drawn apart from blank pixels
				}
			}
			masked = append(masked, m)
			recon = append(recon, finiteRow(out[0].Row(i)))
			clean = append(clean, finiteRow(out[1].Row(i)))
		}
		charts[ChartReconstructions] = reconstructionsChart(masked, recon, clean, ds.Width, ds.Height)
	case picture == ChartSimilarity:
		z := p.Outputs()[0] // the projections of both views, (2B, k)
		B := z.Rows / 2
		k := min(similarityRows, B)
		sim := make([][]float64, k)
		for i := range k {
			sim[i] = make([]float64, k)
			for j := range k {
				sim[i][j] = finite(cosine(z.Row(i), z.Row(B+j)))
			}
		}
		charts[ChartSimilarity] = similarityChart(sim)
	case picture == ChartCrossCorr:
		charts[ChartCrossCorr] = crossCorrChart(p.CrossCorrelation())
	}
}

func finiteRow(v []float64) []float64 {
	out := make([]float64, len(v))
	for i, x := range v {
		out[i] = finite(x)
	}
	return out
}

func cosine(a, b []float64) float64 {
	var ab, aa, bb float64
	for i := range a {
		ab += a[i] * b[i]
		aa += a[i] * a[i]
		bb += b[i] * b[i]
	}
	return ab / (math.Sqrt(aa*bb) + 1e-12)
}

// embeddingsCSV writes the test split under f's encoder, one example per
// line: its 2-D PCA position, its label (empty without classes) and its
// full embedding.
func embeddingsCSV(f *finished) string {
	test := new(tensor.Mat)
	test.Gather(f.ds.X, f.split.Test)
	z := f.pre.Embed(test)
	proj, _ := eval.PCA(z, 2)
	var b strings.Builder
	b.WriteString("pca_x,pca_y,label")
	for j := range z.Cols {
		b.WriteString(",e" + strconv.Itoa(j))
	}
	b.WriteByte('\n')
	for i, row := range f.split.Test {
		b.WriteString(formatFloat(proj.At(i, 0)) + "," + formatFloat(proj.At(i, 1)) + ",")
		if f.ds.Labels != nil {
			b.WriteString(strconv.Itoa(f.ds.Labels[row]))
		}
		for _, v := range z.Row(i) {
			b.WriteByte(',')
			b.WriteString(formatFloat(v))
		}
		b.WriteByte('\n')
	}
	return b.String()
}

func formatFloat(v float64) string { return strconv.FormatFloat(v, 'g', -1, 64) }
