package data

import (
	"strings"

	"sslab/ml/num"
)

// Augmentation is a random transformation of one example, the source of the
// "views" that self-supervised objectives compare.
//
// Apply writes the transformed src to dst (of the same length), drawing its
// randomness from rng only. Unless an implementation says otherwise dst and
// src must not overlap; Pipeline lifts that restriction. Implementations do
// not allocate, and each draws the same number of random values whatever its
// strength, so that changing one strength leaves the draws of the others
// unchanged.
type Augmentation interface {
	Apply(dst, src []float64, rng *num.RNG)
	String() string
}

// RowAugmentation is an Augmentation that can make use of knowing which
// row of its dataset it is given, as the neighbour view does to skip its
// search. ApplyRow(dst, src, row, rng) must give exactly what Apply(dst,
// src, rng) gives when src holds row row of the dataset the augmentation
// was built on; a row it does not know it treats as Apply does.
type RowAugmentation interface {
	Augmentation
	ApplyRow(dst, src []float64, row int, rng *num.RNG)
}

// Pipeline applies augmentations one after the other. It is itself an
// Augmentation. It keeps scratch space and so must not be used by two
// goroutines at once: give each worker its own Clone.
type Pipeline struct {
	augs []Augmentation
	a, b []float64 // ping-pong buffers between stages
}

// NewPipeline returns a pipeline applying augs in order; nil entries are
// dropped.
func NewPipeline(augs ...Augmentation) *Pipeline {
	p := &Pipeline{}
	for _, a := range augs {
		if a != nil {
			p.augs = append(p.augs, a)
		}
	}
	return p
}

// Clone returns a pipeline with the same augmentations and scratch of its
// own, for use on another goroutine.
func (p *Pipeline) Clone() *Pipeline { return NewPipeline(p.augs...) }

// Len returns the number of augmentations.
func (p *Pipeline) Len() int { return len(p.augs) }

// Apply sets dst to src transformed by each augmentation in turn; an empty
// pipeline copies src. dst may be src itself (but not partly overlap it).
// Scratch grows on the first call for a given length; later calls with that
// length or less do not allocate.
func (p *Pipeline) Apply(dst, src []float64, rng *num.RNG) { p.ApplyRow(dst, src, -1, rng) }

// ApplyRow is Apply of src, which holds row row of the dataset (-1 for
// none): a first stage that is a RowAugmentation is told the row. The
// result is Apply's, bit for bit.
func (p *Pipeline) ApplyRow(dst, src []float64, row int, rng *num.RNG) {
	if len(dst) != len(src) {
		panic("data: Pipeline.Apply: dst and src differ in length")
	}
	n := len(src)
	if len(p.augs) == 0 {
		copy(dst, src)
		return
	}
	if cap(p.a) < n {
		p.a = make([]float64, n)
		p.b = make([]float64, n)
	}
	a, b := p.a[:n], p.b[:n]
	last := len(p.augs) - 1
	in := src
	for i, aug := range p.augs {
		out := a
		// The last stage writes straight into dst unless it would then
		// read and write the same memory.
		if i == last && (n == 0 || &dst[0] != &in[0]) {
			out = dst
		}
		// Only the first stage sees the row as it is in the dataset.
		if ra, ok := aug.(RowAugmentation); ok && i == 0 && row >= 0 {
			ra.ApplyRow(out, in, row, rng)
		} else {
			aug.Apply(out, in, rng)
		}
		in = out
		a, b = b, a
	}
	if n > 0 && &in[0] != &dst[0] {
		copy(dst, in)
	}
}

// String lists the stages, or "Identity" for an empty pipeline.
func (p *Pipeline) String() string {
	if len(p.augs) == 0 {
		return "Identity"
	}
	s := make([]string, len(p.augs))
	for i, a := range p.augs {
		s[i] = a.String()
	}
	return strings.Join(s, " → ")
}
