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

	pending []Message     // received but not yet handled
	last    *finished     // the last run that completed, for follow-up requests
	user    *userData     // the user's own file (data=csv), once one is accepted
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
}

// Serve handles messages until the inbox is closed.
func (s *Session) Serve() {
	for {
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
	default:
		s.fail(m.Run, fmt.Errorf("unknown message type %q", m.Type))
	}
}

func (s *Session) fail(run int, err error) {
	s.Send(Message{Type: MsgError, Run: run, Message: err.Error()})
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
// adaptation, then the result.
func (s *Session) start(m Message) {
	s.last = nil
	run := m.Run
	cfg, err := DecodeQuery(m.Query)
	if err != nil {
		s.fail(run, err)
		return
	}
	var r *train.Run
	if cfg.Dataset == config.CSVDataset {
		ds, derr := s.userDataset(cfg)
		if derr != nil {
			s.Send(Message{Type: MsgError, Run: run, Message: derr.Error(), Param: "data"})
			return
		}
		r, err = train.NewRunWithData(cfg, ds)
	} else if cfg.IsText() {
		ds, derr := s.textDataset()
		if derr != nil {
			s.Send(Message{Type: MsgError, Run: run, Message: derr.Error(), Param: "data"})
			return
		}
		r, err = train.NewRunWithData(cfg, ds)
	} else {
		r, err = train.NewRun(cfg)
	}
	if err != nil {
		s.fail(run, err)
		return
	}
	p, err := train.NewPretrainer(cfg, r.Dataset, r.Split, s.Exec)
	if err != nil {
		s.fail(run, err)
		return
	}
	if w, ok := s.Exec.(Warmer); ok {
		w.Warm(p)
		s.yield()
	}
	g := &gate{s: s, run: run, lastYield: time.Now()}
	f := &finished{run: run, cfg: cfg, ds: r.Dataset, split: r.Split, random: p.InitialEncoder()}
	f.report = train.Report{Config: cfg, Query: cfg.Query(), Dataset: r.Dataset.Name, Objective: string(cfg.Objective)}

	if text, ok := m.Files[FileCheckpoint]; ok || m.CheckpointURL != "" {
		param := ""
		if !ok {
			param = "ckpt"
		}
		ck, err := s.loadCheckpoint(text, m.CheckpointURL, cfg)
		if err != nil {
			s.Send(Message{Type: MsgError, Run: run, Message: err.Error(), Param: param})
			return
		}
		enc, err := ck.EncoderFor(cfg, r.Dataset)
		if err != nil {
			s.Send(Message{Type: MsgError, Run: run, Message: "cannot use this checkpoint: " + err.Error(), Param: param})
			return
		}
		// The pretrainer's parameters start with the encoder's, so the
		// monitors describe the loaded encoder.
		copy(p.Params(), enc.Params)
		f.pre, f.fromFile = p.Encoder().Clone(), true
		f.report.Steps = ck.Steps
		s.snapshot(run, p, r, &monitorHistory{})
	} else if stop, ok := s.pretrain(g, p, r, f); stop || !ok {
		return
	}
	s.adapt(g, f)
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

// monitorHistory is what the snapshots accumulate over a run.
type monitorHistory struct {
	knn  []float64   // step, accuracy, step, accuracy, ...
	text textHistory // text_charts.go
}

// pretrain runs the pretraining steps, streaming progress and snapshots.
// It returns stop when the run was cancelled or superseded, and ok false
// when it failed (the error is sent).
func (s *Session) pretrain(g *gate, p *train.Pretrainer, r *train.Run, f *finished) (stop, ok bool) {
	run := g.run
	hist := &monitorHistory{}
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
		m, err := p.Step()
		if err != nil {
			// ErrDiverged's message names the step and suggests a
			// smaller learning rate.
			s.fail(run, err)
			return false, false
		}
		last = m
		losses = append(losses, m.Loss)
		now := time.Now()
		if now.Sub(lastSnap) >= snapEvery || p.Done() {
			mon := s.snapshot(run, p, r, hist)
			metrics.KNN, metrics.EffRank = finite(mon.KNN), finite(mon.EffRank)
			snapEvery = max(SnapshotEvery, snapshotShare*time.Since(now))
			lastSnap = time.Now()
		}
		if now.Sub(lastSent) >= ProgressEvery || p.Done() {
			done, _ := p.Steps()
			metrics.Epoch, metrics.GradNorm = m.Epoch, finite(m.GradNorm)
			s.Send(Message{Type: MsgProgress, Run: run,
				Progress: &Progress{Phase: PhasePretrain, Step: done, Total: total, Loss: finite(m.Loss), Metrics: metrics,
					ETASeconds: eta(time.Since(started)-paused, done, total)},
				Charts: map[string]string{ChartLoss: lossChart(losses, string(f.cfg.Objective))},
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

// eta extrapolates the time left from the average time per unit so far.
func eta(elapsed time.Duration, done, total int) float64 {
	if done <= 0 || total <= done {
		return 0
	}
	return elapsed.Seconds() / float64(done) * float64(total-done)
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
	a.Progress = func(done, total int) {
		if cancelled {
			return // the cancel is acknowledged: nothing more of this run
		}
		g.step = done
		s.Send(Message{Type: MsgProgress, Run: run, Progress: &Progress{
			Phase: PhaseAdapt, Step: done, Total: total,
			ETASeconds: eta(time.Since(started)-paused, done, total),
		}})
	}
	s.Send(Message{Type: MsgProgress, Run: run, Progress: &Progress{Phase: PhaseAdapt}})
	rows := a.Evaluate(f.pre, f.random)
	if cancelled {
		return
	}
	report := f.report
	report.Rows = rows
	report.AdaptSeconds = (time.Since(started) - paused).Seconds()
	s.last = f
	s.Send(Message{Type: MsgResult, Run: run,
		Result: &Result{Rows: rows, Report: &report, ClassNames: f.ds.ClassNames, FromFile: f.fromFile},
		Charts: map[string]string{ChartEfficiency: efficiencyChart(rows, f.cfg.IsRegression())},
	})
}

// readapt adapts the last run's encoder again under a config that differs
// from the run's only in adaptation settings (the label budget).
func (s *Session) readapt(m Message) {
	f := s.last
	if f == nil || f.run != m.Run {
		s.fail(m.Run, errors.New("there is no finished run to adapt again: start a new run"))
		return
	}
	cfg, err := DecodeQuery(m.Query)
	if err != nil {
		s.fail(m.Run, err)
		return
	}
	if !SamePretraining(cfg, f.cfg) {
		s.fail(m.Run, errors.New("the pretraining settings changed: start a new run"))
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
		s.fail(m.Run, errors.New("there is no finished run to draw a confusion matrix of"))
		return
	}
	ap := *m.Approach
	a := train.NewAdapter(f.cfg, f.ds, f.split)
	counts, n, err := a.Confusion(f.pre, f.random, ap.Encoder, ap.Adaptation, train.Budget(ap.Shots))
	if err != nil {
		s.fail(m.Run, err)
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
		s.fail(m.Run, errors.New("there is no trained encoder to save yet"))
		return
	}
	var b bytes.Buffer
	if err := train.WriteCheckpoint(&b, train.NewCheckpoint(f.cfg, f.pre, f.report.Steps)); err != nil {
		s.fail(m.Run, err)
		return
	}
	s.Send(Message{Type: MsgCheckpoint, Run: m.Run, Files: map[string]string{FileCheckpoint: b.String()}})
}

// embeddings sends the last run's test embeddings as a CSV file. It is
// asked for when wanted, not sent with every result: it is large.
func (s *Session) embeddings(m Message) {
	f := s.last
	if f == nil || f.run != m.Run {
		s.fail(m.Run, errors.New("there is no trained encoder yet"))
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
	for _, v := range []*float64{&mon.KNN, &mon.EffRank, &mon.MeanStd, &mon.MinStd, &mon.Alignment, &mon.Uniformity} {
		*v = finite(*v)
	}
	ds := r.Dataset
	std := mon.DimStd
	cfg := p.Config()
	hist.knn = append(hist.knn, float64(mon.Step), mon.KNN)
	charts := map[string]string{
		ChartKNN:       knnChart(hist.knn, ds.Classes, mon.Steps),
		ChartCollapse:  collapseChart(finiteRow(std)),
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
