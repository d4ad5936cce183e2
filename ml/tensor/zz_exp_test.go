package tensor

import (
	"fmt"
	"testing"
)

// Experimental variants of a MatMul core; removed once a design is chosen.

// packA4 packs rows i..i+3 of row-major a (n×k) interleaved: out[p*4+r].
func packRows(out []float64, a []float64, n, k, i, mr int) {
	for r := 0; r < mr; r++ {
		if i+r < n {
			row := a[(i+r)*k : (i+r+1)*k]
			for p, v := range row {
				out[p*mr+r] = v
			}
		} else {
			for p := 0; p < k; p++ {
				out[p*mr+r] = 0
			}
		}
	}
}

// packCols packs b (k×m row-major) into panels of nr columns: panel jp holds
// out[jp*nr*k + p*nr + c] = b[p*m + jp*nr + c].
func packCols(out []float64, b []float64, k, m, nr int) {
	np := (m + nr - 1) / nr
	for jp := 0; jp < np; jp++ {
		pan := out[jp*nr*k : (jp+1)*nr*k]
		j := jp * nr
		w := min(nr, m-j)
		for p := 0; p < k; p++ {
			src := b[p*m+j : p*m+j+w]
			d := pan[p*nr : p*nr+nr]
			copy(d, src)
			for c := w; c < nr; c++ {
				d[c] = 0
			}
		}
	}
}

type expScratch struct{ a, b []float64 }

func grow(s []float64, n int) []float64 {
	if cap(s) < n {
		return make([]float64, n)
	}
	return s[:n]
}

var expS expScratch

func exp44(dst, a, b *Mat) {
	n, k, m := a.Rows, a.Cols, b.Cols
	dst.Resize(n, m)
	const mr, nr = 4, 4
	np := (m + nr - 1) / nr
	expS.b = grow(expS.b, np*nr*k)
	expS.a = grow(expS.a, mr*k)
	packCols(expS.b, b.Data, k, m, nr)
	ap := expS.a
	var tmp [16]float64
	for i := 0; i < n; i += mr {
		packRows(ap, a.Data, n, k, i, mr)
		for jp := 0; jp < np; jp++ {
			bp := expS.b[jp*nr*k : (jp+1)*nr*k]
			pa := ap[:4*k]
			var c00, c01, c02, c03, c10, c11, c12, c13, c20, c21, c22, c23, c30, c31, c32, c33 float64
			for len(pa) >= 4 && len(bp) >= 4 {
				a0, a1, a2, a3 := pa[0], pa[1], pa[2], pa[3]
				b0, b1, b2, b3 := bp[0], bp[1], bp[2], bp[3]
				c00 += a0 * b0
				c01 += a0 * b1
				c02 += a0 * b2
				c03 += a0 * b3
				c10 += a1 * b0
				c11 += a1 * b1
				c12 += a1 * b2
				c13 += a1 * b3
				c20 += a2 * b0
				c21 += a2 * b1
				c22 += a2 * b2
				c23 += a2 * b3
				c30 += a3 * b0
				c31 += a3 * b1
				c32 += a3 * b2
				c33 += a3 * b3
				pa = pa[4:]
				bp = bp[4:]
			}
			tmp = [16]float64{c00, c01, c02, c03, c10, c11, c12, c13, c20, c21, c22, c23, c30, c31, c32, c33}
			j := jp * nr
			for r := 0; r < mr && i+r < n; r++ {
				row := dst.Data[(i+r)*m+j : (i+r+1)*m]
				copy(row, tmp[r*4:r*4+min(4, m-j)])
			}
		}
	}
}

