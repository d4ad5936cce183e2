// One masked-token (BERT) training step of sslab's text transformer in
// TF.js, timed the same way as sslab's (web/bench.html with the brown-mlm
// query): a batch of S=64 sentences of L=32 tokens; token and learned
// position embeddings; 2 pre-norm blocks of 4-head self-attention (d_model
// 64) and a feed-forward block 64-256-64 with the exact GELU; a final
// LayerNorm; the output softmax over the V=5,003 words tied to the token
// table (plus a bias), scored at the 5 masked positions of each sentence
// (round(0.15·32), 320 rows: sslab scores the masked positions only);
// mean cross-entropy; gradients of all weights; Adam (lr 2e-3) with
// decoupled weight decay 0.01 (AdamW, as sslab's optimiser).
//
// The batch is made before each timed step: random word ids, 5 distinct
// positions per sentence chosen, 80% of them replaced by [MASK], 10% by a
// random word (BERT's rule, as sslab's). The ids are random, not the
// corpus's: a step's work does not depend on them. Each timed step ends
// with `await loss.data()`, so the work has really been done.
//
// tf.gather has no gradient on the wasm backend (its gradient is
// UnsortedSegmentSum, which the wasm backend lacks), so the two gathers
// (the token table, the masked rows) have a custom gradient, tf.scatterND,
// which adds the rows of duplicate indices.
//
// Query: ?backend=cpu|wasm&steps=N (default wasm, 20). The result goes to
// window.tfjsBench = {backend, ms_per_step, times, steps, check_loss,
// check_grad_norm, ..., error}.
'use strict';

const LR = 2e-3, WD = 0.01, LN_EPS = 1e-5;
const MASK = 2, FIRST_WORD = 3; // sslab's [MASK] id and first word id
// The bench's shape: sslab's brown-mlm preset.
const BENCH = {vocab: 5003, len: 32, dim: 64, layers: 2, heads: 4, hidden: 256, sentences: 64, masked: 5};

// gatherRows is tf.gather(table, idx) along axis 0 with tf.scatterND as
// its gradient (the wasm backend has no kernel for gather's own).
function gatherRows(table, idx) {
  const at = tf.expandDims(idx, 1);
  const g = tf.customGrad((t, save) => ({
    value: tf.gather(t, idx),
    gradFunc: (dy) => tf.scatterND(at, dy, t.shape),
  }));
  return g(table);
}

function layerNorm(x, g, b) {
  const {mean, variance} = tf.moments(x, -1, true);
  return tf.add(tf.mul(tf.mul(tf.sub(x, mean), tf.rsqrt(tf.add(variance, LN_EPS))), g), b);
}

// The exact GELU, x·Φ(x), as sslab's feed-forward block.
function gelu(x) {
  return tf.mul(tf.mul(x, 0.5), tf.add(1, tf.erf(tf.mul(x, Math.SQRT1_2))));
}

function dense(x, w, b) {
  return tf.add(tf.matMul(x, w), b);
}

// attention is multi-head self-attention inside each sentence: x (S·L, D),
// Q K V the columns of x·Wqkv + b, head h at columns h·dh of each.
function attention(c, x, blk, S) {
  const {len: L, dim: D, heads: H} = c, dh = D / H;
  const qkv = dense(x, blk.wqkv, blk.bqkv); // (S·L, 3D)
  const heads = (m) => tf.reshape(tf.transpose(tf.reshape(m, [S, L, H, dh]), [0, 2, 1, 3]), [S * H, L, dh]);
  const [q, k, v] = tf.split(qkv, 3, 1).map(heads); // (S·H, L, dh)
  const p = tf.softmax(tf.div(tf.matMul(q, k, false, true), Math.sqrt(dh))); // (S·H, L, L)
  const o = tf.reshape(tf.transpose(tf.reshape(tf.matMul(p, v), [S, H, L, dh]), [0, 2, 1, 3]), [S * L, D]);
  return dense(o, blk.wo, blk.bo);
}

// mlmLoss is the mean over the masked rows of −log p(target): ids (S·L)
// the corrupted input, rows the masked rows of the S·L tokens, targets
// their original ids.
function mlmLoss(c, P, ids, rows, targets) {
  const S = ids.shape[0] / c.len;
  let x = tf.reshape(tf.add(tf.reshape(gatherRows(P.tok, ids), [S, c.len, c.dim]), P.pos), [S * c.len, c.dim]);
  for (const blk of P.blocks) {
    x = tf.add(x, attention(c, layerNorm(x, blk.ln1g, blk.ln1b), blk, S));
    x = tf.add(x, dense(gelu(dense(layerNorm(x, blk.ln2g, blk.ln2b), blk.w1, blk.b1)), blk.w2, blk.b2));
  }
  const h = gatherRows(layerNorm(x, P.lnfg, P.lnfb), rows); // (n, D)
  const logits = tf.add(tf.matMul(h, P.tok, false, true), P.bias); // (n, V): tied to the token table
  return tf.losses.softmaxCrossEntropy(tf.oneHot(targets, c.vocab), logits);
}

