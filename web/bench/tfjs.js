// One SimCLR training step in TF.js, timed the same way as sslab's:
// batch B=256 of 8x8 images (64 features), two views (2B=512 rows),
// MLP 64-256-128 (encoder, ReLU) + 128-128-64 (projection, ReLU then linear),
// NT-Xent at temperature 0.5, gradients of all weights, Adam (lr 2e-3).
//
// The views are fresh random-normal tensors made before each timed step:
// no augmentation is timed on this side. Each timed step ends with
// `await loss.data()`, so the work has really been done.
//
// Query: ?backend=cpu|wasm&steps=N (default wasm, 20). The wasm backend's
// thread pool is TF.js's own choice: it caps it at hardwareConcurrency/2
// (so 1 thread on 2 cores), whatever tf.wasm.setThreadsCount asks for; the
// result reports it. The result goes to
// window.tfjsBench = {backend, ms_per_step, times, steps, check_loss, ..., error}.
'use strict';

// The backend, the timed loop and the warm-up are tfjs-common.js's.
const B = 256, D = 64, TAU = 0.5, LR = 2e-3;
const DIMS = [D, 256, 128, 128, 64];

function dense(nIn, nOut) {
  const s = Math.sqrt(2 / nIn); // He init; the values don't matter for speed
  return {
    w: tf.variable(tf.randomNormal([nIn, nOut], 0, s)),
    b: tf.variable(tf.zeros([nOut])),
  };
}

// forward maps x [2B, 64] to the projections z [2B, 64].
function forward(layers, x) {
  let h = x;
  layers.forEach((l, i) => {
    h = tf.add(tf.matMul(h, l.w), l.b);
    if (i < layers.length - 1) h = tf.relu(h);
  });
  return h;
}

// ntXent is the mean over the 2B anchors of the 2B-way softmax cross-entropy
// of the cosine similarities / TAU, self-similarity excluded, with the
// positive of row i at row (i+B) mod 2B.
function ntXent(z, selfMask, positives) {
  const zn = tf.mul(z, tf.rsqrt(tf.add(tf.sum(tf.square(z), 1, true), 1e-12)));
  const logits = tf.add(tf.div(tf.matMul(zn, zn, false, true), TAU), selfMask);
  const logp = tf.logSoftmax(logits, 1);
  return tf.neg(tf.mean(tf.sum(tf.mul(logp, positives), 1)));
}

async function run() {
  const res = await start({batch: B, inputs: 'random-normal views made before each timed step (no augmentation timed)'});

  // The loss check every contender runs: NT-Xent of z (8, 4), z[i][j] =
  // sin(1 + 4i + j), as 2 views of a batch of 4; the benchmark compares it
  // with sslab's.
  res.check_loss = tf.tidy(() => {
    const n = 8, z = tf.tensor2d(Float32Array.from({length: 32}, (_, i) => Math.sin(1 + i)), [n, 4]);
    const pos = tf.oneHot(tf.tensor1d(Array.from({length: n}, (_, i) => (i + n / 2) % n), 'int32'), n);
    return ntXent(z, tf.mul(tf.eye(n), -1e9), pos);
  }).dataSync()[0];

  const layers = [];
  for (let i = 0; i + 1 < DIMS.length; i++) layers.push(dense(DIMS[i], DIMS[i + 1]));
  const vars = layers.flatMap(l => [l.w, l.b]);
  const n = 2 * B;
  const selfMask = tf.mul(tf.eye(n), -1e9);
  const positives = tf.oneHot(tf.tensor1d(Array.from({length: n}, (_, i) => (i + B) % n), 'int32'), n);
  const opt = tf.train.adam(LR);

  // Two views of the batch, stacked: rows i and i+B are a positive pair.
  return timeSteps(res, () => [tf.tidy(() => tf.concat([tf.randomNormal([B, D]), tf.randomNormal([B, D])], 0))],
    ([x]) => opt.minimize(() => ntXent(forward(layers, x), selfMask, positives), true, vars));
}

publish(run);
