// sslab's service worker (go-app's app-worker.js, version {{.Version}}).
//
// Offline: the first visit caches the page, both wasm binaries and the
// assets; later visits fetch from the network first (so a rebuilt app.wasm
// is picked up at once) and fall back to the cache when it is unreachable.
// Whatever else the lab fetches (a checkpoint, data files) is cached when
// first fetched.
//
// Cross-origin isolation where the host cannot send headers (GitHub Pages,
// a plain file server): every response it serves gets the COOP, COEP and
// CORP headers that `sslab serve` sends, and web/coi.js reloads the page
// once so that it loads under them. This is the technique of
// coi-serviceworker (https://github.com/gzuidhof/coi-serviceworker, MIT
// licence, by Guido Zuidhoff), written anew here for go-app's worker.
"use strict";

const cacheName = "sslab-{{.Version}}";
const precache = {{.ResourcesToCache}};
const isolation = {
  "Cross-Origin-Opener-Policy": "same-origin",
  "Cross-Origin-Embedder-Policy": "require-corp",
  "Cross-Origin-Resource-Policy": "cross-origin",
};

self.addEventListener("install", (event) => {
  event.waitUntil((async () => {
    const cache = await caches.open(cacheName);
    // One at a time and each on its own: a file missing from a host
    // (an icon) must not leave the rest uncached.
    for (const url of precache) {
      try {
        const res = await fetch(url, { cache: "no-cache" });
        if (res.ok) await cache.put(url, res);
      } catch (err) {
        console.warn("sslab: not cached for offline use:", url, err);
      }
    }
    await self.skipWaiting();
  })());
});

self.addEventListener("activate", (event) => {
  event.waitUntil((async () => {
    for (const key of await caches.keys()) {
      if (key !== cacheName) await caches.delete(key);
    }
    await self.clients.claim();
  })());
});

self.addEventListener("fetch", (event) => {
  const req = event.request;
  if (req.method !== "GET" || new URL(req.url).origin !== self.location.origin) return;
  if (req.cache === "only-if-cached" && req.mode !== "same-origin") return;
  event.respondWith(serve(req));
});

// serve answers from the network, keeping a copy, or from the cache when
// the network fails; either way with the isolation headers.
async function serve(req) {
  // A page's query is its settings: one cached copy serves them all.
  const key = req.mode === "navigate" ? stripQuery(req.url) : req;
  let res;
  try {
    res = await fetch(req);
    if (res.ok && res.status === 200 && res.type === "basic") {
      const copy = res.clone();
      caches.open(cacheName).then((cache) => cache.put(key, copy)).catch(() => {});
    }
  } catch (err) {
    res = await caches.match(key, { ignoreSearch: req.mode === "navigate" });
    // Every address of the lab is the same page, which reads its settings
    // from the URL: offline, any cached copy of it serves.
    const scope = self.registration.scope;
    const lab = req.mode === "navigate" && !new URL(req.url).pathname.startsWith(new URL(scope).pathname + "embed/");
    for (const alt of lab ? [scope, scope + "index.html", scope.replace(/\/$/, "")] : []) {
      res = res || (await caches.match(alt));
    }
    if (!res) throw err;
  }
  return isolate(res);
}

function stripQuery(url) {
  const u = new URL(url);
  u.search = "";
  u.hash = "";
  return u.href;
}

// isolate returns res with the isolation headers (an opaque or redirect
// response is returned as it is: its headers cannot be read or set).
function isolate(res) {
  if (res.status === 0 || res.type === "opaqueredirect") return res;
  const headers = new Headers(res.headers);
  for (const [k, v] of Object.entries(isolation)) headers.set(k, v);
  return new Response(res.body, { status: res.status, statusText: res.statusText, headers });
}
