package train

import (
	"sync"

	"sslab/ml/nn"
	"sslab/ml/num"
	"sslab/ml/tensor"
)

// ShardSize is the number of batch examples in one shard. It is a constant,
// not a function of the number of executors, so that the sums over a batch
// are formed in the same order however many executors share the work.
const ShardSize = 32

// shard is the state one executor keeps for one slice of the batch.
type shard struct {
	lo, hi int         // the batch rows [lo, hi) this shard owns
	x      *tensor.Mat // (b, d) the shard's examples, as stored
	in     *tensor.Mat // (V·b, d) network input: view 0's rows, then view 1's
	target *tensor.Mat // (b, d) reconstruction target (masked autoencoding)
	mask   *tensor.Mat // (b, d) 1 where an input entry is hidden
	caches []*nn.Cache // one per trainable network
	tcache []*nn.Cache // one per target network (BYOL)
	out    []*tensor.Mat
	dout   []*tensor.Mat
	grad   []float64 // this shard's gradient, laid out like the parameters
	rng    *num.RNG

	// SimCLR's share of the loss: its normalised rows, their norms, its
	// anchors' similarity rows (both views) and their gradient weights,
	// its part of the loss sum.
	n, sim, w *tensor.Mat
	norms     []float64
	views     [2]tensor.Mat // a view's rows of sim and of w
	part      float64

	txt *textShard // a text method's state
}

func (s *shard) rows() int { return s.hi - s.lo }

// Executor runs n independent shard tasks and returns when all are done.
type Executor interface {
	Run(n int, task func(shard int))
}

// PhaseExecutor is an Executor that runs whole phases of a step itself,
// typically on replicas of the pretrainer in other address spaces (Web
// Workers): for each shard it calls ShardPhase on a replica, moving the
// gathered buffers as Pretrainer.Down and Pretrainer.Up describe. Its
// result must be exactly what running ShardPhase(k, i) here for every i
// would give.
type PhaseExecutor interface {
	Executor
	RunPhase(p *Pretrainer, k int) error
}

// Serial runs the tasks one after another.
type Serial struct{}

func (Serial) Run(n int, task func(int)) {
	for i := 0; i < n; i++ {
		task(i)
	}
}

// Parallel runs the tasks on Workers goroutines, each taking a fixed set of
// shards (i, i+Workers, ...). Which goroutine runs a shard never changes the
// result: each shard writes only its own state.
type Parallel struct{ Workers int }

func (p Parallel) Run(n int, task func(int)) {
	w := min(p.Workers, n)
	if w <= 1 {
		Serial{}.Run(n, task)
		return
	}
	var wg sync.WaitGroup
	for g := 0; g < w; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := g; i < n; i += w {
				task(i)
			}
		}()
	}
	wg.Wait()
}

// gatherRows copies the shard matrix src (V·b, k) into rows of dst (V·B, k):
// view v's row i goes to dst row v·B + lo + i.
func gatherRows(dst, src *tensor.Mat, views, B, lo, b int) {
	for v := 0; v < views; v++ {
		copy(dst.Data[(v*B+lo)*dst.Cols:(v*B+lo+b)*dst.Cols], src.Data[v*b*src.Cols:(v+1)*b*src.Cols])
	}
}

// scatterRows is gatherRows' inverse: it copies the shard's rows of src
// (V·B, k) into dst (V·b, k).
func scatterRows(dst, src *tensor.Mat, views, B, lo, b int) {
	dst.Resize(views*b, src.Cols)
	for v := 0; v < views; v++ {
		copy(dst.Data[v*b*src.Cols:(v+1)*b*src.Cols], src.Data[(v*B+lo)*src.Cols:(v*B+lo+b)*src.Cols])
	}
}

// phaseStarter is a method that prepares, once per phase and address
// space, what the phase's shards share.
type phaseStarter interface {
	startPhase(k int, p *Pretrainer)
}

// startPhase runs before phase k's shards, on the coordinator (runPhase)
// and on a replica (SetDown): before phase 0 it packs every network's
// weights, which stay as they are through the step, for all the shards'
// products; then the method prepares its own.
func (p *Pretrainer) startPhase(k int) {
	if k == 0 {
		p.packWeights()
	}
	if ps, ok := p.m.(phaseStarter); ok {
		ps.startPhase(k, p)
	}
}

// packWeights packs the networks that the shards run (and BYOL's target
// encoder) and points the shards' caches at the packs.
func (p *Pretrainer) packWeights() {
	nets := p.m.nets()
	var tenc *nn.MLP
	if sm := siamese(p.m); sm != nil && sm.byol {
		tenc = sm.tenc
	}
	if p.packs == nil {
		p.packs = make([]*nn.Packed, len(nets)+1)
		for i := range p.packs {
			p.packs[i] = new(nn.Packed)
		}
		for _, s := range p.shards {
			for i, c := range s.caches {
				c.UseWeights(p.packs[i])
			}
			if len(s.tcache) > 0 {
				s.tcache[0].UseWeights(p.packs[len(nets)])
			}
		}
	}
	for i, net := range nets {
		net.Pack(p.packs[i])
	}
	if tenc != nil {
		tenc.Pack(p.packs[len(nets)])
	}
}
