/* The calculator worker, once per tab, and the one place the page compiles Pyodide's
 * WebAssembly (ES module).
 *
 * Two entries use it: calculator-start.js (an async module in the <head> of calculator pages,
 * so Pyodide boots while the page still loads) and worker-client.js (when the reader arrives by
 * Material's instant navigation, the <head> script never ran). Both get the same module
 * instance, so the worker is made once.
 *
 * Why the page compiles: Chromium keeps compiled WebAssembly for the page (its code cache) but
 * not for a dedicated worker, so a page compile makes every later visit start faster. The
 * worker asks with {type: "compile-wasm", url}; the page streams the compile on background
 * threads and sends the module ({type: "wasm-module", module}), or null on any failure (the
 * worker then compiles it itself).
 *
 * window.handbook.booting: a Promise that settles when the worker has booted or failed (set
 * when the worker starts; scripts that start background work wait for it). */

const handbook = (window.handbook = window.handbook || {});

/** Whether this browser can run the calculators at all (WebAssembly and Web Workers). */
export function supported() {
  return (
    typeof WebAssembly === "object" &&
    typeof WebAssembly.instantiate === "function" &&
    typeof Worker === "function"
  );
}

function compileFor(worker, url) {
  const compile =
    typeof WebAssembly.compileStreaming === "function"
      ? WebAssembly.compileStreaming(fetch(url, { credentials: "same-origin" }))
      : Promise.reject(new Error("no streaming compile"));
  compile.then(
    (module) => worker.postMessage({ type: "wasm-module", module }),
    () => worker.postMessage({ type: "wasm-module", module: null })
  );
}

let started = null;

/**
 * The tab's calculator worker, started on the first call.
 * @returns {{worker: Worker, listen: (fn: (data: object) => void) => void} | null} null when
 *   the browser cannot run it. `listen` receives every message but the compile request,
 *   including those that arrived before anyone listened.
 */
export function bootWorker() {
  if (started) return started;
  if (!supported()) return null;
  const worker = new Worker(new URL("calculator-worker.js", import.meta.url).href);
  const early = [];
  let listener = null;
  let booted;
  // settles when the worker has booted or failed: other scripts hold back background work
  // (the site's service worker downloading the whole handbook) until then, so the two cores
  // of a modest machine go to the calculator first
  handbook.booting = new Promise((resolve) => {
    booted = resolve;
  });
  worker.addEventListener("message", (event) => {
    const data = event.data || {};
    if (data.type === "compile-wasm") {
      compileFor(worker, data.url);
      return;
    }
    if (data.type === "ready" || data.type === "failed") booted();
    if (listener) listener(data);
    else early.push(data);
  });
  worker.addEventListener("error", (event) => {
    const data = { type: "failed", message: (event && event.message) || "the calculator worker stopped" };
    booted();
    if (listener) listener(data);
    else early.push(data);
  });
  handbook.workers = (handbook.workers || 0) + 1;
  started = {
    worker,
    listen(fn) {
      listener = fn;
      early.splice(0).forEach(fn);
    },
  };
  return started;
}