func exp44u2(dst, a, b *Mat) {
	n, k, m := a.Rows, a.Cols, b.Cols
	dst.Resize(n, m)
	const mr, nr = 4, 4
	np := (m + nr - 1) / nr
	expS.b = grow(expS.b, np*nr*k)
	expS.a = grow(expS.a, mr*k)
	packCols(expS.b, b.Data, k, m, nr)
	ap := expS.a
	var tmp [16]float64
	for i := 0; i < n; i += mr {
		packRows(ap, a.Data, n, k, i, mr)
		for jp := 0; jp < np; jp++ {
			bp := expS.b[jp*nr*k : (jp+1)*nr*k]
			pa := ap[:4*k]
			var c00, c01, c02, c03, c10, c11, c12, c13, c20, c21, c22, c23, c30, c31, c32, c33 float64
			for len(pa) >= 8 && len(bp) >= 8 {
				a0, a1, a2, a3 := pa[0], pa[1], pa[2], pa[3]
				b0, b1, b2, b3 := bp[0], bp[1], bp[2], bp[3]
				c00 += a0 * b0
				c01 += a0 * b1
				c02 += a0 * b2
				c03 += a0 * b3
				c10 += a1 * b0
				c11 += a1 * b1
				c12 += a1 * b2
				c13 += a1 * b3
				c20 += a2 * b0
				c21 += a2 * b1
				c22 += a2 * b2
				c23 += a2 * b3
				c30 += a3 * b0
				c31 += a3 * b1
				c32 += a3 * b2
				c33 += a3 * b3
				a0, a1, a2, a3 = pa[4], pa[5], pa[6], pa[7]
				b0, b1, b2, b3 = bp[4], bp[5], bp[6], bp[7]
				c00 += a0 * b0
				c01 += a0 * b1
				c02 += a0 * b2
				c03 += a0 * b3
				c10 += a1 * b0
				c11 += a1 * b1
				c12 += a1 * b2
				c13 += a1 * b3
				c20 += a2 * b0
				c21 += a2 * b1
				c22 += a2 * b2
				c23 += a2 * b3
				c30 += a3 * b0
				c31 += a3 * b1
				c32 += a3 * b2
				c33 += a3 * b3
				pa = pa[8:]
				bp = bp[8:]
			}
			for len(pa) >= 4 && len(bp) >= 4 {
				a0, a1, a2, a3 := pa[0], pa[1], pa[2], pa[3]
				b0, b1, b2, b3 := bp[0], bp[1], bp[2], bp[3]
				c00 += a0 * b0
				c01 += a0 * b1
				c02 += a0 * b2
				c03 += a0 * b3
				c10 += a1 * b0
				c11 += a1 * b1
				c12 += a1 * b2
				c13 += a1 * b3
				c20 += a2 * b0
				c21 += a2 * b1
				c22 += a2 * b2
				c23 += a2 * b3
				c30 += a3 * b0
				c31 += a3 * b1
				c32 += a3 * b2
				c33 += a3 * b3
				pa = pa[4:]
				bp = bp[4:]
			}
			tmp = [16]float64{c00, c01, c02, c03, c10, c11, c12, c13, c20, c21, c22, c23, c30, c31, c32, c33}
			j := jp * nr
			for r := 0; r < mr && i+r < n; r++ {
				row := dst.Data[(i+r)*m+j : (i+r+1)*m]
				copy(row, tmp[r*4:r*4+min(4, m-j)])
			}
		}
	}
}

func exp24(dst, a, b *Mat) {
	n, k, m := a.Rows, a.Cols, b.Cols
	dst.Resize(n, m)
	const mr, nr = 2, 4
	np := (m + nr - 1) / nr
	expS.b = grow(expS.b, np*nr*k)
	expS.a = grow(expS.a, mr*k)
	packCols(expS.b, b.Data, k, m, nr)
	ap := expS.a
	var tmp [8]float64
	for i := 0; i < n; i += mr {
		packRows(ap, a.Data, n, k, i, mr)
		for jp := 0; jp < np; jp++ {
			bp := expS.b[jp*nr*k : (jp+1)*nr*k]
			pa := ap[:mr*k]
			var c00, c01, c02, c03, c10, c11, c12, c13 float64
			for len(pa) >= 2 && len(bp) >= 4 {
				a0, a1 := pa[0], pa[1]
				b0, b1, b2, b3 := bp[0], bp[1], bp[2], bp[3]
				c00 += a0 * b0
				c01 += a0 * b1
				c02 += a0 * b2
				c03 += a0 * b3
				c10 += a1 * b0
				c11 += a1 * b1
				c12 += a1 * b2
				c13 += a1 * b3
				pa = pa[2:]
				bp = bp[4:]
			}
			tmp = [8]float64{c00, c01, c02, c03, c10, c11, c12, c13}
			j := jp * nr
			for r := 0; r < mr && i+r < n; r++ {
				row := dst.Data[(i+r)*m+j : (i+r+1)*m]
				copy(row, tmp[r*4:r*4+min(4, m-j)])
			}
		}
	}
}

