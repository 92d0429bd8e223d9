/* Service worker of the handbook site (scope: the site root), registered by
 * calculator-loader.js on calculator pages only. It lets calculator pages work with the network
 * off after one visit:
 *
 * - "ph-calc-runtime-<manifest version>": the calculators bundle (manifest.json, Pyodide runtime
 *   files, the wheel and policy.json by their content-addressed URLs), filled when the loader
 *   posts {type: "precache", version, runtime: [urls], pages: [urls]} after the worker booted;
 *   caches of older versions are then deleted.
 * - "ph-calc-pages": the calculator page itself and its scripts and stylesheets, refreshed
 *   whenever they are fetched online.
 *
 * Bundle files other than manifest.json are immutable (versioned folder or hash in the URL) and
 * come from the cache first. Every other same-origin GET goes to the network first (so a new
 * revision is always seen online) and falls back to these caches when the network fails.
 * Nothing else is intercepted. */
"use strict";

var RUNTIME_PREFIX = "ph-calc-runtime-";
var PAGES = "ph-calc-pages";
var BUNDLE_PATH = new URL("assets/calculators/", self.registration.scope).pathname;

self.addEventListener("install", function () {
  self.skipWaiting();
});

self.addEventListener("activate", function (event) {
  event.waitUntil(self.clients.claim());
});

function addAll(cache, urls) {
  return Promise.all(
    urls.map(function (url) {
      return fetch(url, { credentials: "same-origin" }).then(function (response) {
        if (!response.ok) throw new Error("HTTP " + response.status + " for " + url);
        return cache.put(url, response);
      });
    })
  );
}

function sameOrigin(urls) {
  return (urls || []).filter(function (url) {
    try {
      return new URL(url).origin === self.location.origin;
    } catch (e) {
      return false;
    }
  });
}

function precache(data) {
  var name = RUNTIME_PREFIX + String(data.version || "unversioned");
  var runtime = caches.has(name).then(function (present) {
    if (present) return null;
    return caches
      .open(name)
      .then(function (cache) {
        return addAll(cache, sameOrigin(data.runtime));
      })
      .catch(function (error) {
        return caches.delete(name).then(function () {
          throw error; // never keep half a runtime
        });
      });
  });
  var pages = caches.open(PAGES).then(function (cache) {
    return Promise.all(
      sameOrigin(data.pages).map(function (url) {
        return cache.match(url).then(function (hit) {
          return hit ? null : cache.add(url).catch(function () {});
        });
      })
    );
  });
  return Promise.all([runtime, pages]).then(function () {
    return caches.keys().then(function (names) {
      return Promise.all(
        names
          .filter(function (key) {
            return key.indexOf(RUNTIME_PREFIX) === 0 && key !== name;
          })
          .map(function (key) {
            return caches.delete(key);
          })
      );
    });
  });
}

self.addEventListener("message", function (event) {
  var data = event.data || {};
  if (data.type !== "precache") return;
  var port = event.ports && event.ports[0];
  event.waitUntil(
    precache(data).then(
      function () {
        if (port) port.postMessage({ ok: true });
      },
      function (error) {
        if (port) port.postMessage({ ok: false, message: String(error) });
      }
    )
  );
});

self.addEventListener("fetch", function (event) {
  var request = event.request;
  if (request.method !== "GET" || request.headers.has("range")) return;
  var url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  var bundle = url.pathname.indexOf(BUNDLE_PATH) === 0;
  if (bundle && !/\/manifest\.json$/.test(url.pathname)) {
    // Runtime files live under a folder named by the Pyodide version and the wheel and policy
    // carry their hash in the URL: they never change, so the cached copy is served first (this
    // also keeps Chromium's compiled-WebAssembly cache, which a fresh network response loses).
    event.respondWith(
      caches.match(request).then(function (hit) {
        return hit || fetch(request);
      })
    );
    return;
  }
  event.respondWith(
    fetch(request)
      .then(function (response) {
        if (!bundle && response.ok && response.type === "basic") {
          var copy = response.clone();
          caches.open(PAGES).then(function (cache) {
            return cache.match(request).then(function (hit) {
              // refresh only what is already kept: calculator pages and their assets
              if (hit) return cache.put(request, copy);
              return null;
            });
          });
        }
        return response;
      })
      .catch(function (error) {
        return caches.match(request).then(function (hit) {
          if (hit) return hit;
          if (request.mode === "navigate") {
            return caches.match(request, { ignoreSearch: true }).then(function (page) {
              if (page) return page;
              throw error;
            });
          }
          throw error;
        });
      })
  );
});
