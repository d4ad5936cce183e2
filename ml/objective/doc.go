// Package objective holds the losses that sslab trains with: the
// self-supervised objectives (SimCLR's NT-Xent, Barlow Twins, VICReg, the
// negative cosine of SimSiam/BYOL, masked reconstruction) and the supervised
// heads used to adapt a pretrained encoder (softmax cross-entropy, squared
// error).
//
// Each loss is one struct with a Loss method that does the forward pass and
// the backward pass side by side, in the style of llm.c: it returns the loss
// and writes the gradient of that returned number into the d* matrices it is
// handed, resizing them. Callers never run a separate backward step.
//
// Conventions shared by every loss:
//
//   - Shapes are written (B, k): B rows (examples) of k features.
//   - The gradient matrices must not alias the inputs.
//   - Every sum runs in a fixed order with plain loops, and every
//     transcendental goes through sslab/ml/num, so a native build and a
//     WebAssembly build produce the same bits.
//   - Scratch matrices live inside the struct and are resized, never
//     reallocated once large enough: the training loop calls Loss every
//     step and must not feed the garbage collector. A struct therefore must
//     not be used from two goroutines at once; give each its own.
//   - Bad shapes panic: they are programming errors, not data errors.
package objective
