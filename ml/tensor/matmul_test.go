package tensor

import (
	"fmt"
	"math"
	"testing"
)

// The references below spell out the documented order: each element is one
// sum over the shared dimension, from 0, in increasing index order. The
// float64(...) conversion rounds each product on its own, which keeps
// compilers for FMA platforms (arm64, ppc64, s390x) from fusing it.

func refMatMul(a, b *Mat) *Mat {
	n, k, m := a.Rows, a.Cols, b.Cols
	d := NewMat(n, m)
	for i := 0; i < n; i++ {
		for j := 0; j < m; j++ {
			s := 0.0
			for p := 0; p < k; p++ {
				s += float64(a.Data[i*k+p] * b.Data[p*m+j])
			}
			d.Data[i*m+j] = s
		}
	}
	return d
}

func refMatMulTransB(a, b *Mat) *Mat {
	n, k, m := a.Rows, a.Cols, b.Rows
	d := NewMat(n, m)
	for i := 0; i < n; i++ {
		for j := 0; j < m; j++ {
			s := 0.0
			for p := 0; p < k; p++ {
				s += float64(a.Data[i*k+p] * b.Data[j*k+p])
			}
			d.Data[i*m+j] = s
		}
	}
	return d
}

func refMatMulTransA(a, b *Mat) *Mat {
	k, n, m := a.Rows, a.Cols, b.Cols
	d := NewMat(n, m)
	for i := 0; i < n; i++ {
		for j := 0; j < m; j++ {
			s := 0.0
			for p := 0; p < k; p++ {
				s += float64(a.Data[p*n+i] * b.Data[p*m+j])
			}
			d.Data[i*m+j] = s
		}
	}
	return d
}

// xorshift keeps the tests independent of other packages.
type testRNG uint64

func (r *testRNG) next() uint64 {
	x := uint64(*r)
	x ^= x << 13
	x ^= x >> 7
	x ^= x << 17
	*r = testRNG(x)
	return x
}

// float returns values of mixed sign and magnitude so that the order of a
// sum shows in its rounding.
func (r *testRNG) float() float64 {
	u := float64(r.next()>>11) / (1 << 53)
	e := float64(int(r.next()%17) - 8)
	return (2*u - 1) * math.Exp2(e)
}

func randMat(r *testRNG, rows, cols int) *Mat {
	m := NewMat(rows, cols)
	for i := range m.Data {
		m.Data[i] = r.float()
	}
	return m
}

func sameBits(t *testing.T, what string, got, want *Mat) {
	t.Helper()
	if got.Rows != want.Rows || got.Cols != want.Cols || len(got.Data) != len(want.Data) {
		t.Fatalf("%s: shape (%d,%d) len %d, want (%d,%d) len %d", what,
			got.Rows, got.Cols, len(got.Data), want.Rows, want.Cols, len(want.Data))
	}
	for i := range want.Data {
		g, w := got.Data[i], want.Data[i]
		if math.Float64bits(g) != math.Float64bits(w) && !(g != g && w != w) {
			t.Fatalf("%s: element (%d,%d) = %v (%#x), want %v (%#x)", what,
				i/want.Cols, i%want.Cols, g, math.Float64bits(g), w, math.Float64bits(w))
		}
	}
}

// testShapes are (n, k, m): dst is n×m, the shared dimension is k.
var testShapes = [][3]int{
	{0, 0, 0}, {0, 3, 2}, {2, 0, 3}, {3, 2, 0},
	{1, 1, 1}, {1, 5, 1}, {1, 7, 9}, {9, 7, 1},
	{2, 3, 2}, {3, 5, 7}, {4, 4, 4}, {5, 3, 6}, {6, 1, 5},
	{7, 8, 3}, {8, 8, 8}, {8, 1, 8}, {11, 13, 5},
	{17, 33, 9}, {13, 64, 31}, {33, 17, 65}, {31, 129, 30},
	{64, 256, 128}, {64, 64, 256}, {128, 128, 64}, {67, 101, 131},
}