func exp42(dst, a, b *Mat) {
	n, k, m := a.Rows, a.Cols, b.Cols
	dst.Resize(n, m)
	const mr, nr = 4, 2
	np := (m + nr - 1) / nr
	expS.b = grow(expS.b, np*nr*k)
	expS.a = grow(expS.a, mr*k)
	packCols(expS.b, b.Data, k, m, nr)
	ap := expS.a
	var tmp [8]float64
	for i := 0; i < n; i += mr {
		packRows(ap, a.Data, n, k, i, mr)
		for jp := 0; jp < np; jp++ {
			bp := expS.b[jp*nr*k : (jp+1)*nr*k]
			pa := ap[:mr*k]
			var c00, c01, c10, c11, c20, c21, c30, c31 float64
			for len(pa) >= 4 && len(bp) >= 2 {
				a0, a1, a2, a3 := pa[0], pa[1], pa[2], pa[3]
				b0, b1 := bp[0], bp[1]
				c00 += a0 * b0
				c01 += a0 * b1
				c10 += a1 * b0
				c11 += a1 * b1
				c20 += a2 * b0
				c21 += a2 * b1
				c30 += a3 * b0
				c31 += a3 * b1
				pa = pa[4:]
				bp = bp[2:]
			}
			tmp = [8]float64{c00, c01, c10, c11, c20, c21, c30, c31}
			j := jp * nr
			for r := 0; r < mr && i+r < n; r++ {
				row := dst.Data[(i+r)*m+j : (i+r+1)*m]
				copy(row, tmp[r*2:r*2+min(2, m-j)])
			}
		}
	}
}

func exp34(dst, a, b *Mat) {
	n, k, m := a.Rows, a.Cols, b.Cols
	dst.Resize(n, m)
	const mr, nr = 3, 4
	np := (m + nr - 1) / nr
	expS.b = grow(expS.b, np*nr*k)
	expS.a = grow(expS.a, mr*k)
	packCols(expS.b, b.Data, k, m, nr)
	ap := expS.a
	var tmp [12]float64
	for i := 0; i < n; i += mr {
		packRows(ap, a.Data, n, k, i, mr)
		for jp := 0; jp < np; jp++ {
			bp := expS.b[jp*nr*k : (jp+1)*nr*k]
			pa := ap[:mr*k]
			var c00, c01, c02, c03, c10, c11, c12, c13, c20, c21, c22, c23 float64
			for len(pa) >= 3 && len(bp) >= 4 {
				a0, a1, a2 := pa[0], pa[1], pa[2]
				b0, b1, b2, b3 := bp[0], bp[1], bp[2], bp[3]
				c00 += a0 * b0
				c01 += a0 * b1
				c02 += a0 * b2
				c03 += a0 * b3
				c10 += a1 * b0
				c11 += a1 * b1
				c12 += a1 * b2
				c13 += a1 * b3
				c20 += a2 * b0
				c21 += a2 * b1
				c22 += a2 * b2
				c23 += a2 * b3
				pa = pa[3:]
				bp = bp[4:]
			}
			tmp = [12]float64{c00, c01, c02, c03, c10, c11, c12, c13, c20, c21, c22, c23}
			j := jp * nr
			for r := 0; r < mr && i+r < n; r++ {
				row := dst.Data[(i+r)*m+j : (i+r+1)*m]
				copy(row, tmp[r*4:r*4+min(4, m-j)])
			}
		}
	}
}

