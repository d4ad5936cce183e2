package eval

import (
	"math"
	"sort"
	"testing"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/stat"

	"sslab/ml/num"
	"sslab/ml/tensor"
)

// The hand-written Jacobi eigensolver (bit-identical on every platform) must
// agree with gonum's LAPACK-based one, the reference implementation.
func TestSymEigenMatchesGonum(t *testing.T) {
	rng := num.NewRNG(21, 3)
	for _, m := range []int{1, 2, 5, 17, 40} {
		x := mat.NewDense(2*m+3, m, nil)
		for i := 0; i < 2*m+3; i++ {
			for j := 0; j < m; j++ {
				x.Set(i, j, rng.Normal()*float64(j+1))
			}
		}
		var cov mat.SymDense
		stat.CovarianceMatrix(&cov, x, nil)
		a := make([]float64, m*m)
		for i := 0; i < m; i++ {
			for j := 0; j < m; j++ {
				a[i*m+j] = cov.At(i, j)
			}
		}
		got, _ := symEigen(a, m)
		var es mat.EigenSym
		if !es.Factorize(&cov, false) {
			t.Fatalf("m=%d: gonum's factorisation failed", m)
		}
		want := es.Values(nil)
		sort.Float64s(want)
		sorted := append([]float64(nil), got...)
		sort.Float64s(sorted)
		for i := range want {
			if math.Abs(sorted[i]-want[i]) > 1e-9*math.Max(1, math.Abs(want[0]-want[len(want)-1])) {
				t.Fatalf("m=%d: eigenvalue %d is %v, gonum gives %v", m, i, sorted[i], want[i])
			}
		}
	}
}

// EffectiveRank agrees with the same quantity computed from gonum's
// singular values of the centred data.
func TestEffectiveRankMatchesGonumSVD(t *testing.T) {
	rng := num.NewRNG(5, 8)
	n, m := 60, 9
	z := tensor.NewMat(n, m)
	for i := range z.Data {
		z.Data[i] = rng.Normal() * float64(1+i%m)
	}
	c := mat.NewDense(n, m, nil)
	for j := 0; j < m; j++ {
		var mean float64
		for i := 0; i < n; i++ {
			mean += z.At(i, j) / float64(n)
		}
		for i := 0; i < n; i++ {
			c.Set(i, j, z.At(i, j)-mean)
		}
	}
	var svd mat.SVD
	if !svd.Factorize(c, mat.SVDNone) {
		t.Fatal("gonum's SVD failed")
	}
	s := svd.Values(nil)
	var sum, h float64
	for _, v := range s {
		sum += v
	}
	for _, v := range s {
		if p := v / sum; p > 0 {
			h -= p * math.Log(p)
		}
	}
	if got, want := EffectiveRank(z), math.Exp(h); math.Abs(got-want) > 1e-8*want {
		t.Fatalf("EffectiveRank = %v, gonum's SVD gives %v", got, want)
	}
}
