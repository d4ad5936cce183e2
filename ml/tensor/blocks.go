package tensor

// A faster kernel for a platform that has one. Go's wasm output is scalar
// (one float64 per instruction, 16 float "registers"), while the browsers
// that run sslab's training workers execute wasm's 128-bit SIMD: app/worker
// installs a hand-written f64x2 kernel here at startup. This package never
// depends on it; the portable kernels stay the default and the reference.
//
// The kernel computes whole 4×4 blocks of C = A·B with B read row-major,
// so that two neighbouring columns B(p, j), B(p, j+1) are one 16-byte load:
// MatMul and MatMulTransA use b as it is stored, MatMulTransB transposes b
// (once per call, or once for many calls with PackedB). A(i, p) is read in
// place when a is stored transposed (the 4 rows of a block are neighbours
// in a row of a) and from 4-row interleaved panels otherwise. The rows and
// columns past the last full block are left to Go. Each C(i, j) is still
// one sum from +0 over p = 0..k-1 in order, each product rounded on its
// own, so the bits are those of the portable kernels.

// Blocks describes one call of a BlockKernel. For q < Panels and j <
// 4·Blocks it sets C(4q+r, j) = e(Σ_p A(4q+r, p)·B(p, j)), the sum over
// p = 0..K-1 in order from +0, each product rounded before it is added,
// where
//
//	C(i, j)    = C[i*LDC + j]
//	A(4q+r, p) = A[q*APanel + p*AStep + r]   (r < 4)
//	B(p, j)    = B[p*LDB + j]
//
// and e is the epilogue: v + Bias[j] if Bias is not nil, then with ReLU
// v if v > 0 or v is NaN, else +0. The slices start at element (0, 0) and
// cover every element read or written.
type Blocks struct {
	C             []float64
	LDC           int
	A             []float64
	AStep, APanel int
	B             []float64
	LDB           int
	K             int
	Panels        int
	Blocks        int
	Bias          []float64
	ReLU          bool
}

// A BlockKernel carries out a Blocks. It must not keep the slices.
type BlockKernel func(*Blocks)

var blockKernel BlockKernel

// minBlockWork is the number of multiply-adds below which a product stays
// on the portable kernels: a call into another wasm module through
// JavaScript costs about as much as this many of Go's multiply-adds.
const minBlockWork = 8192

// SetBlockKernel installs k (nil: none) for every later product and
// returns the kernel it replaces. It is meant to be called once at
// startup, before any product runs or operand is packed: it is not
// synchronised with them.
func SetBlockKernel(k BlockKernel) BlockKernel {
	old := blockKernel
	blockKernel = k
	return old
}

// useBlocks reports whether the product n×k×m goes to the block kernel.
func useBlocks(n, k, m int) bool {
	return blockKernel != nil && n >= 4 && m >= 4 && n*k*m >= minBlockWork
}

// gemmBlocks is gemm (same arguments, same bits) through blockKernel.
func gemmBlocks(c []float64, n, k, m int, a []float64, aT bool, b []float64, bT bool) {
	ws := workspaces.Get().(*workspace)
	br := b
	if bT {
		_, br = ws.get(0, k*m)
		transpose(br, b, m, k)
	}
	ws.blocks(c, n, k, m, a, aT, br, nil, false)
	workspaces.Put(ws)
}

// blocks sets c (n×m) to e(A·B) through the block kernel (GoBlockKernel if
// none is installed), with B (k×m) row-major in br, A(i, p) = a[i*k+p] (or
// a[p*n+i] if aT), and e the epilogue of Blocks. It uses w.a.
func (w *workspace) blocks(c []float64, n, k, m int, a []float64, aT bool, br, bias []float64, relu bool) {
	panels, nb := n/4, m/4
	var ar []float64
	var astep, apanel int
	if aT {
		ar, astep, apanel = a, n, 4
	} else {
		if cap(w.a) < panels*4*k {
			w.a = make([]float64, panels*4*k)
		}
		ar = w.a[:panels*4*k]
		for q := 0; q < panels; q++ {
			packAPanel(ar[q*4*k:], a, false, n, k, 4*q)
		}
		astep, apanel = 4, 4*k
	}
	if panels > 0 && nb > 0 && k > 0 {
		kern := blockKernel
		if kern == nil {
			kern = GoBlockKernel
		}
		w.blk = Blocks{C: c, LDC: m, A: ar, AStep: astep, APanel: apanel, B: br, LDB: m,
			K: k, Panels: panels, Blocks: nb, Bias: bias, ReLU: relu}
		kern(&w.blk)
		w.blk = Blocks{} // keep no references
	}
	// What the blocks leave: columns past the last block for the blocked
	// rows, then the rows past the last panel (read from a as stored).
	for i := 0; i < n; i++ {
		j0 := 4 * nb
		if i >= 4*panels {
			j0 = 0
		}
		for j := j0; j < m; j++ {
			var s float64
			for p := 0; p < k; p++ {
				var av float64
				switch {
				case aT:
					av = a[p*n+i]
				case i < 4*panels:
					av = ar[(i/4)*apanel+p*astep+i%4]
				default:
					av = a[i*k+p]
				}
				s += float64(av * br[p*m+j])
			}
			c[i*m+j] = epilogue(s, bias, j, relu)
		}
	}
}

// epilogue is Blocks' e for column j.
func epilogue(v float64, bias []float64, j int, relu bool) float64 {
	if bias != nil {
		v += bias[j]
	}
	if relu && !(v > 0 || v != v) {
		v = 0
	}
	return v
}

// transpose sets dst (c, r) to src (r, c) transposed, four rows of src at a
// time so that each row of dst is written four neighbours at a time.
func transpose(dst, src []float64, r, c int) {
	dst, src = dst[:r*c], src[:r*c]
	i := 0
	for ; i+4 <= r; i += 4 {
		s0 := src[i*c : (i+1)*c]
		s1 := src[(i+1)*c : (i+2)*c]
		s2 := src[(i+2)*c : (i+3)*c]
		s3 := src[(i+3)*c : (i+4)*c]
		s1, s2, s3 = s1[:len(s0)], s2[:len(s0)], s3[:len(s0)]
		for j, v := range s0 {
			d := dst[j*r+i : j*r+i+4]
			d[0], d[1], d[2], d[3] = v, s1[j], s2[j], s3[j]
		}
	}
	for ; i < r; i++ {
		for j, v := range src[i*c : (i+1)*c] {
			dst[j*r+i] = v
		}
	}
}

// GoBlockKernel is BlockKernel in portable Go: the reference a faster
// kernel is tested against, not a fast one.
func GoBlockKernel(b *Blocks) {
	for q := 0; q < b.Panels; q++ {
		for j := 0; j < 4*b.Blocks; j++ {
			for r := 0; r < 4; r++ {
				var s float64
				for p := 0; p < b.K; p++ {
					s += float64(b.A[q*b.APanel+p*b.AStep+r] * b.B[p*b.LDB+j])
				}
				b.C[(4*q+r)*b.LDC+j] = epilogue(s, b.Bias, j, b.ReLU)
			}
		}
	}
}
