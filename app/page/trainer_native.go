//go:build !wasm

package page

// newTrainer returns nil natively: the server only prerenders the page,
// which must not train.
func newTrainer() Trainer { return nil }
