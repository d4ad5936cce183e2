package tensor

import "unsafe"

var _ unsafe.Pointer

func g44u4slice(dst, a, b *Mat) {
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
			pb := expS.b[jp*nr*k : (jp+1)*nr*k]
			pa := ap[:mr*k]
			var c00, c01, c02, c03, c10, c11, c12, c13, c20, c21, c22, c23, c30, c31, c32, c33 float64
			for len(pa) >= 16 && len(pb) >= 16 {
				var a0, b0, b1, b2, b3 float64
				b0 = pb[0]
				b1 = pb[1]
				b2 = pb[2]
				b3 = pb[3]
				a0 = pa[0]
				c00 += a0 * b0
				c01 += a0 * b1
				c02 += a0 * b2
				c03 += a0 * b3
				a0 = pa[1]
				c10 += a0 * b0
				c11 += a0 * b1
				c12 += a0 * b2
				c13 += a0 * b3
				a0 = pa[2]
				c20 += a0 * b0
				c21 += a0 * b1
				c22 += a0 * b2
				c23 += a0 * b3
				a0 = pa[3]
				c30 += a0 * b0
				c31 += a0 * b1
				c32 += a0 * b2
				c33 += a0 * b3
				b0 = pb[4]
				b1 = pb[5]
				b2 = pb[6]
				b3 = pb[7]
				a0 = pa[4]
				c00 += a0 * b0
				c01 += a0 * b1
				c02 += a0 * b2
				c03 += a0 * b3
				a0 = pa[5]
				c10 += a0 * b0
				c11 += a0 * b1
				c12 += a0 * b2
				c13 += a0 * b3
				a0 = pa[6]
				c20 += a0 * b0
				c21 += a0 * b1
				c22 += a0 * b2
				c23 += a0 * b3
				a0 = pa[7]
				c30 += a0 * b0
				c31 += a0 * b1
				c32 += a0 * b2
				c33 += a0 * b3
				b0 = pb[8]
				b1 = pb[9]
				b2 = pb[10]
				b3 = pb[11]
				a0 = pa[8]
				c00 += a0 * b0
				c01 += a0 * b1
				c02 += a0 * b2
				c03 += a0 * b3
				a0 = pa[9]
				c10 += a0 * b0
				c11 += a0 * b1
				c12 += a0 * b2
				c13 += a0 * b3
				a0 = pa[10]
				c20 += a0 * b0
				c21 += a0 * b1
				c22 += a0 * b2
				c23 += a0 * b3
				a0 = pa[11]
				c30 += a0 * b0
				c31 += a0 * b1
				c32 += a0 * b2
				c33 += a0 * b3
				b0 = pb[12]
				b1 = pb[13]
				b2 = pb[14]
				b3 = pb[15]
				a0 = pa[12]
				c00 += a0 * b0
				c01 += a0 * b1
				c02 += a0 * b2
				c03 += a0 * b3
				a0 = pa[13]
				c10 += a0 * b0
				c11 += a0 * b1
				c12 += a0 * b2
				c13 += a0 * b3
				a0 = pa[14]
				c20 += a0 * b0
				c21 += a0 * b1
				c22 += a0 * b2
				c23 += a0 * b3
				a0 = pa[15]
				c30 += a0 * b0
				c31 += a0 * b1
				c32 += a0 * b2
				c33 += a0 * b3
				pa = pa[16:]
				pb = pb[16:]
			}
			for len(pa) >= 4 && len(pb) >= 4 {
				var a0, b0, b1, b2, b3 float64
				b0 = pb[0]
				b1 = pb[1]
				b2 = pb[2]
				b3 = pb[3]
				a0 = pa[0]
				c00 += a0 * b0
				c01 += a0 * b1
				c02 += a0 * b2
				c03 += a0 * b3
				a0 = pa[1]
				c10 += a0 * b0
				c11 += a0 * b1
				c12 += a0 * b2
				c13 += a0 * b3
				a0 = pa[2]
				c20 += a0 * b0
				c21 += a0 * b1
				c22 += a0 * b2
				c23 += a0 * b3
				a0 = pa[3]
				c30 += a0 * b0
				c31 += a0 * b1
				c32 += a0 * b2
				c33 += a0 * b3
				pa = pa[4:]
				pb = pb[4:]
			}
			tmp = [16]float64{c00, c01, c02, c03, c10, c11, c12, c13, c20, c21, c22, c23, c30, c31, c32, c33}
			j := jp * nr
			for r := 0; r < mr && i+r < n; r++ {
				row := dst.Data[(i+r)*m+j : (i+r+1)*m]
				copy(row, tmp[r*nr:r*nr+min(nr, m-j)])
			}
		}
	}
}

