// Command gen assembles app/worker/simd's kernels: go generate in
// app/worker/simd runs it to turn gemm.wat into gemm.wasm, which the
// package embeds (TestEmbeddedIsAssembled checks that they agree).
package main

import (
	"fmt"
	"os"

	"sslab/app/worker/simd/wat"
)

func main() {
	if len(os.Args) != 3 {
		fmt.Fprintln(os.Stderr, "usage: gen in.wat out.wasm")
		os.Exit(2)
	}
	src, err := os.ReadFile(os.Args[1])
	if err == nil {
		var bin []byte
		if bin, err = wat.Assemble(string(src)); err == nil {
			err = os.WriteFile(os.Args[2], bin, 0o644)
		}
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
}
