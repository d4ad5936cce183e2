package eval

import (
	"math"

	"sslab/ml/num"
	"sslab/ml/tensor"
)

// KMeans clusters the rows of z into k groups under squared Euclidean
// distance and returns each row's cluster in [0, k).
//
// Each of nInit restarts seeds its centres by k-means++ (Arthur & Vassilvitskii
// 2007) from its own random stream (seed, restart), then runs Lloyd
// iterations until no assignment changes or maxIter assignment passes have
// run. The restart with the lowest inertia (sum of squared distances to the
// assigned centre) wins, the earliest on a tie. Distance ties go to the lower
// centre index. All of this makes the result a pure function of (z, k, seed,
// nInit, maxIter) on every platform.
//
// k is clamped to [1, z.Rows]; nInit and maxIter below 1 count as 1. A
// cluster that loses all its points keeps its previous centre. Empty z
// returns nil.
func KMeans(z *tensor.Mat, k int, seed uint64, nInit, maxIter int) []int {
	n := z.Rows
	if n == 0 {
		return nil
	}
	k = min(max(k, 1), n)
	nInit, maxIter = max(nInit, 1), max(maxIter, 1)

	var best []int
	bestInertia := math.Inf(1)
	km := newKMeansRun(z, k)
	for r := 0; r < nInit; r++ {
		km.seedPlusPlus(num.NewRNG(seed, uint64(r)))
		inertia := km.lloyd(maxIter)
		if inertia < bestInertia || best == nil {
			bestInertia = inertia
			best = append(best[:0], km.assign...)
		}
	}
	return best
}

// kmeansRun holds the buffers of one restart, reused across restarts.
type kmeansRun struct {
	z       *tensor.Mat
	k       int
	centres *tensor.Mat
	assign  []int
	d2      []float64 // k-means++: squared distance to the nearest centre
	count   []int
	sum     *tensor.Mat
}

func newKMeansRun(z *tensor.Mat, k int) *kmeansRun {
	return &kmeansRun{
		z: z, k: k,
		centres: tensor.NewMat(k, z.Cols),
		assign:  make([]int, z.Rows),
		d2:      make([]float64, z.Rows),
		count:   make([]int, k),
		sum:     tensor.NewMat(k, z.Cols),
	}
}

// seedPlusPlus picks the first centre uniformly and each next one with
// probability proportional to its squared distance to the nearest centre
// chosen so far, which spreads the start over the data and gives an
// O(log k)-competitive inertia in expectation.
func (km *kmeansRun) seedPlusPlus(g *num.RNG) {
	z, n := km.z, km.z.Rows
	first := g.IntN(n)
	copy(km.centres.Row(0), z.Row(first))
	for i := 0; i < n; i++ {
		km.d2[i] = sqDist(z.Row(i), km.centres.Row(0))
	}
	for c := 1; c < km.k; c++ {
		var total float64
		for _, d := range km.d2 {
			total += d
		}
		pick := -1
		if total > 0 {
			// Inverse-CDF draw; the fallback guards against the running sum
			// falling short of target through rounding.
			target := g.Float64() * total
			var acc float64
			for i, d := range km.d2 {
				acc += d
				if d > 0 && acc > target {
					pick = i
					break
				}
			}
			if pick < 0 {
				for i := n - 1; i >= 0; i-- {
					if km.d2[i] > 0 {
						pick = i
						break
					}
				}
			}
		} else {
			// Fewer distinct points than k: every point already coincides
			// with a centre, so any choice is as good as another.
			pick = g.IntN(n)
		}
		copy(km.centres.Row(c), z.Row(pick))
		for i := 0; i < n; i++ {
			if d := sqDist(z.Row(i), km.centres.Row(c)); d < km.d2[i] {
				km.d2[i] = d
			}
		}
	}
}

// lloyd alternates assignment and centre update and returns the inertia of
// the final assignment with respect to the centres it was made from.
func (km *kmeansRun) lloyd(maxIter int) float64 {
	for i := range km.assign {
		km.assign[i] = -1
	}
	var inertia float64
	for it := 0; it < maxIter; it++ {
		var changed bool
		inertia, changed = km.assignStep()
		if !changed {
			break
		}
		km.updateStep()
	}
	return inertia
}

func (km *kmeansRun) assignStep() (inertia float64, changed bool) {
	z := km.z
	for i := 0; i < z.Rows; i++ {
		x := z.Row(i)
		best, bestD := 0, sqDist(x, km.centres.Row(0))
		for c := 1; c < km.k; c++ {
			if d := sqDist(x, km.centres.Row(c)); d < bestD {
				best, bestD = c, d
			}
		}
		if km.assign[i] != best {
			km.assign[i], changed = best, true
		}
		inertia += bestD
	}
	return inertia, changed
}

func (km *kmeansRun) updateStep() {
	z := km.z
	clear(km.count)
	sum := km.sum
	sum.Zero()
	for i := 0; i < z.Rows; i++ {
		c := km.assign[i]
		km.count[c]++
		s := sum.Row(c)
		for j, v := range z.Row(i) {
			s[j] += v
		}
	}
	for c := 0; c < km.k; c++ {
		if km.count[c] == 0 {
			continue // keep the old centre rather than invent one
		}
		dst, s := km.centres.Row(c), sum.Row(c)
		for j := range dst {
			dst[j] = s[j] / float64(km.count[c])
		}
	}
}
