package train

import (
	"math"
	"sync"

	"sslab/ml/config"
	"sslab/ml/data"
	"sslab/ml/eval"
	"sslab/ml/tensor"
)

// PerClassBudgets are the few-shot label budgets of the label-efficiency
// sweep, in labels per class (regression: tens of labels).
var PerClassBudgets = []int{1, 2, 5, 10, 20}

// finetuneMaxSteps caps finetuning and training from scratch, which cost a
// full forward and backward pass per example, so that adapting stays a few
// seconds in the browser whatever the label budget.
const finetuneMaxSteps = 400

// probeMaxSteps caps the linear probe's steps for the same reason.
const probeMaxSteps = 300

// probeLR is the probe's SGD learning rate.
const probeLR = 0.1

// probeWD is the probe's weight decay: a little regularisation matters when
// ten labels meet sixty-four features.
const probeWD = 1e-3

// Adapter evaluates encoders on a labelled task against the test split.
type Adapter struct {
	cfg        config.Config
	ds         *data.Dataset
	split      data.Split
	regression bool
	classes    int

	// Cancel, if set, is polled between jobs; when it returns true Evaluate
	// stops and returns what it has.
	Cancel func() bool
	// Progress, if set, is told after each job.
	Progress func(done, total int)
	// Exec runs Evaluate's jobs; nil runs them one after another.
	Exec Executor

	mean, sd float64 // regression targets' statistics over the training split
}

// NewAdapter prepares adaptation of cfg's task on ds.
func NewAdapter(cfg config.Config, ds *data.Dataset, split data.Split) *Adapter {
	a := &Adapter{cfg: cfg, ds: ds, split: split, regression: cfg.Task == "regression", classes: ds.Classes}
	if a.regression {
		for _, r := range split.Train {
			a.mean += ds.Targets[r]
		}
		a.mean /= float64(len(split.Train))
		for _, r := range split.Train {
			d := ds.Targets[r] - a.mean
			a.sd += d * d
		}
		a.sd = math.Max(math.Sqrt(a.sd/float64(len(split.Train))), 1e-12)
	}
	return a
}

// Config, Dataset and Split return what the adapter evaluates on.
func (a *Adapter) Config() config.Config  { return a.cfg }
func (a *Adapter) Dataset() *data.Dataset { return a.ds }
func (a *Adapter) Split() data.Split      { return a.split }

// Budget is a label budget: labels per class (0: zero-shot, -1: all).
type Budget int

// All is the budget that uses every training label.
const All Budget = -1

// NTask returns the number of labelled examples the budget uses.
func (a *Adapter) NTask(b Budget) int {
	switch {
	case b == All:
		return len(a.split.Train)
	case a.regression:
		return min(10*int(b), len(a.split.Train))
	}
	return min(int(b)*a.classes, len(a.split.Train))
}

// draws returns the labelled training rows of budget b, one set per draw:
// several draws for few-shot budgets, whose result depends on the luck of
// the draw, and one otherwise.
func (a *Adapter) draws(b Budget) [][]int {
	if b == All {
		return [][]int{a.split.Train}
	}
	n := max(1, a.cfg.FewShotSeeds)
	if a.NTask(b) >= 50 {
		n = 1
	}
	sets := make([][]int, n)
	for d := range sets {
		seed := a.cfg.Seed + uint64(d)*1000003
		if a.regression {
			sets[d] = data.Subset(a.split.Train, a.NTask(b), seed)
		} else {
			sets[d] = data.FewShot(a.ds.Labels, a.classes, a.split.Train, int(b), seed)
		}
	}
	return sets
}

// features holds one representation of every example.
type features struct {
	name string      // pretrained | random | raw
	x    *tensor.Mat // standardised, for probes
	unit *tensor.Mat // rows scaled to unit length, for zero-shot
}

func (a *Adapter) representations(pre, random *Encoder) []features {
	reps := []features{{"pretrained", pre.Embed(a.ds.X), nil}, {"random", random.Embed(a.ds.X), nil}, {"raw", a.ds.X, nil}}
	for i := range reps {
		// Zero-shot methods compare directions, the geometry a contrastive
		// encoder is trained for; probes see each feature standardised,
		// with statistics from the (unlabeled) training split.
		reps[i].unit = l2rows(reps[i].x)
		reps[i].x = fitStandardizer(reps[i].x, a.split.Train).apply(reps[i].x)
	}
	return reps
}

