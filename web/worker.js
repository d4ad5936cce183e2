// The training worker: runs worker.wasm (sslab/app/worker), which serves the
// page's training requests. The page never trains on its own thread, so it
// stays responsive while the model learns. The same script runs the helper
// workers that the training worker starts to share a batch: they are named
// "sslab-helper" and receive the compiled module in their first message,
// so that they neither fetch nor compile it again, and V8 shares the
// machine code it has already optimised.
"use strict";

const helper = self.name === "sslab-helper";

// Messages that arrive before Go has installed its receiver are kept and
// handed over once it has.
const early = [];
let gotModule;
const moduleFromParent = new Promise((resolve) => { gotModule = resolve; });
self.onmessage = (event) => {
  if (helper && event.data && event.data.sslabModule) {
    gotModule(event.data.sslabModule);
  } else if (self.sslabReceive) {
    self.sslabReceive(event.data);
  } else {
    early.push(event.data);
  }
};

// sslabWait(ctl, i, old, spinMs, ms) returns once word i of the Int32Array
// ctl over shared memory no longer holds old, or after about ms
// milliseconds (ms < 0: without limit), and returns what it holds then
// (app/worker/shard). It reads the word for spinMs first, here, where a
// read costs nanoseconds rather than a call out of wasm, and only then
// blocks in Atomics.wait, from which a worker can take a millisecond to
// run again.
self.sslabWait = (ctl, i, old, spinMs, ms) => {
  const end = performance.now() + spinMs;
  do {
    for (let n = 0; n < 64; n++) {
      const v = Atomics.load(ctl, i);
      if (v !== old) return v;
    }
  } while (performance.now() < end);
  Atomics.wait(ctl, i, old, ms < 0 ? Infinity : ms);
  return Atomics.load(ctl, i);
};

// The training worker fetches worker.wasm at once and compiles it as it
// streams in (the server sends it as application/wasm); a response of
// another type is compiled once whole.
const source = helper ? null : fetch("worker.wasm");

async function compile() {
  const response = await source;
  if (!response.ok) {
    throw new Error("worker.wasm: " + response.status + " " + response.statusText);
  }
  if (WebAssembly.compileStreaming && (response.headers.get("Content-Type") || "").startsWith("application/wasm")) {
    return WebAssembly.compileStreaming(response);
  }
  return WebAssembly.compile(await response.arrayBuffer());
}

// Paths are relative to this script: web/worker.js, next to worker.wasm, one
// level below wasm_exec.js. This holds at the root and under a sub-path.
importScripts("../wasm_exec.js");

(async () => {
  try {
    const go = new Go();
    let exitCode = 0;
    go.exit = (code) => { exitCode = code; };
    const module = helper ? await moduleFromParent : await compile();
    const instance = await WebAssembly.instantiate(module, go.importObject);
    self.sslabModule = module;
    // The SIMD kernel (app/worker/simd) runs on the Go program's own memory.
    self.sslabMemory = instance.exports.mem;
    // run executes main until it first blocks, by which time it has set
    // self.sslabReceive. Main never returns: if the program ends, it
    // failed (a Go panic), and whoever started this worker must know.
    go.run(instance).then(() => {
      const message = "its program stopped (exit code " + exitCode + "; the console has its last words)";
      fail("worker-stopped", helper ? message : "the training worker stopped: " + message);
    });
    for (const data of early.splice(0)) {
      self.sslabReceive(data);
    }
  } catch (err) {
    fail("worker-unavailable", (helper ? "it could not start: " : "the training worker could not start: ") + err);
  }
})();

// fail reports an error in the protocol's wire form (app/session), with a
// code of its table, as the Go program would: whoever started this worker
// decodes every message the same way.
function fail(code, message) {
  self.postMessage({ json: JSON.stringify({ type: "error", code, message }) });
}
