package tensor

// Matrix products: MatMul (a·b), MatMulTransB (a·bᵀ), MatMulTransA (aᵀ·b).
//
// # Order of summation
//
// Every dst element is one sum over the shared dimension, taken from +0 in
// increasing index order: s = 0; s += A(i,p)·B(p,j) for p = 0..k-1. The
// blocking below only changes which sums run side by side, never the terms
// or the order within a sum, so results are bit-identical to the naive loop
// for any row count (a batch cut into shards gives the same rows). Each
// product is rounded on its own (float64(x*y)): Go fuses x*y+s into one FMA
// on arm64, ppc64le, s390x and riscv64 unless told not to, which would give
// different bits there; on amd64 (GOAMD64=v1) and wasm the conversion costs
// nothing.
//
// # Design
//
// All three kernels run one gemm that packs its operands into a workspace
// taken from a sync.Pool (safe for concurrent calls, no allocation in
// steady state):
//   - B, whichever way it is stored, into panels of nr=2 columns laid out
//     along k (panel[p*2+q] = B(p, j+q)), the last one zero-padded;
//   - 4 rows of A at a time, interleaved (panel[p*4+r] = A(i+r, p)).
//
// kernBlock then keeps the 4×2 block's 8 sums in locals and walks both
// panels once with slices that shrink from the front (no bounds checks in
// the loop), 16 steps of k per iteration, then 4, then 1. kernRow (1×2)
// does the n%4 rows left over. The three kernels differ only in packing.
//
// Why 4×2 and 16 steps (wasm, one thread). Go's wasm backend has 16 float64
// "registers" (wasm locals); values beyond that spill to the Go stack in
// linear memory, so a 4×4 block (16 sums plus operands) spills while 4×2
// (8 sums + 3 operands) does not. And every taken branch in Go's wasm
// output, loop back-edges included, goes through the function's br_table
// dispatch loop, so loop overhead is large: unrolling k pays most. Keeping
// the micro-kernel in its own small function also helped V8: the same
// 4×4 k×8 block written inline in the driver loop ran ~15-25% slower.
// Chromium 156, GFLOP per CPU-second (renderer threads from /proc, the
// machine being shared), mean over MatMul/TransA/TransB × 4 shapes, ±15%
// from run to run:
//	4×2 k×16 9.1 | 2×4 k×16 8.3 | 4×2 k×32 8.2 | 5×2 k×16 7.9 | 4×2 k×8 7.7
//	4×4 k×8 6.8 | 4×4 k×16 6.8 | 4×3 k×8 6.3 | 3×4 k×8 6.0 | 4×4 k×4 5.5
//	4×4 k×2 5.7 | 6×2 k×8 ~5.5 | 8×2 k×8 ~7
// Node 20 (V8 11.3) ranks them differently (fewer sums do better there) but
// the browser is the target. In node, a 4×4 block reading A and a transposed
// B from 8 row slices ran ~10% slower than the same block over packed panels.
//
// # Measured
//
// GFLOP/s, single thread, before (naive triple loop) → after, best of 4 runs
// of 0.3 s each (the 2-core machine was shared with other jobs; medians were
// 10-30% lower in the browser). Shapes are training-step products for batch
// B and a weight in×out: MatMul x(B,in)·W, MatMulTransB dy(B,out)·Wᵀ,
// MatMulTransA xᵀ·dy (dst in×out). Chromium 156 headless via wasmbrowsertest,
// node 20.20 via go_js_wasm_exec, native linux/amd64 (AMD EPYC, GOAMD64=v1),
// Go 1.26.
//
//	benchmark                                |      Chromium |          node |        native
//	MatMul/B64_64x256                        |  1.29 →  6.68 |  0.48 →  4.37 |  1.60 →  7.58
//	MatMul/B64_128x128                       |  1.48 →  8.78 |  0.49 →  4.57 |  2.17 →  9.61
//	MatMul/B64_128x64                        |  1.48 →  9.45 |  0.49 →  4.81 |  2.31 →  9.35
//	MatMul/B64_256x128                       |  1.57 →  9.06 |  0.49 →  4.72 |  1.85 →  9.78
//	MatMul/B256_64x256                       |  1.31 →  8.88 |  0.46 →  4.78 |  1.59 → 10.12
//	MatMul/B256_128x128                      |  1.49 →  9.78 |  0.48 →  4.80 |  2.16 → 10.12
//	MatMul/B256_128x64                       |  1.48 →  9.46 |  0.48 →  4.74 |  2.06 →  9.70
//	MatMul/B256_256x128                      |  1.53 → 10.15 |  0.46 →  4.93 |  2.19 →  8.87
//	MatMul/B512_64x256                       |  1.32 →  9.00 |  0.54 →  4.79 |  1.42 →  7.91
//	MatMul/B512_128x128                      |  1.03 →  9.54 |  0.56 →  4.83 |  2.19 →  8.12
//	MatMul/B512_128x64                       |  1.29 →  8.43 |  0.55 →  4.84 |  2.33 →  7.87
//	MatMul/B512_256x128                      |  1.54 → 10.16 |  0.54 →  5.24 |  2.19 →  8.35
//	MatMul/256x256x256                       |  1.11 →  9.55 |  0.56 →  5.12 |  1.55 →  8.26
//	MatMulTransB/B64_64x256                  |  1.87 →  8.46 |  0.55 →  4.66 |  4.18 →  9.03
//	MatMulTransB/B64_128x128                 |  1.41 →  8.35 |  0.59 →  4.56 |  5.01 →  9.95
//	MatMulTransB/B64_128x64                  |  1.78 →  7.10 |  0.65 →  4.26 |  4.77 →  9.98
//	MatMulTransB/B64_256x128                 |  1.65 →  8.49 |  0.60 →  4.53 |  3.54 → 10.03
//	MatMulTransB/B256_64x256                 |  2.10 →  8.20 |  0.56 →  4.91 |  3.41 →  9.99
//	MatMulTransB/B256_128x128                |  1.59 →  7.89 |  0.60 →  4.88 |  3.80 → 10.13
//	MatMulTransB/B256_128x64                 |  1.75 →  8.32 |  0.65 →  4.53 |  3.87 → 10.37
//	MatMulTransB/B256_256x128                |  1.61 →  7.99 |  0.60 →  4.81 |  4.77 → 10.26
//	MatMulTransB/B512_64x256                 |  2.10 →  9.82 |  0.56 →  4.90 |  2.73 → 10.15
//	MatMulTransB/B512_128x128                |  1.67 →  9.65 |  0.59 →  4.72 |  3.95 → 10.06
//	MatMulTransB/B512_128x64                 |  1.50 →  9.47 |  0.66 →  4.43 |  3.86 →  8.26
//	MatMulTransB/B512_256x128                |  2.00 →  9.88 |  0.60 →  4.83 |  3.83 →  9.22
//	MatMulTransB/256x256x256                 |  1.95 → 10.13 |  0.56 →  4.81 |  4.08 →  9.15
//	MatMulTransA/B64_64x256                  |  0.85 →  8.55 |  0.57 →  4.29 |  1.26 →  9.56
//	MatMulTransA/B64_128x128                 |  0.91 →  8.88 |  0.56 →  4.17 |  1.73 →  9.42
//	MatMulTransA/B64_128x64                  |  0.91 →  8.71 |  0.57 →  4.46 |  2.00 →  8.59
//	MatMulTransA/B64_256x128                 |  0.89 →  9.04 |  0.57 →  4.38 |  1.34 →  8.12
//	MatMulTransA/B256_64x256                 |  1.02 →  9.46 |  0.54 →  4.90 |  1.27 →  9.90
//	MatMulTransA/B256_128x128                |  1.02 →  9.82 |  0.55 →  5.01 |  1.33 →  9.93
//	MatMulTransA/B256_128x64                 |  0.91 →  9.61 |  0.55 →  4.92 |  1.43 →  9.26
//	MatMulTransA/B256_256x128                |  0.99 → 10.02 |  0.55 →  4.95 |  1.28 → 10.17
//	MatMulTransA/B512_64x256                 |  0.90 →  9.40 |  0.54 →  4.89 |  1.22 →  9.56
//	MatMulTransA/B512_128x128                |  1.02 →  9.98 |  0.54 →  5.00 |  1.39 →  7.64
//	MatMulTransA/B512_128x64                 |  0.98 →  9.72 |  0.55 →  4.97 |  1.45 →  8.83
//	MatMulTransA/B512_256x128                |  0.94 → 10.11 |  0.52 →  4.98 |  1.22 →  9.99
//	MatMulTransA/256x256x256                 |  0.92 →  9.54 |  0.55 →  5.05 |  1.19 →  8.47
//
// Earlier measurements on this machine (Chromium, 256x256x256): gonum ≈ 1.1,
// a plain i-k-j loop ≈ 0.8, a 4×4 block over a transposed B ≈ 2.9.
//
// # float64 vs float32
//
// A float32 copy of this kernel (same blocking, []float32) measured over the
// same 39 cases: Chromium ×1.01, node ×1.00, native ×1.02 (geometric mean
// of the ratio). Without SIMD a scalar f32 multiply-add costs what an f64
// one does, and these loops are bound by instruction count, not memory
// traffic, so float32 would buy nothing here; Mat stays float64.

