// Package gradcheck is the one finite-difference gradient check of sslab's
// tests: every layer, loss and whole pretraining step compares its backward
// pass with central differences of its forward pass through Check, under
// one rule (Tolerance.Close).
//
// A central difference with step h has truncation error of order h²·f‴ and
// rounding error of order ε·|f|/h (ε the relative error of one evaluation
// of f), so with h = 1e-6 in float64 a derivative of ordinary size agrees
// with its analytic value to about 1e-7 relative, and a derivative much
// smaller than ε·|f|/h ≈ 1e-10·|f| cannot be resolved relatively at all.
// The rule therefore has a relative bound for the derivatives that can be
// resolved and an absolute one, Abs, below which two numbers count as equal;
// a caller whose loss is evaluated with more rounding (a whole training
// step) chooses a larger h and Rel, and says why.
package gradcheck