func g44u8slice(dst, a, b *Mat) {
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
			pb := expS.b[jp*nr*k : (jp+1)*nr*k]
			pa := ap[:mr*k]
			var c00, c01, c02, c03, c10, c11, c12, c13, c20, c21, c22, c23, c30, c31, c32, c33 float64
			for len(pa) >= 32 && len(pb) >= 32 {
				var a0, b0, b1, b2, b3 float64
				b0 = pb[0]
				b1 = pb[1]
				b2 = pb[2]
				b3 = pb[3]
				a0 = pa[0]
				c00 += a0 * b0
				c01 += a0 * b1
				c02 += a0 * b2
				c03 += a0 * b3
				a0 = pa[1]
				c10 += a0 * b0
				c11 += a0 * b1
				c12 += a0 * b2
				c13 += a0 * b3
				a0 = pa[2]
				c20 += a0 * b0
				c21 += a0 * b1
				c22 += a0 * b2
				c23 += a0 * b3
				a0 = pa[3]
				c30 += a0 * b0
				c31 += a0 * b1
				c32 += a0 * b2
				c33 += a0 * b3
				b0 = pb[4]
				b1 = pb[5]
				b2 = pb[6]
				b3 = pb[7]
				a0 = pa[4]
				c00 += a0 * b0
				c01 += a0 * b1
				c02 += a0 * b2
				c03 += a0 * b3
				a0 = pa[5]
				c10 += a0 * b0
				c11 += a0 * b1
				c12 += a0 * b2
				c13 += a0 * b3
				a0 = pa[6]
				c20 += a0 * b0
				c21 += a0 * b1
				c22 += a0 * b2
				c23 += a0 * b3
				a0 = pa[7]
				c30 += a0 * b0
				c31 += a0 * b1
				c32 += a0 * b2
				c33 += a0 * b3
				b0 = pb[8]
				b1 = pb[9]
				b2 = pb[10]
				b3 = pb[11]
				a0 = pa[8]
				c00 += a0 * b0
				c01 += a0 * b1
				c02 += a0 * b2
				c03 += a0 * b3
				a0 = pa[9]
				c10 += a0 * b0
				c11 += a0 * b1
				c12 += a0 * b2
				c13 += a0 * b3
				a0 = pa[10]
				c20 += a0 * b0
				c21 += a0 * b1
				c22 += a0 * b2
				c23 += a0 * b3
				a0 = pa[11]
				c30 += a0 * b0
				c31 += a0 * b1
				c32 += a0 * b2
				c33 += a0 * b3
				b0 = pb[12]
				b1 = pb[13]
				b2 = pb[14]
				b3 = pb[15]
				a0 = pa[12]
				c00 += a0 * b0
				c01 += a0 * b1
				c02 += a0 * b2
				c03 += a0 * b3
				a0 = pa[13]
				c10 += a0 * b0
				c11 += a0 * b1
				c12 += a0 * b2
				c13 += a0 * b3
				a0 = pa[14]
				c20 += a0 * b0
				c21 += a0 * b1
				c22 += a0 * b2
				c23 += a0 * b3
				a0 = pa[15]
				c30 += a0 * b0
				c31 += a0 * b1
				c32 += a0 * b2
				c33 += a0 * b3
				b0 = pb[16]
				b1 = pb[17]
				b2 = pb[18]
				b3 = pb[19]
				a0 = pa[16]
				c00 += a0 * b0
				c01 += a0 * b1
				c02 += a0 * b2
				c03 += a0 * b3
				a0 = pa[17]
				c10 += a0 * b0
				c11 += a0 * b1
				c12 += a0 * b2
				c13 += a0 * b3
				a0 = pa[18]
				c20 += a0 * b0
				c21 += a0 * b1
				c22 += a0 * b2
				c23 += a0 * b3
				a0 = pa[19]
				c30 += a0 * b0
				c31 += a0 * b1
				c32 += a0 * b2
				c33 += a0 * b3
				b0 = pb[20]
				b1 = pb[21]
				b2 = pb[22]
				b3 = pb[23]
				a0 = pa[20]
				c00 += a0 * b0
				c01 += a0 * b1
				c02 += a0 * b2
				c03 += a0 * b3
				a0 = pa[21]
				c10 += a0 * b0
				c11 += a0 * b1
				c12 += a0 * b2
				c13 += a0 * b3
				a0 = pa[22]
				c20 += a0 * b0
				c21 += a0 * b1
				c22 += a0 * b2
				c23 += a0 * b3
				a0 = pa[23]
				c30 += a0 * b0
				c31 += a0 * b1
				c32 += a0 * b2
				c33 += a0 * b3
				b0 = pb[24]
				b1 = pb[25]
				b2 = pb[26]
				b3 = pb[27]
				a0 = pa[24]
				c00 += a0 * b0
				c01 += a0 * b1
				c02 += a0 * b2
				c03 += a0 * b3
				a0 = pa[25]
				c10 += a0 * b0
				c11 += a0 * b1
				c12 += a0 * b2
				c13 += a0 * b3
				a0 = pa[26]
				c20 += a0 * b0
				c21 += a0 * b1
				c22 += a0 * b2
				c23 += a0 * b3
				a0 = pa[27]
				c30 += a0 * b0
				c31 += a0 * b1
				c32 += a0 * b2
				c33 += a0 * b3
				b0 = pb[28]
				b1 = pb[29]
				b2 = pb[30]
				b3 = pb[31]
				a0 = pa[28]
				c00 += a0 * b0
				c01 += a0 * b1
				c02 += a0 * b2
				c03 += a0 * b3
				a0 = pa[29]
				c10 += a0 * b0
				c11 += a0 * b1
				c12 += a0 * b2
				c13 += a0 * b3
				a0 = pa[30]
				c20 += a0 * b0
				c21 += a0 * b1
				c22 += a0 * b2
				c23 += a0 * b3
				a0 = pa[31]
				c30 += a0 * b0
				c31 += a0 * b1
				c32 += a0 * b2
				c33 += a0 * b3
				pa = pa[32:]
				pb = pb[32:]
			}
			for len(pa) >= 4 && len(pb) >= 4 {
				var a0, b0, b1, b2, b3 float64
				b0 = pb[0]
				b1 = pb[1]
				b2 = pb[2]
				b3 = pb[3]
				a0 = pa[0]
				c00 += a0 * b0
				c01 += a0 * b1
				c02 += a0 * b2
				c03 += a0 * b3
				a0 = pa[1]
				c10 += a0 * b0
				c11 += a0 * b1
				c12 += a0 * b2
				c13 += a0 * b3
				a0 = pa[2]
				c20 += a0 * b0
				c21 += a0 * b1
				c22 += a0 * b2
				c23 += a0 * b3
				a0 = pa[3]
				c30 += a0 * b0
				c31 += a0 * b1
				c32 += a0 * b2
				c33 += a0 * b3
				pa = pa[4:]
				pb = pb[4:]
			}
			tmp = [16]float64{c00, c01, c02, c03, c10, c11, c12, c13, c20, c21, c22, c23, c30, c31, c32, c33}
			j := jp * nr
			for r := 0; r < mr && i+r < n; r++ {
				row := dst.Data[(i+r)*m+j : (i+r+1)*m]
				copy(row, tmp[r*nr:r*nr+min(nr, m-j)])
			}
		}
	}
}

func g44u4arr(dst, a, b *Mat) {
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
			pb := expS.b[jp*nr*k : (jp+1)*nr*k]
			pa := ap[:mr*k]
			var c00, c01, c02, c03, c10, c11, c12, c13, c20, c21, c22, c23, c30, c31, c32, c33 float64
			for len(pa) >= 16 && len(pb) >= 16 {
				xa := (*[16]float64)(pa)
				xb := (*[16]float64)(pb)
				var a0, b0, b1, b2, b3 float64
				b0 = xb[0]
				b1 = xb[1]
				b2 = xb[2]
				b3 = xb[3]
				a0 = xa[0]
				c00 += a0 * b0
				c01 += a0 * b1
				c02 += a0 * b2
				c03 += a0 * b3
				a0 = xa[1]
				c10 += a0 * b0
				c11 += a0 * b1
				c12 += a0 * b2
				c13 += a0 * b3
				a0 = xa[2]
				c20 += a0 * b0
				c21 += a0 * b1
				c22 += a0 * b2
				c23 += a0 * b3
				a0 = xa[3]
				c30 += a0 * b0
				c31 += a0 * b1
				c32 += a0 * b2
				c33 += a0 * b3
				b0 = xb[4]
				b1 = xb[5]
				b2 = xb[6]
				b3 = xb[7]
				a0 = xa[4]
				c00 += a0 * b0
				c01 += a0 * b1
				c02 += a0 * b2
				c03 += a0 * b3
				a0 = xa[5]
				c10 += a0 * b0
				c11 += a0 * b1
				c12 += a0 * b2
				c13 += a0 * b3
				a0 = xa[6]
				c20 += a0 * b0
				c21 += a0 * b1
				c22 += a0 * b2
				c23 += a0 * b3
				a0 = xa[7]
				c30 += a0 * b0
				c31 += a0 * b1
				c32 += a0 * b2
				c33 += a0 * b3
				b0 = xb[8]
				b1 = xb[9]
				b2 = xb[10]
				b3 = xb[11]
				a0 = xa[8]
				c00 += a0 * b0
				c01 += a0 * b1
				c02 += a0 * b2
				c03 += a0 * b3
				a0 = xa[9]
				c10 += a0 * b0
				c11 += a0 * b1
				c12 += a0 * b2
				c13 += a0 * b3
				a0 = xa[10]
				c20 += a0 * b0
				c21 += a0 * b1
				c22 += a0 * b2
				c23 += a0 * b3
				a0 = xa[11]
				c30 += a0 * b0
				c31 += a0 * b1
				c32 += a0 * b2
				c33 += a0 * b3
				b0 = xb[12]
				b1 = xb[13]
				b2 = xb[14]
				b3 = xb[15]
				a0 = xa[12]
				c00 += a0 * b0
				c01 += a0 * b1
				c02 += a0 * b2
				c03 += a0 * b3
				a0 = xa[13]
				c10 += a0 * b0
				c11 += a0 * b1
				c12 += a0 * b2
				c13 += a0 * b3
				a0 = xa[14]
				c20 += a0 * b0
				c21 += a0 * b1
				c22 += a0 * b2
				c23 += a0 * b3
				a0 = xa[15]
				c30 += a0 * b0
				c31 += a0 * b1
				c32 += a0 * b2
				c33 += a0 * b3
				pa = pa[16:]
				pb = pb[16:]
			}
			for len(pa) >= 4 && len(pb) >= 4 {
				xa := (*[4]float64)(pa)
				xb := (*[4]float64)(pb)
				var a0, b0, b1, b2, b3 float64
				b0 = xb[0]
				b1 = xb[1]
				b2 = xb[2]
				b3 = xb[3]
				a0 = xa[0]
				c00 += a0 * b0
				c01 += a0 * b1
				c02 += a0 * b2
				c03 += a0 * b3
				a0 = xa[1]
				c10 += a0 * b0
				c11 += a0 * b1
				c12 += a0 * b2
				c13 += a0 * b3
				a0 = xa[2]
				c20 += a0 * b0
				c21 += a0 * b1
				c22 += a0 * b2
				c23 += a0 * b3
				a0 = xa[3]
				c30 += a0 * b0
				c31 += a0 * b1
				c32 += a0 * b2
				c33 += a0 * b3
				pa = pa[4:]
				pb = pb[4:]
			}
			tmp = [16]float64{c00, c01, c02, c03, c10, c11, c12, c13, c20, c21, c22, c23, c30, c31, c32, c33}
			j := jp * nr
			for r := 0; r < mr && i+r < n; r++ {
				row := dst.Data[(i+r)*m+j : (i+r+1)*m]
				copy(row, tmp[r*nr:r*nr+min(nr, m-j)])
			}
		}
	}
}

