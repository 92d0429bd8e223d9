/* Acknowledgement form (/acknowledgement/): draft kept in this browser, errors announced next to
 * each field, a receipt (printable view, JSON download, e-mail), optional POST with a timeout and
 * retries, personal signing links (?invite=TOKEN), and "changed since you signed" for returning
 * employees.
 *
 * Loaded on every page through extra_javascript; does nothing unless the page holds #ph-ack-form.
 * Initialises through Material's document$ (instant navigation), once per page view. Everything
 * users type or the endpoint answers is put on the page with textContent, never as HTML.
 *
 * Everything the script knows about the form comes from the page (build_hooks/acknowledgement/
 * page.py): the fields and their limits from each input's data-ph-field, data-receipt-label,
 * data-missing and data-max-length (the receipt schema's maxLength), the endpoint and the request
 * timeout from the form's data-* attributes.
 *
 * localStorage keys (a small helper below; no shared storage module is on main yet):
 *   policy-handbook:ack-draft     {revision, values: {field: text}, read} — the unsent answers,
 *                                 carried to the next revision (the person's, not the revision's)
 *   policy-handbook:receipts      [{receipt, delivery: {state, attempts, ...}, invite?}]
 *   policy-handbook:invite        the personal signing link's token (?invite=…), taken out of
 *                                 the address bar and kept for the next visit
 * The receipt format is schema/receipt.schema.json. The receiver (receiver/intake.py, app.py):
 *   POST <endpoint> (Idempotency-Key, X-Invite-Token) -> 201/200 {status: "stored"|
 *     "already-stored", receipt_id, received_at, attributed_to, countersignature}, or
 *     {status: "refused", problems: [...]} (400/403/409/422; 503 and 429 are retried);
 *   GET <endpoint> with X-Invite-Token -> 200 {employee_id, full_name, department, expires},
 *     or 422 {status: "refused", problems: [...]} (whom a personal link is for). */
