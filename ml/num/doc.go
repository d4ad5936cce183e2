// Package num holds the scalar functions and random numbers that every other
// ml package draws on, written so that a native build and a WebAssembly build
// produce the same bits.
//
// math.Exp runs hand-written assembly on amd64 and a pure-Go polynomial on
// wasm, and the two differ in the last bit for some inputs; math/rand/v2's
// NormFloat64 calls math.Exp in its rejection step. Everything here uses the
// pure-Go algorithms on every platform, so a run with the same config and seed
// gives bit-identical numbers natively and in the browser.
package num
