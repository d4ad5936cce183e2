package data

import (
	"fmt"
	"slices"

	"sslab/ml/num"
	"sslab/ml/tensor"
)

// MaxNeighbours bounds the K of a neighbour view: the candidates are kept
// in a fixed array, so that Apply allocates nothing.
const MaxNeighbours = 64

// Neighbours is the neighbour view of point and tabular data: a view of x
// is one of the K rows of the pool nearest to x (squared Euclidean distance
// over every feature), drawn uniformly. Two views of one example are then
// two points near it on the data's own shape, so the pull between them
// follows the manifold the data lie on rather than a ball of noise around
// each point: each moon, ring or spiral arm is a chain of overlapping
// neighbourhoods and ends up as one cluster of embeddings. This is the
// positive pair of the k-nearest-neighbour graph in spectral contrastive
// learning (HaoChen et al., "Provable Guarantees for Self-Supervised Deep
// Learning with Spectral Contrastive Loss", NeurIPS 2021) and NNCLR's idea
// of taking a neighbour as the positive (Dwibedi et al., ICCV 2021), made
// in input space where a 2-D set's neighbours are exact.
//
// Rows must be the training split: a view made from test examples would
// show the encoder test data during pretraining. x itself, when it is a row
// of the pool, is its own nearest neighbour (K = 1 gives x back). Equal
// distances are broken by the smaller row index, so the neighbours of x do
// not depend on the order of Rows. When the pool has fewer than K rows,
// every row is a neighbour.
//
// Apply searches the whole pool (n·d operations: for a 2-D set of 1,000
// points, about what one layer of a small encoder costs) and draws one
// index whatever K. dst may be src, but not a row of X. X is read, never
// written; the value is safe to share between goroutines.
type Neighbours struct {
	K    int
	X    *tensor.Mat // (n, d) the table the neighbours come from
	Rows []int       // the rows of X that may be drawn: the training split
}

// NewNeighbours returns the view of one of the k nearest of x's rows,
// keeping a copy of rows. It panics if k is not in 1..MaxNeighbours, rows
// is empty, or a row is outside x.
func NewNeighbours(x *tensor.Mat, rows []int, k int) Neighbours {
	if k < 1 || k > MaxNeighbours {
		panic(fmt.Sprintf("data: neighbour view of %d neighbours, want 1 to %d", k, MaxNeighbours))
	}
	if len(rows) == 0 {
		panic("data: the neighbour view needs the training rows to draw neighbours from, and got none")
	}
	for _, r := range rows {
		if r < 0 || r >= x.Rows {
			panic(fmt.Sprintf("data: neighbour view row %d outside the %d examples", r, x.Rows))
		}
	}
	return Neighbours{K: k, X: x, Rows: slices.Clone(rows)}
}

// candidate is a row of the pool and its squared distance to the example.
type candidate struct {
	dist float64
	row  int
}

// before orders candidates by distance, then by row index.
func (a candidate) before(b candidate) bool {
	return a.dist < b.dist || a.dist == b.dist && a.row < b.row
}

// Nearest writes to dst the rows of the min(K, len(Rows)) pool rows nearest
// to x, nearest first, and returns their number. dst must hold K.
func (nb Neighbours) Nearest(dst []int, x []float64) int {
	var best [MaxNeighbours]candidate
	k := nb.nearest(&best, x)
	for i := range k {
		dst[i] = best[i].row
	}
	return k
}

// nearest fills best[:k] with the k nearest pool rows to x, sorted, and
// returns k. It keeps them by insertion: K is small and the pool is
// scanned once.
func (nb Neighbours) nearest(best *[MaxNeighbours]candidate, x []float64) int {
	d := nb.X.Cols
	if len(x) != d {
		panic(fmt.Sprintf("data: Neighbours: %d features, want %d", len(x), d))
	}
	k := min(nb.K, len(nb.Rows))
	n := 0 // candidates held
	for _, r := range nb.Rows {
		row := nb.X.Data[r*d : r*d+d]
		var s float64
		for j, v := range row {
			e := v - x[j]
			s += float64(e * e)
		}
		c := candidate{s, r}
		if n == k && !c.before(best[k-1]) {
			continue
		}
		i := min(n, k-1) // the slot c takes before moving up
		for i > 0 && c.before(best[i-1]) {
			best[i] = best[i-1]
			i--
		}
		best[i] = c
		n = min(n+1, k)
	}
	return k
}

// Apply implements Augmentation. len(src) must be X.Cols.
func (nb Neighbours) Apply(dst, src []float64, rng *num.RNG) {
	var best [MaxNeighbours]candidate
	k := nb.nearest(&best, src)
	r := best[rng.IntN(k)].row
	d := nb.X.Cols
	copy(dst, nb.X.Data[r*d:r*d+d])
}

func (nb Neighbours) String() string {
	return fmt.Sprintf("Neighbours(k=%d, from %d rows)", nb.K, len(nb.Rows))
}
