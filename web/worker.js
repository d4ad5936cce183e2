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

// Paths are relative to this script: web/worker.js, next to worker.wasm, one
// level below wasm_exec.js. This holds at the root and under a sub-path.
importScripts("../wasm_exec.js");

(async () => {
  try {
    const go = new Go();
    let exitCode = 0;
    go.exit = (code) => { exitCode = code; };
    let module, instance;
    if (helper) {
      module = await moduleFromParent;
      instance = await WebAssembly.instantiate(module, go.importObject);
    } else {
      const source = fetch("worker.wasm");
      const result = WebAssembly.instantiateStreaming
        ? await WebAssembly.instantiateStreaming(source, go.importObject)
        : await WebAssembly.instantiate(await (await source).arrayBuffer(), go.importObject);
      module = result.module;
      instance = result.instance;
    }
    self.sslabModule = module;
    // run executes main until it first blocks, by which time it has set
    // self.sslabReceive. Main never returns: if the program ends, it
    // failed (a Go panic), and whoever started this worker must know.
    go.run(instance).then(() => {
      const message = "its program stopped (exit code " + exitCode + "; the console has its last words)";
      fail(helper ? message : "the training worker stopped: " + message);
    });
    for (const data of early.splice(0)) {
      self.sslabReceive(data);
    }
  } catch (err) {
    fail((helper ? "it could not start: " : "the training worker could not start: ") + err);
  }
})();

// fail reports an error in the protocol's wire form (app/session), as the
// Go program would: whoever started this worker decodes every message the
// same way.
function fail(message) {
  self.postMessage({ json: JSON.stringify({ type: "error", message }) });
}
