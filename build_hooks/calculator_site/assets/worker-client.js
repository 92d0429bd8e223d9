/* The page's side of the calculator worker (ES module): one client per tab.
 *
 *   const client = calculatorClient();
 *   client.ready      Promise: resolves with {version, ms, phases, urls} when Pyodide has booted;
 *                     REJECTS (Error with the reason) when the browser has no WebAssembly or
 *                     Workers, when WebAssembly is refused (e.g. by a Content-Security-Policy
 *                     without 'wasm-unsafe-eval'), or when any boot step fails.
 *   client.calculate(name, inputs)  Promise of the result, or of {error: {field, message}}:
 *                     errors are data (calculators/boundary.py); it never rejects.
 *   client.state      {info, failure}: what is known now (for status messages).
 *   client.onChange(fn)  fn(state) after the worker booted or failed.
 *
 * Protocol with calculator-worker.js: see its header. */
import { bootWorker } from "./calculator-boot.js";

export const NO_WASM =
  "This browser cannot run the calculator (it needs WebAssembly and Web Workers).";

let client = null;

/** The tab's calculator client (made, and the worker started, on the first call). */
export function calculatorClient() {
  if (client) return client;
  let resolveReady;
  let rejectReady;
  const ready = new Promise((resolve, reject) => {
    resolveReady = resolve;
    rejectReady = reject;
  });
  ready.catch(() => {}); // callers await it; an unwatched rejection is not an uncaught error
  const pending = new Map();
  const watchers = [];
  const state = { info: null, failure: null };
  let nextId = 1;

  const notify = () => watchers.forEach((fn) => fn(state));
  const fail = (message) => {
    if (state.failure) return;
    state.failure = message;
    rejectReady(new Error(message));
    const error = { field: null, message: "The calculator could not start: " + message };
    pending.forEach((resolve) => resolve({ error }));
    pending.clear();
    notify();
  };
  const onMessage = (data) => {
    if (data.type === "ready") {
      state.info = { version: data.version, ms: data.ms, phases: data.phases || {}, urls: data.urls || [] };
      resolveReady(state.info);
      notify();
    } else if (data.type === "failed") {
      fail(data.message || "unknown error");
    } else if (pending.has(data.id)) {
      const resolve = pending.get(data.id);
      pending.delete(data.id);
      resolve(data.error ? { error: data.error } : data.result);
    }
  };

  const started = bootWorker();
  client = {
    ready,
    state,
    onChange(fn) {
      watchers.push(fn);
    },
    calculate(name, inputs) {
      if (state.failure) {
        const message = "The calculator could not start: " + state.failure;
        return Promise.resolve({ error: { field: null, message } });
      }
      const id = nextId++;
      return new Promise((resolve) => {
        pending.set(id, resolve);
        started.worker.postMessage({ id, name: String(name), inputs: inputs || {} });
      });
    },
  };
  if (started) started.listen(onMessage);
  else fail(NO_WASM);
  return client;
}
