// Package train drives sslab: the step-wise self-supervised pretrainer, the
// adaptations to a labelled task (the linear probe, finetuning by LP-FT,
// k-means, kNN and retrieval, and their baselines: a random encoder, the raw
// inputs, training from scratch), the results rows every surface shows, the
// verdict computed from them, and the same run over several seeds.
//
// A mini-batch is cut into shards of ShardSize examples. Each shard's
// forward and backward pass runs on its own (a goroutine natively, a Web
// Worker in the browser); what needs the whole batch (the contrastive
// similarity matrix, Barlow Twins' cross-correlation, VICReg's covariances)
// is computed once on the gathered outputs, and the shards' gradients are
// added in shard order. Shard boundaries and the order of every sum are
// fixed, so 1, 2 or N executors give the same bits, natively and in wasm.
package train
