package tensor

// A product's right operand packed once and used for several products: the
// output layer over a vocabulary multiplies every block of rows by the same
// (V, d) embedding, whose packing (V·d copies, a strided gather when
// transposed) would otherwise be redone for each block.

// PackedB is a right operand B (k, m) laid out in gemm's column panels.
type PackedB struct {
	K, M int
	data []float64
}

// Pack lays out b (k, m) as B, or, with trans, bᵀ: b (m, k) read as B (k, m).
// p's storage is reused when large enough.
func (p *PackedB) Pack(b *Mat, trans bool) {
	k, m := b.Rows, b.Cols
	if trans {
		k, m = b.Cols, b.Rows
	}
	n := (m + nr - 1) / nr * nr * k
	if cap(p.data) < n {
		p.data = make([]float64, n)
	}
	p.K, p.M, p.data = k, m, p.data[:n]
	if k > 0 {
		packB(p.data, b.Data, trans, k, m)
	}
}

// MatMulPacked sets dst = a·B: (n, k)·(k, m) -> (n, m), the same bits as
// MatMul (or MatMulTransB, for an operand packed with trans). dst is resized.
func MatMulPacked(dst, a *Mat, p *PackedB) {
	checkShape("MatMulPacked", a.Cols == p.K, a, &Mat{Rows: p.K, Cols: p.M})
	n, k, m := a.Rows, p.K, p.M
	dst.Resize(n, m)
	c := dst.Data
	if n == 0 || m == 0 {
		return
	}
	if k == 0 {
		clear(c)
		return
	}
	ws := workspaces.Get().(*workspace)
	ap, _ := ws.get(mr*k, 0)
	np := (m + nr - 1) / nr
	bp := p.data
	i := 0
	for ; i+mr <= n; i += mr {
		packAPanel(ap, a.Data, false, n, k, i)
		for jp := 0; jp < np; jp++ {
			j := jp * nr
			pb := bp[jp*nr*k : (jp+1)*nr*k]
			if j+nr <= m {
				kernBlock(c[i*m+j:], m, ap, pb)
				continue
			}
			var t [mr * nr]float64
			kernBlock(t[:], nr, ap, pb)
			for r := 0; r < mr; r++ {
				copy(c[(i+r)*m+j:(i+r+1)*m], t[r*nr:(r+1)*nr])
			}
		}
	}
	for ; i < n; i++ {
		ar := a.Data[i*k : (i+1)*k]
		for jp := 0; jp < np; jp++ {
			j := jp * nr
			pb := bp[jp*nr*k : (jp+1)*nr*k]
			if j+nr <= m {
				kernRow(c[i*m+j:], ar, pb)
				continue
			}
			var t [nr]float64
			kernRow(t[:], ar, pb)
			copy(c[i*m+j:(i+1)*m], t[:])
		}
	}
	workspaces.Put(ws)
}
