package train

import (
	"math"
	"slices"
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

// finetuneBatch is the mini-batch of finetuning and training from scratch.
const finetuneBatch = 64

// encoderLRFactor is LP-FT's learning rate of the pretrained encoder
// relative to ftlr: features that already serve the fitted head are
// adjusted gently rather than overwritten (Kumar et al., ICLR 2022). On
// held-out parts of digits' training split, 0.3 beat 0.1 with 20
// labels per class and more and tied with fewer.
const encoderLRFactor = 0.3

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

	probes fitCache[imageProbeKey, *probe]
}

// imageProbeKey names a probe fit: the features (a representation's
// matrix), the budget and the draw, whose labelled rows are a.draws(b)[d].
type imageProbeKey struct {
	x *tensor.Mat
	b Budget
	d int
}

// probeOf returns the probe of rep fitted on rows, draw d of budget b,
// fitting it the first time it is asked for: the probe job and LP-FT's
// start at the same budget share it.
func (a *Adapter) probeOf(rep features, b Budget, d int, rows []int) (*probe, error) {
	return a.probes.get(imageProbeKey{rep.x, b, d}, func() (*probe, error) { return a.fitProbe(rep.x, rows) })
}

// NewAdapter prepares adaptation of cfg's task on ds.
func NewAdapter(cfg config.Config, ds *data.Dataset, split data.Split) *Adapter {
	a := &Adapter{cfg: cfg, ds: ds, split: split, regression: cfg.Task == config.Regression, classes: ds.Classes}
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
// fsseeds draws at every few-shot budget, whose result depends on the luck
// of the draw, and one with all labels. Draw d of every budget comes from
// the same seed, and FewShot's sets are nested in the budget: draw d at 5
// labels per class holds draw d at 2.
func (a *Adapter) draws(b Budget) [][]int {
	if b == All {
		return [][]int{a.split.Train}
	}
	sets := make([][]int, max(1, a.cfg.FewShotSeeds))
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

// Budgets returns the label budgets of the sweep: the few-shot ones, then
// all labels.
func Budgets() []Budget {
	out := make([]Budget, 0, len(PerClassBudgets)+1)
	for _, b := range PerClassBudgets {
		out = append(out, Budget(b))
	}
	return append(out, All)
}

// features holds one representation of every example.
type features struct {
	name string        // pretrained | random | raw
	x    *tensor.Mat   // what the probes and kNN read: as it is, or standardised (pstd)
	std  *standardizer // the standardisation applied to x, nil if none
	raw  *tensor.Mat   // the representation as it is
	unit *tensor.Mat   // raw's rows scaled to unit length, for zero-shot
}

func (a *Adapter) representations(pre, random *Encoder) []features {
	reps := []features{a.feature("pretrained", pre.Embed(a.ds.X)), a.feature("random", random.Embed(a.ds.X)), a.feature("raw", a.ds.X)}
	for i := range reps {
		// Zero-shot methods compare directions, the geometry a contrastive
		// encoder is trained for.
		reps[i].unit = l2rows(reps[i].raw)
	}
	return reps
}

// feature returns the representation x (every example) as the probes and
// kNN read it: as it is, unless pstd asks for each feature standardised
// with statistics from the (unlabelled) training split.
func (a *Adapter) feature(name string, x *tensor.Mat) features {
	f := features{name: name, x: x, raw: x}
	if a.cfg.ProbeStandardize {
		s := fitStandardizer(x, a.split.Train)
		f.x, f.std = s.apply(x), &s
	}
	return f
}

// Evaluate runs the whole protocol: zero-shot k-means and retrieval, then
// at every budget the linear probe and kNN on each representation, and
// finetuning of the pretrained encoder (LP-FT) and training from scratch.
// Its jobs are independent and run on a.Exec (in parallel, if it is); the
// rows come in the plan's order whatever ran them.
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
	if pre.Text != nil {
		return a.textPlan(pre, random)
	}
	reps := a.representations(pre, random)
	plan := &Plan{Adapter: a}
	if !a.regression {
		for _, r := range reps {
			plan.jobs = append(plan.jobs, func() []Row { return a.zeroShot(r) })
		}
	}
	for _, b := range Budgets() {
		for _, r := range reps {
			plan.jobs = append(plan.jobs, func() []Row { return a.probeRows(r, b) })
		}
	}
	cheap := len(plan.jobs)
	for _, b := range a.finetuneBudgets() {
		plan.jobs = append(plan.jobs, func() []Row { return a.finetuneRows("pretrained", pre, reps[0], b) })
		plan.jobs = append(plan.jobs, func() []Row { return a.finetuneRows("scratch", random, reps[0], b) })
	}
	// Start the costliest first: finetuning, most labels first.
	for i := len(plan.jobs) - 2; i >= cheap; i -= 2 {
		plan.Order = append(plan.Order, i, i+1)
	}
	for i := 0; i < cheap; i++ {
		plan.Order = append(plan.Order, i)
	}
	return plan
}

// FinetuneBudgets are the budgets, in labels per class, at which finetuning
// and training from scratch always run: few, some, and (All) every label.
// They cost a forward and backward pass of the whole network per example
// and step, 5 draws each at the few-shot budgets, so the sweep's other
// budgets get probes only: finetuning at all six took several times the
// adaptation's few seconds.
var FinetuneBudgets = []Budget{1, 5, All}

// finetuneBudgets are the budgets finetuning and training from scratch run
// at: FinetuneBudgets and the config's own budget, in increasing order
// with all labels last.
func (a *Adapter) finetuneBudgets() []Budget {
	out := slices.Clone(FinetuneBudgets)
	if b := Budget(a.cfg.Shots); b > 0 && !slices.Contains(out, b) {
		out = append(out, b)
		slices.SortFunc(out, func(x, y Budget) int { return budgetOrder(x) - budgetOrder(y) })
	}
	return out
}

// budgetOrder sorts budgets with All last.
func budgetOrder(b Budget) int {
	if b == All {
		return math.MaxInt32
	}
	return int(b)
}

// PlanExecutor is an Executor that runs a plan's jobs itself, typically on
// replicas of the adapter in other Web Workers that build the same plan
// from the same encoders. It calls done(i, rows) for every job it runs and
// stops handing out jobs once cancel returns true.
type PlanExecutor interface {
	Executor
	RunPlan(plan *Plan, pre, random *Encoder, cancel func() bool, done func(i int, rows []Row))
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
