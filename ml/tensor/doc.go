// Package tensor holds the dense row-major matrix that flows through sslab's
// networks and the matrix-product kernels that dominate a training step.
//
// Every kernel forms each output element as one sum over the shared
// dimension, taken from zero in increasing index order. That order does not
// depend on how many rows a call sees, so a batch cut into shards gives the
// same bits row for row as the whole batch, on every platform: each product
// is rounded before it is added, so platforms with fused multiply-add give
// the same bits as those without.
package tensor
