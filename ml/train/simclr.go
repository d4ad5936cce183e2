package train

import (
	"sslab/ml/nn"
	"sslab/ml/objective"
	"sslab/ml/tensor"
)

// simclrMethod is SimCLR with its NT-Xent loss shared among the shards,
// since the loss grows with the square of the batch and would otherwise
// dominate a large step. Three phases:
//
//  0. each shard: two views, encoder, projector, L2-normalise -> its rows of n
//  1. each shard: similarities of its anchors to all of n -> their lse and loss
//  2. each shard: its rows' gradient from its similarities and every lse,
//     then back through the normalisation, projector and encoder.
type simclrMethod struct {
	enc, proj *nn.MLP
	k         int
	nt        objective.NTXentRows
	pn        objective.PackedRows // this step's n, packed before phase 1
}

func (m *simclrMethod) nets() []*nn.MLP {
	if m.proj == nil {
		return []*nn.MLP{m.enc}
	}
	return []*nn.MLP{m.enc, m.proj}
}
func (m *simclrMethod) views() int   { return 2 }
func (m *simclrMethod) slots() []int { return []int{m.k, 1} } // normalised projections n, 1/Z
func (m *simclrMethod) phases() int  { return 3 }
func (m *simclrMethod) prepare(s *shard, p *Pretrainer, idx []int) {
	twoViews(s, p, idx, p.augs[s.lo/ShardSize])
}

// startPhase packs n once every shard has it, for phases 1 and 2.
func (m *simclrMethod) startPhase(k int, p *Pretrainer) {
	if k == 1 {
		m.pn.Pack(p.out[0])
	}
}

// A shard's anchors are its rows of both views, lo+i and B+lo+i: s.n holds
// them in that order, so their similarities to all of n are one product
// (b rows per view), and so are their gradients.
func (m *simclrMethod) shardPhase(k int, s *shard, p *Pretrainer) {
	B, b := p.cfg.Batch, s.rows()
	n, lse := p.out[0], p.out[1]
	cProj := s.caches[len(s.caches)-1]
	N := 2 * B
	// view returns the rows of view v of t (2b, ·) as the matrix s.views[i].
	view := func(i int, t *tensor.Mat, v int) *tensor.Mat {
		s.views[i] = tensor.Mat{Rows: b, Cols: t.Cols, Data: t.Data[v*b*t.Cols : (v+1)*b*t.Cols]}
		return &s.views[i]
	}
	switch k {
	case 0:
		z := encode(m.enc, m.proj, s.caches[0], cProj, s.in) // (2b, k)
		s.norms = grow(s.norms, 2*b)
		objective.NormalizeRows(s.n, z, s.norms) // (2b, k)
		gatherRows(n, s.n, 2, B, s.lo, b)
	case 1:
		m.nt.Dots(s.sim, s.n, &m.pn) // (2b, 2B)
		s.part = 0
		for v := 0; v < 2; v++ {
			lo := v*B + s.lo
			s.part += m.nt.ForwardDots(view(0, s.sim, v), lo, lo+b, lse.Data)
		}
	case 2:
		s.w.Resize(2*b, N)
		for v := 0; v < 2; v++ {
			lo := v*B + s.lo
			m.nt.Weights(view(1, s.w, v), view(0, s.sim, v), lo, lo+b, lse.Data)
		}
		dn := s.dout[0]
		m.nt.BackwardPacked(dn, s.w, &m.pn) // (2b, k)
		dz := s.dout[1]
		objective.NormalizeRowsBackward(dz, dn, s.n, s.norms)
		// Every parameter is the encoder's or the projector's, whose
		// gradients are written rather than added to the cleared s.grad.
		dh := dz
		if m.proj != nil {
			dh = m.proj.BackwardSet(cProj, s.grad[m.enc.NumParams():], dz, true)
		}
		m.enc.BackwardSet(s.caches[0], s.grad, dh, false)
	}
}

func (m *simclrMethod) reduce(k int, p *Pretrainer) error {
	if k != 1 {
		return nil
	}
	// The loss: the shards' sums, added in shard order.
	var sum float64
	for _, s := range p.shards {
		sum += s.part
	}
	return p.setLoss(sum / float64(2*p.cfg.Batch))
}

func (m *simclrMethod) up(k int, p *Pretrainer) []*tensor.Mat {
	switch k {
	case 0:
		return p.out[:1]
	case 1:
		return p.out[1:]
	}
	return nil
}

// down: n before phase 1; before phase 2 only the 1/Z, since every shard
// already holds n from phase 1.
func (m *simclrMethod) down(k int, p *Pretrainer) []*tensor.Mat {
	switch k {
	case 1:
		return p.out[:1]
	case 2:
		return p.out[1:]
	}
	return nil
}

func (m *simclrMethod) afterStep(*Pretrainer) {}

// lossFLOPs counts the similarities, and the gradient's weighted sums.
func (m *simclrMethod) lossFLOPs(B int) int64 {
	return 2 * 2 * int64(2*B) * int64(2*B) * int64(m.k)
}

func grow(s []float64, n int) []float64 {
	if cap(s) < n {
		return make([]float64, n)
	}
	return s[:n]
}
