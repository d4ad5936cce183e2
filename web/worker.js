// The training worker: runs worker.wasm (sslab/app built with -tags worker), which serves the
// page's training requests. The page never trains on its own thread, so it
// stays responsive while the model learns.
"use strict";

// Messages that arrive before Go has installed its receiver are kept and
// handed over once it has.
const early = [];
self.onmessage = (event) => {
  if (self.sslabReceive) {
    self.sslabReceive(event.data);
  } else {
    early.push(event.data);
  }
};

// Paths are relative to this script: web/worker.js, next to worker.wasm, one
// level below wasm_exec.js. This holds at the root and under a sub-path.
importScripts("../wasm_exec.js");

(async () => {
  try {
    const go = new Go();
    const source = fetch("worker.wasm");
    const result = WebAssembly.instantiateStreaming
      ? await WebAssembly.instantiateStreaming(source, go.importObject)
      : await WebAssembly.instantiate(await (await source).arrayBuffer(), go.importObject);
    // run executes main until it first blocks, by which time it has set
    // self.sslabReceive.
    go.run(result.instance);
    for (const data of early.splice(0)) {
      self.sslabReceive(data);
    }
  } catch (err) {
    self.postMessage({ json: JSON.stringify({ type: "error", message: "the training worker could not start: " + err }) });
  }
})();
