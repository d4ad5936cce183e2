// What the two TF.js benchmark pages share (tfjs.js, the SimCLR step;
// tfjs-mlm.js, the transformer's masked-token step): the backend, the
// result's header, the timed loop and its summary, and publishing the
// result as window.tfjsBench.
'use strict';

// The warm-up and the summary are timing.js's.

async function setBackend(name) {
  if (name === 'wasm') {
    if (self.crossOriginIsolated !== true) {
      throw new Error('page is not cross-origin isolated (COOP/COEP): the wasm backend would run without threads');
    }
    tf.wasm.setWasmPaths(new URL('node_modules/@tensorflow/tfjs-backend-wasm/dist/', location.href).href);
  }
  if (!(await tf.setBackend(name))) throw new Error('tf.setBackend(' + name + ') failed');
  await tf.ready();
}

// start reads the query (?backend=cpu|wasm&steps=N), sets the backend and
// returns the result's header, with extra's fields.
async function start(extra) {
  const q = new URLSearchParams(location.search);
  const backend = q.get('backend') || 'wasm';
  const steps = Math.max(1, parseInt(q.get('steps') || '20', 10));
  await setBackend(backend);
  const res = Object.assign({
    backend: tf.getBackend(),
    tfjs_version: tf.version.tfjs,
    cross_origin_isolated: self.crossOriginIsolated === true,
    hardware_concurrency: navigator.hardwareConcurrency,
    steps,
  }, extra);
  if (backend === 'wasm') {
    res.wasm_simd = await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT');
    res.wasm_threads = await tf.env().getAsync('WASM_HAS_MULTITHREAD_SUPPORT');
    res.wasm_threads_count = tf.wasm.getThreadsCount();
  }
  return res;
}

// timeSteps steps until the warm-up is done and res.steps steps are timed,
// then summarises them into res (summarise). inputs() makes a
// step's inputs (a list of tensors, not timed); step(inputs) takes the
// step and returns its loss tensor, whose value ends the timed part.
async function timeSteps(res, inputs, step) {
  const times = [];
  let lastLoss = NaN, warmup = 0;
  const warmStart = performance.now();
  for (;;) {
    const xs = inputs();
    await xs[xs.length - 1].data();
    const t0 = performance.now();
    const loss = step(xs);
    lastLoss = (await loss.data())[0];
    const t1 = performance.now();
    tf.dispose([...xs, loss]);
    if (warmup < WARMUP || t1 - warmStart < WARMUP_MS) {
      warmup++;
    } else {
      times.push(t1 - t0);
      if (times.length >= res.steps) break;
    }
  }
  return summarise(res, times, warmup, lastLoss);
}

// publish runs run and puts its result, or its error, in window.tfjsBench
// and on the page.
function publish(run) {
  run().then(
    (r) => { window.tfjsBench = r; },
    (e) => { window.tfjsBench = {error: String(e && e.stack || e)}; },
  ).finally(() => {
    document.getElementById('out').textContent = JSON.stringify(window.tfjsBench, null, 2);
  });
}
