// Package eval measures what a self-supervised encoder has learnt: linear
// probes (multinomial logistic regression fitted to convergence by L-BFGS,
// ridge regression solved in closed form by Cholesky) and kNN score the
// embeddings against labels; k-means with Hungarian matching and retrieval
// (precision@k, mean average precision) score them without labels; and the
// collapse meters (per-dimension spread, effective rank, Wang & Isola's
// alignment and uniformity) show whether training is heading towards a
// degenerate solution.
//
// Every number that can land in a results table is computed in plain Go with
// a fixed summation order (see dot for the one exception to plain
// left-to-right sums, itself fixed), and
// exponentials and logarithms go through num.Exp and num.Log, so a native run
// and a WebAssembly run report the same bits. That is also why the symmetric
// eigensolver behind PCA and EffectiveRank is a small cyclic Jacobi in this
// package rather than gonum's LAPACK port, whose amd64 assembly sums in a
// different order than the pure-Go code wasm runs; the Cholesky solve and
// L-BFGS are written here for the same reason, with gonum as their
// reference in tests.
//
// Conventions: an empty input yields 0 (or nil for per-item results); a k
// larger than the number of rows is clamped; mismatched lengths are
// programming errors and panic.
package eval