// Evaluate runs the whole protocol: zero-shot k-means and retrieval, then
// for every budget the linear probe and kNN on each representation, and
// finetuning of the pretrained encoder and training from scratch at the
// config's budget and with all labels. Its jobs are independent and run on
// a.Exec (in parallel, if it is); the rows come in the plan's order
// whatever ran them.
func (a *Adapter) Evaluate(pre, random *Encoder) []Row {
	plan := a.Plan(pre, random)
	results := make([][]Row, plan.Len())
	var mu sync.Mutex // Cancel and Progress are the caller's, called one at a time
	done, cancelled := 0, false
	finished := func(i int, rows []Row) {
		mu.Lock()
		defer mu.Unlock()
		results[i] = rows
		done++
		if a.Progress != nil {
			a.Progress(done, plan.Len())
		}
	}
	cancel := func() bool {
		mu.Lock()
		defer mu.Unlock()
		cancelled = cancelled || (a.Cancel != nil && a.Cancel())
		return cancelled
	}
	if pe, ok := a.Exec.(PlanExecutor); ok {
		pe.RunPlan(plan, pre, random, cancel, finished)
	} else {
		exec := a.Exec
		if exec == nil {
			exec = Serial{}
		}
		exec.Run(plan.Len(), func(k int) {
			i := plan.Order[k]
			if !cancel() {
				finished(i, plan.Run(i))
			}
		})
	}
	var rows []Row
	for _, r := range results {
		rows = append(rows, r...)
	}
	return rows
}

// Plan is Evaluate's protocol cut into independent jobs: job i's rows
// depend only on the adapter's config and data and on the two encoders,
// so a replica of the adapter (in another Web Worker) that builds the same
// plan computes the same rows for job i.
type Plan struct {
	jobs []func() []Row
	// Order is the order to start the jobs in: the costliest first
	// (finetuning), so that parallel workers finish together.
	Order []int
	// Adapter is the adapter the plan is of.
	Adapter *Adapter
}

// Len returns the number of jobs.
func (p *Plan) Len() int { return len(p.jobs) }

// Run runs job i and returns its rows.
func (p *Plan) Run(i int) []Row { return p.jobs[i]() }

// Plan embeds the data with both encoders and lists Evaluate's jobs.
func (a *Adapter) Plan(pre, random *Encoder) *Plan {
	reps := a.representations(pre, random)
	budgets := []Budget{}
	for _, b := range PerClassBudgets {
		budgets = append(budgets, Budget(b))
	}
	budgets = append(budgets, All)
	selected := Budget(a.cfg.Shots)
	finetuneAt := []Budget{All}
	if selected > 0 {
		finetuneAt = []Budget{selected, All}
	}

	plan := &Plan{Adapter: a}
	if !a.regression {
		for _, r := range reps {
			plan.jobs = append(plan.jobs, func() []Row { return a.zeroShot(r) })
		}
	}
	for _, b := range budgets {
		for _, r := range reps {
			plan.jobs = append(plan.jobs, func() []Row { return a.probe(r, b) })
		}
	}
	cheap := len(plan.jobs)
	for _, b := range finetuneAt {
		plan.jobs = append(plan.jobs, func() []Row { return a.finetune("pretrained", pre, b) })
		plan.jobs = append(plan.jobs, func() []Row { return a.finetune("scratch", random, b) })
	}
	// Start the costliest first: finetuning, with all labels before few.
	for i := len(plan.jobs) - 2; i >= cheap; i -= 2 {
		plan.Order = append(plan.Order, i, i+1)
	}
	for i := 0; i < cheap; i++ {
		plan.Order = append(plan.Order, i)
	}
	return plan
}

// PlanExecutor is an Executor that runs a plan's jobs itself, typically on
// replicas of the adapter in other Web Workers that build the same plan
// from the same encoders. It calls done(i, rows) for every job it runs and
// stops handing out jobs once cancel returns true.
type PlanExecutor interface {
	Executor
	RunPlan(plan *Plan, pre, random *Encoder, cancel func() bool, done func(i int, rows []Row))
}

// zeroShot scores a representation with no labels: k-means on the test
// features matched to the classes (Hungarian), and retrieval precision@1
// (does a test example's nearest other test example share its class?).
// Labels only score; they never shape the clusters or the neighbours.
func (a *Adapter) zeroShot(r features) []Row {
	test := new(tensor.Mat)
	test.Gather(r.unit, a.split.Test)
	labels := pick(a.ds.Labels, a.split.Test)
	km := eval.ClusterAccuracy(a.kmeans(test), labels, a.classes, a.classes)
	return []Row{
		{Encoder: r.name, Adaptation: "kmeans", NTask: 0, Metric: "accuracy", Value: km, Draws: 1},
		{Encoder: r.name, Adaptation: "knn", NTask: 0, Metric: "precision@1", Value: eval.Accuracy(nearestOther(test, labels), labels), Draws: 1},
	}
}

// probe fits the linear head w on frozen features with the budget's labels,
// and, for classification, the kNN classifier on the same labels.
func (a *Adapter) probe(r features, b Budget) []Row {
	var probe, knn []float64
	var mse []float64
	for d, rows := range a.draws(b) {
		s := a.labelled(r.x, rows)
		m := a.probeModel(r.x, rows, d)
		test := new(tensor.Mat)
		test.Gather(r.x, a.split.Test)
		v, e := a.score(m.predict(test))
		probe, mse = append(probe, v), append(mse, e)
		if !a.regression {
			k := min(5, len(rows))
			knn = append(knn, eval.KNNAccuracy(s.x, s.labels, test, pick(a.ds.Labels, a.split.Test), k, a.classes))
		}
	}
	n := a.NTask(b)
	rows := []Row{a.row(r.name, "linear-probe", n, a.metric(), probe)}
	if a.regression {
		rows = append(rows, a.row(r.name, "linear-probe", n, "mse", mse))
	} else {
		rows = append(rows, a.row(r.name, "knn", n, "accuracy", knn))
	}
	return rows
}

