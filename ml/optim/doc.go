// Package optim updates a flat parameter slice from its gradient: SGD with
// momentum and Adam, each with decoupled weight decay.
//
// An optimiser's state is flat slices beside the parameters, so a step is a
// handful of loops, allocates nothing, and is the same bits on every
// platform (powers of the Adam betas are running products, never math.Pow).
package optim
