// Package cli is sslab's command line: train (pretrain, adapt and print
// the results, on a preset's data or a CSV file of one's own), presets,
// checkpoint (pretrain and save the encoder), serve (the lab on loopback)
// and static (the lab as a static site). Every training setting is a flag
// of ml/config's schema, with the same name as its URL parameter.
//
// Run returns the exit status: 0, 1 when the work failed, 2 for bad
// input, with a message naming the input, the value and what is allowed.
package cli
