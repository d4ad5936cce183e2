//go:build !js

package simd

import (
	"bytes"
	"os"
	"testing"

	"sslab/app/worker/simd/wat"
)

// TestEmbeddedIsAssembled fails when gemm.wasm is not gemm.wat assembled
// (run go generate in this directory).
func TestEmbeddedIsAssembled(t *testing.T) {
	src, err := os.ReadFile("gemm.wat")
	if err != nil {
		t.Fatal(err)
	}
	bin, err := wat.Assemble(string(src))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(bin, gemmWasm) {
		t.Fatal("gemm.wasm is stale: run go generate ./app/worker/simd")
	}
}
