// sslab: cross-origin isolation on hosts that cannot send its headers.
// The service worker (app-worker.js) adds them to what it serves; once it
// controls this page, one reload loads the page under them, and the lab
// trains on every core. It reloads at most once per tab, so a browser
// where isolation still fails gets a lab on one worker, as without the
// service worker. Never in a frame: a frame is isolated only inside an
// isolated page, which loads it only if its host sent the headers already,
// so a reload could not help.
"use strict";
(() => {
  if (self.crossOriginIsolated || !self.isSecureContext || !("serviceWorker" in navigator)) return;
  if (window.top !== window) return;
  const key = "sslab-coi-reloaded";
  try {
    if (sessionStorage.getItem(key)) return;
  } catch (err) {
    return; // no storage: no way to reload only once
  }
  const reload = () => {
    sessionStorage.setItem(key, "1");
    location.reload();
  };
  if (navigator.serviceWorker.controller) {
    reload(); // served by the worker, but before it added the headers
  } else {
    navigator.serviceWorker.addEventListener("controllerchange", reload, { once: true });
  }
})();
