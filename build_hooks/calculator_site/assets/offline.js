/* Offline use of a calculator page after one visit (ES module): registers the site's service
 * worker (service-worker.js at the site root) on calculator pages only, and once the calculator
 * worker has booted asks it to keep the runtime, this page and its scripts.
 *
 *   offline.register()              once per tab, on the first calculator page
 *   offline.precache(info)          info = the worker client's ready value ({version, urls})
 *   offline.ready                   Promise resolved when the page works offline
 *                                   (then <html data-ph-calc-offline="ready">) */

const UI = new URL(".", import.meta.url).href; // assets/calculator-ui/
const ROOT = new URL("../../", UI).href;

/* The page's own scripts, stylesheets and icon as first loaded: read now, since after an
 * instant navigation their relative URLs would resolve against another page's address. */
const PAGE_ASSETS = Array.from(
  document.querySelectorAll("script[src], link[rel~='stylesheet'][href], link[rel~='icon'][href]"),
  (node) => new URL(node.src || node.href, window.location.href)
)
  .filter((url) => url.origin === window.location.origin)
  .map((url) => url.href);

let registered = false;
let resolveReady;
export const ready = new Promise((resolve) => {
  resolveReady = resolve;
});

export function register() {
  if (registered || !("serviceWorker" in navigator) || !window.isSecureContext) return;
  if (!/^https?:$/.test(window.location.protocol)) return;
  registered = true;
  navigator.serviceWorker.register(ROOT + "service-worker.js", { scope: ROOT }).catch(() => {
    registered = false; // private mode or blocked: the calculators still work online
  });
}

/* Every file of assets/calculator-ui/ (the modules import each other, so the page's <script>
 * tags do not name them all): listed by the build in files.json. */
function uiFiles() {
  return fetch(UI + "files.json")
    .then((response) => (response.ok ? response.json() : []))
    .then((names) => names.map((name) => UI + name))
    .catch(() => []);
}

export function precache(info) {
  if (!registered || !navigator.serviceWorker) return;
  const here = window.location.href.split("#")[0];
  Promise.all([navigator.serviceWorker.ready, uiFiles()]).then(([registration, files]) => {
    if (!registration.active) return;
    const channel = new MessageChannel();
    channel.port1.onmessage = (event) => {
      if (event.data && event.data.ok) {
        document.documentElement.setAttribute("data-ph-calc-offline", "ready");
        resolveReady(true);
      }
    };
    const pages = [here, UI + "sections.json", UI + "files.json"].concat(files, PAGE_ASSETS);
    registration.active.postMessage(
      { type: "precache", version: info.version || "", runtime: info.urls || [], pages },
      [channel.port2]
    );
  });
}
