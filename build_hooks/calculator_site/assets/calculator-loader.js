/* Browser calculators: wires every form.ph-calc on the page to one Web Worker running the
 * handbook's Python calculators in Pyodide.
 *
 * Loaded on every page through extra_javascript (Material's instant navigation never loads
 * scripts later) but does nothing on a page without a calculator form: no worker, no Pyodide
 * request, no service worker. On a calculator page it starts the worker at once (before the
 * reader types), so the runtime boots while they read.
 *
 * - window.handbook.calculate(name, inputs) -> Promise of the result JSON, or of
 *   {error: {field, message}} (errors are data; the promise does not reject).
 * - window.handbook.ready -> Promise resolved when the worker has booted ({version, ms}).
 * - window.handbook.offlineReady -> Promise resolved when the service worker holds this page
 *   and the runtime (then <html data-ph-calc-offline="ready">).
 * - window.handbook.workers -> how many workers this tab started (always 0 or 1).
 * - window.handbook.debounceMs -> the pause after typing before a form recalculates.
 * Initialises through Material's document$ (once per page view); the worker and the global
 * listeners are made once per tab. Everything from inputs and results is put on the page with
 * textContent, never as HTML.
 *
 * localStorage: policy-handbook:calc-draft:<calculator> = {rows: {list: n}, values: {name: v}}. */
