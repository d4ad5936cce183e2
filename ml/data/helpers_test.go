package data

import (
	"hash/fnv"
	"math"
	"testing"
)

// close reports whether a and b agree to within tol, absolutely or
// relatively, whichever is looser.
func close(a, b, tol float64) bool {
	return math.Abs(a-b) <= tol*math.Max(1, math.Max(math.Abs(a), math.Abs(b)))
}

// checkClose fails t at the first element where got and want differ by more
// than tol.
func checkClose(t *testing.T, name string, got, want []float64, tol float64) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%s: len %d, want %d", name, len(got), len(want))
	}
	for i := range got {
		if !close(got[i], want[i], tol) {
			t.Fatalf("%s[%d] = %v, want %v (tol %g)", name, i, got[i], want[i], tol)
		}
	}
}

// checkEqual fails t unless got and want are bit-identical.
func checkEqual(t *testing.T, name string, got, want []float64) {
	t.Helper()
	checkClose(t, name, got, want, 0)
}

// indexHash is FNV-1a over the indices, to pin a split in a test.
func indexHash(idx []int) uint64 {
	h := fnv.New64a()
	var b [8]byte
	for _, i := range idx {
		for k := range b {
			b[k] = byte(uint64(i) >> (8 * k))
		}
		h.Write(b[:])
	}
	return h.Sum64()
}

func sameFloats(a, b []float64) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