// params returns the model's weights, each a tf.variable made by fill
// (name, shape), in sslab's order (ml/nn Transformer, then the output
// bias).
function params(c, fill) {
  const {vocab: V, len: L, dim: D, hidden: F} = c;
  const v = (shape, name) => {
    const t = fill(name, shape), w = tf.variable(t);
    t.dispose(); // the variable holds its own reference to the data
    return w;
  };
  const P = {tok: v([V, D], 'tok'), pos: v([L, D], 'pos'), blocks: []};
  for (let i = 0; i < c.layers; i++) {
    P.blocks.push({
      ln1g: v([D], 'gamma'), ln1b: v([D], 'beta'),
      wqkv: v([D, 3 * D], 'w'), bqkv: v([3 * D], 'b'), wo: v([D, D], 'wres'), bo: v([D], 'b'),
      ln2g: v([D], 'gamma'), ln2b: v([D], 'beta'),
      w1: v([D, F], 'w'), b1: v([F], 'b'), w2: v([F, D], 'wres'), b2: v([D], 'b'),
    });
  }
  P.lnfg = v([D], 'gamma');
  P.lnfb = v([D], 'beta');
  P.bias = v([V], 'b');
  P.list = [P.tok, P.pos, ...P.blocks.flatMap((b) => [b.ln1g, b.ln1b, b.wqkv, b.bqkv, b.wo, b.bo, b.ln2g, b.ln2b, b.w1, b.b1, b.w2, b.b2]),
    P.lnfg, P.lnfb, P.bias];
  return P;
}

// sslab's initialisation (GPT-2's): N(0, 0.02²), the projections into the
// residual stream scaled by 1/√(2·layers); biases 0; norms γ 1, β 0.
function initFill(c) {
  return (name, shape) => {
    switch (name) {
      case 'gamma': return tf.ones(shape);
      case 'beta': case 'b': return tf.zeros(shape);
      case 'wres': return tf.randomNormal(shape, 0, 0.02 / Math.sqrt(2 * c.layers));
    }
    return tf.randomNormal(shape, 0, 0.02);
  };
}

// The check every side computes (app/bench's txCheckReference): a small
// model (vocabulary 11, 6 positions, d_model 8, 2 layers of 2 heads, FFN
// 16) whose parameters, laid end to end in sslab's order, are
// 0.5·sin(1 + i); two sentences of 6 tokens, 3 masked rows. Its loss and
// the norm of its gradient over all weights.
const CHECK = {vocab: 11, len: 6, dim: 8, layers: 2, heads: 2, hidden: 16,
  ids: [4, 2, 7, 4, 9, 10, 3, 5, 2, 2, 8, 4], rows: [1, 4, 9], targets: [5, 9, 6]};

function check() {
  let off = 0;
  const P = params(CHECK, (name, shape) => {
    const n = shape.reduce((a, b) => a * b, 1);
    const t = tf.tensor(Float32Array.from({length: n}, (_, i) => 0.5 * Math.sin(1 + off + i)), shape);
    off += n;
    return t;
  });
  const ids = tf.tensor1d(CHECK.ids, 'int32'), rows = tf.tensor1d(CHECK.rows, 'int32'), targets = tf.tensor1d(CHECK.targets, 'int32');
  const {value, grads} = tf.variableGrads(() => mlmLoss(CHECK, P, ids, rows, targets), P.list);
  const loss = value.dataSync()[0];
  const norm = Math.sqrt(tf.tidy(() => tf.addN(Object.values(grads).map((g) => tf.sum(tf.square(g))))).dataSync()[0]);
  tf.dispose([value, ids, rows, targets, ...Object.values(grads), ...P.list]);
  return {loss, norm, params: off};
}

// batch draws a masked batch of c.sentences random sentences: the input ids,
// the masked rows and their original ids.
function batch(c) {
  const {sentences: S, len: L, vocab: V, masked: K} = c;
  const word = () => FIRST_WORD + Math.floor(Math.random() * (V - FIRST_WORD));
  const ids = Int32Array.from({length: S * L}, word);
  const rows = new Int32Array(S * K), targets = new Int32Array(S * K);
  for (let s = 0; s < S; s++) {
    const pos = Array.from({length: L}, (_, i) => i);
    for (let i = 0; i < K; i++) { // a partial Fisher-Yates shuffle
      const j = i + Math.floor(Math.random() * (L - i));
      [pos[i], pos[j]] = [pos[j], pos[i]];
    }
    pos.slice(0, K).sort((a, b) => a - b).forEach((p, i) => {
      const r = s * L + p;
      rows[s * K + i] = r;
      targets[s * K + i] = ids[r];
      const u = Math.random();
      if (u < 0.8) ids[r] = MASK;
      else if (u < 0.9) ids[r] = word();
    });
  }
  return [tf.tensor1d(ids, 'int32'), tf.tensor1d(rows, 'int32'), tf.tensor1d(targets, 'int32')];
}

async function run() {
  const res = await start({shape: BENCH, inputs: 'random word ids, masked before each timed step (no data pipeline timed)'});
  const ck = check();
  res.check_loss = ck.loss;
  res.check_grad_norm = ck.norm;
  res.check_params = ck.params;

  const c = BENCH;
  const P = params(c, initFill(c));
  res.params = P.list.reduce((n, v) => n + v.size, 0);
  const opt = tf.train.adam(LR, 0.9, 0.999, 1e-8);
  const decay = 1 - LR * WD;

  return timeSteps(res, () => batch(c), ([ids, rows, targets]) => {
    const loss = opt.minimize(() => mlmLoss(c, P, ids, rows, targets), true, P.list);
    // AdamW's decoupled weight decay, which tf.train.adam lacks.
    tf.tidy(() => P.list.forEach((v) => v.assign(tf.mul(v, decay))));
    return loss;
  });
}

publish(run);
