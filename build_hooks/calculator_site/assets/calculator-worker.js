/* Calculator worker: boots the self-hosted Pyodide, loads the calculators wheel and the
 * handbook's policy.json (both checked against manifest.json's sha256), then answers requests.
 *
 * Each request goes through calculators.run_json (calculators/boundary.py), which answers
 * {result} or {error: {field, message}} and never raises: the worker guesses nothing.
 *
 * Started by calculator-boot.js (one per tab). Lives in assets/calculator-ui/; the bundle
 * (manifest.json, the wheel, policy.json, pyodide-<version>/) is in the sibling assets/calculators/.
 *
 * Protocol (postMessage, structured clone):
 *   page -> worker  {id, name, inputs}
 *   worker -> page  {id, result}                       the calculator's JSON result
 *                   {id, error: {field, message}}      bad input (field named) or any other
 *                                                      failure (field null): errors are data
 *                   {type: "ready", version, ms, urls} once, when booted (urls: what to cache
 *                                                      for offline use)
 *                   {type: "failed", message}          once, when booting failed
 * Requests that arrive while booting wait for the boot. */
/* global loadPyodide */
"use strict";

var BUNDLE = new URL("../calculators/", self.location.href).href;
var started = Date.now();
var phases = {}; // milliseconds since the worker started, by boot step (reported when ready)
function mark(name) {
  phases[name] = Date.now() - started;
}

function hex(buffer) {
  var bytes = new Uint8Array(buffer);
  var out = "";
  for (var i = 0; i < bytes.length; i++) {
    out += (bytes[i] < 16 ? "0" : "") + bytes[i].toString(16);
  }
  return out;
}

function fetchOk(url, options) {
  return fetch(url, options).then(function (response) {
    if (!response.ok) throw new Error("could not load " + url + " (HTTP " + response.status + ")");
    return response;
  });
}

/* The URL a bundle file is fetched from: content-addressed by its hash, so the HTTP cache and
 * the service worker can keep it without ever serving a stale copy. */
function fileURL(manifest, relpath) {
  var digest = manifest.files && manifest.files[relpath];
  return new URL(relpath, BUNDLE).href + (digest ? "?v=" + digest.slice(0, 16) : "");
}

/* Fetch a bundle file and check its sha256 against the manifest before anything uses it. */
function verified(manifest, relpath) {
  var expected = manifest.files && manifest.files[relpath];
  if (!expected) return Promise.reject(new Error(relpath + " is not in manifest.json"));
  return fetchOk(fileURL(manifest, relpath))
    .then(function (response) {
      return response.arrayBuffer();
    })
    .then(function (buffer) {
      return self.crypto.subtle.digest("SHA-256", buffer).then(function (digest) {
        if (hex(digest) !== String(expected).toLowerCase()) {
          throw new Error(relpath + " does not match manifest.json (sha256); reload the page");
        }
        return buffer;
      });
    });
}

function cacheList(manifest) {
  var urls = [BUNDLE + "manifest.json"];
  Object.keys(manifest.files || {}).forEach(function (relpath) {
    var special = relpath === manifest.wheel || relpath === manifest.policy;
    urls.push(special ? fileURL(manifest, relpath) : new URL(relpath, BUNDLE).href);
  });
  return urls;
}

/* Ask the page (calculator-boot.js, the one compile path) to compile pyodide.asm.wasm (the page's compiled-code cache makes later visits
 * faster; a worker has none) and let Pyodide instantiate that module. If the page sends null,
 * or nothing within 5 s, Pyodide's own streaming compile is used. */
