/* Early start of the calculator worker, loaded with `async` in the <head> of calculator pages
 * only (the build adds it there). Pyodide then boots while the page itself is still loading,
 * instead of after the theme's scripts; calculator-loader.js adopts this worker and replays any
 * message it sent before the loader was listening. Does nothing without WebAssembly or
 * Workers (the loader then shows its message). */
(function () {
  "use strict";
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
  handbook.earlyWorker = {
    worker: worker,
    messages: messages,
    release: function () {
      worker.removeEventListener("message", keep);
      return messages;
    },
  };
})();
