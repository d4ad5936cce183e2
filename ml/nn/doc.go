// Package nn holds sslab's networks: dense layers, activations and the MLP
// built from them, with forward and backward written side by side.
//
// Parameters live in one flat slice per model and each layer reads a view of
// it, so an optimiser, a checkpoint or a message to a Web Worker handles one
// []float64. Activations cached between forward and backward live in a Cache
// owned by the caller, so several goroutines (or workers) can run the same
// network on different shards of a batch at once, each with its own Cache
// and its own gradient slice.
package nn
