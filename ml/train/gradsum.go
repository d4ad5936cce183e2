package train

// The shards' gradients are added along a fixed binary tree over the shard
// indices: node [lo, hi) is node [lo, mid) + node [mid, hi), mid the middle.
// The tree, not the executors, fixes the order of every addition, so a
// worker that holds a contiguous block of shards can add its block's whole
// subtrees itself and send one gradient per subtree instead of one per
// shard, and the total is still the bits a serial run computes.

type span struct{ lo, hi int }

func (s span) mid() int { return (s.lo + s.hi) / 2 }

// cover appends the maximal tree nodes inside [lo, hi), in tree order.
func cover(dst []span, node span, lo, hi int) []span {
	switch {
	case node.hi <= lo || node.lo >= hi:
		return dst
	case lo <= node.lo && node.hi <= hi:
		return append(dst, node)
	}
	dst = cover(dst, span{node.lo, node.mid()}, lo, hi)
	return cover(dst, span{node.mid(), node.hi}, lo, hi)
}

// nodeGrad returns the sum of the gradients of the shards in node, taking
// a sum sent by a worker (p.sent) where there is one.
func (p *Pretrainer) nodeGrad(node span) []float64 {
	if g, ok := p.sent[node]; ok {
		return g
	}
	if node.hi-node.lo == 1 {
		return p.shards[node.lo].grad
	}
	a, b := p.nodeGrad(span{node.lo, node.mid()}), p.nodeGrad(span{node.mid(), node.hi})
	buf, ok := p.nodeBuf[node]
	if !ok {
		buf = make([]float64, len(p.params))
		p.nodeBuf[node] = buf
	}
	for i := range buf {
		buf[i] = a[i] + b[i]
	}
	return buf
}

// sumGrads sets p.grad to the heads' gradient plus the shards' tree sum,
// and forgets the sums workers sent for this step.
func (p *Pretrainer) sumGrads() {
	g := p.nodeGrad(span{0, len(p.shards)})
	for i, h := range p.headGrad {
		p.grad[i] = h + g[i]
	}
	clear(p.sent)
}

// AppendGrads appends, for a replica that ran the last phase of shards
// [lo, hi), the gradient of each maximal tree node in that block.
func (p *Pretrainer) AppendGrads(dst []float64, lo, hi int) []float64 {
	for _, n := range cover(nil, span{0, len(p.shards)}, lo, hi) {
		dst = append(dst, p.nodeGrad(n)...)
	}
	return dst
}

// SetGrads installs on the coordinator what a replica's AppendGrads(lo, hi)
// sent.
func (p *Pretrainer) SetGrads(lo, hi int, src []float64) error {
	nodes := cover(nil, span{0, len(p.shards)}, lo, hi)
	if len(src) != len(nodes)*len(p.params) {
		return errorf("gradients of shards [%d, %d): %d values, want %d", lo, hi, len(src), len(nodes)*len(p.params))
	}
	for _, n := range nodes {
		buf, ok := p.sentBuf[n]
		if !ok {
			buf = make([]float64, len(p.params))
			p.sentBuf[n] = buf
		}
		copy(buf, src[:len(buf)])
		src = src[len(buf):]
		p.sent[n] = buf
	}
	return nil
}

// Block returns the contiguous block [lo, hi) of shards that worker w of n
// runs: blocks as even as they can be, in worker order.
func Block(shards, n, w int) (lo, hi int) {
	return w * shards / n, (w + 1) * shards / n
}

// GradsLen is the length of what AppendGrads(dst, lo, hi) appends.
func (p *Pretrainer) GradsLen(lo, hi int) int {
	return len(cover(nil, span{0, len(p.shards)}, lo, hi)) * len(p.params)
}