func g44u4unsafe(dst, a, b *Mat) {
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
			pb := expS.b[jp*nr*k : (jp+1)*nr*k]
			pa := ap[:mr*k]
			var c00, c01, c02, c03, c10, c11, c12, c13, c20, c21, c22, c23, c30, c31, c32, c33 float64
			for len(pa) >= 16 && len(pb) >= 16 {
				ua, ub := unsafe.Pointer(unsafe.SliceData(pa)), unsafe.Pointer(unsafe.SliceData(pb))
				var a0, b0, b1, b2, b3 float64
				b0 = *(*float64)(unsafe.Add(ub, 0))
				b1 = *(*float64)(unsafe.Add(ub, 8))
				b2 = *(*float64)(unsafe.Add(ub, 16))
				b3 = *(*float64)(unsafe.Add(ub, 24))
				a0 = *(*float64)(unsafe.Add(ua, 0))
				c00 += a0 * b0
				c01 += a0 * b1
				c02 += a0 * b2
				c03 += a0 * b3
				a0 = *(*float64)(unsafe.Add(ua, 8))
				c10 += a0 * b0
				c11 += a0 * b1
				c12 += a0 * b2
				c13 += a0 * b3
				a0 = *(*float64)(unsafe.Add(ua, 16))
				c20 += a0 * b0
				c21 += a0 * b1
				c22 += a0 * b2
				c23 += a0 * b3
				a0 = *(*float64)(unsafe.Add(ua, 24))
				c30 += a0 * b0
				c31 += a0 * b1
				c32 += a0 * b2
				c33 += a0 * b3
				b0 = *(*float64)(unsafe.Add(ub, 32))
				b1 = *(*float64)(unsafe.Add(ub, 40))
				b2 = *(*float64)(unsafe.Add(ub, 48))
				b3 = *(*float64)(unsafe.Add(ub, 56))
				a0 = *(*float64)(unsafe.Add(ua, 32))
				c00 += a0 * b0
				c01 += a0 * b1
				c02 += a0 * b2
				c03 += a0 * b3
				a0 = *(*float64)(unsafe.Add(ua, 40))
				c10 += a0 * b0
				c11 += a0 * b1
				c12 += a0 * b2
				c13 += a0 * b3
				a0 = *(*float64)(unsafe.Add(ua, 48))
				c20 += a0 * b0
				c21 += a0 * b1
				c22 += a0 * b2
				c23 += a0 * b3
				a0 = *(*float64)(unsafe.Add(ua, 56))
				c30 += a0 * b0
				c31 += a0 * b1
				c32 += a0 * b2
				c33 += a0 * b3
				b0 = *(*float64)(unsafe.Add(ub, 64))
				b1 = *(*float64)(unsafe.Add(ub, 72))
				b2 = *(*float64)(unsafe.Add(ub, 80))
				b3 = *(*float64)(unsafe.Add(ub, 88))
				a0 = *(*float64)(unsafe.Add(ua, 64))
				c00 += a0 * b0
				c01 += a0 * b1
				c02 += a0 * b2
				c03 += a0 * b3
				a0 = *(*float64)(unsafe.Add(ua, 72))
				c10 += a0 * b0
				c11 += a0 * b1
				c12 += a0 * b2
				c13 += a0 * b3
				a0 = *(*float64)(unsafe.Add(ua, 80))
				c20 += a0 * b0
				c21 += a0 * b1
				c22 += a0 * b2
				c23 += a0 * b3
				a0 = *(*float64)(unsafe.Add(ua, 88))
				c30 += a0 * b0
				c31 += a0 * b1
				c32 += a0 * b2
				c33 += a0 * b3
				b0 = *(*float64)(unsafe.Add(ub, 96))
				b1 = *(*float64)(unsafe.Add(ub, 104))
				b2 = *(*float64)(unsafe.Add(ub, 112))
				b3 = *(*float64)(unsafe.Add(ub, 120))
				a0 = *(*float64)(unsafe.Add(ua, 96))
				c00 += a0 * b0
				c01 += a0 * b1
				c02 += a0 * b2
				c03 += a0 * b3
				a0 = *(*float64)(unsafe.Add(ua, 104))
				c10 += a0 * b0
				c11 += a0 * b1
				c12 += a0 * b2
				c13 += a0 * b3
				a0 = *(*float64)(unsafe.Add(ua, 112))
				c20 += a0 * b0
				c21 += a0 * b1
				c22 += a0 * b2
				c23 += a0 * b3
				a0 = *(*float64)(unsafe.Add(ua, 120))
				c30 += a0 * b0
				c31 += a0 * b1
				c32 += a0 * b2
				c33 += a0 * b3
				pa = pa[16:]
				pb = pb[16:]
			}
			for len(pa) >= 4 && len(pb) >= 4 {
				ua, ub := unsafe.Pointer(unsafe.SliceData(pa)), unsafe.Pointer(unsafe.SliceData(pb))
				var a0, b0, b1, b2, b3 float64
				b0 = *(*float64)(unsafe.Add(ub, 0))
				b1 = *(*float64)(unsafe.Add(ub, 8))
				b2 = *(*float64)(unsafe.Add(ub, 16))
				b3 = *(*float64)(unsafe.Add(ub, 24))
				a0 = *(*float64)(unsafe.Add(ua, 0))
				c00 += a0 * b0
				c01 += a0 * b1
				c02 += a0 * b2
				c03 += a0 * b3
				a0 = *(*float64)(unsafe.Add(ua, 8))
				c10 += a0 * b0
				c11 += a0 * b1
				c12 += a0 * b2
				c13 += a0 * b3
				a0 = *(*float64)(unsafe.Add(ua, 16))
				c20 += a0 * b0
				c21 += a0 * b1
				c22 += a0 * b2
				c23 += a0 * b3
				a0 = *(*float64)(unsafe.Add(ua, 24))
				c30 += a0 * b0
				c31 += a0 * b1
				c32 += a0 * b2
				c33 += a0 * b3
				pa = pa[4:]
				pb = pb[4:]
			}
			tmp = [16]float64{c00, c01, c02, c03, c10, c11, c12, c13, c20, c21, c22, c23, c30, c31, c32, c33}
			j := jp * nr
			for r := 0; r < mr && i+r < n; r++ {
				row := dst.Data[(i+r)*m+j : (i+r+1)*m]
				copy(row, tmp[r*nr:r*nr+min(nr, m-j)])
			}
		}
	}
}

