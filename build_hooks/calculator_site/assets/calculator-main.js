/* Browser calculators, the entry module (loaded on every page as an ES module through
 * extra_javascript; Material's instant navigation never loads scripts later). On a page without
 * a calculator form it does nothing: no worker, no Pyodide request, no service worker.
 *
 * Initialises through Material's document$ once per page view (a form already set up is left
 * alone); the worker is made once per tab (calculator-boot.js).
 *
 * window.handbook (for tests, the benchmark and other scripts):
 *   calculate(name, inputs) -> Promise of the result or {error: {field, message}}
 *   ready       -> Promise of {version, ms, phases}; rejects when the calculator cannot start
 *   offlineReady-> Promise resolved when this page works offline
 *   workers     -> how many workers this tab started (0 or 1)
 *   debounceMs  -> the pause after typing before a form recalculates */
import { supported } from "./calculator-boot.js";
import { DEBOUNCE_MS, FormController } from "./form-controller.js";
import * as offline from "./offline.js";
import { calculatorClient } from "./worker-client.js";

const UI = new URL(".", import.meta.url).href;
const handbook = (window.handbook = window.handbook || {});
handbook.workers = handbook.workers || 0;
handbook.debounceMs = DEBOUNCE_MS;
handbook.offlineReady = offline.ready;

let sections = null;
function sectionMap() {
  if (!sections) {
    sections = fetch(UI + "sections.json")
      .then((response) => (response.ok ? response.json() : {}))
      .catch(() => ({}));
  }
  return sections;
}

let client = null;
function startClient() {
  if (client) return client;
  client = calculatorClient();
  handbook.ready = client.ready;
  handbook.calculate = client.calculate;
  // the service worker and its downloads start once the calculator has booted, not before
  client.ready.then(
    (info) => {
      offline.register();
      offline.precache(info);
    },
    () => {}
  );
  return client;
}

function showUnsupported(forms) {
  forms.forEach((form) => {
    const block = form.closest(".ph-calc-block") || form.parentNode;
    const message = block.querySelector(".ph-calc-nowasm");
    if (message) message.hidden = false;
    form.hidden = true;
  });
}

function init() {
  const forms = Array.from(document.querySelectorAll("form.ph-calc"));
  if (!forms.length) return;
  if (!supported()) {
    startClient(); // its ready rejects at once: the browser cannot run the calculators
    showUnsupported(forms);
    return;
  }
  startClient();
  const map = sectionMap();
  forms.forEach((form) => {
    if (form.phCalculator) return;
    form.phCalculator = new FormController(form, client, map);
    form.phCalculator.start();
  });
}

if (window.document$ && typeof window.document$.subscribe === "function") {
  window.document$.subscribe(init);
} else if (document.readyState === "loading") {
  document.addEventListener("DOMContentLoaded", init);
} else {
  init();
}