import "sync"

// MatMul sets dst = a·b: (n,k)·(k,m) -> (n,m). dst is resized.
func MatMul(dst, a, b *Mat) {
	checkShape("MatMul", a.Cols == b.Rows, a, b)
	n, k, m := a.Rows, a.Cols, b.Cols
	dst.Resize(n, m)
	gemm(dst.Data, n, k, m, a.Data, false, b.Data, false)
}

// MatMulTransB sets dst = a·bᵀ: (n,k)·(m,k)ᵀ -> (n,m). dst is resized.
func MatMulTransB(dst, a, b *Mat) {
	checkShape("MatMulTransB", a.Cols == b.Cols, a, b)
	n, k, m := a.Rows, a.Cols, b.Rows
	dst.Resize(n, m)
	gemm(dst.Data, n, k, m, a.Data, false, b.Data, true)
}

// MatMulTransA sets dst = aᵀ·b: (k,n)ᵀ·(k,m) -> (n,m). dst is resized.
func MatMulTransA(dst, a, b *Mat) {
	checkShape("MatMulTransA", a.Rows == b.Rows, a, b)
	k, n, m := a.Rows, a.Cols, b.Cols
	dst.Resize(n, m)
	gemm(dst.Data, n, k, m, a.Data, true, b.Data, false)
}

