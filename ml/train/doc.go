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
//
// Text is one more dataset and encoder kind (text_*.go): the encoder is a
// TextModel (a transformer, or skip-gram's word vectors) trained by a
// language-model objective in one phase over shards of 32 sentences, whose
// losses are means over the batch's scored positions that each shard counts
// for the whole batch; the held-out perplexity is its monitor. The
// adaptation tags every token's part of speech (probes on token features)
// or classifies sentences (probes on their mean feature), against one-hot
// word identity or bags of words, with budgets counted in labelled
// sentences (TextBudgets).
package train
