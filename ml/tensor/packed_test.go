package tensor

import (
	"fmt"
	"math"
	"testing"
)

// A packed operand gives MatMul's and MatMulTransB's bits, for every
// leftover of the 4×2 blocking, and one packing serves many products.
// With a block kernel installed the operand is packed row-major for it.
func TestMatMulPackedBitIdentical(t *testing.T) {
	forKernels(t, testMatMulPackedBitIdentical)
}

// forKernels runs f with the portable kernels and then through the block
// kernel path with GoBlockKernel.
func forKernels(t *testing.T, f func(t *testing.T)) {
	t.Run("portable", f)
	old := SetBlockKernel(GoBlockKernel)
	defer SetBlockKernel(old)
	t.Run("blocks", f)
}

func testMatMulPackedBitIdentical(t *testing.T) {
	r := testRNG(7)
	for _, n := range []int{1, 3, 4, 9, 64} {
		for _, k := range []int{1, 5, 16, 37, 128} {
			for _, m := range []int{1, 2, 7, 10, 64} {
				a := randMat(&r, n, k)
				b, bt := randMat(&r, k, m), randMat(&r, m, k)
				var p, pt PackedB
				p.Pack(b, false)
				pt.Pack(bt, true)
				for range 2 {
					got := new(Mat)
					MatMulPacked(got, a, &p)
					sameBits(t, fmt.Sprintf("(%d,%d)·(%d,%d)", n, k, k, m), got, refMatMul(a, b))
					MatMulPacked(got, a, &pt)
					sameBits(t, fmt.Sprintf("(%d,%d)·(%d,%d)ᵀ", n, k, m, k), got, refMatMulTransB(a, bt))
				}
			}
		}
	}
}

func TestMatMulPackedShapes(t *testing.T) {
	var p PackedB
	p.Pack(NewMat(3, 2), false)
	defer func() {
		if recover() == nil {
			t.Fatal("a (2,4)·(3,2) product did not panic")
		}
	}()
	MatMulPacked(new(Mat), NewMat(2, 4), &p)
}

func TestMatMulPackedAllocatesNothing(t *testing.T) {
	r := testRNG(8)
	a, b := randMat(&r, 9, 16), randMat(&r, 16, 11)
	var p PackedB
	dst := new(Mat)
	p.Pack(b, false)
	MatMulPacked(dst, a, &p)
	if n := testing.AllocsPerRun(10, func() { p.Pack(b, false); MatMulPacked(dst, a, &p) }); n != 0 {
		t.Fatalf("packing and a product allocate %v times", n)
	}
}

// refEpilogue applies MatMulPackedBias's epilogue to a reference product.
func refEpilogue(d *Mat, bias []float64, relu bool) *Mat {
	for i := 0; i < d.Rows; i++ {
		for j := 0; j < d.Cols; j++ {
			v := d.At(i, j)
			if bias != nil {
				v += bias[j]
			}
			if relu && !(v > 0 || math.IsNaN(v)) {
				v = 0
			}
			d.Set(i, j, v)
		}
	}
	return d
}

// MatMulPackedBias is the product, then the bias, then ReLU, with ReLU's
// exact meaning: NaN kept, -0 and negatives to +0.
func TestMatMulPackedBias(t *testing.T) {
	forKernels(t, func(t *testing.T) {
		r := testRNG(11)
		for _, s := range [][3]int{{1, 3, 2}, {4, 8, 4}, {9, 37, 10}, {64, 64, 256}, {67, 33, 130}} {
			n, k, m := s[0], s[1], s[2]
			a, b := randMat(&r, n, k), randMat(&r, k, m)
			bias := randMat(&r, 1, m).Data
			// Elements that are NaN and -0 after the bias, and exact zeros.
			a.Data[0] = math.NaN()
			bias[m-1] = math.Copysign(0, -1)
			for i := 0; i < k; i++ {
				b.Data[i*m+m-1] = 0
			}
			for _, tr := range []bool{false, true} {
				var p PackedB
				if tr {
					bt := NewMat(m, k)
					for i := 0; i < k; i++ {
						for j := 0; j < m; j++ {
							bt.Set(j, i, b.At(i, j))
						}
					}
					p.Pack(bt, true)
				} else {
					p.Pack(b, false)
				}
				for _, bb := range [][]float64{nil, bias} {
					for _, relu := range []bool{false, true} {
						got := new(Mat)
						MatMulPackedBias(got, a, &p, bb, relu)
						what := fmt.Sprintf("%v trans=%v bias=%v relu=%v", s, tr, bb != nil, relu)
						sameBits(t, what, got, refEpilogue(refMatMul(a, b), bb, relu))
					}
				}
			}
		}
	})
}