func g45u4slice(dst, a, b *Mat) {
	n, k, m := a.Rows, a.Cols, b.Cols
	dst.Resize(n, m)
	const mr, nr = 4, 5
	np := (m + nr - 1) / nr
	expS.b = grow(expS.b, np*nr*k)
	expS.a = grow(expS.a, mr*k)
	packCols(expS.b, b.Data, k, m, nr)
	ap := expS.a
	var tmp [20]float64
	for i := 0; i < n; i += mr {
		packRows(ap, a.Data, n, k, i, mr)
		for jp := 0; jp < np; jp++ {
			pb := expS.b[jp*nr*k : (jp+1)*nr*k]
			pa := ap[:mr*k]
			var c00, c01, c02, c03, c04, c10, c11, c12, c13, c14, c20, c21, c22, c23, c24, c30, c31, c32, c33, c34 float64
			for len(pa) >= 16 && len(pb) >= 20 {
				var a0, b0, b1, b2, b3, b4 float64
				b0 = pb[0]
				b1 = pb[1]
				b2 = pb[2]
				b3 = pb[3]
				b4 = pb[4]
				a0 = pa[0]
				c00 += a0 * b0
				c01 += a0 * b1
				c02 += a0 * b2
				c03 += a0 * b3
				c04 += a0 * b4
				a0 = pa[1]
				c10 += a0 * b0
				c11 += a0 * b1
				c12 += a0 * b2
				c13 += a0 * b3
				c14 += a0 * b4
				a0 = pa[2]
				c20 += a0 * b0
				c21 += a0 * b1
				c22 += a0 * b2
				c23 += a0 * b3
				c24 += a0 * b4
				a0 = pa[3]
				c30 += a0 * b0
				c31 += a0 * b1
				c32 += a0 * b2
				c33 += a0 * b3
				c34 += a0 * b4
				b0 = pb[5]
				b1 = pb[6]
				b2 = pb[7]
				b3 = pb[8]
				b4 = pb[9]
				a0 = pa[4]
				c00 += a0 * b0
				c01 += a0 * b1
				c02 += a0 * b2
				c03 += a0 * b3
				c04 += a0 * b4
				a0 = pa[5]
				c10 += a0 * b0
				c11 += a0 * b1
				c12 += a0 * b2
				c13 += a0 * b3
				c14 += a0 * b4
				a0 = pa[6]
				c20 += a0 * b0
				c21 += a0 * b1
				c22 += a0 * b2
				c23 += a0 * b3
				c24 += a0 * b4
				a0 = pa[7]
				c30 += a0 * b0
				c31 += a0 * b1
				c32 += a0 * b2
				c33 += a0 * b3
				c34 += a0 * b4
				b0 = pb[10]
				b1 = pb[11]
				b2 = pb[12]
				b3 = pb[13]
				b4 = pb[14]
				a0 = pa[8]
				c00 += a0 * b0
				c01 += a0 * b1
				c02 += a0 * b2
				c03 += a0 * b3
				c04 += a0 * b4
				a0 = pa[9]
				c10 += a0 * b0
				c11 += a0 * b1
				c12 += a0 * b2
				c13 += a0 * b3
				c14 += a0 * b4
				a0 = pa[10]
				c20 += a0 * b0
				c21 += a0 * b1
				c22 += a0 * b2
				c23 += a0 * b3
				c24 += a0 * b4
				a0 = pa[11]
				c30 += a0 * b0
				c31 += a0 * b1
				c32 += a0 * b2
				c33 += a0 * b3
				c34 += a0 * b4
				b0 = pb[15]
				b1 = pb[16]
				b2 = pb[17]
				b3 = pb[18]
				b4 = pb[19]
				a0 = pa[12]
				c00 += a0 * b0
				c01 += a0 * b1
				c02 += a0 * b2
				c03 += a0 * b3
				c04 += a0 * b4
				a0 = pa[13]
				c10 += a0 * b0
				c11 += a0 * b1
				c12 += a0 * b2
				c13 += a0 * b3
				c14 += a0 * b4
				a0 = pa[14]
				c20 += a0 * b0
				c21 += a0 * b1
				c22 += a0 * b2
				c23 += a0 * b3
				c24 += a0 * b4
				a0 = pa[15]
				c30 += a0 * b0
				c31 += a0 * b1
				c32 += a0 * b2
				c33 += a0 * b3
				c34 += a0 * b4
				pa = pa[16:]
				pb = pb[20:]
			}
			for len(pa) >= 4 && len(pb) >= 5 {
				var a0, b0, b1, b2, b3, b4 float64
				b0 = pb[0]
				b1 = pb[1]
				b2 = pb[2]
				b3 = pb[3]
				b4 = pb[4]
				a0 = pa[0]
				c00 += a0 * b0
				c01 += a0 * b1
				c02 += a0 * b2
				c03 += a0 * b3
				c04 += a0 * b4
				a0 = pa[1]
				c10 += a0 * b0
				c11 += a0 * b1
				c12 += a0 * b2
				c13 += a0 * b3
				c14 += a0 * b4
				a0 = pa[2]
				c20 += a0 * b0
				c21 += a0 * b1
				c22 += a0 * b2
				c23 += a0 * b3
				c24 += a0 * b4
				a0 = pa[3]
				c30 += a0 * b0
				c31 += a0 * b1
				c32 += a0 * b2
				c33 += a0 * b3
				c34 += a0 * b4
				pa = pa[4:]
				pb = pb[5:]
			}
			tmp = [20]float64{c00, c01, c02, c03, c04, c10, c11, c12, c13, c14, c20, c21, c22, c23, c24, c30, c31, c32, c33, c34}
			j := jp * nr
			for r := 0; r < mr && i+r < n; r++ {
				row := dst.Data[(i+r)*m+j : (i+r+1)*m]
				copy(row, tmp[r*nr:r*nr+min(nr, m-j)])
			}
		}
	}
}

