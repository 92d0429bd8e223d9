/* One calculator form on the page (ES module): list rows, collecting the inputs, the local
 * draft, the share link, field errors, and when to recalculate. What a result looks like is
 * render-result.js's job; talking to the worker is worker-client.js's.
 *
 * The inputs are kept in one shape, {rows: {list: n}, values: {control name: value}}:
 * - locally as the draft, window.handbook.storage key "policy-handbook:calc-draft:<name>";
 * - in a "link to these inputs" (share-link.js): the URL fragment, never sent to the server.
 *   A link for this form wins over the local draft. */
import { renderResult } from "./render-result.js";
import { linkedInputs, shareInputs } from "./share-link.js";

const DRAFT_PREFIX = "policy-handbook:calc-draft:";
export const DEBOUNCE_MS = 250;
const NUMERIC = new Set(["integer", "decimal", "money"]);

const all = (root, selector) => Array.from(root.querySelectorAll(selector));
const slug = (value) => String(value).replace(/[^A-Za-z0-9_-]+/g, "-").replace(/^-+|-+$/g, "") || "x";
const store = () => (window.handbook && window.handbook.storage) || null;

function controlValue(control) {
  if (control.type === "checkbox") return control.checked;
  let value = String(control.value || "").trim();
  if (!value) return undefined;
  if (NUMERIC.has(control.getAttribute("data-kind"))) value = value.replace(/[\s,$]/g, "");
  return value;
}