const (
	mr = 4  // rows of dst in a register block
	nr = 2  // columns of dst in a register block
	ku = 16 // steps along the shared dimension per unrolled loop iteration
)

// workspace holds the packed operands of one gemm call. Workspaces come
// from a sync.Pool, so concurrent calls never share one and a steady stream
// of calls allocates nothing.
type workspace struct {
	a, b []float64
	blk  Blocks // the block kernel's call (a pointer to a local would escape)
}

var workspaces = sync.Pool{New: func() any { return new(workspace) }}

func (w *workspace) get(na, nb int) (a, b []float64) {
	if cap(w.a) < na {
		w.a = make([]float64, na)
	}
	if cap(w.b) < nb {
		w.b = make([]float64, nb)
	}
	return w.a[:na], w.b[:nb]
}

// gemm sets c (n×m, row-major) to A·B where, over the shared dimension k,
// A(i,p) = a[i*k+p] (or a[p*n+i] if aT) and B(p,j) = b[p*m+j] (or b[j*k+p]
// if bT). Each c(i,j) is one sum from +0 over p = 0..k-1 in order.
func gemm(c []float64, n, k, m int, a []float64, aT bool, b []float64, bT bool) {
	c = c[:n*m]
	if n == 0 || m == 0 {
		return
	}
	if k == 0 {
		clear(c) // empty sums are +0
		return
	}
	if useBlocks(n, k, m) {
		gemmBlocks(c, n, k, m, a, aT, b, bT)
		return
	}
	ws := workspaces.Get().(*workspace)
	np := (m + nr - 1) / nr
	ap, bp := ws.get(mr*k, np*nr*k)
	packB(bp, b, bT, k, m)

	i := 0
	for ; i+mr <= n; i += mr {
		packAPanel(ap, a, aT, n, k, i)
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
		var ar []float64
		if aT {
			ar = ap[:k]
			for p := range ar {
				ar[p] = a[p*n+i]
			}
		} else {
			ar = a[i*k : (i+1)*k]
		}
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

// packB lays B out as ceil(m/nr) panels of nr columns. Panel jp holds
// B(p, jp*nr+q) at [jp*nr*k + p*nr + q]; columns past m are 0.
func packB(bp, b []float64, bT bool, k, m int) {
	for j := 0; j < m; j += nr {
		pan := bp[j*k : (j+nr)*k]
		w := min(nr, m-j)
		if w < nr {
			clear(pan)
		}
		if bT {
			// Column j+q of B is row j+q of b.
			for q := 0; q < w; q++ {
				row := b[(j+q)*k : (j+q+1)*k]
				for p, v := range row {
					pan[p*nr+q] = v
				}
			}
			continue
		}
		if w == nr {
			for p := 0; p < k; p++ {
				s := b[p*m+j : p*m+j+nr]
				d := pan[p*nr : p*nr+nr]
				d[0], d[1] = s[0], s[1]
			}
			continue
		}
		for p := 0; p < k; p++ {
			copy(pan[p*nr:p*nr+w], b[p*m+j:p*m+j+w])
		}
	}
}

// packAPanel lays rows i..i+3 of A out interleaved: A(i+r, p) at [p*mr + r].
func packAPanel(ap, a []float64, aT bool, n, k, i int) {
	ap = ap[:mr*k]
	if aT {
		// Row i+r of A is column i+r of a: four neighbours in each row of a.
		for p := 0; p < k; p++ {
			s := a[p*n+i : p*n+i+mr]
			d := ap[p*mr : p*mr+mr]
			d[0], d[1], d[2], d[3] = s[0], s[1], s[2], s[3]
		}
		return
	}
	r0 := a[i*k : (i+1)*k]
	r1 := a[(i+1)*k : (i+2)*k]
	r2 := a[(i+2)*k : (i+3)*k]
	r3 := a[(i+3)*k : (i+4)*k]
	r1, r2, r3 = r1[:len(r0)], r2[:len(r0)], r3[:len(r0)]
	for p, v := range r0 {
		d := ap[p*mr : p*mr+mr]
		d[0], d[1], d[2], d[3] = v, r1[p], r2[p], r3[p]
	}
}

// kernBlock sets the 4×2 block c[r*ldc+q] (r < 4, q < 2) to the
// products of the packed row panel pa (k×4 interleaved) and column panel
// pb (k×2). The sums live in locals and take their terms in order
// p = 0, 1, ..., k-1. Each product is rounded on its own (float64(...)), so
// no platform fuses it into a multiply-add. The unrolled steps are all the
// same pattern, one per p, shifted by 4 in pa and 2 in pb.
func kernBlock(c []float64, ldc int, pa, pb []float64) {
	var c00, c01, c10, c11, c20, c21, c30, c31 float64
	var a, b0, b1 float64
	// The loop conditions let the compiler drop every bounds check below.
	for len(pa) >= mr*ku && len(pb) >= nr*ku {
		b0, b1 = pb[0], pb[1]
		a = pa[0]
		c00 += float64(a * b0)
		c01 += float64(a * b1)
		a = pa[1]
		c10 += float64(a * b0)
		c11 += float64(a * b1)
		a = pa[2]
		c20 += float64(a * b0)
		c21 += float64(a * b1)
		a = pa[3]
		c30 += float64(a * b0)
		c31 += float64(a * b1)
		b0, b1 = pb[2], pb[3]
		a = pa[4]
		c00 += float64(a * b0)
		c01 += float64(a * b1)
		a = pa[5]
		c10 += float64(a * b0)
		c11 += float64(a * b1)
		a = pa[6]
		c20 += float64(a * b0)
		c21 += float64(a * b1)
		a = pa[7]
		c30 += float64(a * b0)
		c31 += float64(a * b1)
		b0, b1 = pb[4], pb[5]
		a = pa[8]
		c00 += float64(a * b0)
		c01 += float64(a * b1)
		a = pa[9]
		c10 += float64(a * b0)
		c11 += float64(a * b1)
		a = pa[10]
		c20 += float64(a * b0)
		c21 += float64(a * b1)
		a = pa[11]
		c30 += float64(a * b0)
		c31 += float64(a * b1)
		b0, b1 = pb[6], pb[7]
		a = pa[12]
		c00 += float64(a * b0)
		c01 += float64(a * b1)
		a = pa[13]
		c10 += float64(a * b0)
		c11 += float64(a * b1)
		a = pa[14]
		c20 += float64(a * b0)
		c21 += float64(a * b1)
		a = pa[15]
		c30 += float64(a * b0)
		c31 += float64(a * b1)
		b0, b1 = pb[8], pb[9]
		a = pa[16]
		c00 += float64(a * b0)
		c01 += float64(a * b1)
		a = pa[17]
		c10 += float64(a * b0)
		c11 += float64(a * b1)
		a = pa[18]
		c20 += float64(a * b0)
		c21 += float64(a * b1)
		a = pa[19]
		c30 += float64(a * b0)
		c31 += float64(a * b1)
		b0, b1 = pb[10], pb[11]
		a = pa[20]
		c00 += float64(a * b0)
		c01 += float64(a * b1)
		a = pa[21]
		c10 += float64(a * b0)
		c11 += float64(a * b1)
		a = pa[22]
		c20 += float64(a * b0)
		c21 += float64(a * b1)
		a = pa[23]
		c30 += float64(a * b0)
		c31 += float64(a * b1)
		b0, b1 = pb[12], pb[13]
		a = pa[24]
		c00 += float64(a * b0)
		c01 += float64(a * b1)
		a = pa[25]
		c10 += float64(a * b0)
		c11 += float64(a * b1)
		a = pa[26]
		c20 += float64(a * b0)
		c21 += float64(a * b1)
		a = pa[27]
		c30 += float64(a * b0)
		c31 += float64(a * b1)
		b0, b1 = pb[14], pb[15]
		a = pa[28]
		c00 += float64(a * b0)
		c01 += float64(a * b1)
		a = pa[29]
		c10 += float64(a * b0)
		c11 += float64(a * b1)
		a = pa[30]
		c20 += float64(a * b0)
		c21 += float64(a * b1)
		a = pa[31]
		c30 += float64(a * b0)
		c31 += float64(a * b1)
		b0, b1 = pb[16], pb[17]
		a = pa[32]
		c00 += float64(a * b0)
		c01 += float64(a * b1)
		a = pa[33]
		c10 += float64(a * b0)
		c11 += float64(a * b1)
		a = pa[34]
		c20 += float64(a * b0)
		c21 += float64(a * b1)
		a = pa[35]
		c30 += float64(a * b0)
		c31 += float64(a * b1)
		b0, b1 = pb[18], pb[19]
		a = pa[36]
		c00 += float64(a * b0)
		c01 += float64(a * b1)
		a = pa[37]
		c10 += float64(a * b0)
		c11 += float64(a * b1)
		a = pa[38]
		c20 += float64(a * b0)
		c21 += float64(a * b1)
		a = pa[39]
		c30 += float64(a * b0)
		c31 += float64(a * b1)
		b0, b1 = pb[20], pb[21]
		a = pa[40]
		c00 += float64(a * b0)
		c01 += float64(a * b1)
		a = pa[41]
		c10 += float64(a * b0)
		c11 += float64(a * b1)
		a = pa[42]
		c20 += float64(a * b0)
		c21 += float64(a * b1)
		a = pa[43]
		c30 += float64(a * b0)
		c31 += float64(a * b1)
		b0, b1 = pb[22], pb[23]
		a = pa[44]
		c00 += float64(a * b0)
		c01 += float64(a * b1)
		a = pa[45]
		c10 += float64(a * b0)
		c11 += float64(a * b1)
		a = pa[46]
		c20 += float64(a * b0)
		c21 += float64(a * b1)
		a = pa[47]
		c30 += float64(a * b0)
		c31 += float64(a * b1)
		b0, b1 = pb[24], pb[25]
		a = pa[48]
		c00 += float64(a * b0)
		c01 += float64(a * b1)
		a = pa[49]
		c10 += float64(a * b0)
		c11 += float64(a * b1)
		a = pa[50]
		c20 += float64(a * b0)
		c21 += float64(a * b1)
		a = pa[51]
		c30 += float64(a * b0)
		c31 += float64(a * b1)
		b0, b1 = pb[26], pb[27]
		a = pa[52]
		c00 += float64(a * b0)
		c01 += float64(a * b1)
		a = pa[53]
		c10 += float64(a * b0)
		c11 += float64(a * b1)
		a = pa[54]
		c20 += float64(a * b0)
		c21 += float64(a * b1)
		a = pa[55]
		c30 += float64(a * b0)
		c31 += float64(a * b1)
		b0, b1 = pb[28], pb[29]
		a = pa[56]
		c00 += float64(a * b0)
		c01 += float64(a * b1)
		a = pa[57]
		c10 += float64(a * b0)
		c11 += float64(a * b1)
		a = pa[58]
		c20 += float64(a * b0)
		c21 += float64(a * b1)
		a = pa[59]
		c30 += float64(a * b0)
		c31 += float64(a * b1)
		b0, b1 = pb[30], pb[31]
		a = pa[60]
		c00 += float64(a * b0)
		c01 += float64(a * b1)
		a = pa[61]
		c10 += float64(a * b0)
		c11 += float64(a * b1)
		a = pa[62]
		c20 += float64(a * b0)
		c21 += float64(a * b1)
		a = pa[63]
		c30 += float64(a * b0)
		c31 += float64(a * b1)
		pa, pb = pa[mr*ku:], pb[nr*ku:]
	}
	for len(pa) >= mr*4 && len(pb) >= nr*4 {
		b0, b1 = pb[0], pb[1]
		a = pa[0]
		c00 += float64(a * b0)
		c01 += float64(a * b1)
		a = pa[1]
		c10 += float64(a * b0)
		c11 += float64(a * b1)
		a = pa[2]
		c20 += float64(a * b0)
		c21 += float64(a * b1)
		a = pa[3]
		c30 += float64(a * b0)
		c31 += float64(a * b1)
		b0, b1 = pb[2], pb[3]
		a = pa[4]
		c00 += float64(a * b0)
		c01 += float64(a * b1)
		a = pa[5]
		c10 += float64(a * b0)
		c11 += float64(a * b1)
		a = pa[6]
		c20 += float64(a * b0)
		c21 += float64(a * b1)
		a = pa[7]
		c30 += float64(a * b0)
		c31 += float64(a * b1)
		b0, b1 = pb[4], pb[5]
		a = pa[8]
		c00 += float64(a * b0)
		c01 += float64(a * b1)
		a = pa[9]
		c10 += float64(a * b0)
		c11 += float64(a * b1)
		a = pa[10]
		c20 += float64(a * b0)
		c21 += float64(a * b1)
		a = pa[11]
		c30 += float64(a * b0)
		c31 += float64(a * b1)
		b0, b1 = pb[6], pb[7]
		a = pa[12]
		c00 += float64(a * b0)
		c01 += float64(a * b1)
		a = pa[13]
		c10 += float64(a * b0)
		c11 += float64(a * b1)
		a = pa[14]
		c20 += float64(a * b0)
		c21 += float64(a * b1)
		a = pa[15]
		c30 += float64(a * b0)
		c31 += float64(a * b1)
		pa, pb = pa[mr*4:], pb[nr*4:]
	}
	for len(pa) >= mr && len(pb) >= nr {
		b0, b1 = pb[0], pb[1]
		a = pa[0]
		c00 += float64(a * b0)
		c01 += float64(a * b1)
		a = pa[1]
		c10 += float64(a * b0)
		c11 += float64(a * b1)
		a = pa[2]
		c20 += float64(a * b0)
		c21 += float64(a * b1)
		a = pa[3]
		c30 += float64(a * b0)
		c31 += float64(a * b1)
		pa, pb = pa[mr:], pb[nr:]
	}
	d := c[0:2]
	d[0], d[1] = c00, c01
	d = c[ldc : ldc+2]
	d[0], d[1] = c10, c11
	d = c[2*ldc : 2*ldc+2]
	d[0], d[1] = c20, c21
	d = c[3*ldc : 3*ldc+2]
	d[0], d[1] = c30, c31
}

// kernRow sets c[0:2] to the products of one row pa (length k) with the
// packed column panel pb, in the same order as kernBlock.
func kernRow(c, pa, pb []float64) {
	var c00, c01 float64
	var a, b0, b1 float64
	// The loop conditions let the compiler drop every bounds check below.
	for len(pa) >= ku && len(pb) >= nr*ku {
		b0, b1 = pb[0], pb[1]
		a = pa[0]
		c00 += float64(a * b0)
		c01 += float64(a * b1)
		b0, b1 = pb[2], pb[3]
		a = pa[1]
		c00 += float64(a * b0)
		c01 += float64(a * b1)
		b0, b1 = pb[4], pb[5]
		a = pa[2]
		c00 += float64(a * b0)
		c01 += float64(a * b1)
		b0, b1 = pb[6], pb[7]
		a = pa[3]
		c00 += float64(a * b0)
		c01 += float64(a * b1)
		b0, b1 = pb[8], pb[9]
		a = pa[4]
		c00 += float64(a * b0)
		c01 += float64(a * b1)
		b0, b1 = pb[10], pb[11]
		a = pa[5]
		c00 += float64(a * b0)
		c01 += float64(a * b1)
		b0, b1 = pb[12], pb[13]
		a = pa[6]
		c00 += float64(a * b0)
		c01 += float64(a * b1)
		b0, b1 = pb[14], pb[15]
		a = pa[7]
		c00 += float64(a * b0)
		c01 += float64(a * b1)
		b0, b1 = pb[16], pb[17]
		a = pa[8]
		c00 += float64(a * b0)
		c01 += float64(a * b1)
		b0, b1 = pb[18], pb[19]
		a = pa[9]
		c00 += float64(a * b0)
		c01 += float64(a * b1)
		b0, b1 = pb[20], pb[21]
		a = pa[10]
		c00 += float64(a * b0)
		c01 += float64(a * b1)
		b0, b1 = pb[22], pb[23]
		a = pa[11]
		c00 += float64(a * b0)
		c01 += float64(a * b1)
		b0, b1 = pb[24], pb[25]
		a = pa[12]
		c00 += float64(a * b0)
		c01 += float64(a * b1)
		b0, b1 = pb[26], pb[27]
		a = pa[13]
		c00 += float64(a * b0)
		c01 += float64(a * b1)
		b0, b1 = pb[28], pb[29]
		a = pa[14]
		c00 += float64(a * b0)
		c01 += float64(a * b1)
		b0, b1 = pb[30], pb[31]
		a = pa[15]
		c00 += float64(a * b0)
		c01 += float64(a * b1)
		pa, pb = pa[ku:], pb[nr*ku:]
	}
	for len(pa) >= 4 && len(pb) >= nr*4 {
		b0, b1 = pb[0], pb[1]
		a = pa[0]
		c00 += float64(a * b0)
		c01 += float64(a * b1)
		b0, b1 = pb[2], pb[3]
		a = pa[1]
		c00 += float64(a * b0)
		c01 += float64(a * b1)
		b0, b1 = pb[4], pb[5]
		a = pa[2]
		c00 += float64(a * b0)
		c01 += float64(a * b1)
		b0, b1 = pb[6], pb[7]
		a = pa[3]
		c00 += float64(a * b0)
		c01 += float64(a * b1)
		pa, pb = pa[4:], pb[nr*4:]
	}
	for len(pa) >= 1 && len(pb) >= nr {
		b0, b1 = pb[0], pb[1]
		a = pa[0]
		c00 += float64(a * b0)
		c01 += float64(a * b1)
		pa, pb = pa[1:], pb[nr:]
	}
	d := c[0:2]
	d[0], d[1] = c00, c01
}
