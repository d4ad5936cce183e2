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

// MaxHops bounds the length of a neighbour view's walk.
const MaxHops = 1000

// Neighbours is the neighbour view of point and tabular data: a view of x
// starts at one of the K rows of the pool nearest to x (squared Euclidean
// distance over every feature), drawn uniformly, and walks Hops-1 further
// steps, each to one of the K nearest pool rows of the row it stands on.
// Two views of one example are then two points near it on the data's own
// shape, so the pull between them follows the manifold the data lie on
// rather than a ball of noise around each point. This is the positive pair
// of the k-nearest-neighbour graph in spectral contrastive learning
// (HaoChen et al., "Provable Guarantees for Self-Supervised Deep Learning
// with Spectral Contrastive Loss", NeurIPS 2021) and NNCLR's idea of taking
// a neighbour as the positive (Dwibedi et al., ICCV 2021), made in input
// space where a small set's neighbours are exact.
//
// The walk matters: one hop reaches only a point's immediate surroundings,
// so a contrastive objective, whose negatives spread the embeddings apart,
// unrolls a moon or a ring into a curve with position along it kept. A
// walk of many hops diffuses along the whole connected piece of the graph
// (the graph's powers, as in diffusion maps), so the views of two examples
// far apart on one arm overlap and the arm becomes one cluster; the walk
// leaks across only where the graph joins two pieces.
//
// Rows must be the training split: a view made from test examples would
// show the encoder test data during pretraining. x itself, when it is a row
// of the pool, is its own nearest neighbour (K = 1 and Hops = 1 give x
// back). Equal distances are broken by the smaller row index, so the
// neighbours do not depend on the order of Rows. When the pool has fewer
// than K rows, every row is a neighbour.
//
// NewNeighbours finds every pool row's neighbours once (n²·d operations).
// ApplyRow, given which pool row x is, reads x's neighbours from that table
// and the walk follows it; Apply, for an x it knows nothing of, searches the
// whole pool first (n·d operations), and gives what ApplyRow gives for a
// pool row. Both draw exactly Hops indices whatever K. dst may be src, but
// not a row of X. X is read, never written; the value is safe to share
// between goroutines.
type Neighbours struct {
	K, Hops int
	X       *tensor.Mat // (n, d) the table the neighbours come from
	Rows    []int       // the rows of X that may be drawn: the training split
	// next holds, for each position i of Rows, the positions in Rows of
	// its min(K, len(Rows)) nearest pool rows: next[i*k : i*k+k].
	next []int
	// pos holds each row of X's position in Rows, -1 for a row outside
	// the pool.
	pos []int
}

// NewNeighbours returns the view of a walk of hops steps among the k
// nearest of x's rows, keeping a copy of rows. It panics if k is not in
// 1..MaxNeighbours, hops not in 1..MaxHops, rows is empty, or a row is
// outside x.
func NewNeighbours(x *tensor.Mat, rows []int, k, hops int) Neighbours {
	if k < 1 || k > MaxNeighbours {
		panic(fmt.Sprintf("data: neighbour view of %d neighbours, want 1 to %d", k, MaxNeighbours))
	}
	if hops < 1 || hops > MaxHops {
		panic(fmt.Sprintf("data: neighbour view of %d hops, want 1 to %d", hops, MaxHops))
	}
	if len(rows) == 0 {
		panic("data: the neighbour view needs the training rows to draw neighbours from, and got none")
	}
	for _, r := range rows {
		if r < 0 || r >= x.Rows {
			panic(fmt.Sprintf("data: neighbour view row %d outside the %d examples", r, x.Rows))
		}
	}
	nb := Neighbours{K: k, Hops: hops, X: x, Rows: slices.Clone(rows), pos: make([]int, x.Rows)}
	for i := range nb.pos {
		nb.pos[i] = -1
	}
	for i, r := range nb.Rows {
		if nb.pos[r] < 0 { // a row listed twice is found at its first place
			nb.pos[r] = i
		}
	}
	m := min(k, len(rows))
	nb.next = make([]int, len(rows)*m)
	var best [MaxNeighbours]candidate
	for i, r := range nb.Rows {
		nb.nearest(&best, x.Row(r))
		for j := range m {
			nb.next[i*m+j] = best[j].pos
		}
	}
	return nb
}

// candidate is a row of the pool, its position in Rows and its squared
// distance to the example.
type candidate struct {
	dist     float64
	row, pos int
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
	for p, r := range nb.Rows {
		row := nb.X.Data[r*d : r*d+d]
		var s float64
		for j, v := range row {
			e := v - x[j]
			s += float64(e * e)
		}
		c := candidate{s, r, p}
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
	nb.walk(dst, best[rng.IntN(k)].pos, k, rng)
}

// ApplyRow implements RowAugmentation: src is row row of X. A pool row's
// neighbours come from the table; any other row is searched for as Apply
// does.
func (nb Neighbours) ApplyRow(dst, src []float64, row int, rng *num.RNG) {
	if len(src) != nb.X.Cols {
		panic(fmt.Sprintf("data: Neighbours: %d features, want %d", len(src), nb.X.Cols))
	}
	if row < 0 || row >= len(nb.pos) || nb.pos[row] < 0 {
		nb.Apply(dst, src, rng)
		return
	}
	k := min(nb.K, len(nb.Rows))
	nb.walk(dst, nb.next[nb.pos[row]*k+rng.IntN(k)], k, rng)
}

// walk takes the Hops-1 steps after the first from pool position p and
// writes the row it ends on to dst.
func (nb Neighbours) walk(dst []float64, p, k int, rng *num.RNG) {
	for range nb.Hops - 1 {
		p = nb.next[p*k+rng.IntN(k)]
	}
	d, r := nb.X.Cols, nb.Rows[p]
	copy(dst, nb.X.Data[r*d:r*d+d])
}

func (nb Neighbours) String() string {
	return fmt.Sprintf("Neighbours(k=%d, hops=%d, from %d rows)", nb.K, nb.Hops, len(nb.Rows))
}
