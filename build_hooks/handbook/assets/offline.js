/* The whole handbook offline after a first visit: registers the site's service worker
 * (service-worker.js at the site root, written by build_hooks/handbook/offline.py) on every
 * page. The worker fills its cache from offline.json while it installs; once it is active,
 * <html data-ph-offline="ready"> is set and window.handbook.siteOffline resolves.
 *
 * Loaded on every page through extra_javascript; registers once per tab, after the page
 * (and, on a calculator page, the calculator) has loaded, and only over http(s) in a secure
 * context (https or localhost). */
(function () {
  "use strict";
  var handbook = (window.handbook = window.handbook || {});
  if (handbook.siteOffline) return;
  var script = document.currentScript;
  // this file is assets/handbook/offline.js: the site root is two folders up
  var root = new URL("../../", (script && script.src) || window.location.href).href;
  var resolveReady;
  handbook.siteOffline = new Promise(function (resolve) {
    resolveReady = resolve;
  });
  if (
    !("serviceWorker" in navigator) ||
    !window.isSecureContext ||
    !/^https?:$/.test(window.location.protocol)
  ) {
    return; // the site still works online
  }
  /* Registered once the page has loaded, the browser is idle and, on a calculator page, the
   * calculator has booted (window.handbook.booting, set by calculator-boot.js, which runs
   * before the load event): installing downloads the whole handbook, which must not compete
   * with the page or the calculator for a modest machine's cores. */
  function whenIdle() {
    return new Promise(function (resolve) {
      if (typeof window.requestIdleCallback === "function") {
        window.requestIdleCallback(resolve, { timeout: 3000 });
      } else {
        setTimeout(resolve, 200);
      }
    });
  }
  var loaded = new Promise(function (resolve) {
    if (document.readyState === "complete") resolve();
    else window.addEventListener("load", resolve, { once: true });
  });
  loaded
    .then(function () {
      // a calculator that never settles (a hung worker) must not keep the site from going
      // offline: wait for it 20 s at most
      return Promise.race([
        handbook.booting,
        new Promise(function (resolve) {
          setTimeout(resolve, 20000);
        }),
      ]);
    })
    .then(whenIdle)
    .then(function () {
      return navigator.serviceWorker.register(root + "service-worker.js", { scope: root });
    })
    .then(function () {
      return navigator.serviceWorker.ready;
    })
    .then(function (registration) {
      document.documentElement.setAttribute("data-ph-offline", "ready");
      resolveReady(registration);
    })
    .catch(function () {
      /* private mode or blocked: the site still works online */
    });
})();
