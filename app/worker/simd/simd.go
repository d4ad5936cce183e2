// Package simd runs ml/tensor's matrix products on wasm's 128-bit SIMD in
// the training worker: Install compiles a small hand-written module
// (gemm.wat, f64x2) that imports the Go program's own memory and installs
// it as tensor's block kernel, which it calls with pointers into Go's heap.
// Each product is still one sum per element in the portable kernels'
// order, with separate multiplies and adds, so the bits are unchanged.
package simd

import _ "embed"

//go:generate go run ./gen gemm.wat gemm.wasm

// gemmWasm is gemm.wat assembled.
//
//go:embed gemm.wasm
var gemmWasm []byte