export class FormController {
  constructor(form, client, sections) {
    this.form = form;
    this.client = client;
    this.sections = sections;
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

  lists() {
    return all(this.form, "fieldset.ph-calc-list");
  }

  rowsOf(list) {
    return Array.from(list.querySelector(".ph-calc-rows").children);
  }

  makeRow(list, index) {
    const row = document.importNode(list.querySelector("template.ph-calc-template").content, true)
      .firstElementChild;
    [row, ...row.querySelectorAll("*")].forEach((node) => {
      Array.from(node.attributes).forEach((attr) => {
        if (attr.value.includes("__INDEX__")) {
          node.setAttribute(attr.name, attr.value.split("__INDEX__").join(String(index)));
        }
      });
    });
    all(row, ".ph-calc-row-number").forEach((span) => (span.textContent = String(index + 1)));
    return row;
  }

  updateListButtons(list) {
    const rows = this.rowsOf(list).length;
    const max = parseInt(list.getAttribute("data-max"), 10);
    const min = parseInt(list.getAttribute("data-min"), 10) || 0;
    const add = list.querySelector("[data-action='add']");
    if (add) add.disabled = !isNaN(max) && rows >= max;
    all(list, ".ph-calc-rows [data-action='remove']").forEach((b) => (b.disabled = rows <= min));
  }

  setRows(list, count) {
    const container = list.querySelector(".ph-calc-rows");
    container.replaceChildren();
    for (let i = 0; i < count; i++) container.appendChild(this.makeRow(list, i));
    this.updateListButtons(list);
  }

  rowValues(row) {
    return all(row, "input, select").map((c) => (c.type === "checkbox" ? c.checked : c.value));
  }

  setRowValues(row, values) {
    all(row, "input, select").forEach((control, i) => {
      if (values[i] === undefined) return;
      if (control.type === "checkbox") control.checked = values[i] === true;
      else control.value = values[i];
    });
  }

  addRow(list) {
    const container = list.querySelector(".ph-calc-rows");
    const row = this.makeRow(list, container.children.length);
    container.appendChild(row);
    this.updateListButtons(list);
    const first = row.querySelector("input, select");
    if (first) first.focus();
    this.changed(list.getAttribute("data-field"));
  }

  removeRow(list, row) {
    const rows = this.rowsOf(list);
    const position = rows.indexOf(row);
    const kept = rows.filter((r) => r !== row).map((r) => this.rowValues(r));
    this.setRows(list, kept.length);
    this.rowsOf(list).forEach((r, i) => this.setRowValues(r, kept[i]));
    const after = this.rowsOf(list);
    const focusRow = after[Math.min(position, after.length - 1)];
    const target = focusRow ? focusRow.querySelector("input, select") : list.querySelector("[data-action='add']");
    if (target) target.focus();
    this.changed(list.getAttribute("data-field"));
  }

  /* The JSON inputs: empty fields omitted, empty rows skipped (indexMaps maps the index the
   * calculator sees back to the row on screen, for error messages). */
  collect() {
    const inputs = {};
    this.indexMaps = {};
    all(this.form, ".ph-calc-group > .ph-calc-field").forEach((box) => {
      const control = box.querySelector("input, select");
      const value = control ? controlValue(control) : undefined;
      if (value !== undefined) inputs[box.getAttribute("data-field")] = value;
    });
    this.lists().forEach((list) => {
      const name = list.getAttribute("data-field");
      const objects = list.getAttribute("data-list") === "objects";
      const items = [];
      const map = [];
      this.rowsOf(list).forEach((row, domIndex) => {
        if (objects) {
          const item = {};
          let filled = false;
          all(row, ".ph-calc-field").forEach((box) => {
            const control = box.querySelector("input, select");
            const key = String(box.getAttribute("data-field")).split(".").pop();
            const value = control ? controlValue(control) : undefined;
            // a row only holding its fields' defaults (e.g. tip 0) is an empty row
            const changed = control && (control.type === "checkbox"
              ? control.checked !== control.defaultChecked
              : value !== undefined && control.value !== control.defaultValue);
            if (changed) filled = true;
            if (value !== undefined) item[key] = value;
          });
          if (filled) {
            items.push(item);
            map.push(domIndex);
          }
        } else {
          const control = row.querySelector("input, select");
          const value = control ? controlValue(control) : undefined;
          if (value !== undefined) {
            items.push(value);
            map.push(domIndex);
          }
        }
      });
      this.indexMaps[name] = map;
      if (items.length) inputs[name] = items;
    });
    return inputs;
  }

  /** What the reader entered, as the draft and the share link keep it. */
  saved() {
    const saved = { rows: {}, values: {} };
    this.lists().forEach((list) => (saved.rows[list.getAttribute("data-field")] = this.rowsOf(list).length));
    all(this.form, "input[name], select[name]").forEach((control) => {
      const value = control.type === "checkbox" ? control.checked : control.value;
      if (value !== "" && value !== false) saved.values[control.name] = value;
    });
    return saved;
  }

  apply(saved) {
    if (!saved || !Object.keys(saved.values || {}).length) return false;
    this.lists().forEach((list) => {
      const count = saved.rows && saved.rows[list.getAttribute("data-field")];
      if (typeof count === "number" && count >= 0 && count <= 500) this.setRows(list, count);
    });
    all(this.form, "input[name], select[name]").forEach((control) => {
      if (!Object.prototype.hasOwnProperty.call(saved.values, control.name)) return;
      const value = saved.values[control.name];
      if (control.type === "checkbox") control.checked = value === true;
      else control.value = String(value);
      this.touched[String(control.name).split(".")[0]] = true;
    });
    return true;
  }

  share() {
    return shareInputs(this.block, this.name, this.saved());
  }

  changed(fieldName) {
    if (fieldName) this.touched[String(fieldName).split(".")[0]] = true;
    const keeper = store();
    if (keeper) keeper.set(DRAFT_PREFIX + this.name, this.saved());
    if (this.timer) window.clearTimeout(this.timer);
    this.timer = window.setTimeout(() => {
      this.timer = null;
      this.compute();
    }, DEBOUNCE_MS);
  }

  clearErrors() {
    all(this.block, "[aria-invalid='true']").forEach((node) => node.setAttribute("aria-invalid", "false"));
    all(this.block, ".ph-calc-error").forEach((node) => (node.textContent = ""));
  }

  /* The element an error's field names: "tnc[1].tip" -> #calc-travel-tnc-<row>-tip. */
  fieldElement(field) {
    const match = /^([^[.]+)(?:\[(\d+)\])?(?:\.(.+))?$/.exec(String(field || ""));
    if (!match) return null;
    const id = this.base + "-" + slug(match[1]);
    if (match[2] !== undefined) {
      const row = (this.indexMaps[match[1]] || [])[parseInt(match[2], 10)];
      const withRow = id + "-" + (row === undefined ? match[2] : row);
      const exact = document.getElementById(withRow + (match[3] ? "-" + slug(match[3]) : ""));
      return exact || document.getElementById(withRow) || document.getElementById(id);
    }
    return document.getElementById(id);
  }

  showError(error, focus) {
    const field = error && error.field;
    const message = (error && error.message) || "Something went wrong.";
    const target = field ? this.fieldElement(field) : null;
    const top = field ? String(field).split(/[[.]/)[0] : "";
    if (target && (this.submitted || this.touched[top])) {
      const errorP = document.getElementById(target.id + "-error");
      if (errorP) errorP.textContent = message;
      if (/^(INPUT|SELECT|TEXTAREA)$/.test(target.tagName)) target.setAttribute("aria-invalid", "true");
      if (focus && typeof target.focus === "function") target.focus();
      this.status("Check the field marked above: " + message);
    } else if (target) {
      this.status("To see a result: " + message);
    } else {
      const formError = document.getElementById(this.base + "-form-error");
      if (formError && (this.submitted || !field)) formError.textContent = message;
      this.status(message);
    }
  }

  status(text) {
    this.hasResult = false;
    const p = document.createElement("p");
    p.className = "ph-calc-status";
    p.textContent = text;
    this.region.replaceChildren(p);
  }

  /* The message while nothing is shown: starting, failed (pointing to the tables), or idle. */
  showIdle() {
    if (this.hasResult || this.timer || this.inflight) return;
    const { info, failure } = this.client.state;
    if (failure) {
      this.status("The calculator could not start: " + failure);
      this.showUnsupported();
    } else if (!info && this.region.querySelector(".ph-calc-status")) {
      this.status("Starting the calculator… You can fill in the form meanwhile.");
    } else if (this.region.querySelector(".ph-calc-status")) {
      if (Object.keys(this.collect()).length) this.compute();
      else this.status("Fill in the form to see the result.");
    }
  }

  /* The message that points to the page's tables (shown with the form, which may still be
   * useful to keep or share the inputs). */
  showUnsupported() {
    const message = this.block.querySelector(".ph-calc-nowasm");
    if (message) message.hidden = false;
  }

  compute(focusError) {
    const inputs = this.collect();
    const key = JSON.stringify(inputs);
    // a "change" after the same "input" (leaving a field) must not redraw the same result: the
    // reader may be in the result (an open claim, the period table)
    if (this.hasResult && key === this.shown && !focusError) return Promise.resolve(null);
    const id = ++this.latest;
    if (!Object.keys(inputs).length && !this.submitted) {
      this.clearErrors();
      this.status("Fill in the form to see the result.");
      return Promise.resolve(null);
    }
    if (!this.client.state.info && !this.client.state.failure) this.region.setAttribute("aria-busy", "true");
    this.inflight += 1;
    return this.client.calculate(this.name, inputs).then((result) => {
      this.inflight -= 1;
      if (id !== this.latest || !this.form.isConnected) return result;
      this.region.removeAttribute("aria-busy");
      this.clearErrors();
      if (result && result.error) {
        this.showError(result.error, focusError);
      } else {
        this.hasResult = true;
        this.shown = key;
        renderResult(this.region, result || {}, { name: this.name, sections: this.sections, inputs });
      }
      return result;
    });
  }

  reset() {
    const keeper = store();
    if (keeper) keeper.remove(DRAFT_PREFIX + this.name);
    if (linkedInputs(this.name)) window.history.replaceState(window.history.state, "", window.location.href.split("#")[0]);
    this.touched = {};
    this.submitted = false;
    this.lists().forEach((list) => {
      let min = parseInt(list.getAttribute("data-min"), 10) || 0;
      if (list.getAttribute("data-list") === "objects") min = Math.max(min, 1);
      this.setRows(list, min);
    });
    const box = this.block.querySelector(".ph-calc-share");
    if (box) box.hidden = true;
    this.clearErrors();
    this.status("Fill in the form to see the result.");
  }

  wire() {
    const form = this.form;
    const own = (event) => event.target && !this.region.contains(event.target); // not the claim's name
    form.addEventListener("input", (event) => own(event) && this.changed(event.target.name));
    form.addEventListener("change", (event) => own(event) && this.changed(event.target.name));
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      this.submitted = true;
      if (this.timer) window.clearTimeout(this.timer);
      this.timer = null;
      this.compute(true);
    });
    form.addEventListener("reset", () => window.setTimeout(() => this.reset(), 0));
    form.addEventListener("click", (event) => {
      const button = event.target.closest ? event.target.closest("button[data-action]") : null;
      if (!button || !form.contains(button)) return;
      const action = button.getAttribute("data-action");
      if (action === "share") {
        this.share();
        return;
      }
      const list = button.closest("fieldset.ph-calc-list");
      if (!list) return;
      if (action === "add") this.addRow(list);
      else if (action === "remove") this.removeRow(list, button.closest(".ph-calc-row"));
    });
    this.lists().forEach((list) => this.updateListButtons(list));
  }

  /** Wire the form, restore a shared link's or the draft's inputs, and show a first status. */
  start() {
    this.wire();
    const linked = linkedInputs(this.name);
    const keeper = store();
    const restored = this.apply(linked) || this.apply(keeper && keeper.get(DRAFT_PREFIX + this.name));
    if (restored) {
      this.status(linked ? "The entries from your link were filled in." : "Your earlier entries were restored.");
      this.compute();
    } else {
      this.showIdle();
    }
    this.client.onChange(() => {
      if (this.form.isConnected) this.showIdle();
    });
  }
}
