package tensor

import (
	"fmt"
	"testing"
)

// A packed operand gives MatMul's and MatMulTransB's bits, for every
// leftover of the 4×2 blocking, and one packing serves many products.
func TestMatMulPackedBitIdentical(t *testing.T) {
	r := testRNG(7)
	for _, n := range []int{1, 3, 4, 9} {
		for _, k := range []int{1, 5, 16, 37} {
			for _, m := range []int{1, 2, 7, 10} {
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