func g54u4slice(dst, a, b *Mat) {
	n, k, m := a.Rows, a.Cols, b.Cols
	dst.Resize(n, m)
	const mr, nr = 5, 4
	np := (m + nr - 1) / nr
	expS.b = grow(expS.b, np*nr*k)
	expS.a = grow(expS.a, mr*k)
	packCols(expS.b, b.Data, k, m, nr)
	ap := expS.a
	var tmp [20]float64
	for i := 0; i < n; i += mr {
		packRows(ap, a.Data, n, k, i, mr)
		for jp := 0; jp < np; jp++ {
			pb := expS.b[jp*nr*k : (jp+1)*nr*k]
			pa := ap[:mr*k]
			var c00, c01, c02, c03, c10, c11, c12, c13, c20, c21, c22, c23, c30, c31, c32, c33, c40, c41, c42, c43 float64
			for len(pa) >= 20 && len(pb) >= 16 {
				var a0, b0, b1, b2, b3 float64
				b0 = pb[0]
				b1 = pb[1]
				b2 = pb[2]
				b3 = pb[3]
				a0 = pa[0]
				c00 += a0 * b0
				c01 += a0 * b1
				c02 += a0 * b2
				c03 += a0 * b3
				a0 = pa[1]
				c10 += a0 * b0
				c11 += a0 * b1
				c12 += a0 * b2
				c13 += a0 * b3
				a0 = pa[2]
				c20 += a0 * b0
				c21 += a0 * b1
				c22 += a0 * b2
				c23 += a0 * b3
				a0 = pa[3]
				c30 += a0 * b0
				c31 += a0 * b1
				c32 += a0 * b2
				c33 += a0 * b3
				a0 = pa[4]
				c40 += a0 * b0
				c41 += a0 * b1
				c42 += a0 * b2
				c43 += a0 * b3
				b0 = pb[4]
				b1 = pb[5]
				b2 = pb[6]
				b3 = pb[7]
				a0 = pa[5]
				c00 += a0 * b0
				c01 += a0 * b1
				c02 += a0 * b2
				c03 += a0 * b3
				a0 = pa[6]
				c10 += a0 * b0
				c11 += a0 * b1
				c12 += a0 * b2
				c13 += a0 * b3
				a0 = pa[7]
				c20 += a0 * b0
				c21 += a0 * b1
				c22 += a0 * b2
				c23 += a0 * b3
				a0 = pa[8]
				c30 += a0 * b0
				c31 += a0 * b1
				c32 += a0 * b2
				c33 += a0 * b3
				a0 = pa[9]
				c40 += a0 * b0
				c41 += a0 * b1
				c42 += a0 * b2
				c43 += a0 * b3
				b0 = pb[8]
				b1 = pb[9]
				b2 = pb[10]
				b3 = pb[11]
				a0 = pa[10]
				c00 += a0 * b0
				c01 += a0 * b1
				c02 += a0 * b2
				c03 += a0 * b3
				a0 = pa[11]
				c10 += a0 * b0
				c11 += a0 * b1
				c12 += a0 * b2
				c13 += a0 * b3
				a0 = pa[12]
				c20 += a0 * b0
				c21 += a0 * b1
				c22 += a0 * b2
				c23 += a0 * b3
				a0 = pa[13]
				c30 += a0 * b0
				c31 += a0 * b1
				c32 += a0 * b2
				c33 += a0 * b3
				a0 = pa[14]
				c40 += a0 * b0
				c41 += a0 * b1
				c42 += a0 * b2
				c43 += a0 * b3
				b0 = pb[12]
				b1 = pb[13]
				b2 = pb[14]
				b3 = pb[15]
				a0 = pa[15]
				c00 += a0 * b0
				c01 += a0 * b1
				c02 += a0 * b2
				c03 += a0 * b3
				a0 = pa[16]
				c10 += a0 * b0
				c11 += a0 * b1
				c12 += a0 * b2
				c13 += a0 * b3
				a0 = pa[17]
				c20 += a0 * b0
				c21 += a0 * b1
				c22 += a0 * b2
				c23 += a0 * b3
				a0 = pa[18]
				c30 += a0 * b0
				c31 += a0 * b1
				c32 += a0 * b2
				c33 += a0 * b3
				a0 = pa[19]
				c40 += a0 * b0
				c41 += a0 * b1
				c42 += a0 * b2
				c43 += a0 * b3
				pa = pa[20:]
				pb = pb[16:]
			}
			for len(pa) >= 5 && len(pb) >= 4 {
				var a0, b0, b1, b2, b3 float64
				b0 = pb[0]
				b1 = pb[1]
				b2 = pb[2]
				b3 = pb[3]
				a0 = pa[0]
				c00 += a0 * b0
				c01 += a0 * b1
				c02 += a0 * b2
				c03 += a0 * b3
				a0 = pa[1]
				c10 += a0 * b0
				c11 += a0 * b1
				c12 += a0 * b2
				c13 += a0 * b3
				a0 = pa[2]
				c20 += a0 * b0
				c21 += a0 * b1
				c22 += a0 * b2
				c23 += a0 * b3
				a0 = pa[3]
				c30 += a0 * b0
				c31 += a0 * b1
				c32 += a0 * b2
				c33 += a0 * b3
				a0 = pa[4]
				c40 += a0 * b0
				c41 += a0 * b1
				c42 += a0 * b2
				c43 += a0 * b3
				pa = pa[5:]
				pb = pb[4:]
			}
			tmp = [20]float64{c00, c01, c02, c03, c10, c11, c12, c13, c20, c21, c22, c23, c30, c31, c32, c33, c40, c41, c42, c43}
			j := jp * nr
			for r := 0; r < mr && i+r < n; r++ {
				row := dst.Data[(i+r)*m+j : (i+r+1)*m]
				copy(row, tmp[r*nr:r*nr+min(nr, m-j)])
			}
		}
	}
}