// expRows44: no A packing, B packed transposed into separate column rows;
// 8 slices indexed by p (the "4x4 over transposed B" design).
func expRows44(dst, a, b *Mat) {
	n, k, m := a.Rows, a.Cols, b.Cols
	dst.Resize(n, m)
	m4 := (m + 3) &^ 3
	bt := grow(expS.b, m4*k)
	expS.b = bt
	for p := 0; p < k; p++ {
		for j, v := range b.Data[p*m : (p+1)*m] {
			bt[j*k+p] = v
		}
	}
	clear(bt[m*k:])
	n4 := (n + 3) &^ 3
	ap := grow(expS.a, 4*k)
	expS.a = ap
	var tmp [16]float64
	for i := 0; i < n4; i += 4 {
		var a0, a1, a2, a3 []float64
		if i+4 <= n {
			a0 = a.Data[i*k : (i+1)*k]
			a1 = a.Data[(i+1)*k : (i+2)*k]
			a2 = a.Data[(i+2)*k : (i+3)*k]
			a3 = a.Data[(i+3)*k : (i+4)*k]
		} else {
			clear(ap)
			copy(ap, a.Data[i*k:n*k])
			a0, a1, a2, a3 = ap[:k], ap[k:2*k], ap[2*k:3*k], ap[3*k:4*k]
		}
		for j := 0; j < m4; j += 4 {
			b0 := bt[j*k : (j+1)*k]
			b1 := bt[(j+1)*k : (j+2)*k]
			b2 := bt[(j+2)*k : (j+3)*k]
			b3 := bt[(j+3)*k : (j+4)*k]
			a1, a2, a3 = a1[:len(a0)], a2[:len(a0)], a3[:len(a0)]
			b0, b1, b2, b3 = b0[:len(a0)], b1[:len(a0)], b2[:len(a0)], b3[:len(a0)]
			var c00, c01, c02, c03, c10, c11, c12, c13, c20, c21, c22, c23, c30, c31, c32, c33 float64
			for p, x0 := range a0 {
				x1, x2, x3 := a1[p], a2[p], a3[p]
				y0, y1, y2, y3 := b0[p], b1[p], b2[p], b3[p]
				c00 += x0 * y0
				c01 += x0 * y1
				c02 += x0 * y2
				c03 += x0 * y3
				c10 += x1 * y0
				c11 += x1 * y1
				c12 += x1 * y2
				c13 += x1 * y3
				c20 += x2 * y0
				c21 += x2 * y1
				c22 += x2 * y2
				c23 += x2 * y3
				c30 += x3 * y0
				c31 += x3 * y1
				c32 += x3 * y2
				c33 += x3 * y3
			}
			tmp = [16]float64{c00, c01, c02, c03, c10, c11, c12, c13, c20, c21, c22, c23, c30, c31, c32, c33}
			for r := 0; r < 4 && i+r < n; r++ {
				row := dst.Data[(i+r)*m+j : (i+r+1)*m]
				copy(row, tmp[r*4:r*4+min(4, m-j)])
			}
		}
	}
}

var expVariants = []struct {
	name string
	f    func(dst, a, b *Mat)
}{
	
	
}

func init() { expVariants = append(expVariants, genVariants...) }

func TestExpVariants(t *testing.T) {
	r := testRNG(5)
	for _, s := range testShapes {
		n, k, m := s[0], s[1], s[2]
		a, b := randMat(&r, n, k), randMat(&r, k, m)
		want := refMatMul(a, b)
		for _, v := range expVariants {
			d := NewMat(0, 0)
			v.f(d, a, b)
			sameBits(t, fmt.Sprintf("%s %v", v.name, s), d, want)
		}
	}
}

func BenchmarkExp(b *testing.B) {
	shapes := []benchCase{
		{"B64_128x128", 64, 128, 128},
		{"B256_256x128", 256, 256, 128},
		{"B512_64x256", 512, 64, 256},
		{"256x256x256", 256, 256, 256},
	}
	for _, v := range expVariants {
		for _, c := range shapes {
			b.Run(v.name+"/"+c.name, func(b *testing.B) { benchKernel(b, c, v.f, c.n, c.k, c.k, c.m) })
		}
	}
}
