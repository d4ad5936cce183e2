// The working example of the embedding page (/embed/): notes that start
// an embedded lab and print its probe accuracy.
"use strict";
(() => {
  const frame = document.getElementById("demo-lab");
  const out = document.getElementById("demo-out");
  const button = document.getElementById("demo-start");
  button.addEventListener("click", () => {
    frame.contentWindow.postMessage({ target: "sslab", type: "start", id: "demo-" + Date.now() }, "*");
    out.textContent = "Asked the lab to start…";
  });
  addEventListener("message", (e) => {
    const m = e.data;
    if (e.source !== frame.contentWindow || !m || m.source !== "sslab") return;
    if (m.type === "ready") {
      button.disabled = false; // the lab takes commands from now on
      out.textContent = "No result yet.";
    }
    if (m.type === "ack" && m.of === "start") out.textContent = "Training…";
    if (m.type === "error" && m.id) out.textContent = "The lab said: " + m.message;
    if (m.type === "progress") out.textContent = m.phase === "adapt" ? "Adapting…" : `Pretraining: step ${m.step} of ${m.total}`;
    if (m.type !== "result") return;
    const probe = m.rows.filter((r) => r.encoder === "pretrained" && r.adaptation === "linear-probe" && r.metric === "accuracy");
    if (probe.length === 0) {
      out.textContent = "The run finished without a probe accuracy.";
      return;
    }
    const best = probe.reduce((a, r) => (r.n_task > a.n_task ? r : a));
    out.textContent = `Probe accuracy with ${best.n_task} labels: ${best.value.toFixed(3)}`;
  });
})();
