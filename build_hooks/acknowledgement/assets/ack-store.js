/* Acknowledgement form, part 1 of 6: what this browser keeps (the draft, the receipts, the
 * personal link's token — localStorage keys below) and the small DOM and date helpers every
 * other part uses. Shared through window.handbook.acknowledgement (the parts are classic scripts
 * loaded in order by build_hooks/acknowledgement/hooks.py; acknowledgement.js, last, starts them).
 *
 * localStorage keys (through window.handbook.storage):
 *   policy-handbook:ack-draft     {revision, values: {field: text}, read} — the unsent answers,
 *                                 carried to the next revision (the person's, not the revision's)
 *   policy-handbook:receipts      [{receipt, delivery: {state, attempts, ...}, invite?}]
 *   policy-handbook:invite        the personal signing link's token (?invite=…), taken out of
 *                                 the address bar and kept for the next visit
 * The receipt format is schema/receipt.schema.json. */
(function () {
  "use strict";
  var handbook = (window.handbook = window.handbook || {});
  var lib = (handbook.acknowledgement = handbook.acknowledgement || {});

  var RECEIPTS_KEY = "policy-handbook:receipts";
  var DRAFT_KEY = "policy-handbook:ack-draft";
  var LEGACY_DRAFT_PREFIX = "policy-handbook:ack-draft:"; // one draft per revision (until 2027)
  var INVITE_KEY = "policy-handbook:invite";
  var FORMAT = "policy-handbook-receipt/1";

  /* ---------- storage ---------- */
  /* window.handbook.storage (assets/handbook/storage.js, loaded before every feature script):
   * JSON by key, and nothing kept but nothing thrown where storage is refused (private mode,
   * blocked, quota): the form still works, without a saved draft. */

  function readJSON(key, fallback) {
    var value = handbook.storage.get(key);
    return value === null ? fallback : value;
  }

  function writeJSON(key, value) {
    handbook.storage.set(key, value); // false when not kept: the receipt on screen still works
  }

  function storedKeys(prefix) {
    return handbook.storage.keys(prefix);
  }

  function removeKey(key) {
    handbook.storage.remove(key);
  }

  function storedReceipts() {
    var items = readJSON(RECEIPTS_KEY, []);
    if (!Array.isArray(items)) return [];
    return items.filter(function (item) {
      return item && item.receipt && item.receipt.format === FORMAT && item.receipt.sections;
    });
  }

  /* Add a receipt, or update the delivery of one already stored. With onlyIfKept, a receipt
   * the employee removed from this browser meanwhile is not stored again. */
  function storeReceipt(receipt, delivery, onlyIfKept, invite) {
    var receipts = storedReceipts();
    var entry = { receipt: receipt, delivery: delivery };
    var index = receipts.findIndex(function (item) {
      return item.receipt.receipt_id === receipt.receipt_id;
    });
    var token = invite || (index >= 0 && receipts[index].invite);
    if (token) entry.invite = token;
    if (index >= 0) receipts[index] = entry;
    else if (onlyIfKept) return;
    else receipts.push(entry);
    writeJSON(RECEIPTS_KEY, receipts);
  }

  /* ---------- DOM helpers ---------- */

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (name) {
      if (name === "text") node.textContent = attrs[name];
      else node.setAttribute(name, attrs[name]);
    });
    (children || []).forEach(function (child) {
      node.appendChild(typeof child === "string" ? document.createTextNode(child) : child);
    });
    return node;
  }

  function button(id, text) {
    return el("button", { type: "button", class: "md-button", id: id, text: text });
  }

  function inputOf(form, name) {
    return form.elements.namedItem(name);
  }

  function humanDate(iso) {
    var when = new Date(iso.length === 10 ? iso + "T00:00:00Z" : iso);
    if (isNaN(when.getTime())) return String(iso);
    return when.toLocaleDateString("en-US", {
      year: "numeric",
      month: "long",
      day: "numeric",
      timeZone: "UTC",
    });
  }

  function timeTag(iso) {
    return el("time", { datetime: String(iso), text: humanDate(String(iso)) });
  }

  function today() {
    var now = new Date();
    var month = String(now.getMonth() + 1).padStart(2, "0");
    var day = String(now.getDate()).padStart(2, "0");
    return now.getFullYear() + "-" + month + "-" + day;
  }

  function isRealDate(value) {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
    var when = new Date(value + "T00:00:00Z");
    return !isNaN(when.getTime()) && when.toISOString().slice(0, 10) === value;
  }

  lib.RECEIPTS_KEY = RECEIPTS_KEY;
  lib.DRAFT_KEY = DRAFT_KEY;
  lib.LEGACY_DRAFT_PREFIX = LEGACY_DRAFT_PREFIX;
  lib.INVITE_KEY = INVITE_KEY;
  lib.FORMAT = FORMAT;
  lib.readJSON = readJSON;
  lib.writeJSON = writeJSON;
  lib.storedKeys = storedKeys;
  lib.removeKey = removeKey;
  lib.storedReceipts = storedReceipts;
  lib.storeReceipt = storeReceipt;
  lib.el = el;
  lib.button = button;
  lib.inputOf = inputOf;
  lib.humanDate = humanDate;
  lib.timeTag = timeTag;
  lib.today = today;
  lib.isRealDate = isRealDate;
})();
