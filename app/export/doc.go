// Package export writes an sslab run as a self-contained PyTorch program,
// the way out of the browser tab for a learner whose runs outgrow it.
//
// Write takes a config, the dataset as sslab loaded it (standardised when
// the config says so) and its split, and writes one Python file that
// embeds the exact examples and split indices and runs the same protocol:
// the config's objective with its switches, augmentations with the same
// semantics, the same MLPs and optimiser, then the adaptation rows,
// printed as the JSON report `sslab train -json` prints. The file runs
// with `python3 FILE` on one process or `torchrun --nproc_per_node=N FILE`
// on N (DistributedDataParallel; gloo on CPU, NCCL on GPUs), where every
// process takes a slice of each batch and the losses that need the whole
// batch see it gathered, so N processes compute the loss of one.
//
// The program is sslab.py, embedded; Write fills in its payload (config,
// data, optional checkpoint). Random draws are torch's, not sslab's: a run
// has the same distributions as sslab's, not the same bits, except that an
// encoder loaded from a checkpoint gives sslab's features.
package export