(function () {
  "use strict";

  var RECEIPTS_KEY = "policy-handbook:receipts";
  var DRAFT_KEY = "policy-handbook:ack-draft";
  var LEGACY_DRAFT_PREFIX = "policy-handbook:ack-draft:"; // one draft per revision (until 2027)
  var INVITE_KEY = "policy-handbook:invite";
  var FORMAT = "policy-handbook-receipt/1";
  var RETRY_DELAYS_MS = [1000, 2000, 4000, 8000];
  var RETRYABLE_STATUS = [408, 409, 425, 429]; // 409 without the stored record: still storing
  var INVITE_HEADER = "X-Invite-Token";
  var deliveries = {}; // receipt_id -> {cancelled, controller, timer} of the running delivery

  /* ---------- storage ---------- */

  function storage() {
    try {
      var probe = "policy-handbook:probe";
      window.localStorage.setItem(probe, "1");
      window.localStorage.removeItem(probe);
      return window.localStorage;
    } catch (e) {
      return null; // private mode or blocked: the form still works, without a saved draft
    }
  }

  function readJSON(key, fallback) {
    var store = storage();
    if (!store) return fallback;
    try {
      var value = JSON.parse(store.getItem(key));
      return value === null ? fallback : value;
    } catch (e) {
      return fallback;
    }
  }

  function writeJSON(key, value) {
    var store = storage();
    if (!store) return;
    try {
      store.setItem(key, JSON.stringify(value));
    } catch (e) {
      /* quota exceeded: the receipt on screen and its download still work */
    }
  }

  function storedKeys() {
    var store = storage();
    if (!store) return [];
    var keys = [];
    for (var i = 0; i < store.length; i += 1) keys.push(store.key(i));
    return keys;
  }

  function removeKey(key) {
    var store = storage();
    if (store) store.removeItem(key);
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

  /* ---------- the form's fields (declared by the page) ---------- */

  function fieldInputs(form) {
    return Array.prototype.slice.call(form.querySelectorAll("input[data-ph-field]"));
  }

  function fieldNames(form) {
    return fieldInputs(form).map(function (input) {
      return input.dataset.phField;
    });
  }

  function characters(text) {
    return Array.from(text).length; // code points, as JSON Schema's maxLength counts them
  }

  /* The message for a value longer than the receipt schema allows, or "". */
  function lengthError(input) {
    var max = Number(input.dataset.maxLength || 0);
    var length = characters(input.value.trim());
    if (!max || length <= max) return "";
    return (
      input.dataset.receiptLabel + ": at most " + max + " characters — this has " + length +
      ". Shorten it."
    );
  }

  /* ---------- draft: one per person, carried from revision to revision ---------- */

  function saveDraft(form) {
    var values = {};
    fieldInputs(form).forEach(function (input) {
      values[input.dataset.phField] = input.value;
    });
    writeJSON(DRAFT_KEY, {
      revision: form.dataset.revision,
      values: values,
      read: inputOf(form, "read").checked,
    });
  }

  /* The draft, moving one kept under a revision's own key (before drafts followed the person)
   * to the one key. */
  function loadDraft() {
    var draft = readJSON(DRAFT_KEY, null);
    storedKeys()
      .filter(function (key) {
        return key.indexOf(LEGACY_DRAFT_PREFIX) === 0;
      })
      .forEach(function (key) {
        var old = readJSON(key, null);
        if (!draft && old && typeof old === "object") {
          var values = {};
          Object.keys(old).forEach(function (name) {
            if (typeof old[name] === "string") values[name] = old[name];
          });
          draft = {
            revision: key.slice(LEGACY_DRAFT_PREFIX.length),
            values: values,
            read: old.read === true,
          };
          writeJSON(DRAFT_KEY, draft);
        }
        removeKey(key);
      });
    if (!draft || typeof draft !== "object" || typeof draft.values !== "object") return null;
    return draft;
  }

  /* Put the draft back. Answers typed on an earlier revision's page are carried forward, but
   * "I have read and understood" is not: the text changed. Returns what to tell the reader. */
  function restoreDraft(form) {
    var draft = loadDraft();
    if (!draft) return "";
    fieldInputs(form).forEach(function (input) {
      var value = draft.values[input.dataset.phField];
      if (typeof value === "string") input.value = value;
    });
    if (draft.revision === form.dataset.revision) {
      inputOf(form, "read").checked = draft.read === true;
      return "Your unsent answers were restored.";
    }
    inputOf(form, "read").checked = false;
    saveDraft(form); // now this revision's draft
    return (
      "Your unsent answers were restored. The handbook was updated since you typed them " +
      "(revision " + draft.revision + ", now " + form.dataset.revision + "): read the " +
      "sections listed under “Changed in this revision”, then tick the box again."
    );
  }

  /* ---------- validation ---------- */

  function validate(form) {
    var errors = [];
    fieldInputs(form).forEach(function (input) {
      var name = input.dataset.phField;
      var value = input.value.trim();
      var tooLong = lengthError(input);
      if (!value) errors.push([name, input.dataset.missing]);
      else if (tooLong) errors.push([name, tooLong]);
      else if (input.type === "date" && !isRealDate(value))
        errors.push([name, "Enter a real date, for example " + today() + "."]);
      else if (input.type === "date" && value > today())
        errors.push([name, "The date cannot be in the future: enter today's date."]);
    });
    var fullName = inputOf(form, "full_name").value.trim();
    var signature = inputOf(form, "signature").value.trim();
    if (fullName && signature && fullName.toLowerCase() !== signature.toLowerCase())
      errors.push(["signature", "Type your full name exactly as in the Full name field."]);
    if (!inputOf(form, "read").checked)
      errors.push(["read", "Tick the box to confirm you have read and understood the handbook."]);
    return errors;
  }

  /* While typing: say at once, next to the field, when a value gets longer than a receipt
   * holds, and take the message away once it fits. */
  function checkLength(input) {
    if (!input || !input.dataset || !input.dataset.maxLength) return;
    var slot = document.getElementById(input.id + "-error");
    var message = lengthError(input);
    if (message) {
      slot.textContent = message;
      input.setAttribute("aria-invalid", "true");
    } else if (slot.dataset.phLength === "1") {
      slot.textContent = "";
      input.removeAttribute("aria-invalid");
    }
    slot.dataset.phLength = message ? "1" : "0";
  }

  function showErrors(form, errors) {
    var summary = form.querySelector("#ph-ack-errors");
    form.querySelectorAll(".ph-error").forEach(function (p) {
      p.textContent = "";
      p.dataset.phLength = "0";
    });
    form.querySelectorAll("[aria-invalid]").forEach(function (input) {
      input.removeAttribute("aria-invalid");
    });
    summary.textContent = "";
    if (!errors.length) {
      summary.hidden = true;
      return;
    }
    var list = el("ul");
    errors.forEach(function (error) {
      var input = inputOf(form, error[0]);
      input.setAttribute("aria-invalid", "true");
      var slot = document.getElementById(input.id + "-error");
      slot.textContent = error[1];
      slot.dataset.phLength = input.dataset && lengthError(input) === error[1] ? "1" : "0";
      var link = el("a", { href: "#" + input.id, text: error[1] });
      link.addEventListener("click", function (event) {
        // keep Material's instant navigation out: it would reload the page for this link
        event.preventDefault();
        event.stopPropagation();
        input.focus();
        input.scrollIntoView({ block: "center" });
      });
      list.appendChild(el("li", {}, [link]));
    });
    summary.appendChild(el("h2", { text: "There is a problem" }));
    summary.appendChild(list);
    summary.hidden = false;
    summary.focus();
  }

  /* ---------- revision.json ---------- */

  function fetchRevision(form) {
    var url = new URL(form.dataset.revisionUrl, window.location.href);
    return fetch(url.href, { cache: "no-cache" }).then(function (response) {
      if (!response.ok) throw new Error("revision.json: HTTP " + response.status);
      return response.json().then(function (doc) {
        doc.base = new URL(".", url).href; // the site root, for section links
        return doc;
      });
    });
  }

  /* ---------- receipt ---------- */

  function makeReceipt(form, revision) {
    var employee = {};
    fieldNames(form).forEach(function (name) {
      employee[name] = inputOf(form, name).value.trim();
    });
    var sections = {};
    Object.keys(revision.sections).forEach(function (id) {
      sections[id] = revision.sections[id].digest;
    });
    return {
      format: FORMAT,
      receipt_id: window.crypto.randomUUID(),
      organization: form.dataset.organization,
      revision: form.dataset.revision,
      revision_date: form.dataset.revisionDate,
      signed_at: new Date().toISOString().replace(/\.\d{3}Z$/, "Z"),
      statement: document.getElementById("ph-ack-statement").textContent.trim(),
      employee: employee,
      read_and_understood: true,
      sections: sections,
    };
  }

  function mailtoHref(form, receipt) {
    var e = receipt.employee;
    var subject = "Handbook acknowledgement " + receipt.revision + " — " + e.full_name;
    var lines = ["I acknowledge the employee handbook of " + receipt.organization + ".", ""];
    fieldInputs(form).forEach(function (input) {
      lines.push(input.dataset.receiptLabel + ": " + e[input.dataset.phField]);
    });
    lines.push(
      "Revision: " + receipt.revision,
      "Signed at: " + receipt.signed_at,
      "Receipt number: " + receipt.receipt_id,
      "",
      "The receipt file acknowledgement-" + receipt.receipt_id + ".json is attached."
    );
    return (
      "mailto:" +
      encodeURIComponent(form.dataset.hrEmail) +
      "?subject=" +
      encodeURIComponent(subject) +
      "&body=" +
      encodeURIComponent(lines.join("\n"))
    );
  }

  function humanDateTime(iso) {
    var when = new Date(String(iso));
    if (isNaN(when.getTime())) return String(iso);
    var time = when.toISOString().slice(11, 16);
    return humanDate(when.toISOString()) + " at " + time + " UTC";
  }

  function deliveryText(form, delivery) {
    var email = form.dataset.hrEmail;
    var fallback = email
      ? "download it and e-mail it to Human Resources (" + email + ")."
      : "download it and give it to Human Resources.";
    switch (delivery.state) {
      case "sent":
        if (delivery.received_at) {
          return (
            "Received by Human Resources on " + humanDateTime(delivery.received_at) +
            ". Keep your receipt too."
          );
        }
        return "Sent: Human Resources has your acknowledgement. Keep your receipt too.";
      case "refused":
        return (
          "Human Resources' system refused the acknowledgement (HTTP " + delivery.status +
          (delivery.problems && delivery.problems.length
            ? ": " + delivery.problems.join(" ")
            : "") +
          "). Your receipt is kept: " + fallback
        );
      case "failed":
        return (
          "Could not reach Human Resources' system after " + delivery.attempts +
          " attempts (" + delivery.error + "). Your receipt is kept in this browser: press " +
          "“Send again” later, or " + fallback
        );
      case "sending":
      case "pending":
        return "Sending your acknowledgement to Human Resources…";
      default:
        return "Your receipt is ready: " + fallback;
    }
  }

  function setStatus(text) {
    var receiptStatus = document.getElementById("ph-receipt-status");
    var target = receiptStatus || document.getElementById("ph-ack-status");
    if (target) target.textContent = text;
  }

  function receiptRows(form, receipt, delivery) {
    var rows = [
      ["Organization", receipt.organization],
      ["Revision", receipt.revision],
      ["Signed at", String(receipt.signed_at).replace("T", " ").replace(/Z$/, " UTC")],
      ["Receipt number", receipt.receipt_id],
    ];
    fieldInputs(form).forEach(function (input) {
      rows.push([input.dataset.receiptLabel, receipt.employee[input.dataset.phField]]);
    });
    rows.push(["I have read and understood", "Yes"]);
    var mark = receipt.countersignature;
    var receivedAt =
      (delivery && delivery.state === "sent" && delivery.received_at) ||
      (mark && typeof mark.received_at === "string" && mark.received_at);
    if (receivedAt) rows.push(["Received by Human Resources", humanDateTime(receivedAt)]);
    if (mark && mark.key_id) rows.push(["Countersigned with key", mark.key_id]);
    return rows;
  }

  function receiptTable(rows) {
    return el("table", { class: "ph-receipt-table" }, [
      el(
        "tbody",
        {},
        rows.map(function (row) {
          return el("tr", {}, [
            el("th", { scope: "row", text: row[0] }),
            el("td", { text: row[1] }),
          ]);
        })
      ),
    ]);
  }

  /* The download link's file: the receipt as it is now (with the countersignature once the
   * receiver answered). */
  function setDownload(box, receipt) {
    if (box.dataset.blobUrl) URL.revokeObjectURL(box.dataset.blobUrl);
    var blob = new Blob([JSON.stringify(receipt, null, 2) + "\n"], { type: "application/json" });
    var blobUrl = URL.createObjectURL(blob);
    box.dataset.blobUrl = blobUrl;
    var link = box.querySelector("#ph-receipt-download");
    if (link) link.href = blobUrl;
    return blobUrl;
  }

  function renderReceipt(form, receipt, delivery, options) {
    var ack = document.getElementById("ph-ack");
    var box = document.getElementById("ph-ack-receipt");
    box.textContent = "";
    box.dataset.receiptId = receipt.receipt_id;
    var actions = [
      el("a", {
        class: "md-button md-button--primary",
        href: setDownload(box, receipt),
        download: "acknowledgement-" + receipt.receipt_id + ".json",
        id: "ph-receipt-download",
        text: "Download the receipt (JSON)",
      }),
      button("ph-receipt-print", "Print the receipt"),
    ];
    if (form.dataset.hrEmail) {
      actions.push(
        el("a", {
          class: "md-button",
          href: mailtoHref(form, receipt),
          id: "ph-receipt-mail",
          text: "E-mail it to Human Resources",
        })
      );
    }
    if (form.dataset.endpoint) {
      actions.push(button("ph-receipt-resend", "Send again")); // shown after a failure
    }
    var after = el("p", { class: "ph-receipt-after" }, [
      button("ph-receipt-new", "Start a new acknowledgement"),
      button("ph-receipt-forget", "Remove my details from this browser"),
    ]);
    box.appendChild(el("h2", { id: "ph-receipt-title", tabindex: "-1", text: "Your receipt" }));
    box.appendChild(
      el("p", {}, [
        "You acknowledged the employee handbook of " + receipt.organization + ", revision ",
        el("code", { text: receipt.revision }),
        ". Keep this receipt: print it or download it.",
      ])
    );
    box.appendChild(el("blockquote", { class: "ph-receipt-statement", text: receipt.statement }));
    box.appendChild(receiptTable(receiptRows(form, receipt, delivery)));
    box.appendChild(el("p", { class: "ph-receipt-actions" }, actions));
    box.appendChild(
      el("p", {
        id: "ph-receipt-status",
        class: "ph-receipt-status",
        role: "status",
        "aria-live": "polite",
      })
    );
    box.appendChild(after);
    box.hidden = false;
    form.hidden = true;
    document.getElementById("ph-ack-status").textContent = "";
    ack.classList.add("ph-ack--signed");

    box.querySelector("#ph-receipt-print").addEventListener("click", function () {
      window.print();
    });
    var resend = box.querySelector("#ph-receipt-resend");
    if (resend) {
      resend.addEventListener("click", function () {
        deliver(form, receipt);
      });
    }
    box.querySelector("#ph-receipt-new").addEventListener("click", function () {
      startOver(form, false);
    });
    box.querySelector("#ph-receipt-forget").addEventListener("click", function (event) {
      confirmForget(form, event.currentTarget);
    });
    showDelivery(form, receipt, delivery);
    if (!options || options.focus !== false) box.querySelector("h2").focus();
  }

  /* Show how the receipt on screen was delivered (nothing, if another receipt is shown now). */
  function showDelivery(form, receipt, delivery) {
    var box = document.getElementById("ph-ack-receipt");
    if (!box || box.hidden || box.dataset.receiptId !== receipt.receipt_id) return;
    setStatus(deliveryText(form, delivery));
    var resend = document.getElementById("ph-receipt-resend");
    if (resend) resend.hidden = delivery.state !== "failed";
    if (delivery.state === "sent" && (delivery.received_at || receipt.countersignature)) {
      var table = box.querySelector(".ph-receipt-table");
      if (table) table.replaceWith(receiptTable(receiptRows(form, receipt, delivery)));
      setDownload(box, receipt);
    }
  }

  /* ---------- removing everything from this browser ---------- */

  function unsentReceipts() {
    return storedReceipts().filter(function (item) {
      return !item.delivery || item.delivery.state !== "sent";
    });
  }

  /* An accessible confirmation (a modal <dialog>: focus moves in and is kept there, Escape
   * cancels, focus returns to the button) when receipts that never reached Human Resources
   * would be deleted; without any, remove at once. */
  function confirmForget(form, opener) {
    var unsent = unsentReceipts();
    var dialog = document.getElementById("ph-forget-dialog");
    if (!unsent.length || typeof HTMLDialogElement !== "function") {
      if (unsent.length && !window.confirm(forgetQuestion(unsent.length))) return;
      startOver(form, true);
      return;
    }
    if (dialog) dialog.remove();
    var yes = button("ph-forget-confirm", "Remove them");
    var no = button("ph-forget-cancel", "Keep my receipts");
    no.classList.add("md-button--primary");
    dialog = el(
      "dialog",
      {
        id: "ph-forget-dialog",
        class: "ph-dialog",
        "aria-labelledby": "ph-forget-title",
        "aria-describedby": "ph-forget-text",
      },
      [
        el("h2", { id: "ph-forget-title", text: "Remove receipts that were not sent?" }),
        el("p", { id: "ph-forget-text", text: forgetQuestion(unsent.length) }),
        el("p", { class: "ph-dialog-actions" }, [no, yes]),
      ]
    );
    document.getElementById("ph-ack").appendChild(dialog);
    var removing = false;
    yes.addEventListener("click", function () {
      removing = true;
      dialog.close();
    });
    no.addEventListener("click", function () {
      dialog.close();
    });
    dialog.addEventListener("close", function () {
      dialog.remove();
      if (removing) startOver(form, true);
      else if (opener && document.contains(opener)) opener.focus();
    });
    dialog.showModal();
    no.focus();
  }

  function forgetQuestion(count) {
    return (
      (count === 1
        ? "One receipt in this browser has not reached Human Resources. "
        : count + " receipts in this browser have not reached Human Resources. ") +
      "Removing your details deletes " + (count === 1 ? "it" : "them") + " from this browser: " +
      "download or print " + (count === 1 ? "it" : "them") + " first if Human Resources does " +
      "not have " + (count === 1 ? "it" : "them") + " yet."
    );
  }

  function startOver(form, forget) {
    var box = document.getElementById("ph-ack-receipt");
    if (box.dataset.blobUrl) URL.revokeObjectURL(box.dataset.blobUrl);
    box.textContent = "";
    box.hidden = true;
    delete box.dataset.receiptId;
    document.getElementById("ph-ack").classList.remove("ph-ack--signed");
    if (forget) {
      cancelDeliveries(); // a later answer must neither store the receipt again nor show it
      removeKey(RECEIPTS_KEY);
      removeKey(DRAFT_KEY);
      removeKey(INVITE_KEY);
      delete form.dataset.phInvite;
      storedKeys()
        .filter(function (key) {
          return key.indexOf(LEGACY_DRAFT_PREFIX) === 0;
        })
        .forEach(removeKey);
    }
    form.reset();
    inputOf(form, "date").value = today();
    form.hidden = false;
    document.getElementById("ph-ack-status").textContent = forget
      ? "Your details and receipts were removed from this browser."
      : "";
    inputOf(form, "full_name").focus();
  }

  /* ---------- delivery ---------- */

  function wait(ms, run) {
    return new Promise(function (resolve) {
      run.timer = window.setTimeout(resolve, ms);
    });
  }

  function cancelDeliveries() {
    Object.keys(deliveries).forEach(function (id) {
      var run = deliveries[id];
      run.cancelled = true;
      window.clearTimeout(run.timer);
      if (run.controller) run.controller.abort();
      delete deliveries[id];
    });
  }

  function Cancelled() {}

  function readAnswer(response) {
    return response.text().then(function (text) {
      try {
        return text ? JSON.parse(text) : null;
      } catch (e) {
        return null;
      }
    });
  }

  /* What the endpoint's answer means. The receiver's JSON is the truth: an answer that carries
   * this receipt's stored record (its receipt_id and the receiver's received_at or
   * countersignature) means it is stored, whatever the HTTP status (a 409 for a key whose first
   * request was stored included); an answer {status: "refused", problems} is a refusal that says
   * why (the receiver's 409: the key holds another receipt), except 5xx/408/425/429, retried. */
  function outcome(response, answer, receipt, attempt) {
    var stored =
      answer &&
      typeof answer === "object" &&
      answer.receipt_id === receipt.receipt_id &&
      (answer.status === "stored" ||
        answer.status === "already-stored" ||
        !!answer.countersignature);
    if (stored || response.ok) {
      var result = { state: "sent", attempts: attempt + 1 };
      var mark = stored && answer.countersignature;
      if (mark && typeof mark === "object") result.countersignature = mark;
      var receivedAt = stored && (answer.received_at || (mark && mark.received_at));
      if (receivedAt) result.received_at = String(receivedAt);
      return result;
    }
    var refusal = answer && typeof answer === "object" && answer.status === "refused";
    if (
      response.status >= 500 ||
      (RETRYABLE_STATUS.indexOf(response.status) >= 0 && !(response.status === 409 && refusal))
    )
      throw new Error("the server answered " + response.status);
    var problems =
      answer && Array.isArray(answer.problems)
        ? answer.problems.map(String).slice(0, 5)
        : [];
    return { state: "refused", attempts: attempt + 1, status: response.status, problems: problems };
  }

  /* The receipt as signed: a resend never carries the receiver's own countersignature back. */
  function withoutCountersignature(receipt) {
    var body = {};
    Object.keys(receipt).forEach(function (key) {
      if (key !== "countersignature") body[key] = receipt[key];
    });
    return body;
  }

  function post(form, receipt, invite, run) {
    var controller = typeof AbortController === "function" ? new AbortController() : null;
    var timeoutMs = Number(form.dataset.timeoutMs) || 15000;
    var timedOut = false;
    run.controller = controller;
    var headers = { "Content-Type": "application/json", "Idempotency-Key": receipt.receipt_id };
    if (invite) headers[INVITE_HEADER] = invite;
    var request = fetch(form.dataset.endpoint, {
      method: "POST",
      headers: headers,
      body: JSON.stringify(withoutCountersignature(receipt)),
      signal: controller ? controller.signal : undefined,
    }).then(function (response) {
      return readAnswer(response).then(function (answer) {
        return { response: response, answer: answer };
      });
    });
    var timer;
    var timeout = new Promise(function (resolve, reject) {
      timer = window.setTimeout(function () {
        timedOut = true;
        if (controller) controller.abort();
        reject(new Error("no answer within " + Math.round(timeoutMs / 1000) + " s"));
      }, timeoutMs);
    });
    return Promise.race([request, timeout])
      .catch(function (error) {
        if (run.cancelled) throw new Cancelled();
        if (timedOut) throw new Error("no answer within " + Math.round(timeoutMs / 1000) + " s");
        throw error;
      })
      .then(
        function (value) {
          window.clearTimeout(timer);
          return value;
        },
        function (error) {
          window.clearTimeout(timer);
          throw error;
        }
      );
  }

  function send(form, receipt, invite, attempt, run) {
    return post(form, receipt, invite, run)
      .then(function (reply) {
        if (run.cancelled) throw new Cancelled();
        return outcome(reply.response, reply.answer, receipt, attempt);
      })
      .catch(function (error) {
        if (error instanceof Cancelled || run.cancelled) throw new Cancelled();
        var reason = String((error && error.message) || error);
        if (attempt >= RETRY_DELAYS_MS.length) {
          return { state: "failed", attempts: attempt + 1, error: reason };
        }
        var delay = RETRY_DELAYS_MS[attempt];
        storeReceipt(receipt, { state: "sending", attempts: attempt + 1, error: reason }, true);
        if (document.getElementById("ph-ack-receipt").dataset.receiptId === receipt.receipt_id) {
          setStatus(
            "Sending failed (" + reason + "). Trying again in " + delay / 1000 +
              " s — your receipt is safe in this browser."
          );
        }
        return wait(delay, run).then(function () {
          if (run.cancelled) throw new Cancelled();
          return send(form, receipt, invite, attempt + 1, run);
        });
      });
  }

  function deliver(form, receipt, invite) {
    if (!form.dataset.endpoint) return Promise.resolve();
    var id = receipt.receipt_id;
    if (deliveries[id]) return Promise.resolve(); // already on its way
    var token = invite || storedInvite(id);
    var run = { cancelled: false, controller: null, timer: 0 };
    deliveries[id] = run;
    var sending = { state: "sending", attempts: 0 };
    storeReceipt(receipt, sending, true);
    showDelivery(form, receipt, sending);
    var resend = document.getElementById("ph-receipt-resend");
    if (resend) resend.hidden = true;
    return send(form, receipt, token, 0, run).then(
      function (result) {
        delete deliveries[id];
        if (run.cancelled) return;
        var kept = receipt;
        if (result.countersignature) {
          kept = Object.assign({}, receipt, { countersignature: result.countersignature });
          delete result.countersignature;
        }
        storeReceipt(kept, result, true);
        showDelivery(form, kept, result);
      },
      function (error) {
        delete deliveries[id];
        if (!(error instanceof Cancelled)) throw error;
      }
    );
  }

  function storedInvite(receiptId) {
    var item = storedReceipts().find(function (entry) {
      return entry.receipt.receipt_id === receiptId;
    });
    return (item && item.invite) || "";
  }

  function onSubmit(form, revisionPromise, event) {
    event.preventDefault();
    if (form.dataset.phBusy === "1") return;
    var errors = validate(form);
    showErrors(form, errors);
    if (errors.length) return;
    saveDraft(form);
    form.dataset.phBusy = "1";
    document.getElementById("ph-ack-status").textContent = "Preparing your receipt…";
    revisionPromise
      .get()
      .then(function (revision) {
        if (revision.revision !== form.dataset.revision) {
          throw new Error(
            "the handbook has changed since this page was loaded — reload the page; your " +
              "answers are kept"
          );
        }
        var receipt = makeReceipt(form, revision);
        var delivery = { state: form.dataset.endpoint ? "pending" : "not-configured" };
        var invite = form.dataset.phInvite || "";
        storeReceipt(receipt, delivery, false, invite);
        removeKey(DRAFT_KEY);
        renderReceipt(form, receipt, delivery);
        return deliver(form, receipt, invite);
      })
      .catch(function (error) {
        document.getElementById("ph-ack-status").textContent =
          "Could not prepare the receipt: " + ((error && error.message) || error) + ".";
      })
      .then(function () {
        form.dataset.phBusy = "0";
      });
  }

  /* ---------- personal signing links (?invite=TOKEN) ---------- */

  /* The link's token: taken out of the address bar (it is personal) and kept in this browser
   * for the next visit; null without one. */
  function inviteToken() {
    var params = new URLSearchParams(window.location.search);
    var token = params.get("invite");
    if (token) {
      writeJSON(INVITE_KEY, token);
      params.delete("invite");
      var rest = params.toString();
      window.history.replaceState(
        window.history.state,
        "",
        window.location.pathname + (rest ? "?" + rest : "") + window.location.hash
      );
      return token;
    }
    var kept = readJSON(INVITE_KEY, null);
    return typeof kept === "string" && kept ? kept : null;
  }

  /* Ask the receiver whom the link is for (GET <endpoint> with X-Invite-Token, receiver/app.py)
   * and fill in the employee's name, ID and department; the token is sent with the receipt so
   * the receiver binds it to the employee. A link the receiver refuses (422) is forgotten. */
  function useInvite(form) {
    var token = inviteToken();
    if (!token || !form.dataset.endpoint) return;
    form.dataset.phInvite = token;
    var status = document.getElementById("ph-ack-status");
    var controller = typeof AbortController === "function" ? new AbortController() : null;
    var timer = window.setTimeout(function () {
      if (controller) controller.abort();
    }, Number(form.dataset.timeoutMs) || 15000);
    var headers = { Accept: "application/json" };
    headers[INVITE_HEADER] = token;
    fetch(form.dataset.endpoint, {
      method: "GET",
      headers: headers,
      cache: "no-store",
      signal: controller ? controller.signal : undefined,
    })
      .then(function (response) {
        return readAnswer(response).then(function (answer) {
          if (!response.ok || !answer || typeof answer.employee_id !== "string") {
            if (response.status >= 400 && response.status < 500 && response.status !== 429) {
              removeKey(INVITE_KEY); // not a usable link: sign without it
              delete form.dataset.phInvite;
            }
            var problem =
              answer && Array.isArray(answer.problems) && answer.problems.length
                ? String(answer.problems[0])
                : "Your personal signing link could not be read (HTTP " + response.status + ").";
            throw new Error(problem);
          }
          return answer;
        });
      })
      .then(function (invite) {
        var filled = [];
        fieldInputs(form).forEach(function (input) {
          var value = invite[input.dataset.phField];
          if (typeof value !== "string" || !value) return;
          if (input.dataset.phField === "employee_id" || !input.value.trim()) {
            input.value = value;
            filled.push(input.dataset.receiptLabel);
          }
        });
        saveDraft(form);
        status.textContent =
          "Filled in from your personal signing link: " + filled.join(", ") +
          ". Check them, then sign.";
      })
      .catch(function (error) {
        status.textContent =
          error && error.name === "AbortError"
            ? "Your personal signing link could not be checked (no answer). You can still sign."
            : String((error && error.message) || error);
      })
      .then(function () {
        window.clearTimeout(timer);
      });
  }

  /* ---------- returning employees ---------- */

  /* What changed since a receipt, word by word: revision-changes.json (named by revision.json's
   * "changes_since", made by build_hooks/handbook/history_pages.py) holds, by section id and by
   * the digest a receipt recorded, the differences from that exact text to the current one:
   * {revision, archive, change: {text: [[kind, text]], fields: [[detail, before, after, from]]}}
   * with kind "=" unchanged, "-" removed, "+" inserted. */
  function fetchChangesSince(revision) {
    if (!revision.changes_since) return Promise.resolve(null);
    return fetch(revision.base + revision.changes_since, { cache: "no-cache" })
      .then(function (response) {
        if (!response.ok) throw new Error("revision-changes.json: HTTP " + response.status);
        return response.json();
      })
      .catch(function () {
        return null; // the list of sections is still shown, without the differences
      });
  }

  function appendLines(parent, text) {
    String(text)
      .split("\n")
      .forEach(function (line, index) {
        if (index > 0) parent.appendChild(el("br"));
        if (line) parent.appendChild(document.createTextNode(line));
      });
  }

  function diffParagraph(ops) {
    var paragraph = el("p", { class: "ph-diff-text" });
    ops.forEach(function (op) {
      var target = paragraph;
      if (op[0] === "-" || op[0] === "+") {
        var removed = op[0] === "-";
        target = el(removed ? "del" : "ins", { class: removed ? "ph-del" : "ph-ins" }, [
          el("span", { class: "ph-visually-hidden", text: removed ? "removed: " : "inserted: " }),
        ]);
        paragraph.appendChild(target);
      }
      appendLines(target, op[1]);
    });
    return paragraph;
  }

  function fieldsTable(rows) {
    var head = el("tr", {}, ["Detail", "Before", "After", "In force from"].map(function (name) {
      return el("th", { scope: "col", text: name });
    }));
    var body = rows.map(function (row) {
      return el("tr", {}, [
        el("th", { scope: "row", text: row[0] }),
        el("td", { text: row[1] }),
        el("td", { text: row[2] }),
        el("td", { text: row[3] }),
      ]);
    });
    return el("table", { class: "ph-field-changes" }, [
      el("caption", { text: "Details that changed" }),
      el("thead", {}, [head]),
      el("tbody", {}, body),
    ]);
  }

  function differencesSince(entry, base) {
    var change = entry.change;
    var parts = [
      el("summary", {}, ["What changed since the text you signed (revision of ",
        timeTag(entry.revision), ")"]),
    ];
    if (change.text.length) parts.push(diffParagraph(change.text));
    else parts.push(el("p", { text: "The text is unchanged." }));
    if (change.fields.length) parts.push(fieldsTable(change.fields));
    parts.push(
      el("p", {}, [el("a", { href: base + entry.archive, text: "The text you signed" })])
    );
    return el("details", { class: "ph-change ph-change-since" }, parts);
  }

  function showChangedSince(form, revisionPromise, last) {
    revisionPromise
      .get()
      .then(function (revision) {
        return fetchChangesSince(revision).then(function (since) {
          return [revision, since];
        });
      })
      .then(function (loaded) {
        var revision = loaded[0];
        var since = loaded[1];
        var signed = last.sections || {};
        var changed = Object.keys(revision.sections).filter(function (id) {
          return signed[id] !== revision.sections[id].digest;
        });
        var removed = Object.keys(signed).filter(function (id) {
          return !(id in revision.sections);
        });
        var box = document.getElementById("ph-ack-changed");
        box.textContent = "";
        box.appendChild(
          el("h2", { id: "ph-ack-changed-title" }, [
            "Changed since you signed on ",
            timeTag(String(last.signed_at)),
          ])
        );
        if (!changed.length && !removed.length) {
          box.appendChild(
            el("p", {
              text: "No section's text has changed; sign below to acknowledge this revision.",
            })
          );
        } else {
          var list = el("ul");
          changed.forEach(function (id) {
            var info = revision.sections[id];
            var item = el("li", {}, [
              el("a", {
                href: revision.base + info.url,
                text: "§" + info.number + " " + info.title,
              }),
            ]);
            if (!(id in signed)) item.appendChild(document.createTextNode(" (new)"));
            var entry = since && since.sections[id] && since.sections[id][signed[id]];
            if (entry) item.appendChild(differencesSince(entry, revision.base));
            else if (since && id in signed)
              item.appendChild(
                document.createTextNode(
                  " (the text you signed is not in the handbook's recorded revisions: read " +
                    "the whole section)"
                )
              );
            list.appendChild(item);
          });
          removed.forEach(function (id) {
            list.appendChild(el("li", { text: id + " (removed from the handbook)" }));
          });
          box.appendChild(el("p", { text: "Read these sections, then sign again below:" }));
          box.appendChild(list);
        }
        box.hidden = false;
      })
      .catch(function () {
        /* offline: the form still works; the comparison is shown next time */
      });
  }

  /* ---------- start ---------- */

  function revisionLoader(form) {
    var pending = null;
    return {
      get: function () {
        if (!pending) {
          pending = fetchRevision(form).catch(function (error) {
            pending = null; // try again on the next call
            throw error;
          });
        }
        return pending;
      },
    };
  }

  function init() {
    var form = document.getElementById("ph-ack-form");
    if (!form || form.dataset.phReady === "1") return;
    form.dataset.phReady = "1";
    var revisionPromise = revisionLoader(form);
    revisionPromise.get().catch(function () {
      /* fetched again on submit */
    });

    form.addEventListener("input", function (event) {
      checkLength(event.target);
      saveDraft(form);
    });
    form.addEventListener("change", function () {
      saveDraft(form);
    });
    form.addEventListener("submit", function (event) {
      onSubmit(form, revisionPromise, event);
    });

    var receipts = storedReceipts();
    var mine = receipts.filter(function (item) {
      return item.receipt.revision === form.dataset.revision;
    });
    var earlier = receipts.filter(function (item) {
      return item.receipt.revision !== form.dataset.revision;
    });
    var entry = mine.length ? mine[mine.length - 1] : null;
    var delivery = (entry && entry.delivery) || { state: "not-configured" };
    var interrupted =
      !!form.dataset.endpoint && (delivery.state === "sending" || delivery.state === "pending");
    var hasDraft = loadDraft() !== null;
    if (entry && (interrupted || !hasDraft)) {
      // signed this revision already (maybe the page was reloaded while sending): show the
      // receipt; an unsent one is sent again with the same Idempotency-Key
      renderReceipt(form, entry.receipt, delivery, { focus: false });
      if (interrupted) deliver(form, entry.receipt, entry.invite);
    } else if (!entry && earlier.length) {
      earlier.sort(function (a, b) {
        return String(a.receipt.signed_at) < String(b.receipt.signed_at) ? -1 : 1;
      });
      showChangedSince(form, revisionPromise, earlier[earlier.length - 1].receipt);
    }
    var restored = restoreDraft(form);
    if (restored) {
      document.getElementById("ph-ack-status").textContent = restored;
    } else if (!inputOf(form, "date").value) {
      inputOf(form, "date").value = today();
    }
    useInvite(form);
  }

  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(init);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
