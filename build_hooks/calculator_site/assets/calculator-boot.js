/* Early start of the calculator worker, loaded with `async` in the <head> of calculator pages
 * only (the build adds it there). Pyodide then boots while the page itself is still loading,
 * instead of after the theme's scripts; calculator-loader.js adopts this worker and replays any
 * message it sent before the loader was listening. Does nothing without WebAssembly or
 * Workers (the loader then shows its message). */
(function () {
  "use strict";
  /* The worker asks the page to compile pyodide.asm.wasm: Chromium keeps compiled WebAssembly
   * for the page (its code cache) but not for a dedicated worker, so a page compile makes every
   * later visit start faster. Compiling streams on background threads; the module is then sent
   * to the worker. Any failure sends null and the worker compiles it itself. */
  function compileFor(worker, url) {
    var compile =
      typeof WebAssembly.compileStreaming === "function"
        ? WebAssembly.compileStreaming(fetch(url, { credentials: "same-origin" }))
        : Promise.reject(new Error("no streaming compile"));
    compile.then(
      function (module) {
        worker.postMessage({ type: "wasm-module", module: module });
      },
      function () {
        worker.postMessage({ type: "wasm-module", module: null });
      }
    );
  }
  if (typeof WebAssembly !== "object" || typeof Worker !== "function") return;
  var handbook = (window.handbook = window.handbook || {});
  if (handbook.earlyWorker) return;
  var script = document.currentScript;
  if (!script || !script.src) return;
  var worker = new Worker(new URL("calculator-worker.js", script.src).href);
  var messages = [];
  function keep(event) {
    messages.push(event);
  }
  worker.addEventListener("message", keep);
  worker.addEventListener("message", function (event) {
    var data = event.data || {};
    if (data.type === "compile-wasm") compileFor(worker, data.url);
  });
  handbook.earlyWorker = {
    worker: worker,
    messages: messages,
    compiles: true,
    release: function () {
      worker.removeEventListener("message", keep);
      return messages;
    },
  };
})();