func g46u4slice(dst, a, b *Mat) {
	n, k, m := a.Rows, a.Cols, b.Cols
	dst.Resize(n, m)
	const mr, nr = 4, 6
	np := (m + nr - 1) / nr
	expS.b = grow(expS.b, np*nr*k)
	expS.a = grow(expS.a, mr*k)
	packCols(expS.b, b.Data, k, m, nr)
	ap := expS.a
	var tmp [24]float64
	for i := 0; i < n; i += mr {
		packRows(ap, a.Data, n, k, i, mr)
		for jp := 0; jp < np; jp++ {
			pb := expS.b[jp*nr*k : (jp+1)*nr*k]
			pa := ap[:mr*k]
			var c00, c01, c02, c03, c04, c05, c10, c11, c12, c13, c14, c15, c20, c21, c22, c23, c24, c25, c30, c31, c32, c33, c34, c35 float64
			for len(pa) >= 16 && len(pb) >= 24 {
				var a0, b0, b1, b2, b3, b4, b5 float64
				b0 = pb[0]
				b1 = pb[1]
				b2 = pb[2]
				b3 = pb[3]
				b4 = pb[4]
				b5 = pb[5]
				a0 = pa[0]
				c00 += a0 * b0
				c01 += a0 * b1
				c02 += a0 * b2
				c03 += a0 * b3
				c04 += a0 * b4
				c05 += a0 * b5
				a0 = pa[1]
				c10 += a0 * b0
				c11 += a0 * b1
				c12 += a0 * b2
				c13 += a0 * b3
				c14 += a0 * b4
				c15 += a0 * b5
				a0 = pa[2]
				c20 += a0 * b0
				c21 += a0 * b1
				c22 += a0 * b2
				c23 += a0 * b3
				c24 += a0 * b4
				c25 += a0 * b5
				a0 = pa[3]
				c30 += a0 * b0
				c31 += a0 * b1
				c32 += a0 * b2
				c33 += a0 * b3
				c34 += a0 * b4
				c35 += a0 * b5
				b0 = pb[6]
				b1 = pb[7]
				b2 = pb[8]
				b3 = pb[9]
				b4 = pb[10]
				b5 = pb[11]
				a0 = pa[4]
				c00 += a0 * b0
				c01 += a0 * b1
				c02 += a0 * b2
				c03 += a0 * b3
				c04 += a0 * b4
				c05 += a0 * b5
				a0 = pa[5]
				c10 += a0 * b0
				c11 += a0 * b1
				c12 += a0 * b2
				c13 += a0 * b3
				c14 += a0 * b4
				c15 += a0 * b5
				a0 = pa[6]
				c20 += a0 * b0
				c21 += a0 * b1
				c22 += a0 * b2
				c23 += a0 * b3
				c24 += a0 * b4
				c25 += a0 * b5
				a0 = pa[7]
				c30 += a0 * b0
				c31 += a0 * b1
				c32 += a0 * b2
				c33 += a0 * b3
				c34 += a0 * b4
				c35 += a0 * b5
				b0 = pb[12]
				b1 = pb[13]
				b2 = pb[14]
				b3 = pb[15]
				b4 = pb[16]
				b5 = pb[17]
				a0 = pa[8]
				c00 += a0 * b0
				c01 += a0 * b1
				c02 += a0 * b2
				c03 += a0 * b3
				c04 += a0 * b4
				c05 += a0 * b5
				a0 = pa[9]
				c10 += a0 * b0
				c11 += a0 * b1
				c12 += a0 * b2
				c13 += a0 * b3
				c14 += a0 * b4
				c15 += a0 * b5
				a0 = pa[10]
				c20 += a0 * b0
				c21 += a0 * b1
				c22 += a0 * b2
				c23 += a0 * b3
				c24 += a0 * b4
				c25 += a0 * b5
				a0 = pa[11]
				c30 += a0 * b0
				c31 += a0 * b1
				c32 += a0 * b2
				c33 += a0 * b3
				c34 += a0 * b4
				c35 += a0 * b5
				b0 = pb[18]
				b1 = pb[19]
				b2 = pb[20]
				b3 = pb[21]
				b4 = pb[22]
				b5 = pb[23]
				a0 = pa[12]
				c00 += a0 * b0
				c01 += a0 * b1
				c02 += a0 * b2
				c03 += a0 * b3
				c04 += a0 * b4
				c05 += a0 * b5
				a0 = pa[13]
				c10 += a0 * b0
				c11 += a0 * b1
				c12 += a0 * b2
				c13 += a0 * b3
				c14 += a0 * b4
				c15 += a0 * b5
				a0 = pa[14]
				c20 += a0 * b0
				c21 += a0 * b1
				c22 += a0 * b2
				c23 += a0 * b3
				c24 += a0 * b4
				c25 += a0 * b5
				a0 = pa[15]
				c30 += a0 * b0
				c31 += a0 * b1
				c32 += a0 * b2
				c33 += a0 * b3
				c34 += a0 * b4
				c35 += a0 * b5
				pa = pa[16:]
				pb = pb[24:]
			}
			for len(pa) >= 4 && len(pb) >= 6 {
				var a0, b0, b1, b2, b3, b4, b5 float64
				b0 = pb[0]
				b1 = pb[1]
				b2 = pb[2]
				b3 = pb[3]
				b4 = pb[4]
				b5 = pb[5]
				a0 = pa[0]
				c00 += a0 * b0
				c01 += a0 * b1
				c02 += a0 * b2
				c03 += a0 * b3
				c04 += a0 * b4
				c05 += a0 * b5
				a0 = pa[1]
				c10 += a0 * b0
				c11 += a0 * b1
				c12 += a0 * b2
				c13 += a0 * b3
				c14 += a0 * b4
				c15 += a0 * b5
				a0 = pa[2]
				c20 += a0 * b0
				c21 += a0 * b1
				c22 += a0 * b2
				c23 += a0 * b3
				c24 += a0 * b4
				c25 += a0 * b5
				a0 = pa[3]
				c30 += a0 * b0
				c31 += a0 * b1
				c32 += a0 * b2
				c33 += a0 * b3
				c34 += a0 * b4
				c35 += a0 * b5
				pa = pa[4:]
				pb = pb[6:]
			}
			tmp = [24]float64{c00, c01, c02, c03, c04, c05, c10, c11, c12, c13, c14, c15, c20, c21, c22, c23, c24, c25, c30, c31, c32, c33, c34, c35}
			j := jp * nr
			for r := 0; r < mr && i+r < n; r++ {
				row := dst.Data[(i+r)*m+j : (i+r+1)*m]
				copy(row, tmp[r*nr:r*nr+min(nr, m-j)])
			}
		}
	}
}

func g64u4slice(dst, a, b *Mat) {
	n, k, m := a.Rows, a.Cols, b.Cols
	dst.Resize(n, m)
	const mr, nr = 6, 4
	np := (m + nr - 1) / nr
	expS.b = grow(expS.b, np*nr*k)
	expS.a = grow(expS.a, mr*k)
	packCols(expS.b, b.Data, k, m, nr)
	ap := expS.a
	var tmp [24]float64
	for i := 0; i < n; i += mr {
		packRows(ap, a.Data, n, k, i, mr)
		for jp := 0; jp < np; jp++ {
			pb := expS.b[jp*nr*k : (jp+1)*nr*k]
			pa := ap[:mr*k]
			var c00, c01, c02, c03, c10, c11, c12, c13, c20, c21, c22, c23, c30, c31, c32, c33, c40, c41, c42, c43, c50, c51, c52, c53 float64
			for len(pa) >= 24 && len(pb) >= 16 {
				var a0, b0, b1, b2, b3 float64
				b0 = pb[0]
				b1 = pb[1]
				b2 = pb[2]
				b3 = pb[3]
				a0 = pa[0]
				c00 += a0 * b0
				c01 += a0 * b1
				c02 += a0 * b2
				c03 += a0 * b3
				a0 = pa[1]
				c10 += a0 * b0
				c11 += a0 * b1
				c12 += a0 * b2
				c13 += a0 * b3
				a0 = pa[2]
				c20 += a0 * b0
				c21 += a0 * b1
				c22 += a0 * b2
				c23 += a0 * b3
				a0 = pa[3]
				c30 += a0 * b0
				c31 += a0 * b1
				c32 += a0 * b2
				c33 += a0 * b3
				a0 = pa[4]
				c40 += a0 * b0
				c41 += a0 * b1
				c42 += a0 * b2
				c43 += a0 * b3
				a0 = pa[5]
				c50 += a0 * b0
				c51 += a0 * b1
				c52 += a0 * b2
				c53 += a0 * b3
				b0 = pb[4]
				b1 = pb[5]
				b2 = pb[6]
				b3 = pb[7]
				a0 = pa[6]
				c00 += a0 * b0
				c01 += a0 * b1
				c02 += a0 * b2
				c03 += a0 * b3
				a0 = pa[7]
				c10 += a0 * b0
				c11 += a0 * b1
				c12 += a0 * b2
				c13 += a0 * b3
				a0 = pa[8]
				c20 += a0 * b0
				c21 += a0 * b1
				c22 += a0 * b2
				c23 += a0 * b3
				a0 = pa[9]
				c30 += a0 * b0
				c31 += a0 * b1
				c32 += a0 * b2
				c33 += a0 * b3
				a0 = pa[10]
				c40 += a0 * b0
				c41 += a0 * b1
				c42 += a0 * b2
				c43 += a0 * b3
				a0 = pa[11]
				c50 += a0 * b0
				c51 += a0 * b1
				c52 += a0 * b2
				c53 += a0 * b3
				b0 = pb[8]
				b1 = pb[9]
				b2 = pb[10]
				b3 = pb[11]
				a0 = pa[12]
				c00 += a0 * b0
				c01 += a0 * b1
				c02 += a0 * b2
				c03 += a0 * b3
				a0 = pa[13]
				c10 += a0 * b0
				c11 += a0 * b1
				c12 += a0 * b2
				c13 += a0 * b3
				a0 = pa[14]
				c20 += a0 * b0
				c21 += a0 * b1
				c22 += a0 * b2
				c23 += a0 * b3
				a0 = pa[15]
				c30 += a0 * b0
				c31 += a0 * b1
				c32 += a0 * b2
				c33 += a0 * b3
				a0 = pa[16]
				c40 += a0 * b0
				c41 += a0 * b1
				c42 += a0 * b2
				c43 += a0 * b3
				a0 = pa[17]
				c50 += a0 * b0
				c51 += a0 * b1
				c52 += a0 * b2
				c53 += a0 * b3
				b0 = pb[12]
				b1 = pb[13]
				b2 = pb[14]
				b3 = pb[15]
				a0 = pa[18]
				c00 += a0 * b0
				c01 += a0 * b1
				c02 += a0 * b2
				c03 += a0 * b3
				a0 = pa[19]
				c10 += a0 * b0
				c11 += a0 * b1
				c12 += a0 * b2
				c13 += a0 * b3
				a0 = pa[20]
				c20 += a0 * b0
				c21 += a0 * b1
				c22 += a0 * b2
				c23 += a0 * b3
				a0 = pa[21]
				c30 += a0 * b0
				c31 += a0 * b1
				c32 += a0 * b2
				c33 += a0 * b3
				a0 = pa[22]
				c40 += a0 * b0
				c41 += a0 * b1
				c42 += a0 * b2
				c43 += a0 * b3
				a0 = pa[23]
				c50 += a0 * b0
				c51 += a0 * b1
				c52 += a0 * b2
				c53 += a0 * b3
				pa = pa[24:]
				pb = pb[16:]
			}
			for len(pa) >= 6 && len(pb) >= 4 {
				var a0, b0, b1, b2, b3 float64
				b0 = pb[0]
				b1 = pb[1]
				b2 = pb[2]
				b3 = pb[3]
				a0 = pa[0]
				c00 += a0 * b0
				c01 += a0 * b1
				c02 += a0 * b2
				c03 += a0 * b3
				a0 = pa[1]
				c10 += a0 * b0
				c11 += a0 * b1
				c12 += a0 * b2
				c13 += a0 * b3
				a0 = pa[2]
				c20 += a0 * b0
				c21 += a0 * b1
				c22 += a0 * b2
				c23 += a0 * b3
				a0 = pa[3]
				c30 += a0 * b0
				c31 += a0 * b1
				c32 += a0 * b2
				c33 += a0 * b3
				a0 = pa[4]
				c40 += a0 * b0
				c41 += a0 * b1
				c42 += a0 * b2
				c43 += a0 * b3
				a0 = pa[5]
				c50 += a0 * b0
				c51 += a0 * b1
				c52 += a0 * b2
				c53 += a0 * b3
				pa = pa[6:]
				pb = pb[4:]
			}
			tmp = [24]float64{c00, c01, c02, c03, c10, c11, c12, c13, c20, c21, c22, c23, c30, c31, c32, c33, c40, c41, c42, c43, c50, c51, c52, c53}
			j := jp * nr
			for r := 0; r < mr && i+r < n; r++ {
				row := dst.Data[(i+r)*m+j : (i+r+1)*m]
				copy(row, tmp[r*nr:r*nr+min(nr, m-j)])
			}
		}
	}
}

