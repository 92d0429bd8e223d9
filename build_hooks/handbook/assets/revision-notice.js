/* An open tab notices a new revision of the handbook.
 *
 * Every page names its revision twice (build_hooks/handbook/site_versions.py):
 * <meta name="policy-handbook-revision"> in the head — the revision this tab loaded — and
 * data-ph-revision on a hidden marker in the article — the revision of the page Material's
 * instant navigation swapped in.
 *
 * - After an instant navigation, a page of another revision than the tab reloads the tab at once
 *   (header, navigation, scripts and calculators all of one revision; nothing typed is lost: the
 *   forms keep drafts).
 * - revision.json is read past the HTTP cache (cache: "no-cache") when the tab becomes visible,
 *   after each navigation and every five minutes while visible; a newer revision shows "The
 *   handbook was updated — reload" in a polite live region with a Reload button, asks the
 *   service worker to update, and makes later link clicks load whole pages.
 *
 * Loaded on every page through extra_javascript; starts once per tab. */
(function () {
  "use strict";
  var handbook = (window.handbook = window.handbook || {});
  if (handbook.revisionNotice) return;
  var script = document.currentScript;
  var root = new URL("../../", (script && script.src) || window.location.href).href;
  var meta = document.querySelector('meta[name="policy-handbook-revision"]');
  var loaded = meta ? meta.getAttribute("content") : "";
  var POLL_MS = 5 * 60 * 1000;
  var published = loaded;
  var region = null;

  handbook.revisionNotice = {
    loaded: loaded,
    published: function () {
      return published;
    },
    check: check,
  };
  if (!loaded) return; // a page the build did not stamp

  function liveRegion() {
    if (region && document.body.contains(region)) return region;
    region = document.createElement("div");
    region.id = "ph-update";
    region.className = "ph-update";
    region.setAttribute("role", "status");
    region.setAttribute("aria-live", "polite");
    document.body.appendChild(region);
    return region;
  }

  function announce() {
    var box = liveRegion();
    if (box.querySelector("button")) return;
    var text = document.createElement("p");
    text.textContent = "The handbook was updated — reload to read the current revision.";
    var reload = document.createElement("button");
    reload.type = "button";
    reload.className = "md-button md-button--primary";
    reload.id = "ph-update-reload";
    reload.textContent = "Reload";
    reload.addEventListener("click", function () {
      window.location.reload();
    });
    text.appendChild(document.createTextNode(" "));
    text.appendChild(reload);
    box.appendChild(text);
    document.documentElement.setAttribute("data-ph-stale", published);
  }

  function check() {
    return fetch(root + "revision.json", { cache: "no-cache", credentials: "same-origin" })
      .then(function (response) {
        return response.ok ? response.json() : null;
      })
      .then(function (doc) {
        if (!doc || typeof doc.revision !== "string" || doc.revision === loaded) return false;
        published = doc.revision;
        announce();
        if (navigator.serviceWorker && navigator.serviceWorker.getRegistration) {
          navigator.serviceWorker.getRegistration(root).then(function (registration) {
            if (registration) registration.update().catch(function () {});
          });
        }
        return true;
      })
      .catch(function () {
        return false; // offline: nothing to compare with
      });
  }

  /* Once the tab is known to be behind, a click on a link of the site loads the whole page
   * instead of letting instant navigation mix the new page into the old one. */
  window.addEventListener(
    "click",
    function (event) {
      if (published === loaded || event.defaultPrevented || event.button !== 0) return;
      if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
      var link = event.target && event.target.closest && event.target.closest("a[href]");
      if (!link || link.target || link.hasAttribute("download")) return;
      var url = new URL(link.href, window.location.href);
      if (url.origin !== window.location.origin || url.href.indexOf(root) !== 0) return;
      event.preventDefault();
      event.stopPropagation();
      window.location.assign(url.href);
    },
    true
  );

  function onPage() {
    var marker = document.querySelector("[data-ph-revision]");
    var shown = marker ? marker.getAttribute("data-ph-revision") : loaded;
    if (shown && shown !== loaded) {
      window.location.reload(); // a newer (or older) page was swapped into this tab
      return;
    }
    check();
  }

  liveRegion(); // there, empty, before anything is announced in it
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "visible") check();
  });
  window.setInterval(function () {
    if (document.visibilityState === "visible") check();
  }, POLL_MS);
  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(onPage);
  } else {
    onPage();
  }
})();
