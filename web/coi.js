// sslab: cross-origin isolation on hosts that cannot send its headers.
// The service worker (app-worker.js) adds them to what it serves; once it
// controls this page, one reload loads the page under them, and the lab
// trains on every core. It reloads at most once per tab, so a host where
// isolation still fails (an iframe in a page that is not isolated) gets a
// lab on one worker, as without the service worker.
"use strict";
(() => {
  if (self.crossOriginIsolated || !self.isSecureContext || !("serviceWorker" in navigator)) return;
  // In a frame, isolation needs the embedding page's allow="cross-origin-isolated".
  const policy = document.permissionsPolicy || document.featurePolicy;
  if (window.top !== window && !(policy && policy.allowsFeature("cross-origin-isolated"))) return;
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
