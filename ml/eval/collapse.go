package eval

import (
	"math"

	"sslab/ml/num"
	"sslab/ml/tensor"
)

// DimStd returns the standard deviation of each column of z (population
// form, dividing by n). A dimension whose spread has dropped to zero carries
// no information: many zeros mean dimensional collapse, all zeros complete
// collapse. Empty z gives zeros.
func DimStd(z *tensor.Mat) []float64 {
	std := make([]float64, z.Cols)
	if z.Rows == 0 {
		return std
	}
	// Two passes (mean, then squared deviations) rather than E[x²]-E[x]²,
	// which cancels catastrophically when the spread is small next to the
	// mean — exactly the collapsed case this meter is for.
	mean := colMeans(z)
	for i := 0; i < z.Rows; i++ {
		for j, v := range z.Row(i) {
			d := v - mean[j]
			std[j] += d * d
		}
	}
	for j := range std {
		std[j] = math.Sqrt(std[j] / float64(z.Rows))
	}
	return std
}

// EffectiveRank returns Roy & Vetterli's (2007) effective rank of the
// column-centred z: exp of the Shannon entropy of its singular values
// normalised to sum to one. It is a smooth count of the directions the
// embeddings actually use: 1 when they lie on a line, z.Cols when the spread
// is isotropic, and in between for dimensional collapse.
//
// Singular values come from the eigenvalues of the Gram matrix xᵀx.
// Eigenvalues below m·ε of the largest are rounding noise (a rank-one input
// yields ~1e-16 relative rather than 0, whose square root ~1e-8 would nudge
// the rank above 1), so they are treated as zero. Fewer than two rows or a
// zero centred matrix (every row the same: complete collapse) return 0.
func EffectiveRank(z *tensor.Mat) float64 { return NewSpectrum(z).EffectiveRank() }

// Spectrum is the eigendecomposition of the Gram matrix xᵀx of a
// column-centred matrix x, which both EffectiveRank and PCA read: a monitor
// that wants both decomposes once.
type Spectrum struct {
	x          *tensor.Mat // the centred rows
	vals, vecs []float64   // eigenvalues, decreasing, and eigenvectors (columns of an m×m matrix)
}

// NewSpectrum centres the columns of z and decomposes their Gram matrix.
// Fewer than two rows or no columns give an empty spectrum.
func NewSpectrum(z *tensor.Mat) *Spectrum {
	n, m := z.Rows, z.Cols
	s := &Spectrum{x: centred(z)}
	if n < 2 || m == 0 {
		return s
	}
	s.vals, s.vecs = symEigen(gram(s.x.Data, n, m), m)
	return s
}

// EffectiveRank is EffectiveRank of the matrix s decomposes.
func (s *Spectrum) EffectiveRank() float64 {
	vals, m := s.vals, s.x.Cols
	if len(vals) == 0 {
		return 0
	}
	floor := vals[0] * float64(m) * 0x1p-52
	sv := make([]float64, m)
	var total float64
	for i, v := range vals {
		if v > floor {
			sv[i] = math.Sqrt(v)
			total += sv[i]
		}
	}
	if total == 0 {
		return 0
	}
	var h float64
	for _, s := range sv {
		if s > 0 {
			p := s / total
			h -= p * num.Log(p)
		}
	}
	return num.Exp(h)
}

// VarianceFractions returns the fraction of the total variance along each
// of the first k principal directions, largest first (zeros past the
// spectrum, or for constant data): the spectrum the page draws over
// training.
func (s *Spectrum) VarianceFractions(k int) []float64 {
	out := make([]float64, max(k, 0))
	var total float64
	for _, v := range s.vals {
		total += max(v, 0) // rounding can leave tiny negative eigenvalues
	}
	if total == 0 {
		return out
	}
	for i := range min(len(out), len(s.vals)) {
		out[i] = max(s.vals[i], 0) / total
	}
	return out
}

// RelativeSpread returns how far the rows of z spread around their mean
// relative to how far they are from the origin: the root mean squared
// distance to the mean over the root mean squared norm, in [0, 1]. Near 0,
// every row is nearly the same point: complete collapse, whatever the
// scale. Rows of zeros give 0.
func RelativeSpread(z *tensor.Mat) float64 {
	dev, norm := spread(z)
	if norm == 0 {
		return 0
	}
	return dev / norm
}

// spread returns the root mean squared distance of z's rows to their mean
// and their root mean squared norm.
func spread(z *tensor.Mat) (dev, norm float64) {
	if z.Rows == 0 {
		return 0, 0
	}
	mean := colMeans(z)
	for i := 0; i < z.Rows; i++ {
		for j, v := range z.Row(i) {
			d := v - mean[j]
			dev += d * d
			norm += v * v
		}
	}
	n := float64(z.Rows)
	return math.Sqrt(dev / n), math.Sqrt(norm / n)
}

// Thresholds of the collapse meter. A healthy representation of a few
// classes spreads over several directions, its first principal component
// well under half of the variance; a collapsed one has all its points
// nearly together (complete collapse: close to each other, or shrunk to
// nothing) or along one line (dimensional collapse).
const (
	// CompleteSpread is the relative spread under which the embeddings
	// count as one point.
	CompleteSpread = 0.02
	// CompleteShrink is the fraction of their starting scale under which
	// embeddings that shrank toward the origin count as one point.
	CompleteShrink = 0.01
	// DimensionalTop is the fraction of variance in the first principal
	// component above which the embeddings count as (nearly) one line.
	DimensionalTop = 0.75
)

// Collapse is the collapse meter's reading of a set of embeddings.
type Collapse struct {
	EffectiveRank float64 `json:"effective_rank"` // Roy & Vetterli, of the singular values
	Top           float64 `json:"top_fraction"`   // fraction of variance in the first principal component
	Spread        float64 `json:"spread"`         // RelativeSpread
	Scale         float64 `json:"scale"`          // root mean squared distance to the mean
	// Shrink is Scale over the scale of the same embeddings before
	// training (0 when that is unknown).
	Shrink      float64 `json:"shrink,omitempty"`
	Complete    bool    `json:"complete"`    // one point: Spread < CompleteSpread or Shrink < CompleteShrink
	Dimensional bool    `json:"dimensional"` // one line: Top > DimensionalTop (and not complete)
}

// Collapsed reports whether either kind of collapse is seen.
func (c Collapse) Collapsed() bool { return c.Complete || c.Dimensional }

// AssessCollapse reads the collapse meter on the rows of z, whose spectrum s
// is (NewSpectrum(z)); ref is z's scale before training (Collapse.Scale of
// the initial encoder), or 0 if unknown. The effective rank alone misses a
// line: a line with a little noise in the other dimensions still has many
// small singular values, which the entropy counts, so the meter also looks
// at the share of variance of the first component, and at the spread and
// the scale for complete collapse, where the spectrum is only noise.
func AssessCollapse(z *tensor.Mat, s *Spectrum, ref float64) Collapse {
	dev, norm := spread(z)
	c := Collapse{EffectiveRank: s.EffectiveRank(), Scale: dev}
	if norm > 0 {
		c.Spread = dev / norm
	}
	if ref > 0 {
		c.Shrink = dev / ref
	}
	if f := s.VarianceFractions(1); len(f) > 0 {
		c.Top = f[0]
	}
	c.Complete = c.Spread < CompleteSpread || ref > 0 && c.Shrink < CompleteShrink
	c.Dimensional = !c.Complete && c.Top > DimensionalTop
	return c
}

// Scale returns the root mean squared distance of z's rows to their mean.
func Scale(z *tensor.Mat) float64 {
	dev, _ := spread(z)
	return dev
}
