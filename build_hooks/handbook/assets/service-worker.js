/* Service worker of the handbook site (scope: the site root), registered on every page by
 * assets/handbook/offline.js. The build writes it to the site root with the site's version
 * (build_hooks/handbook/offline.py), so each deploy that changes a file installs a new worker.
 *
 * - "ph-site-<version>": the whole handbook, filled at install from offline.json (every page,
 *   the search index, revision.json, scripts and stylesheets by their ?v= URLs); a file whose
 *   digest did not change is copied from the previous version's cache instead of downloaded.
 *   Older "ph-site-*" caches are deleted when the new worker activates.
 * - "ph-calc-runtime-<manifest version>": the calculators bundle (manifest.json, Pyodide runtime
 *   files, the wheel and policy.json by their content-addressed URLs), filled when the
 *   calculator loader posts {type: "precache", version, runtime: [urls], pages: [urls]} after its
 *   worker booted; caches of older versions are then deleted.
 *
 * Fetching: bundle files other than manifest.json never change and come from the cache first.
 * Every other same-origin GET goes to the network first, past the HTTP cache ("no-cache":
 * revalidated, so a page cached with max-age before a deploy is never served after it) unless
 * its URL carries a content version (?v=); the answer refreshes the offline copy; the caches
 * answer only when the network fails. Nothing else is intercepted. */
"use strict";

var VERSION = "__SITE_VERSION__";
var SITE_PREFIX = "ph-site-";
var SITE = SITE_PREFIX + VERSION;
var RUNTIME_PREFIX = "ph-calc-runtime-";
var OLD_PAGES = "ph-calc-pages"; // the calculator-only page cache of earlier versions
var LISTING = "offline.json";
var SCOPE = self.registration.scope;
var BUNDLE_PATH = new URL("assets/calculators/", SCOPE).pathname;

function fetchFresh(url) {
  return fetch(url, { cache: "no-cache", credentials: "same-origin" }).then(function (response) {
    if (!response.ok) throw new Error("HTTP " + response.status + " for " + url);
    return response;
  });
}

/* The previous version's cache and listing, to copy unchanged files from. */
function previous() {
  return caches.keys().then(function (names) {
    var older = names.filter(function (name) {
      return name.indexOf(SITE_PREFIX) === 0 && name !== SITE;
    });
    if (!older.length) return null;
    return caches.open(older[older.length - 1]).then(function (cache) {
      return cache.match(new URL(LISTING, SCOPE).href).then(function (hit) {
        if (!hit) return null;
        return hit.json().then(function (listing) {
          return { cache: cache, files: listing.files || {} };
        });
      });
    });
  });
}

/* Run the task functions `limit` at a time; rejects with the first failure. The whole
 * handbook is a few hundred files: fetched all at once, they would compete with the page (and
 * a calculator starting in it) for a modest machine's cores. */
var INSTALL_FETCHES = 4;
function inTurn(tasks, limit) {
  var next = 0;
  function lane() {
    if (next >= tasks.length) return Promise.resolve();
    var task = tasks[next++];
    return task().then(lane);
  }
  var lanes = [];
  for (var i = 0; i < Math.min(limit, tasks.length); i++) lanes.push(lane());
  return Promise.all(lanes);
}

function precacheSite() {
  var listingURL = new URL(LISTING, SCOPE).href;
  return fetchFresh(listingURL + "?v=" + VERSION).then(function (response) {
    return response.json().then(function (listing) {
      return Promise.all([caches.open(SITE), previous()]).then(function (opened) {
        var cache = opened[0];
        var old = opened[1];
        var files = listing.files || {};
        var copies = Object.keys(files).map(function (relative) {
          return function () {
            var url = new URL(relative, SCOPE).href;
            var reuse =
              old && old.files[relative] === files[relative]
                ? old.cache.match(url)
                : Promise.resolve(null);
            return reuse.then(function (hit) {
              if (hit) return cache.put(url, hit);
              return fetchFresh(url).then(function (fresh) {
                return cache.put(url, fresh);
              });
            });
          };
        });
        return inTurn(copies, INSTALL_FETCHES).then(function () {
          return cache.put(
            listingURL,
            new Response(JSON.stringify(listing), {
              headers: { "Content-Type": "application/json" },
            })
          );
        });
      });
    });
  });
}

self.addEventListener("install", function (event) {
  event.waitUntil(
    precacheSite()
      .catch(function (error) {
        return caches.delete(SITE).then(function () {
          throw error; // never a half-filled version: the previous worker stays
        });
      })
      .then(function () {
        return self.skipWaiting();
      })
  );
});

self.addEventListener("activate", function (event) {
  event.waitUntil(
    caches
      .keys()
      .then(function (names) {
        return Promise.all(
          names
            .filter(function (name) {
              return (name.indexOf(SITE_PREFIX) === 0 && name !== SITE) || name === OLD_PAGES;
            })
            .map(function (name) {
              return caches.delete(name);
            })
        );
      })
      .then(function () {
        return self.clients.claim();
      })
  );
});

function sameOrigin(urls) {
  return (urls || []).filter(function (url) {
    try {
      return new URL(url).origin === self.location.origin;
    } catch (e) {
      return false;
    }
  });
}

function precacheRuntime(data) {
  var name = RUNTIME_PREFIX + String(data.version || "unversioned");
  var runtime = caches.has(name).then(function (present) {
    if (present) return null;
    return caches
      .open(name)
      .then(function (cache) {
        return Promise.all(
          sameOrigin(data.runtime).map(function (url) {
            return fetch(url, { credentials: "same-origin" }).then(function (response) {
              if (!response.ok) throw new Error("HTTP " + response.status + " for " + url);
              return cache.put(url, response);
            });
          })
        );
      })
      .catch(function (error) {
        return caches.delete(name).then(function () {
          throw error; // never keep half a runtime
        });
      });
  });
  var pages = caches.open(SITE).then(function (cache) {
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
    precacheRuntime(data).then(
      function () {
        if (port) port.postMessage({ ok: true });
      },
      function (error) {
        if (port) port.postMessage({ ok: false, message: String(error) });
      }
    )
  );
});

/* The offline copy of a request: exact URL, then without the query (an asset whose version
 * this worker has not seen), then a page's directory URL. */
function offlineCopy(request) {
  return caches.match(request).then(function (hit) {
    if (hit) return hit;
    return caches.match(request, { ignoreSearch: true }).then(function (loose) {
      if (loose || request.mode !== "navigate") return loose;
      var url = new URL(request.url);
      if (!/\/$/.test(url.pathname)) url.pathname += "/";
      url.search = "";
      return caches.match(url.href);
    });
  });
}

function refresh(request, response) {
  return caches.open(SITE).then(function (cache) {
    return cache.match(request).then(function (hit) {
      // keep the offline copy current; only what the site's listing holds
      if (hit) return cache.put(request, response);
      return null;
    });
  });
}

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
  var versioned = url.searchParams.has("v");
  var network = versioned ? fetch(request) : fetch(request, { cache: "no-cache" });
  event.respondWith(
    network
      .then(function (response) {
        if (!bundle && response.ok && response.type === "basic") {
          event.waitUntil(refresh(request, response.clone()));
        }
        return response;
      })
      .catch(function (error) {
        return offlineCopy(request).then(function (hit) {
          if (hit) return hit;
          throw error;
        });
      })
  );
});