func TestKernelsBitIdentical(t *testing.T) {
	r := testRNG(0x9e3779b97f4a7c15)
	for _, s := range testShapes {
		n, k, m := s[0], s[1], s[2]
		a, b := randMat(&r, n, k), randMat(&r, k, m)
		name := fmt.Sprintf("%dx%dx%d", n, k, m)
		dst := NewMat(0, 0)
		MatMul(dst, a, b)
		sameBits(t, "MatMul "+name, dst, refMatMul(a, b))

		bt := randMat(&r, m, k)
		dst = NewMat(3, 3) // storage of the wrong shape gets resized
		MatMulTransB(dst, a, bt)
		sameBits(t, "MatMulTransB "+name, dst, refMatMulTransB(a, bt))

		at := randMat(&r, k, n)
		dst = NewMat(50, 50)
		MatMulTransA(dst, at, b)
		sameBits(t, "MatMulTransA "+name, dst, refMatMulTransA(at, b))
	}
}

// TestKernelsSpecialValues checks that zeros, signed zeros, infinities and
// NaNs flow through exactly as in the reference (s starts at +0).
func TestKernelsSpecialValues(t *testing.T) {
	r := testRNG(7)
	vals := []float64{0, math.Copysign(0, -1), 1, -1, math.Inf(1), math.Inf(-1), math.NaN(), 1e308, -1e308, 5e-324}
	for _, s := range [][3]int{{5, 3, 6}, {9, 4, 7}, {4, 1, 4}} {
		n, k, m := s[0], s[1], s[2]
		a, b := NewMat(n, k), NewMat(k, m)
		bt, at := NewMat(m, k), NewMat(k, n)
		for _, x := range []*Mat{a, b, bt, at} {
			for i := range x.Data {
				x.Data[i] = vals[r.next()%uint64(len(vals))]
			}
		}
		d := NewMat(0, 0)
		MatMul(d, a, b)
		sameBits(t, "MatMul special", d, refMatMul(a, b))
		MatMulTransB(d, a, bt)
		sameBits(t, "MatMulTransB special", d, refMatMulTransB(a, bt))
		MatMulTransA(d, at, b)
		sameBits(t, "MatMulTransA special", d, refMatMulTransA(at, b))
	}
	// -0 products: the sum starts from +0, so a row of -0 products gives +0.
	a := FromRows([][]float64{{math.Copysign(0, -1)}})
	b := FromRows([][]float64{{1}})
	d := NewMat(0, 0)
	MatMul(d, a, b)
	if math.Signbit(d.Data[0]) {
		t.Fatalf("MatMul(-0·1) = -0, want +0 (sum starts from +0)")
	}
}

// TestShardsBitIdentical checks the property the training code relies on:
// the product of a block of rows is bit-for-bit those rows of the full
// product, for every cut, including cuts that are not multiples of 4.
func TestShardsBitIdentical(t *testing.T) {
	r := testRNG(42)
	const n, k, m = 37, 29, 23
	a := randMat(&r, n, k)
	b := randMat(&r, k, m)
	bt := randMat(&r, m, k)
	full := NewMat(0, 0)
	MatMul(full, a, b)
	fullB := NewMat(0, 0)
	MatMulTransB(fullB, a, bt)
	// MatMulTransA: aᵀ·b where a's columns become dst rows; a column block
	// of a (rows of aᵀ) must give the same rows of dst.
	at := randMat(&r, k, n)
	fullA := NewMat(0, 0)
	MatMulTransA(fullA, at, b)

	part := NewMat(0, 0)
	for i := 0; i < n; i++ {
		for j := i + 1; j <= n; j++ {
			MatMul(part, a.Slice(i, j), b)
			sameBits(t, fmt.Sprintf("MatMul rows [%d,%d)", i, j), part, full.Slice(i, j))
			MatMulTransB(part, a.Slice(i, j), bt)
			sameBits(t, fmt.Sprintf("MatMulTransB rows [%d,%d)", i, j), part, fullB.Slice(i, j))

			sub := NewMat(k, j-i)
			for p := 0; p < k; p++ {
				copy(sub.Row(p), at.Row(p)[i:j])
			}
			MatMulTransA(part, sub, b)
			sameBits(t, fmt.Sprintf("MatMulTransA cols [%d,%d)", i, j), part, fullA.Slice(i, j))
		}
	}
	// Columns too: a column block of b gives those columns of the product.
	for j0 := 0; j0 < m; j0 += 3 {
		for j1 := j0 + 1; j1 <= m; j1 += 5 {
			sb := NewMat(k, j1-j0)
			for p := 0; p < k; p++ {
				copy(sb.Row(p), b.Row(p)[j0:j1])
			}
			MatMul(part, a, sb)
			for i := 0; i < n; i++ {
				for j := j0; j < j1; j++ {
					if math.Float64bits(part.At(i, j-j0)) != math.Float64bits(full.At(i, j)) {
						t.Fatalf("MatMul cols [%d,%d): (%d,%d) differs", j0, j1, i, j)
					}
				}
			}
		}
	}
}