(function () {
  "use strict";

  var script = document.currentScript;
  var UI = new URL(".", (script && script.src) || window.location.href).href; // assets/calculator-ui/
  var ROOT = new URL("../../", UI).href;
  var DRAFT_PREFIX = "policy-handbook:calc-draft:";
  var DEBOUNCE_MS = 250;
  var NO_WASM =
    "This browser cannot run the calculator (it needs WebAssembly and Web Workers). " +
    "The tables on this page give the same figures.";
  var MONEY_KEY = /(^|_)(amount|payout|pay|total|cost|reimbursement|fare|tip|subtotal|rate_usd)$/;
  var MONEY_VALUE = /^-?\d+\.\d\d$/;

  var handbook = (window.handbook = window.handbook || {});
  var worker = null;
  var nextId = 1;
  var pending = {};
  var readyResolve;
  var offlineResolve;
  var sectionsPromise = null;
  var swRegistered = false;
  var bootInfo = null;
  var bootFailure = null;

  handbook.workers = handbook.workers || 0;
  handbook.debounceMs = DEBOUNCE_MS; // how long typing pauses before a recalculation
  handbook.ready = new Promise(function (resolve) {
    readyResolve = resolve;
  });
  handbook.offlineReady = new Promise(function (resolve) {
    offlineResolve = resolve;
  });

  function supported() {
    return (
      typeof WebAssembly === "object" &&
      typeof WebAssembly.instantiate === "function" &&
      typeof Worker === "function" &&
      typeof Promise === "function"
    );
  }

  /* ---------- the worker (one per tab) ---------- */

  function settleAll(error) {
    Object.keys(pending).forEach(function (id) {
      var resolve = pending[id];
      delete pending[id];
      resolve({ error: error });
    });
  }

  function onWorkerMessage(event) {
    var data = event.data || {};
    if (data.type === "compile-wasm") {
      // answered by calculator-boot.js when it started this worker; otherwise here
      if (!bootCompiles) compileWasm(data.url);
      return;
    }
    if (data.type === "ready") {
      bootInfo = { version: data.version, ms: data.ms, phases: data.phases || {} };
      readyResolve(bootInfo);
      precacheForOffline(data.urls || [], data.version || "");
      updateStatuses();
      return;
    }
    if (data.type === "failed") {
      bootFailure = data.message || "unknown error";
      updateStatuses();
      return;
    }
    var resolve = pending[data.id];
    if (!resolve) return;
    delete pending[data.id];
    resolve(data.error ? { error: data.error } : data.result);
  }

  var bootCompiles = false;

  /* Compile the runtime's WebAssembly in the page and hand the module to the worker (see
   * calculator-boot.js for why); null makes the worker compile it itself. */
  function compileWasm(url) {
    var target = worker;
    var compile =
      typeof WebAssembly.compileStreaming === "function"
        ? WebAssembly.compileStreaming(fetch(url, { credentials: "same-origin" }))
        : Promise.reject(new Error("no streaming compile"));
    compile.then(
      function (module) {
        target.postMessage({ type: "wasm-module", module: module });
      },
      function () {
        target.postMessage({ type: "wasm-module", module: null });
      }
    );
  }

  function startWorker() {
    if (worker) return worker;
    var early = handbook.earlyWorker; // started by calculator-boot.js from the page's <head>
    var missed = [];
    if (early && early.worker) {
      worker = early.worker;
      bootCompiles = !!early.compiles;
      missed = early.release();
      handbook.earlyWorker = null;
    } else {
      worker = new Worker(UI + "calculator-worker.js");
    }
    handbook.workers += 1;
    worker.addEventListener("message", onWorkerMessage);
    missed.forEach(onWorkerMessage);
    worker.addEventListener("error", function (event) {
      bootFailure = (event && event.message) || "the calculator worker stopped";
      settleAll({ field: null, message: "The calculator could not start: " + bootFailure });
      updateStatuses();
    });
    return worker;
  }

  handbook.calculate = function (name, inputs) {
    if (!supported()) return Promise.resolve({ error: { field: null, message: NO_WASM } });
    var target = startWorker();
    var id = nextId++;
    return new Promise(function (resolve) {
      pending[id] = resolve;
      target.postMessage({ id: id, name: String(name), inputs: inputs || {} });
    });
  };

  /* ---------- offline: service worker at the site root ---------- */

  function registerServiceWorker() {
    if (swRegistered || !("serviceWorker" in navigator) || !window.isSecureContext) return;
    if (!/^https?:$/.test(window.location.protocol)) return;
    swRegistered = true;
    navigator.serviceWorker.register(ROOT + "service-worker.js", { scope: ROOT }).catch(function () {
      swRegistered = false; // private mode or blocked: the calculators still work online
    });
  }

  /* The scripts, stylesheets and icon of the page as first loaded. Read now: after an instant
   * navigation their relative URLs would resolve against another page's address. */
  var PAGE_ASSETS = (function () {
    var urls = [];
    var nodes = document.querySelectorAll("script[src], link[rel~='stylesheet'][href], link[rel~='icon'][href]");
    Array.prototype.forEach.call(nodes, function (node) {
      var url = new URL(node.src || node.href, window.location.href);
      if (url.origin === window.location.origin) urls.push(url.href);
    });
    return urls;
  })();

  function pageURLs() {
    var here = window.location.href.split("#")[0];
    return [here, UI + "sections.json", UI + "calculator-worker.js"].concat(PAGE_ASSETS);
  }

  function precacheForOffline(runtime, version) {
    if (!swRegistered || !navigator.serviceWorker) return;
    navigator.serviceWorker.ready.then(function (registration) {
      if (!registration.active) return;
      var channel = new MessageChannel();
      channel.port1.onmessage = function (event) {
        if (event.data && event.data.ok) {
          document.documentElement.setAttribute("data-ph-calc-offline", "ready");
          offlineResolve(true);
        }
      };
      registration.active.postMessage(
        { type: "precache", version: version, runtime: runtime, pages: pageURLs() },
        [channel.port2]
      );
    });
  }

  /* ---------- sections cited by results ---------- */

  function sections() {
    if (!sectionsPromise) {
      sectionsPromise = fetch(UI + "sections.json")
        .then(function (response) {
          return response.ok ? response.json() : {};
        })
        .catch(function () {
          return {};
        });
    }
    return sectionsPromise;
  }

  /* ---------- small DOM helpers ---------- */

  function el(tag, text, className) {
    var node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = String(text);
    if (className) node.className = className;
    return node;
  }

  function clear(node) {
    while (node.firstChild) node.removeChild(node.firstChild);
  }

  function humanize(key) {
    var text = String(key).replace(/_/g, " ");
    return text.charAt(0).toUpperCase() + text.slice(1);
  }

  function slug(value) {
    return String(value).replace(/[^A-Za-z0-9_-]+/g, "-").replace(/^-+|-+$/g, "") || "x";
  }

  /* ---------- storage ---------- */

  function storage() {
    try {
      var probe = "policy-handbook:probe";
      window.localStorage.setItem(probe, "1");
      window.localStorage.removeItem(probe);
      return window.localStorage;
    } catch (e) {
      return null;
    }
  }

  function readDraft(name) {
    var store = storage();
    if (!store) return null;
    try {
      var draft = JSON.parse(store.getItem(DRAFT_PREFIX + name));
      return draft && typeof draft === "object" && draft.values ? draft : null;
    } catch (e) {
      return null;
    }
  }

  function writeDraft(name, draft) {
    var store = storage();
    if (!store) return;
    try {
      if (draft) store.setItem(DRAFT_PREFIX + name, JSON.stringify(draft));
      else store.removeItem(DRAFT_PREFIX + name);
    } catch (e) {
      /* quota exceeded: the form still works */
    }
  }

  /* ---------- the forms ---------- */

  var controllers = []; // controllers of the forms on the current page

  function updateStatuses() {
    controllers.forEach(function (c) {
      if (c.form.isConnected) c.showIdle();
    });
  }

  function controlValue(control) {
    if (control.type === "checkbox") return control.checked;
    var value = String(control.value || "").trim();
    if (!value) return undefined;
    var kind = control.getAttribute("data-kind");
    if (kind === "integer" || kind === "decimal" || kind === "money") {
      value = value.replace(/[\s,$]/g, "");
    }
    return value;
  }

  function Controller(form) {
    this.form = form;
    this.name = form.getAttribute("data-calculator");
    this.base = form.id;
    this.block = form.closest(".ph-calc-block") || form.parentNode;
    this.region = this.block.querySelector(".ph-calc-result");
    this.touched = {};
    this.submitted = false;
    this.timer = null;
    this.latest = 0;
    this.indexMaps = {};
    this.hasResult = false;
    this.inflight = 0;
  }

  Controller.prototype.lists = function () {
    return Array.prototype.slice.call(this.form.querySelectorAll("fieldset.ph-calc-list"));
  };

  Controller.prototype.rowsOf = function (list) {
    return Array.prototype.slice.call(list.querySelector(".ph-calc-rows").children);
  };

  Controller.prototype.makeRow = function (list, index) {
    var template = list.querySelector("template.ph-calc-template");
    var fragment = document.importNode(template.content, true);
    var row = fragment.firstElementChild;
    var all = [row].concat(Array.prototype.slice.call(row.querySelectorAll("*")));
    all.forEach(function (node) {
      Array.prototype.slice.call(node.attributes).forEach(function (attr) {
        if (attr.value.indexOf("__INDEX__") !== -1) {
          node.setAttribute(attr.name, attr.value.split("__INDEX__").join(String(index)));
        }
      });
    });
    Array.prototype.forEach.call(row.querySelectorAll(".ph-calc-row-number"), function (span) {
      span.textContent = String(index + 1);
    });
    return row;
  };

  Controller.prototype.updateListButtons = function (list) {
    var rows = this.rowsOf(list).length;
    var max = parseInt(list.getAttribute("data-max"), 10);
    var min = parseInt(list.getAttribute("data-min"), 10) || 0;
    var add = list.querySelector("[data-action='add']");
    if (add) add.disabled = !isNaN(max) && rows >= max;
    Array.prototype.forEach.call(list.querySelectorAll(".ph-calc-rows [data-action='remove']"), function (b) {
      b.disabled = rows <= min;
    });
  };

  /* Rebuild a list's rows (after Remove, or to restore a draft), keeping the given values. */
  Controller.prototype.setRows = function (list, count) {
    var container = list.querySelector(".ph-calc-rows");
    clear(container);
    for (var i = 0; i < count; i++) container.appendChild(this.makeRow(list, i));
    this.updateListButtons(list);
  };

  Controller.prototype.rowValues = function (row) {
    var values = [];
    Array.prototype.forEach.call(row.querySelectorAll("input, select"), function (control) {
      values.push(control.type === "checkbox" ? control.checked : control.value);
    });
    return values;
  };

  Controller.prototype.setRowValues = function (row, values) {
    Array.prototype.forEach.call(row.querySelectorAll("input, select"), function (control, i) {
      if (values[i] === undefined) return;
      if (control.type === "checkbox") control.checked = values[i] === true;
      else control.value = values[i];
    });
  };

  Controller.prototype.addRow = function (list) {
    var container = list.querySelector(".ph-calc-rows");
    var row = this.makeRow(list, container.children.length);
    container.appendChild(row);
    this.updateListButtons(list);
    var first = row.querySelector("input, select");
    if (first) first.focus();
    this.changed(list.getAttribute("data-field"));
  };

  Controller.prototype.removeRow = function (list, row) {
    var self = this;
    var rows = this.rowsOf(list);
    var position = rows.indexOf(row);
    var kept = rows
      .filter(function (r) {
        return r !== row;
      })
      .map(function (r) {
        return self.rowValues(r);
      });
    this.setRows(list, kept.length);
    this.rowsOf(list).forEach(function (r, i) {
      self.setRowValues(r, kept[i]);
    });
    var after = this.rowsOf(list);
    var focusRow = after[Math.min(position, after.length - 1)];
    var target = focusRow ? focusRow.querySelector("input, select") : list.querySelector("[data-action='add']");
    if (target) target.focus();
    this.changed(list.getAttribute("data-field"));
  };

  /* The JSON inputs: empty fields omitted, empty list rows skipped (indexMaps maps the index
   * the calculator sees back to the row on screen, for error messages). */
  Controller.prototype.collect = function () {
    var self = this;
    var inputs = {};
    this.indexMaps = {};
    Array.prototype.forEach.call(this.form.querySelectorAll(".ph-calc-group > .ph-calc-field"), function (box) {
      var control = box.querySelector("input, select");
      var value = control ? controlValue(control) : undefined;
      if (value !== undefined) inputs[box.getAttribute("data-field")] = value;
    });
    this.lists().forEach(function (list) {
      var name = list.getAttribute("data-field");
      var objects = list.getAttribute("data-list") === "objects";
      var items = [];
      var map = [];
      self.rowsOf(list).forEach(function (row, domIndex) {
        if (objects) {
          var item = {};
          var filled = false;
          Array.prototype.forEach.call(row.querySelectorAll(".ph-calc-field"), function (box) {
            var control = box.querySelector("input, select");
            var key = String(box.getAttribute("data-field")).split(".").pop();
            var value = control ? controlValue(control) : undefined;
            // a row only holding its fields' defaults (e.g. tip 0) is an empty row
            if (control && (control.type === "checkbox" ? control.checked !== control.defaultChecked : value !== undefined && control.value !== control.defaultValue)) {
              filled = true;
            }
            if (value !== undefined) item[key] = value;
          });
          if (filled) {
            items.push(item);
            map.push(domIndex);
          }
        } else {
          var control = row.querySelector("input, select");
          var value = control ? controlValue(control) : undefined;
          if (value !== undefined) {
            items.push(value);
            map.push(domIndex);
          }
        }
      });
      self.indexMaps[name] = map;
      if (items.length) inputs[name] = items;
    });
    return inputs;
  };

  Controller.prototype.draft = function () {
    var self = this;
    var draft = { rows: {}, values: {} };
    this.lists().forEach(function (list) {
      draft.rows[list.getAttribute("data-field")] = self.rowsOf(list).length;
    });
    Array.prototype.forEach.call(this.form.querySelectorAll("input[name], select[name]"), function (control) {
      var value = control.type === "checkbox" ? control.checked : control.value;
      if (value !== "" && value !== false) draft.values[control.name] = value;
    });
    return draft;
  };

  Controller.prototype.restore = function () {
    var self = this;
    var draft = readDraft(this.name);
    if (!draft || !Object.keys(draft.values).length) return false;
    this.lists().forEach(function (list) {
      var count = draft.rows && draft.rows[list.getAttribute("data-field")];
      if (typeof count === "number" && count >= 0 && count <= 500) self.setRows(list, count);
    });
    Array.prototype.forEach.call(this.form.querySelectorAll("input[name], select[name]"), function (control) {
      if (!Object.prototype.hasOwnProperty.call(draft.values, control.name)) return;
      var value = draft.values[control.name];
      if (control.type === "checkbox") control.checked = value === true;
      else control.value = String(value);
      self.touched[String(control.name).split(".")[0]] = true;
    });
    return true;
  };

  Controller.prototype.changed = function (fieldName) {
    var self = this;
    if (fieldName) this.touched[String(fieldName).split(".")[0]] = true;
    writeDraft(this.name, this.draft());
    if (this.timer) window.clearTimeout(this.timer);
    this.timer = window.setTimeout(function () {
      self.timer = null;
      self.compute();
    }, DEBOUNCE_MS);
  };

  Controller.prototype.clearErrors = function () {
    Array.prototype.forEach.call(this.block.querySelectorAll("[aria-invalid='true']"), function (node) {
      node.setAttribute("aria-invalid", "false");
    });
    Array.prototype.forEach.call(this.block.querySelectorAll(".ph-calc-error"), function (node) {
      node.textContent = "";
    });
  };

  /* The element an error's field names: "tnc[1].tip" -> #calc-travel-tnc-<row>-tip. */
  Controller.prototype.fieldElement = function (field) {
    var match = /^([^[.]+)(?:\[(\d+)\])?(?:\.(.+))?$/.exec(String(field || ""));
    if (!match) return null;
    var id = this.base + "-" + slug(match[1]);
    if (match[2] !== undefined) {
      var map = this.indexMaps[match[1]] || [];
      var row = map[parseInt(match[2], 10)];
      var withRow = id + "-" + (row === undefined ? match[2] : row);
      var exact = document.getElementById(withRow + (match[3] ? "-" + slug(match[3]) : ""));
      if (exact) return exact;
      return document.getElementById(withRow) || document.getElementById(id);
    }
    return document.getElementById(id);
  };

  Controller.prototype.showError = function (error, focus) {
    var field = error && error.field;
    var message = (error && error.message) || "Something went wrong.";
    var target = field ? this.fieldElement(field) : null;
    var top = field ? String(field).split(/[[.]/)[0] : "";
    var visible = target && (this.submitted || this.touched[top]);
    if (visible) {
      var errorP = document.getElementById(target.id + "-error");
      if (errorP) errorP.textContent = message;
      if (/^(INPUT|SELECT|TEXTAREA)$/.test(target.tagName)) target.setAttribute("aria-invalid", "true");
      if (focus && typeof target.focus === "function") target.focus();
      this.status("Check the field marked above: " + message);
    } else if (target) {
      this.status("To see a result: " + message);
    } else {
      var formError = document.getElementById(this.base + "-form-error");
      if (formError && (this.submitted || !field)) formError.textContent = message;
      this.status(message);
    }
  };

  Controller.prototype.status = function (text) {
    clear(this.region);
    this.hasResult = false;
    this.region.appendChild(el("p", text, "ph-calc-status"));
  };

  Controller.prototype.showIdle = function () {
    if (this.hasResult || this.timer || this.inflight) return;
    if (bootFailure) this.status("The calculator could not start: " + bootFailure);
    else if (!bootInfo && this.region.querySelector(".ph-calc-status")) {
      this.status("Starting the calculator… You can fill in the form meanwhile.");
    } else if (this.region.querySelector(".ph-calc-status")) {
      var inputs = this.collect();
      if (Object.keys(inputs).length) this.compute();
      else this.status("Fill in the form to see the result.");
    }
  };

  Controller.prototype.compute = function (focusError) {
    var self = this;
    var inputs = this.collect();
    var id = ++this.latest;
    if (!Object.keys(inputs).length && !this.submitted) {
      this.clearErrors();
      this.status("Fill in the form to see the result.");
      return Promise.resolve(null);
    }
    if (!bootInfo && !bootFailure) this.region.setAttribute("aria-busy", "true");
    this.inflight += 1;
    return handbook.calculate(this.name, inputs).then(function (result) {
      self.inflight -= 1;
      if (id !== self.latest || !self.form.isConnected) return result;
      self.region.removeAttribute("aria-busy");
      self.clearErrors();
      if (result && result.error) self.showError(result.error, focusError);
      else self.render(result || {});
      return result;
    });
  };

  /* ---------- results ---------- */

  Controller.prototype.choiceLabel = function (key, value) {
    var select = this.form.querySelector("select[name='" + key + "']");
    if (!select || typeof value !== "string") return null;
    for (var i = 0; i < select.options.length; i++) {
      if (select.options[i].value === value) return select.options[i].textContent;
    }
    return null;
  };

  Controller.prototype.format = function (key, value) {
    if (value === null || value === undefined || value === "") return "—";
    if (value === true) return "Yes";
    if (value === false) return "No";
    if (Array.isArray(value)) {
      var self = this;
      return value
        .map(function (v) {
          return self.format(key, v);
        })
        .join(", ");
    }
    if (typeof value === "object") return JSON.stringify(value);
    var label = this.choiceLabel(key, value);
    if (label) return label;
    var text = String(value);
    if (MONEY_KEY.test(String(key)) && MONEY_VALUE.test(text)) {
      return text.charAt(0) === "-" ? "-$" + text.slice(1) : "$" + text;
    }
    return text;
  };

  function isScalar(value) {
    return value === null || typeof value !== "object";
  }

  function capped(row) {
    return Object.keys(row).some(function (key) {
      var value = row[key];
      return (/cap/i.test(key) && value === true) || (typeof value === "string" && /\bcap\b/i.test(value));
    });
  }

  Controller.prototype.definitionList = function (object) {
    var self = this;
    var dl = el("dl", null, "ph-calc-figures");
    Object.keys(object).forEach(function (key) {
      if (!isScalar(object[key])) return;
      dl.appendChild(el("dt", humanize(key)));
      dl.appendChild(el("dd", self.format(key, object[key])));
    });
    return dl.children.length ? dl : null;
  };

  /* A table of a list of objects (travel items, projection periods, events); a total row when
   * the owner has one; rows at a cap marked. */
  Controller.prototype.table = function (caption, rows, total) {
    var self = this;
    var columns = [];
    rows.forEach(function (row) {
      if (row && typeof row === "object" && !Array.isArray(row)) {
        Object.keys(row).forEach(function (key) {
          if (columns.indexOf(key) === -1 && isScalar(row[key])) columns.push(key);
        });
      }
    });
    var wrap = el("div", null, "ph-calc-table-wrap");
    var table = el("table", null, "ph-calc-table");
    table.appendChild(el("caption", caption));
    if (!columns.length) {
      var body0 = el("tbody");
      rows.forEach(function (value) {
        var tr = el("tr");
        tr.appendChild(el("td", self.format(caption, value)));
        body0.appendChild(tr);
      });
      table.appendChild(body0);
      wrap.appendChild(table);
      return wrap;
    }
    var head = el("thead");
    var headRow = el("tr");
    columns.forEach(function (key) {
      var th = el("th", humanize(key));
      th.setAttribute("scope", "col");
      headRow.appendChild(th);
    });
    head.appendChild(headRow);
    table.appendChild(head);
    var body = el("tbody");
    rows.forEach(function (row) {
      var tr = el("tr");
      var atCap = row && typeof row === "object" && capped(row);
      columns.forEach(function (key, i) {
        var cell = el(i === 0 ? "th" : "td", self.format(key, row ? row[key] : null));
        if (i === 0) cell.setAttribute("scope", "row");
        if (i === 0 && atCap) {
          cell.appendChild(document.createTextNode(" "));
          cell.appendChild(el("span", "(at cap)", "ph-calc-cap"));
        }
        tr.appendChild(cell);
      });
      if (atCap) tr.className = "ph-calc-capped";
      body.appendChild(tr);
    });
    table.appendChild(body);
    if (total !== undefined && total !== null) {
      var foot = el("tfoot");
      var tr = el("tr");
      var th = el("th", "Total");
      th.setAttribute("scope", "row");
      tr.appendChild(th);
      var at = columns.indexOf("amount");
      if (at < 1) at = columns.length - 1;
      for (var i = 1; i < columns.length; i++) {
        tr.appendChild(el("td", i === at ? self.format("total", total) : ""));
      }
      foot.appendChild(tr);
      table.appendChild(foot);
    }
    wrap.appendChild(table);
    return wrap;
  };

  Controller.prototype.objectBlock = function (key, object) {
    var self = this;
    var box = el("div", null, "ph-calc-part");
    box.appendChild(el("h4", humanize(key)));
    var dl = this.definitionList(object);
    if (dl) box.appendChild(dl);
    Object.keys(object).forEach(function (inner) {
      var value = object[inner];
      if (Array.isArray(value) && value.length) {
        box.appendChild(self.table(humanize(key) + ": " + humanize(inner), value, object.total));
      } else if (value && typeof value === "object" && !Array.isArray(value)) {
        var sub = self.definitionList(value);
        if (sub) {
          box.appendChild(el("h5", humanize(inner)));
          box.appendChild(sub);
        }
      }
    });
    return box;
  };

  /* Civil-law degrees (both kinds), for the nepotism result's chart. */
  var DEGREE_EXAMPLES = {
    1: ["parent, child", "spouse; spouse's parent or child; child's spouse (stepchild, in-laws)"],
    2: ["grandparent, grandchild, brother, sister", "spouse's grandparent, grandchild or sibling; sibling's spouse"],
    3: ["great-grandparent, great-grandchild, aunt, uncle, niece, nephew", "spouse's aunt, uncle, niece or nephew; their spouses"],
    4: ["first cousin, great-aunt, great-uncle, grandniece, grandnephew", "spouse's first cousin; first cousin's spouse"],
  };

  /* The degree chart with the person highlighted: shown when a result has kind
   * (consanguinity/affinity) and a degree; result.limits {consanguinity, affinity} marks the
   * degrees the rule covers when the calculator provides it. */
  Controller.prototype.degreeChart = function (result) {
    var kinds = ["consanguinity", "affinity"];
    var column = kinds.indexOf(result.kind);
    var degree = parseInt(result.degree, 10);
    if (column === -1 || isNaN(degree)) return null;
    var limits = result.limits && typeof result.limits === "object" ? result.limits : null;
    var wrap = el("div", null, "ph-calc-table-wrap ph-calc-chart");
    var table = el("table", null, "ph-calc-table");
    table.appendChild(el("caption", "Degrees of relationship (this person highlighted)"));
    var head = el("thead");
    var tr = el("tr");
    ["Degree", "By blood (consanguinity)", "By marriage (affinity)"].forEach(function (text) {
      var th = el("th", text);
      th.setAttribute("scope", "col");
      tr.appendChild(th);
    });
    head.appendChild(tr);
    table.appendChild(head);
    var body = el("tbody");
    var last = Math.max(4, degree);
    for (var d = 1; d <= last; d++) {
      var row = el("tr");
      var th = el("th", String(d));
      th.setAttribute("scope", "row");
      row.appendChild(th);
      for (var k = 0; k < 2; k++) {
        var examples = DEGREE_EXAMPLES[d] ? DEGREE_EXAMPLES[d][k] : "more distant relatives";
        var td = el("td", examples);
        if (limits && typeof limits[kinds[k]] === "number" && d <= limits[kinds[k]]) {
          td.appendChild(document.createTextNode(" "));
          td.appendChild(el("span", "(covered)", "ph-calc-covered"));
        }
        if (k === column && d === degree) {
          td.className = "ph-calc-highlight";
          td.appendChild(document.createTextNode(" "));
          var who = result.relation_name ? "this person: " + result.relation_name : "this person";
          td.appendChild(el("strong", "← " + who));
        }
        row.appendChild(td);
      }
      body.appendChild(row);
    }
    table.appendChild(body);
    wrap.appendChild(table);
    return wrap;
  };

  Controller.prototype.render = function (result) {
    var self = this;
    var region = this.region;
    clear(region);
    this.hasResult = true;
    var heading = el("h3", "Result", "ph-calc-result-title");
    region.appendChild(heading);
    var scalars = {};
    Object.keys(result).forEach(function (key) {
      // a part that does not apply (null, e.g. no separation date) is left out
      if (key === "explanation" || key === "citations" || result[key] === null) return;
      if (isScalar(result[key])) scalars[key] = result[key];
    });
    var dl = this.definitionList(scalars);
    if (dl) region.appendChild(dl);
    Object.keys(result).forEach(function (key) {
      var value = result[key];
      if (key === "explanation" || key === "citations" || isScalar(value)) return;
      if (Array.isArray(value)) {
        if (value.length) region.appendChild(self.table(humanize(key), value, result.total));
      } else {
        region.appendChild(self.objectBlock(key, value));
      }
    });
    var chart = this.degreeChart(result);
    if (chart) region.appendChild(chart);
    var steps = Array.isArray(result.explanation) ? result.explanation : [];
    if (steps.length) {
      region.appendChild(el("h4", "How this was worked out"));
      var ol = el("ol", null, "ph-calc-explanation");
      steps.forEach(function (step) {
        ol.appendChild(el("li", step));
      });
      region.appendChild(ol);
    }
    var citations = Array.isArray(result.citations) ? result.citations : [];
    if (citations.length) {
      region.appendChild(el("h4", "Rules applied"));
      var ul = el("ul", null, "ph-calc-citations");
      region.appendChild(ul);
      sections().then(function (map) {
        citations.forEach(function (citation) {
          var li = el("li");
          var text = [citation.number, citation.title].filter(Boolean).join(" ") || citation.id;
          var target = map[citation.id];
          if (target && typeof target.url === "string") {
            var a = el("a", text);
            a.href = new URL(target.url, ROOT).href;
            li.appendChild(a);
          } else {
            li.textContent = text;
          }
          ul.appendChild(li);
        });
      });
    }
  };

  /* ---------- wiring ---------- */

  Controller.prototype.wire = function () {
    var self = this;
    var form = this.form;
    form.addEventListener("input", function (event) {
      self.changed(event.target && event.target.name);
    });
    form.addEventListener("change", function (event) {
      self.changed(event.target && event.target.name);
    });
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      self.submitted = true;
      if (self.timer) window.clearTimeout(self.timer);
      self.timer = null;
      self.compute(true);
    });
    form.addEventListener("reset", function () {
      window.setTimeout(function () {
        writeDraft(self.name, null);
        self.touched = {};
        self.submitted = false;
        self.lists().forEach(function (list) {
          var min = parseInt(list.getAttribute("data-min"), 10) || 0;
          if (list.getAttribute("data-list") === "objects") min = Math.max(min, 1);
          self.setRows(list, min);
        });
        self.clearErrors();
        self.status("Fill in the form to see the result.");
      }, 0);
    });
    form.addEventListener("click", function (event) {
      var button = event.target && event.target.closest ? event.target.closest("button[data-action]") : null;
      if (!button || !form.contains(button)) return;
      var list = button.closest("fieldset.ph-calc-list");
      if (!list) return;
      if (button.getAttribute("data-action") === "add") self.addRow(list);
      else self.removeRow(list, button.closest(".ph-calc-row"));
    });
    this.lists().forEach(function (list) {
      self.updateListButtons(list);
    });
  };

  function setUp(form) {
    if (form.phCalculator) return form.phCalculator;
    var controller = new Controller(form);
    form.phCalculator = controller;
    controller.wire();
    var restored = controller.restore();
    controllers.push(controller);
    if (restored) {
      controller.status("Your earlier entries were restored.");
      controller.compute();
    } else {
      controller.showIdle();
    }
    return controller;
  }

  function showUnsupported(forms) {
    Array.prototype.forEach.call(forms, function (form) {
      var block = form.closest(".ph-calc-block") || form.parentNode;
      var message = block.querySelector(".ph-calc-nowasm");
      if (message) message.hidden = false;
      form.hidden = true;
      var region = block.querySelector(".ph-calc-result");
      if (region) region.hidden = true;
    });
  }

  function init() {
    controllers = controllers.filter(function (c) {
      return c.form.isConnected;
    });
    var forms = document.querySelectorAll("form.ph-calc");
    if (!forms.length) return;
    if (!supported()) {
      showUnsupported(forms);
      return;
    }
    startWorker(); // boot now, while the reader reads
    registerServiceWorker();
    sections();
    Array.prototype.forEach.call(forms, setUp);
  }

  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(init);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
