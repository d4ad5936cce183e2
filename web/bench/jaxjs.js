// One SimCLR training step in jax-js, written as one writes it in JAX:
// a pure loss of (params, x), valueAndGrad of it, an optax-style Adam
// (init/update over the parameter tree, then applyUpdates), the whole train
// step under jit. The same step as the other contenders: batch B=256 of 8x8
// images (64 features), two views (2B=512 rows), MLP 64-256-128 (encoder,
// ReLU) + 128-128-64 (projection, ReLU then linear), NT-Xent at temperature
// 0.5, Adam (lr 2e-3), in float32 (jax-js's default) or float64 (sslab's).
//
// The views are fresh random-normal arrays made (and waited for) before
// each timed step: no augmentation is timed. A timed step ends when the new
// parameters and optimizer state are ready and the loss has been read back.
//
// runJaxBench is the benchmark, for any jax-js module (the page passes the
// one it imported); jaxjs.html calls it. The warm-up (WARMUP, WARMUP_MS) and
// the summary (summarise) are timing.js's, which the page loads first.

export const B = 256, D = 64, TAU = 0.5, LR = 2e-3;
const DIMS = [D, 256, 128, 128, 64];

// adam is optax.adam(lr) (scale_by_adam, then scale by -lr) written out:
// @jax-js/optax, which has it, is not published on npm. Its state is a tree
// of arrays, so the update runs under jit.
function adam(jax, lr, { b1 = 0.9, b2 = 0.999, eps = 1e-8 } = {}) {
  const { numpy: np, tree } = jax;
  return {
    init(params) {
      return { count: np.zeros([], { dtype: params[0].w.dtype }), mu: tree.map(np.zerosLike, tree.ref(params)), nu: tree.map(np.zerosLike, params) };
    },
    update(grads, { count, mu, nu }) {
      mu = tree.map((g, m) => g.mul(1 - b1).add(m.mul(b1)), tree.ref(grads), mu);
      nu = tree.map((g, v) => g.ref.mul(g).mul(1 - b2).add(v.mul(b2)), grads, nu);
      count = count.add(1);
      // Bias corrections 1/(1-b^t), in the graph (a data read cannot be traced).
      const c1 = np.reciprocal(np.subtract(1, np.power(b1, count.ref)));
      const c2 = np.reciprocal(np.subtract(1, np.power(b2, count.ref)));
      const updates = tree.map((m, v) => m.mul(c1.ref).div(np.sqrt(v.mul(c2.ref)).add(eps)).mul(-lr),
        tree.ref(mu), tree.ref(nu));
      c1.dispose();
      c2.dispose();
      return [updates, { count, mu, nu }];
    },
  };
}

// initParams draws He-initialised weights (the values don't matter for
// speed) and zero biases from key, of the given dtype.
function initParams(jax, key, dtype) {
  const { numpy: np, random } = jax;
  const keys = [...random.split(key, DIMS.length - 1)];
  return DIMS.slice(1).map((out, i) => ({
    w: random.normal(keys[i], [DIMS[i], out]).mul(Math.sqrt(2 / DIMS[i])).astype(dtype),
    b: np.zeros([out], { dtype }),
  }));
}

// forward maps x [2B, 64] to the projections z [2B, 64].
function forward(jax, params, x) {
  const { numpy: np, nn } = jax;
  let h = x;
  params.forEach(({ w, b }, i) => {
    h = np.dot(h, w).add(b);
    if (i < params.length - 1) h = nn.relu(h);
  });
  return h;
}

// ntXent is the mean over the 2B anchors of the (2B-1)-way log-softmax of
// the cosine similarities / TAU, self-similarity masked out, at the anchor's
// positive: row i's is row (i+B) mod 2B, the other view of the same image.
export function ntXent(jax, z) {
  const { numpy: np, nn } = jax;
  const n = z.shape[0];
  const zn = z.ref.div(np.sqrt(np.sum(np.square(z), -1, { keepdims: true }).add(1e-12)));
  const dtype = zn.dtype;
  const logits = np.matmul(zn.ref, np.transpose(zn)).mul(1 / TAU).sub(np.eye(n, n, { dtype }).mul(1e9));
  const logp = nn.logSoftmax(logits, -1);
  const positives = np.roll(np.eye(n, n, { dtype }), n / 2, 1); // row i: 1 at (i+B) mod 2B
  return np.negative(np.mean(np.sum(logp.mul(positives), -1)));
}

// checkInput is the fixed input of the loss check every contender runs:
// z (8, 4) with z[i][j] = sin(1 + 4i + j), as 2 views of a batch of 4. The
// benchmark compares each contender's NT-Xent of it with sslab's.
export function checkInput() {
  return Float64Array.from({ length: 32 }, (_, i) => Math.sin(1 + i));
}

export async function runJaxBench(jax, { steps = 20, budgetMs = 20000, version = "", dtype = "float32" } = {}) {
  const { numpy: np, random, tree, jit, valueAndGrad, blockUntilReady } = jax;
  const devices = await jax.init("wasm");
  if (!devices.includes("wasm")) throw new Error("jax-js: the wasm backend did not initialise (init returned " + JSON.stringify(devices) + ")");
  jax.defaultDevice("wasm");
  const res = {
    library: "jax-js", jax_version: version, backend: jax.defaultDevice(), dtype,
    cross_origin_isolated: globalThis.crossOriginIsolated === true,
    hardware_concurrency: globalThis.navigator ? navigator.hardwareConcurrency : undefined,
    batch: B, inputs: "random-normal views made before each timed step (no augmentation timed)",
  };

  res.check_loss = await ntXent(jax, np.array(checkInput()).reshape([8, 4]).astype(dtype)).jsAsync();

  const lossFn = (params, x) => ntXent(jax, forward(jax, params, x));
  const solver = adam(jax, LR);
  const trainStep = jit((params, state, x) => {
    const [loss, grads] = valueAndGrad(lossFn)(tree.ref(params), x);
    const [updates, newState] = solver.update(grads, state);
    return [tree.map((p, u) => p.add(u), params, updates), newState, loss];
  });

  let key = random.key(1);
  let params = initParams(jax, random.key(0), dtype);
  let state = solver.init(tree.ref(params));
  const times = [];
  let lastLoss = NaN, warmup = 0, timed = 0;
  const warmStart = performance.now();
  for (;;) {
    const [k, sub] = random.split(key, 2);
    key = k;
    // Two views of the batch, stacked: rows i and i+B are a positive pair.
    const x = await blockUntilReady(random.normal(sub, [2 * B, D]).astype(dtype));
    const t0 = performance.now();
    let loss;
    [params, state, loss] = trainStep(params, state, x);
    await blockUntilReady([params, state]);
    lastLoss = await loss.jsAsync();
    const t1 = performance.now();
    if (warmup < WARMUP || t1 - warmStart < WARMUP_MS) {
      warmup++;
    } else {
      times.push(t1 - t0);
      timed += t1 - t0;
      // At most `steps` steps; a slow contender stops after budgetMs of
      // timed stepping, with at least 5 steps.
      if (times.length >= steps || (times.length >= 5 && timed >= budgetMs)) break;
    }
  }
  tree.dispose([params, state]);
  trainStep.dispose();
  res.steps = times.length;
  return summarise(res, times, warmup, lastLoss);
}