func TestKernelsShapePanics(t *testing.T) {
	for name, f := range map[string]func(){
		"MatMul":       func() { MatMul(NewMat(0, 0), NewMat(2, 3), NewMat(4, 2)) },
		"MatMulTransB": func() { MatMulTransB(NewMat(0, 0), NewMat(2, 3), NewMat(2, 4)) },
		"MatMulTransA": func() { MatMulTransA(NewMat(0, 0), NewMat(2, 3), NewMat(3, 2)) },
	} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("%s: no panic on mismatched shapes", name)
				}
			}()
			f()
		}()
	}
}

func TestKernelsZeroAllocs(t *testing.T) {
	if raceEnabled {
		t.Skip("sync.Pool drops items at random under the race detector")
	}
	r := testRNG(3)
	for _, s := range [][3]int{{1, 1, 1}, {17, 33, 9}, {64, 256, 128}} {
		n, k, m := s[0], s[1], s[2]
		a, b := randMat(&r, n, k), randMat(&r, k, m)
		bt, at := randMat(&r, m, k), randMat(&r, k, n)
		dst := NewMat(n, m)
		for name, f := range map[string]func(){
			"MatMul":       func() { MatMul(dst, a, b) },
			"MatMulTransB": func() { MatMulTransB(dst, a, bt) },
			"MatMulTransA": func() { MatMulTransA(dst, at, b) },
		} {
			f() // warm the scratch
			if got := testing.AllocsPerRun(20, f); got != 0 {
				t.Errorf("%s %v: %v allocs per call, want 0", name, s, got)
			}
		}
	}
}

// TestKernelsConcurrent runs the kernels from several goroutines at once on
// different matrices; run it with -race to check the scratch handling.
func TestKernelsConcurrent(t *testing.T) {
	const workers = 4
	done := make(chan error, workers)
	for w := 0; w < workers; w++ {
		go func(w int) {
			r := testRNG(100 + w)
			for it := 0; it < 20; it++ {
				n, k, m := 1+int(r.next()%40), 1+int(r.next()%40), 1+int(r.next()%40)
				a, b := randMat(&r, n, k), randMat(&r, k, m)
				d := NewMat(0, 0)
				MatMul(d, a, b)
				want := refMatMul(a, b)
				for i := range want.Data {
					if math.Float64bits(d.Data[i]) != math.Float64bits(want.Data[i]) {
						done <- fmt.Errorf("worker %d: %dx%dx%d differs", w, n, k, m)
						return
					}
				}
			}
			done <- nil
		}(w)
	}
	for w := 0; w < workers; w++ {
		if err := <-done; err != nil {
			t.Error(err)
		}
	}
}

// Benchmarks over the shapes of a training step: batch rows B times weight
// matrices in×out. Forward x(B,in)·W(in,out) is MatMul; backward
// dx = dy(B,out)·Wᵀ is MatMulTransB and dW = xᵀ(in,B)·dy(B,out) is
// MatMulTransA. 256x256x256 is the square reference point.

var benchBatches = []int{64, 256, 512}

var benchWeights = [][2]int{{64, 256}, {256, 128}, {128, 128}, {128, 64}}

type benchCase struct {
	name    string
	n, k, m int // dst n×m, shared k
}

