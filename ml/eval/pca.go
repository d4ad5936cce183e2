package eval

import "sslab/ml/tensor"

// PCA projects the rows of z onto their top dims principal components, for
// a 2-D scatter of the embedding space. It returns the n×dims projection of
// the centred data and, for each component, the fraction of total variance
// it explains.
//
// Components are sorted by decreasing variance and each is signed so that its
// largest-magnitude loading is positive, so the picture does not mirror
// between runs. Components beyond z.Cols are zero columns with ratio 0, so a
// caller asking for a 2-D view always gets two columns. Fewer than two rows,
// or constant data, give a zero projection and zero ratios.
func PCA(z *tensor.Mat, dims int) (*tensor.Mat, []float64) { return NewSpectrum(z).PCA(dims) }

// PCA is PCA of the matrix s decomposes.
func (s *Spectrum) PCA(dims int) (*tensor.Mat, []float64) {
	dims = max(dims, 0)
	x, vals, vecs := s.x, s.vals, s.vecs
	n, m := x.Rows, x.Cols
	proj := tensor.NewMat(n, dims)
	ratio := make([]float64, dims)
	if len(vals) == 0 || dims == 0 {
		return proj, ratio
	}
	var total float64
	for _, v := range vals {
		total += max(v, 0) // rounding can leave tiny negative eigenvalues
	}
	if total == 0 {
		return proj, ratio
	}
	use := min(dims, m)
	for c := 0; c < use; c++ {
		ratio[c] = max(vals[c], 0) / total
	}
	for i := 0; i < n; i++ {
		xi, out := x.Row(i), proj.Row(i)
		for c := 0; c < use; c++ {
			var s float64
			for k, v := range xi {
				s += v * vecs[k*m+c]
			}
			out[c] = s
		}
	}
	return proj, ratio
}
