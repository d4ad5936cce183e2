package tensor

// A product's right operand packed once and used for several products: a
// layer's weights, the same for every shard of a step, or the output layer
// over a vocabulary, which multiplies every block of rows by the same
// (V, d) embedding. Packing (k·m copies, a strided gather when transposed)
// would otherwise be redone for each product.

// PackedB is a right operand B (k, m) laid out for the product kernels:
// in gemm's column panels, or row-major when a block kernel is installed
// (SetBlockKernel), which reads B's rows as they are.
type PackedB struct {
	K, M int
	rows bool // row-major (k, m), for the block kernel
	data []float64
}

// Pack lays out b (k, m) as B, or, with trans, bᵀ: b (m, k) read as B (k, m).
// p's storage is reused when large enough.
func (p *PackedB) Pack(b *Mat, trans bool) {
	k, m := b.Rows, b.Cols
	if trans {
		k, m = b.Cols, b.Rows
	}
	p.K, p.M, p.rows = k, m, blockKernel != nil
	n := (m + nr - 1) / nr * nr * k
	if p.rows {
		n = k * m
	}
	if cap(p.data) < n {
		p.data = make([]float64, n)
	}
	p.data = p.data[:n]
	switch {
	case k == 0:
	case !p.rows:
		packB(p.data, b.Data, trans, k, m)
	case trans:
		transpose(p.data, b.Data, m, k)
	default:
		copy(p.data, b.Data)
	}
}

// MatMulPacked sets dst = a·B: (n, k)·(k, m) -> (n, m), the same bits as
// MatMul (or MatMulTransB, for an operand packed with trans). dst is resized.
func MatMulPacked(dst, a *Mat, p *PackedB) { MatMulPackedBias(dst, a, p, nil, false) }

// MatMulPackedBias sets dst = e(a·B), where e adds bias[j] to column j
// (bias of length m, or nil for none) and then, with relu, keeps each
// element that is > 0 or NaN and sets the others to +0: a dense layer's
// affine map and ReLU as one product. The sums are MatMulPacked's, and
// dst is resized.
func MatMulPackedBias(dst, a *Mat, p *PackedB, bias []float64, relu bool) {
	checkShape("MatMulPacked", a.Cols == p.K && (bias == nil || len(bias) == p.M), a, &Mat{Rows: p.K, Cols: p.M})
	n, k, m := a.Rows, p.K, p.M
	dst.Resize(n, m)
	c := dst.Data
	if n == 0 || m == 0 {
		return
	}
	ws := workspaces.Get().(*workspace)
	defer workspaces.Put(ws)
	if p.rows {
		ws.blocks(c, n, k, m, a.Data, false, p.data, bias, relu)
		return
	}
	if k == 0 {
		clear(c)
	} else {
		packedPanels(c, n, k, m, a.Data, p.data, ws)
	}
	if bias == nil && !relu {
		return
	}
	for i := 0; i < n; i++ {
		row := c[i*m : (i+1)*m]
		for j, v := range row {
			row[j] = epilogue(v, bias, j, relu)
		}
	}
}

// packedPanels is gemm's loop over A's rows with B already in panels.
func packedPanels(c []float64, n, k, m int, a, bp []float64, ws *workspace) {
	ap, _ := ws.get(mr*k, 0)
	np := (m + nr - 1) / nr
	i := 0
	for ; i+mr <= n; i += mr {
		packAPanel(ap, a, false, n, k, i)
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
		ar := a[i*k : (i+1)*k]
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
}
