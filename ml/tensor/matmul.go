package tensor

// MatMul sets dst = a·b: (n,k)·(k,m) -> (n,m). dst is resized.
func MatMul(dst, a, b *Mat) {
	checkShape("MatMul", a.Cols == b.Rows, a, b)
	n, k, m := a.Rows, a.Cols, b.Cols
	dst.Resize(n, m)
	for i := 0; i < n; i++ {
		ar := a.Data[i*k : (i+1)*k]
		for j := 0; j < m; j++ {
			var s float64
			for p, av := range ar {
				s += av * b.Data[p*m+j]
			}
			dst.Data[i*m+j] = s
		}
	}
}

// MatMulTransB sets dst = a·bᵀ: (n,k)·(m,k)ᵀ -> (n,m). dst is resized.
func MatMulTransB(dst, a, b *Mat) {
	checkShape("MatMulTransB", a.Cols == b.Cols, a, b)
	n, k, m := a.Rows, a.Cols, b.Rows
	dst.Resize(n, m)
	for i := 0; i < n; i++ {
		ar := a.Data[i*k : (i+1)*k]
		for j := 0; j < m; j++ {
			br := b.Data[j*k : (j+1)*k]
			var s float64
			for p, av := range ar {
				s += av * br[p]
			}
			dst.Data[i*m+j] = s
		}
	}
}

// MatMulTransA sets dst = aᵀ·b: (k,n)ᵀ·(k,m) -> (n,m). dst is resized.
func MatMulTransA(dst, a, b *Mat) {
	checkShape("MatMulTransA", a.Rows == b.Rows, a, b)
	k, n, m := a.Rows, a.Cols, b.Cols
	dst.Resize(n, m)
	for i := 0; i < n; i++ {
		for j := 0; j < m; j++ {
			var s float64
			for p := 0; p < k; p++ {
				s += a.Data[p*n+i] * b.Data[p*m+j]
			}
			dst.Data[i*m+j] = s
		}
	}
}