func g48u2slice(dst, a, b *Mat) {
	n, k, m := a.Rows, a.Cols, b.Cols
	dst.Resize(n, m)
	const mr, nr = 4, 8
	np := (m + nr - 1) / nr
	expS.b = grow(expS.b, np*nr*k)
	expS.a = grow(expS.a, mr*k)
	packCols(expS.b, b.Data, k, m, nr)
	ap := expS.a
	var tmp [32]float64
	for i := 0; i < n; i += mr {
		packRows(ap, a.Data, n, k, i, mr)
		for jp := 0; jp < np; jp++ {
			pb := expS.b[jp*nr*k : (jp+1)*nr*k]
			pa := ap[:mr*k]
			var c00, c01, c02, c03, c04, c05, c06, c07, c10, c11, c12, c13, c14, c15, c16, c17, c20, c21, c22, c23, c24, c25, c26, c27, c30, c31, c32, c33, c34, c35, c36, c37 float64
			for len(pa) >= 8 && len(pb) >= 16 {
				var a0, b0, b1, b2, b3, b4, b5, b6, b7 float64
				b0 = pb[0]
				b1 = pb[1]
				b2 = pb[2]
				b3 = pb[3]
				b4 = pb[4]
				b5 = pb[5]
				b6 = pb[6]
				b7 = pb[7]
				a0 = pa[0]
				c00 += a0 * b0
				c01 += a0 * b1
				c02 += a0 * b2
				c03 += a0 * b3
				c04 += a0 * b4
				c05 += a0 * b5
				c06 += a0 * b6
				c07 += a0 * b7
				a0 = pa[1]
				c10 += a0 * b0
				c11 += a0 * b1
				c12 += a0 * b2
				c13 += a0 * b3
				c14 += a0 * b4
				c15 += a0 * b5
				c16 += a0 * b6
				c17 += a0 * b7
				a0 = pa[2]
				c20 += a0 * b0
				c21 += a0 * b1
				c22 += a0 * b2
				c23 += a0 * b3
				c24 += a0 * b4
				c25 += a0 * b5
				c26 += a0 * b6
				c27 += a0 * b7
				a0 = pa[3]
				c30 += a0 * b0
				c31 += a0 * b1
				c32 += a0 * b2
				c33 += a0 * b3
				c34 += a0 * b4
				c35 += a0 * b5
				c36 += a0 * b6
				c37 += a0 * b7
				b0 = pb[8]
				b1 = pb[9]
				b2 = pb[10]
				b3 = pb[11]
				b4 = pb[12]
				b5 = pb[13]
				b6 = pb[14]
				b7 = pb[15]
				a0 = pa[4]
				c00 += a0 * b0
				c01 += a0 * b1
				c02 += a0 * b2
				c03 += a0 * b3
				c04 += a0 * b4
				c05 += a0 * b5
				c06 += a0 * b6
				c07 += a0 * b7
				a0 = pa[5]
				c10 += a0 * b0
				c11 += a0 * b1
				c12 += a0 * b2
				c13 += a0 * b3
				c14 += a0 * b4
				c15 += a0 * b5
				c16 += a0 * b6
				c17 += a0 * b7
				a0 = pa[6]
				c20 += a0 * b0
				c21 += a0 * b1
				c22 += a0 * b2
				c23 += a0 * b3
				c24 += a0 * b4
				c25 += a0 * b5
				c26 += a0 * b6
				c27 += a0 * b7
				a0 = pa[7]
				c30 += a0 * b0
				c31 += a0 * b1
				c32 += a0 * b2
				c33 += a0 * b3
				c34 += a0 * b4
				c35 += a0 * b5
				c36 += a0 * b6
				c37 += a0 * b7
				pa = pa[8:]
				pb = pb[16:]
			}
			for len(pa) >= 4 && len(pb) >= 8 {
				var a0, b0, b1, b2, b3, b4, b5, b6, b7 float64
				b0 = pb[0]
				b1 = pb[1]
				b2 = pb[2]
				b3 = pb[3]
				b4 = pb[4]
				b5 = pb[5]
				b6 = pb[6]
				b7 = pb[7]
				a0 = pa[0]
				c00 += a0 * b0
				c01 += a0 * b1
				c02 += a0 * b2
				c03 += a0 * b3
				c04 += a0 * b4
				c05 += a0 * b5
				c06 += a0 * b6
				c07 += a0 * b7
				a0 = pa[1]
				c10 += a0 * b0
				c11 += a0 * b1
				c12 += a0 * b2
				c13 += a0 * b3
				c14 += a0 * b4
				c15 += a0 * b5
				c16 += a0 * b6
				c17 += a0 * b7
				a0 = pa[2]
				c20 += a0 * b0
				c21 += a0 * b1
				c22 += a0 * b2
				c23 += a0 * b3
				c24 += a0 * b4
				c25 += a0 * b5
				c26 += a0 * b6
				c27 += a0 * b7
				a0 = pa[3]
				c30 += a0 * b0
				c31 += a0 * b1
				c32 += a0 * b2
				c33 += a0 * b3
				c34 += a0 * b4
				c35 += a0 * b5
				c36 += a0 * b6
				c37 += a0 * b7
				pa = pa[4:]
				pb = pb[8:]
			}
			tmp = [32]float64{c00, c01, c02, c03, c04, c05, c06, c07, c10, c11, c12, c13, c14, c15, c16, c17, c20, c21, c22, c23, c24, c25, c26, c27, c30, c31, c32, c33, c34, c35, c36, c37}
			j := jp * nr
			for r := 0; r < mr && i+r < n; r++ {
				row := dst.Data[(i+r)*m+j : (i+r+1)*m]
				copy(row, tmp[r*nr:r*nr+min(nr, m-j)])
			}
		}
	}
}