// finetune trains the encoder (initialised from enc) and a random head w
// together: finetuning when enc is pretrained, training from scratch when
// it is the random initialisation.
func (a *Adapter) finetune(name string, enc *Encoder, b Budget) []Row {
	var acc, mse []float64
	for d, rows := range a.draws(b) {
		m := a.finetuneModel(enc, rows, d)
		test := new(tensor.Mat)
		test.Gather(a.ds.X, a.split.Test)
		v, e := a.score(m.predict(test))
		acc, mse = append(acc, v), append(mse, e)
	}
	rows := []Row{a.row(name, "finetune", a.NTask(b), a.metric(), acc)}
	if a.regression {
		rows = append(rows, a.row(name, "finetune", a.NTask(b), "mse", mse))
	}
	return rows
}

// probeModel fits the linear probe of draw d on rows of the features x for
// Adapter.probe and Confusion.
func (a *Adapter) probeModel(x *tensor.Mat, rows []int, d int) *model {
	s := a.labelled(x, rows)
	m := newModel(nil, x.Cols, a.outputs(), a.cfg.Seed, uint64(d))
	m.fit(s, fitSpec{opt: "sgd", lr: probeLR, wd: probeWD, epochs: a.cfg.AdaptEpochs, maxSteps: probeMaxSteps, batch: 64,
		seed: a.cfg.Seed, stream: uint64(d)})
	return m
}

// finetuneModel finetunes enc with a new head on rows, draw d, for Adapter.finetune and Confusion.
func (a *Adapter) finetuneModel(enc *Encoder, rows []int, d int) *model {
	s := a.labelled(a.ds.X, rows)
	m := newModel(enc, enc.MLP.Out(), a.outputs(), a.cfg.Seed, 100+uint64(d))
	m.fit(s, fitSpec{opt: "adam", lr: a.cfg.FinetuneLR, epochs: a.cfg.AdaptEpochs, maxSteps: finetuneMaxSteps,
		batch: 64, seed: a.cfg.Seed, stream: 100 + uint64(d), trainEncode: true})
	return m
}

// kmeans clusters the rows of z into as many clusters as there are classes.
func (a *Adapter) kmeans(z *tensor.Mat) []int {
	return eval.KMeans(z, a.classes, a.cfg.Seed, 10, 100)
}

func (a *Adapter) outputs() int {
	if a.regression {
		return 1
	}
	return a.classes
}

func (a *Adapter) metric() string {
	if a.regression {
		return "r2"
	}
	return "accuracy"
}

// labelled returns the rows of x with their labels or standardised targets.
func (a *Adapter) labelled(x *tensor.Mat, rows []int) supervised {
	s := supervised{x: new(tensor.Mat), classes: a.outputs()}
	s.x.Gather(x, rows)
	if a.regression {
		s.classes = 0
		s.targets = make([]float64, len(rows))
		for i, r := range rows {
			s.targets[i] = (a.ds.Targets[r] - a.mean) / a.sd
		}
	} else {
		s.labels = pick(a.ds.Labels, rows)
	}
	return s
}

// score returns the test metric (accuracy or R²) and, for regression, the
// MSE in the target's own units.
func (a *Adapter) score(out *tensor.Mat) (float64, float64) {
	if !a.regression {
		return eval.Accuracy(argmax(out), pick(a.ds.Labels, a.split.Test)), 0
	}
	pred := make([]float64, out.Rows)
	for i := range pred {
		pred[i] = out.Data[i]*a.sd + a.mean
	}
	truth := make([]float64, len(a.split.Test))
	for i, r := range a.split.Test {
		truth[i] = a.ds.Targets[r]
	}
	return eval.R2(pred, truth), eval.MSE(pred, truth)
}

func (a *Adapter) row(enc, adaptation string, n int, metric string, values []float64) Row {
	mean, sd := meanStd(values)
	return Row{Encoder: enc, Adaptation: adaptation, NTask: n, Metric: metric, Value: mean, Std: sd, Draws: len(values)}
}

func meanStd(v []float64) (float64, float64) {
	if len(v) == 0 {
		return math.NaN(), 0
	}
	var s float64
	for _, x := range v {
		s += x
	}
	mean := s / float64(len(v))
	var ss float64
	for _, x := range v {
		ss += (x - mean) * (x - mean)
	}
	return mean, math.Sqrt(ss / float64(len(v)))
}

func pick(v []int, rows []int) []int {
	out := make([]int, len(rows))
	for i, r := range rows {
		out[i] = v[r]
	}
	return out
}

// l2rows returns x with every row scaled to unit length.
func l2rows(x *tensor.Mat) *tensor.Mat {
	out := x.Clone()
	for i := 0; i < out.Rows; i++ {
		r := out.Row(i)
		var s float64
		for _, v := range r {
			s += v * v
		}
		s = math.Sqrt(s) + 1e-12
		for j := range r {
			r[j] /= s
		}
	}
	return out
}
