// Runs gomlx.wasm (app/bench/gomlx, built by `go run ./app/bench` with
// GOOS=js GOARCH=wasm) in this Web Worker: the GoMLX contender of the
// browser benchmark. The page sends {steps, budget_ms}; the Go program
// times its steps and posts its result as a JSON string. If the program
// fails to load or ends without a result (a panic), this script posts the
// error and the program's last lines of output instead.
"use strict";

// Go's output (a panic's message among it) goes to console.log via
// wasm_exec.js's fs shim; keep its last lines for the error report.
const output = [];
for (const name of ["log", "error"]) {
  const orig = console[name].bind(console);
  console[name] = (...args) => {
    output.push(args.join(" "));
    if (output.length > 20) output.shift();
    orig(...args);
  };
}

importScripts("wasm_exec.js");

self.onmessage = async (event) => {
  const { steps, budget_ms } = event.data;
  let posted = false;
  const post = self.postMessage.bind(self);
  self.postMessage = (m) => { posted = true; post(m); };
  const fail = (msg) => post(JSON.stringify({ library: "GoMLX", error: msg + (output.length ? "; last output: " + output.join(" | ") : "") }));
  try {
    const go = new Go();
    go.argv = ["gomlx", "-steps", String(steps), "-budget", budget_ms + "ms"];
    let exitCode = 0;
    go.exit = (code) => { exitCode = code; };
    const resp = await fetch("gomlx.wasm");
    if (!resp.ok) throw new Error("fetching gomlx.wasm: HTTP " + resp.status);
    const { instance } = await WebAssembly.instantiateStreaming(resp, go.importObject);
    await go.run(instance);
    if (!posted) fail("GoMLX's program exited (code " + exitCode + ") without a result");
  } catch (err) {
    if (!posted) fail("GoMLX's program: " + String(err && err.stack || err));
  }
};
