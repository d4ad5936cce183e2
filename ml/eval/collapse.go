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