func g84u2slice(dst, a, b *Mat) {
	n, k, m := a.Rows, a.Cols, b.Cols
	dst.Resize(n, m)
	const mr, nr = 8, 4
	np := (m + nr - 1) / nr
	expS.b = grow(expS.b, np*nr*k)
	expS.a = grow(expS.a, mr*k)
	packCols(expS.b, b.Data, k, m, nr)
	ap := expS.a
	var tmp [32]float64
	for i := 0; i < n; i += mr {
		packRows(ap, a.Data, n, k, i, mr)
		for jp := 0; jp < np; jp++ {
			pb := expS.b[jp*nr*k : (jp+1)*nr*k]
			pa := ap[:mr*k]
			var c00, c01, c02, c03, c10, c11, c12, c13, c20, c21, c22, c23, c30, c31, c32, c33, c40, c41, c42, c43, c50, c51, c52, c53, c60, c61, c62, c63, c70, c71, c72, c73 float64
			for len(pa) >= 16 && len(pb) >= 8 {
				var a0, b0, b1, b2, b3 float64
				b0 = pb[0]
				b1 = pb[1]
				b2 = pb[2]
				b3 = pb[3]
				a0 = pa[0]
				c00 += a0 * b0
				c01 += a0 * b1
				c02 += a0 * b2
				c03 += a0 * b3
				a0 = pa[1]
				c10 += a0 * b0
				c11 += a0 * b1
				c12 += a0 * b2
				c13 += a0 * b3
				a0 = pa[2]
				c20 += a0 * b0
				c21 += a0 * b1
				c22 += a0 * b2
				c23 += a0 * b3
				a0 = pa[3]
				c30 += a0 * b0
				c31 += a0 * b1
				c32 += a0 * b2
				c33 += a0 * b3
				a0 = pa[4]
				c40 += a0 * b0
				c41 += a0 * b1
				c42 += a0 * b2
				c43 += a0 * b3
				a0 = pa[5]
				c50 += a0 * b0
				c51 += a0 * b1
				c52 += a0 * b2
				c53 += a0 * b3
				a0 = pa[6]
				c60 += a0 * b0
				c61 += a0 * b1
				c62 += a0 * b2
				c63 += a0 * b3
				a0 = pa[7]
				c70 += a0 * b0
				c71 += a0 * b1
				c72 += a0 * b2
				c73 += a0 * b3
				b0 = pb[4]
				b1 = pb[5]
				b2 = pb[6]
				b3 = pb[7]
				a0 = pa[8]
				c00 += a0 * b0
				c01 += a0 * b1
				c02 += a0 * b2
				c03 += a0 * b3
				a0 = pa[9]
				c10 += a0 * b0
				c11 += a0 * b1
				c12 += a0 * b2
				c13 += a0 * b3
				a0 = pa[10]
				c20 += a0 * b0
				c21 += a0 * b1
				c22 += a0 * b2
				c23 += a0 * b3
				a0 = pa[11]
				c30 += a0 * b0
				c31 += a0 * b1
				c32 += a0 * b2
				c33 += a0 * b3
				a0 = pa[12]
				c40 += a0 * b0
				c41 += a0 * b1
				c42 += a0 * b2
				c43 += a0 * b3
				a0 = pa[13]
				c50 += a0 * b0
				c51 += a0 * b1
				c52 += a0 * b2
				c53 += a0 * b3
				a0 = pa[14]
				c60 += a0 * b0
				c61 += a0 * b1
				c62 += a0 * b2
				c63 += a0 * b3
				a0 = pa[15]
				c70 += a0 * b0
				c71 += a0 * b1
				c72 += a0 * b2
				c73 += a0 * b3
				pa = pa[16:]
				pb = pb[8:]
			}
			for len(pa) >= 8 && len(pb) >= 4 {
				var a0, b0, b1, b2, b3 float64
				b0 = pb[0]
				b1 = pb[1]
				b2 = pb[2]
				b3 = pb[3]
				a0 = pa[0]
				c00 += a0 * b0
				c01 += a0 * b1
				c02 += a0 * b2
				c03 += a0 * b3
				a0 = pa[1]
				c10 += a0 * b0
				c11 += a0 * b1
				c12 += a0 * b2
				c13 += a0 * b3
				a0 = pa[2]
				c20 += a0 * b0
				c21 += a0 * b1
				c22 += a0 * b2
				c23 += a0 * b3
				a0 = pa[3]
				c30 += a0 * b0
				c31 += a0 * b1
				c32 += a0 * b2
				c33 += a0 * b3
				a0 = pa[4]
				c40 += a0 * b0
				c41 += a0 * b1
				c42 += a0 * b2
				c43 += a0 * b3
				a0 = pa[5]
				c50 += a0 * b0
				c51 += a0 * b1
				c52 += a0 * b2
				c53 += a0 * b3
				a0 = pa[6]
				c60 += a0 * b0
				c61 += a0 * b1
				c62 += a0 * b2
				c63 += a0 * b3
				a0 = pa[7]
				c70 += a0 * b0
				c71 += a0 * b1
				c72 += a0 * b2
				c73 += a0 * b3
				pa = pa[8:]
				pb = pb[4:]
			}
			tmp = [32]float64{c00, c01, c02, c03, c10, c11, c12, c13, c20, c21, c22, c23, c30, c31, c32, c33, c40, c41, c42, c43, c50, c51, c52, c53, c60, c61, c62, c63, c70, c71, c72, c73}
			j := jp * nr
			for r := 0; r < mr && i+r < n; r++ {
				row := dst.Data[(i+r)*m+j : (i+r+1)*m]
				copy(row, tmp[r*nr:r*nr+min(nr, m-j)])
			}
		}
	}
}

var genVariants = []struct {
	name string
	f    func(dst, a, b *Mat)
}{{"g44u4slice", g44u4slice}, {"g44u8slice", g44u8slice}, {"g44u4arr", g44u4arr}, {"g44u4unsafe", g44u4unsafe}, {"g45u4slice", g45u4slice}, {"g54u4slice", g54u4slice}, {"g46u4slice", g46u4slice}, {"g64u4slice", g64u4slice}, {"g48u2slice", g48u2slice}, {"g84u2slice", g84u2slice}}
