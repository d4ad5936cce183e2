package data

import (
	"fmt"
	"slices"

	"sslab/ml/num"
	"sslab/ml/tensor"
)

// FeatureCorruption is SCARF's view of a table (Bahri et al., "SCARF:
// Self-Supervised Contrastive Learning using Random Feature Corruption",
// ICLR 2022): each feature is, independently with probability P, replaced
// by the same feature of an example drawn uniformly from Rows of X, that
// is by a draw from the feature's empirical marginal. A corrupted view keeps
// every value plausible for its column, which noise added to a sex coded 1
// or 2 would not; what stays invariant between two views is the joint
// structure the columns share.
//
// Rows must be the training split: a view made from test examples would
// show the encoder test data during pretraining. The drawn row may be the
// example itself (probability 1/len(Rows)), as in a draw from the marginal.
// The paper corrupts exactly ⌊P·d⌋ features of each view; here the count is
// binomial with the same mean, so that each feature costs the same draws.
//
// Apply draws a uniform number and a row index per value whatever P, so
// P = 0 gives src unchanged and the same draws as any other P. dst may be
// src, but not a row of X. X is read, never written; the value is safe to share between
// goroutines.
type FeatureCorruption struct {
	P    float64
	X    *tensor.Mat // (n, d) the table the replacements come from
	Rows []int       // the rows of X that may be drawn: the training split
}

// NewFeatureCorruption returns the corruption of features with probability
// p from rows of x, keeping a copy of rows. It panics if p is not a
// probability, rows is empty, or a row is outside x.
func NewFeatureCorruption(x *tensor.Mat, rows []int, p float64) FeatureCorruption {
	if !(p >= 0 && p <= 1) {
		panic(fmt.Sprintf("data: feature corruption probability %v, want a value in [0, 1]", p))
	}
	if len(rows) == 0 {
		panic("data: feature corruption needs the training rows to draw replacements from, and got none")
	}
	for _, r := range rows {
		if r < 0 || r >= x.Rows {
			panic(fmt.Sprintf("data: feature corruption row %d outside the %d examples", r, x.Rows))
		}
	}
	return FeatureCorruption{P: p, X: x, Rows: slices.Clone(rows)}
}

// Apply implements Augmentation. len(src) must be X.Cols.
func (c FeatureCorruption) Apply(dst, src []float64, rng *num.RNG) {
	if len(src) != c.X.Cols {
		panic(fmt.Sprintf("data: FeatureCorruption.Apply: %d features, want %d", len(src), c.X.Cols))
	}
	n, d := len(c.Rows), c.X.Cols
	for j, v := range src {
		u, r := rng.Float64(), rng.IntN(n)
		if u < c.P {
			v = c.X.Data[c.Rows[r]*d+j]
		}
		dst[j] = v
	}
}

func (c FeatureCorruption) String() string {
	return fmt.Sprintf("FeatureCorruption(p=%g, from %d rows)", c.P, len(c.Rows))
}