var wasmModule = null;
var receiveModule;
function useModuleFromPage(url) {
  wasmModule = new Promise(function (resolve) {
    receiveModule = resolve;
    setTimeout(function () {
      resolve(null);
    }, 5000);
  });
  self.postMessage({ type: "compile-wasm", url: url });
  var own = WebAssembly.instantiateStreaming;
  WebAssembly.instantiateStreaming = function (source, imports) {
    var made = wasmModule.then(function (module) {
      if (!module) return own.call(WebAssembly, source, imports);
      mark("wasm_from_page");
      return WebAssembly.instantiate(module, imports).then(function (instance) {
        return { instance: instance, module: module };
      });
    });
    made.catch(function (error) {
      instantiateFailed(error);
    });
    return made;
  };
}

/* WebAssembly can be refused (a Content-Security-Policy without 'wasm-unsafe-eval'); Pyodide
 * 0.25 then logs "wasm instantiation failed!" and never settles. So compile the smallest valid
 * module first (8 bytes) and fail at once, before downloading the runtime. */
function wasmAllowed() {
  var empty = new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0]);
  return WebAssembly.compile(empty).then(
    function () {},
    function (error) {
      throw new Error("this site or browser does not allow WebAssembly (" + String((error && error.message) || error) + ")");
    }
  );
}

/* Any failure while Pyodide instantiates its WebAssembly ends the boot (Pyodide 0.25 would
 * wait forever). */
var instantiateFailed = null;
var instantiateFailure = new Promise(function (resolve, reject) {
  instantiateFailed = reject;
});
instantiateFailure.catch(function () {});

function boot() {
  var manifest;
  return wasmAllowed()
    .then(function () {
      return fetchOk(BUNDLE + "manifest.json", { cache: "no-cache" });
    })
    .then(function (response) {
      return response.json();
    })
    .then(function (loaded) {
      mark("manifest");
      manifest = loaded;
      var indexURL = new URL(manifest.index_url || "pyodide/", BUNDLE).href;
      // wheel and policy download (and are verified) while Pyodide boots
      var wheel = verified(manifest, manifest.wheel);
      var policy = verified(manifest, manifest.policy || "policy.json");
      useModuleFromPage(indexURL + "pyodide.asm.wasm");
      importScripts(indexURL + "pyodide.js");
      mark("pyodide_js");
      var runtime = loadPyodide({
        indexURL: indexURL,
        stdout: function () {},
        stderr: function () {},
      });
      runtime.then(function () {
        mark("runtime");
      });
      return Promise.race([Promise.all([runtime, wheel, policy]), instantiateFailure]);
    })
    .then(function (parts) {
      var pyodide = parts[0];
      pyodide.unpackArchive(parts[1], "wheel");
      mark("unpacked");
      // the one boundary, defined in Python: JSON text in, {result} or {error} JSON text out
      var runJson = pyodide.pyimport("calculators").run_json;
      mark("imported");
      var policyText = new TextDecoder("utf-8").decode(parts[2]);
      mark("policy");
      self.postMessage({
        type: "ready",
        version: manifest.version || "",
        ms: Date.now() - started,
        phases: phases,
        urls: cacheList(manifest),
      });
      return function (name, inputs) {
        var text = JSON.stringify(inputs === undefined ? {} : inputs);
        // JSON.stringify answers undefined for a function: "null", which run_json refuses
        return JSON.parse(runJson(String(name), text === undefined ? "null" : text, policyText));
      };
    });
}

var ready = boot();
ready.catch(function (error) {
  self.postMessage({ type: "failed", message: String((error && error.message) || error) });
});

self.onmessage = function (event) {
  var message = event.data || {};
  if (message.type === "wasm-module") {
    if (receiveModule) receiveModule(message.module || null);
    return;
  }
  if (message.id === undefined || message.id === null) return;
  ready
    .then(function (calculate) {
      var out = calculate(message.name, message.inputs); // {result} or {error}: never throws
      if (out.error) self.postMessage({ id: message.id, error: out.error });
      else self.postMessage({ id: message.id, result: out.result });
    })
    .catch(function (error) {
      self.postMessage({
        id: message.id,
        error: {
          field: null,
          message: "The calculator could not run: " + String((error && error.message) || error),
        },
      });
    });
};