func matmulCases() []benchCase {
	var cs []benchCase
	for _, bs := range benchBatches {
		for _, w := range benchWeights {
			cs = append(cs, benchCase{fmt.Sprintf("B%d_%dx%d", bs, w[0], w[1]), bs, w[0], w[1]})
		}
	}
	return append(cs, benchCase{"256x256x256", 256, 256, 256})
}

func transBCases() []benchCase {
	var cs []benchCase
	for _, bs := range benchBatches {
		for _, w := range benchWeights {
			cs = append(cs, benchCase{fmt.Sprintf("B%d_%dx%d", bs, w[0], w[1]), bs, w[1], w[0]})
		}
	}
	return append(cs, benchCase{"256x256x256", 256, 256, 256})
}

func transACases() []benchCase {
	var cs []benchCase
	for _, bs := range benchBatches {
		for _, w := range benchWeights {
			cs = append(cs, benchCase{fmt.Sprintf("B%d_%dx%d", bs, w[0], w[1]), w[0], bs, w[1]})
		}
	}
	return append(cs, benchCase{"256x256x256", 256, 256, 256})
}

func benchKernel(b *testing.B, c benchCase, f func(dst, a, b *Mat), ar, ac, br, bc int) {
	r := testRNG(1)
	x, y := randMat(&r, ar, ac), randMat(&r, br, bc)
	dst := NewMat(c.n, c.m)
	f(dst, x, y)
	b.ReportAllocs()
	cpu0 := cpuSeconds()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		f(dst, x, y)
	}
	b.StopTimer()
	cpu := cpuSeconds() - cpu0
	flops := 2 * float64(c.n) * float64(c.k) * float64(c.m) * float64(b.N)
	b.ReportMetric(flops/b.Elapsed().Seconds()/1e9, "GFLOP/s")
	// On a shared machine wall time counts other processes' load; where the
	// host tells CPU time (native, node) report the rate per CPU second too.
	if cpu0 >= 0 && cpu > 0 {
		b.ReportMetric(flops/cpu/1e9, "GFLOP/cpu-s")
	}
}

func BenchmarkMatMul(b *testing.B) {
	for _, c := range matmulCases() {
		b.Run(c.name, func(b *testing.B) { benchKernel(b, c, MatMul, c.n, c.k, c.k, c.m) })
	}
}

func BenchmarkMatMulTransB(b *testing.B) {
	for _, c := range transBCases() {
		b.Run(c.name, func(b *testing.B) { benchKernel(b, c, MatMulTransB, c.n, c.k, c.m, c.k) })
	}
}

func BenchmarkMatMulTransA(b *testing.B) {
	for _, c := range transACases() {
		b.Run(c.name, func(b *testing.B) { benchKernel(b, c, MatMulTransA, c.k, c.n, c.k, c.m) })
	}
}

// TestBlockKernelPath runs the products through the block-kernel driver
// with the portable GoBlockKernel, which a platform kernel must match: the
// driver's packing, transposition and leftover rows and columns give the
// bits of the portable kernels.
func TestBlockKernelPath(t *testing.T) {
	old := SetBlockKernel(GoBlockKernel)
	defer SetBlockKernel(old)
	r := testRNG(0x51ed)
	shapes := append([][3]int{{4, 2048, 4}, {9, 1024, 5}, {5, 4096, 6}}, testShapes...)
	blocked := 0
	for _, s := range shapes {
		n, k, m := s[0], s[1], s[2]
		name := fmt.Sprintf("%dx%dx%d", n, k, m)
		if !useBlocks(n, k, m) {
			continue
		}
		blocked++
		a, b, bt, at := randMat(&r, n, k), randMat(&r, k, m), randMat(&r, m, k), randMat(&r, k, n)
		dst := NewMat(0, 0)
		MatMul(dst, a, b)
		sameBits(t, "MatMul "+name, dst, refMatMul(a, b))
		MatMulTransB(dst, a, bt)
		sameBits(t, "MatMulTransB "+name, dst, refMatMulTransB(a, bt))
		MatMulTransA(dst, at, b)
		sameBits(t, "MatMulTransA "+name, dst, refMatMulTransA(at, b))
	}
	if blocked < 10 {
		t.Fatalf("only %d shapes went through the block kernel", blocked)
	}
}
