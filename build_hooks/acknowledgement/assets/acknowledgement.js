/* Acknowledgement form (/acknowledgement/): draft kept in this browser, errors announced next to
 * each field, a receipt (printable view, JSON download, e-mail), optional POST with retries, and
 * "changed since you signed" for returning employees.
 *
 * Loaded on every page through extra_javascript; does nothing unless the page holds #ph-ack-form.
 * Initialises through Material's document$ (instant navigation), once per page view. Everything
 * users type is put on the page with textContent, never as HTML.
 *
 * localStorage keys:
 *   policy-handbook:ack-draft:<revision id>  the unsent answers of this revision's form
 *   policy-handbook:receipts                 [{receipt, delivery: {state, attempts, ...}}]
 *   policy-handbook:invite                   the personal signing link's token (?invite=…)
 * The receipt format is schema/receipt.schema.json. With a personal link, the page asks the
 * endpoint (GET, X-Invite-Token) whom it is for and fills in name, ID and department, and sends
 * the token with the receipt. A 2xx answer of the receiver (python -m receiver) carries a
 * countersignature, which is stored in the receipt. */
(function () {
  "use strict";

  var RECEIPTS_KEY = "policy-handbook:receipts";
  var INVITE_KEY = "policy-handbook:invite";
  var INVITE_HEADER = "X-Invite-Token";
  var DRAFT_PREFIX = "policy-handbook:ack-draft:";
  var FORMAT = "policy-handbook-receipt/1";
  var FIELDS = ["full_name", "employee_id", "department", "signature", "date"];
  var LABELS = {
    full_name: "Full name",
    employee_id: "Employee ID",
    department: "Department",
    signature: "Signature",
    date: "Date",
  };
  var MISSING = {
    full_name: "Enter your full name.",
    employee_id: "Enter your employee ID.",
    department: "Enter your department.",
    signature: "Type your full name as your signature.",
    date: "Enter today's date.",
  };
  var RETRY_DELAYS_MS = [1000, 2000, 4000, 8000];
  var RETRYABLE_STATUS = [408, 425, 429];

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

  function storedReceipts() {
    var items = readJSON(RECEIPTS_KEY, []);
    if (!Array.isArray(items)) return [];
    return items.filter(function (item) {
      return item && item.receipt && item.receipt.format === FORMAT && item.receipt.sections;
    });
  }

  /* Add a receipt, or update the delivery of one already stored. With onlyIfKept, a receipt
   * the employee removed from this browser meanwhile is not stored again. */
  function storeReceipt(receipt, delivery, onlyIfKept) {
    var receipts = storedReceipts();
    var entry = { receipt: receipt, delivery: delivery };
    var index = receipts.findIndex(function (item) {
      return item.receipt.receipt_id === receipt.receipt_id;
    });
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

  function receivedText(receipt) {
    var at = String(receipt.countersignature.received_at);
    return humanDate(at) + " at " + at.slice(11, 16) + " UTC";
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

  /* ---------- draft ---------- */

  function draftKey(form) {
    return DRAFT_PREFIX + form.dataset.revision;
  }

  function saveDraft(form) {
    var draft = {};
    FIELDS.forEach(function (name) {
      draft[name] = inputOf(form, name).value;
    });
    draft.read = inputOf(form, "read").checked;
    writeJSON(draftKey(form), draft);
  }

  function restoreDraft(form) {
    var draft = readJSON(draftKey(form), null);
    if (!draft || typeof draft !== "object") return false;
    FIELDS.forEach(function (name) {
      if (typeof draft[name] === "string") inputOf(form, name).value = draft[name];
    });
    inputOf(form, "read").checked = draft.read === true;
    return true;
  }

  /* ---------- validation ---------- */

  function validate(form) {
    var errors = [];
    FIELDS.forEach(function (name) {
      var value = inputOf(form, name).value.trim();
      if (!value) errors.push([name, MISSING[name]]);
      else if (name === "date" && !isRealDate(value))
        errors.push([name, "Enter a real date, for example " + today() + "."]);
      else if (name === "date" && value > today())
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

  function showErrors(form, errors) {
    var summary = form.querySelector("#ph-ack-errors");
    form.querySelectorAll(".ph-error").forEach(function (p) {
      p.textContent = "";
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
      document.getElementById(input.id + "-error").textContent = error[1];
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
    FIELDS.forEach(function (name) {
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
    var body = [
      "I acknowledge the employee handbook of " + receipt.organization + ".",
      "",
      "Name: " + e.full_name,
      "Employee ID: " + e.employee_id,
      "Department: " + e.department,
      "Signature: " + e.signature,
      "Date: " + e.date,
      "Revision: " + receipt.revision,
      "Signed at: " + receipt.signed_at,
      "Receipt number: " + receipt.receipt_id,
      "",
      "The receipt file acknowledgement-" + receipt.receipt_id + ".json is attached.",
    ].join("\n");
    return (
      "mailto:" +
      encodeURIComponent(form.dataset.hrEmail) +
      "?subject=" +
      encodeURIComponent(subject) +
      "&body=" +
      encodeURIComponent(body)
    );
  }

  function deliveryText(form, delivery) {
    var email = form.dataset.hrEmail;
    var fallback = email
      ? "download it and e-mail it to Human Resources (" + email + ")."
      : "download it and give it to Human Resources.";
    switch (delivery.state) {
      case "sent":
        if (delivery.received_at)
          return (
            "Received by Human Resources on " + humanDate(delivery.received_at) + " at " +
            String(delivery.received_at).slice(11, 16) + " UTC. Your receipt now carries their " +
            "confirmation; keep it."
          );
        return "Sent: Human Resources has your acknowledgement. Keep your receipt too.";
      case "refused":
        return (
          "Human Resources' system refused the acknowledgement (HTTP " + delivery.status +
          (delivery.reason ? ": " + delivery.reason : "") + "). Your receipt is kept: " + fallback
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

  function renderReceipt(form, receipt, delivery, options) {
    var ack = document.getElementById("ph-ack");
    var box = document.getElementById("ph-ack-receipt");
    if (box.dataset.blobUrl) URL.revokeObjectURL(box.dataset.blobUrl);
    box.textContent = "";
    var rows = [
      ["Organization", receipt.organization],
      ["Revision", receipt.revision],
      ["Signed at", String(receipt.signed_at).replace("T", " ").replace(/Z$/, " UTC")],
      ["Receipt number", receipt.receipt_id],
    ];
    FIELDS.forEach(function (name) {
      rows.push([LABELS[name], receipt.employee[name]]);
    });
    rows.push(["I have read and understood", "Yes"]);
    if (receipt.countersignature) rows.push(["Received by Human Resources", receivedText(receipt)]);
    var table = el("table", { class: "ph-receipt-table" }, [
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
    var blob = new Blob([JSON.stringify(receipt, null, 2) + "\n"], { type: "application/json" });
    var blobUrl = URL.createObjectURL(blob);
    box.dataset.blobUrl = blobUrl;
    var actions = [
      el("a", {
        class: "md-button md-button--primary",
        href: blobUrl,
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
    box.appendChild(table);
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
    box.querySelector("#ph-receipt-forget").addEventListener("click", function () {
      startOver(form, true);
    });
    showDelivery(form, delivery);
    if (!options || options.focus !== false) box.querySelector("h2").focus();
  }

  function showDelivery(form, delivery) {
    setStatus(deliveryText(form, delivery));
    var resend = document.getElementById("ph-receipt-resend");
    if (resend) resend.hidden = delivery.state !== "failed";
  }

  function startOver(form, forget) {
    var box = document.getElementById("ph-ack-receipt");
    if (box.dataset.blobUrl) URL.revokeObjectURL(box.dataset.blobUrl);
    box.textContent = "";
    box.hidden = true;
    document.getElementById("ph-ack").classList.remove("ph-ack--signed");
    var store = storage();
    if (forget && store) {
      store.removeItem(RECEIPTS_KEY);
      store.removeItem(INVITE_KEY);
      Object.keys(store)
        .filter(function (key) {
          return key.indexOf(DRAFT_PREFIX) === 0;
        })
        .forEach(function (key) {
          store.removeItem(key);
        });
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

  function wait(ms) {
    return new Promise(function (resolve) {
      window.setTimeout(resolve, ms);
    });
  }

  function answerBody(response) {
    return response.text().then(function (text) {
      try {
        var body = JSON.parse(text);
        return body && typeof body === "object" ? body : {};
      } catch (e) {
        return {}; // an endpoint that answers without JSON
      }
    });
  }

  function send(form, receipt, attempt) {
    var headers = { "Content-Type": "application/json", "Idempotency-Key": receipt.receipt_id };
    var token = readJSON(INVITE_KEY, null);
    if (typeof token === "string" && token) headers[INVITE_HEADER] = token;
    var body = {};
    Object.keys(receipt).forEach(function (key) {
      if (key !== "countersignature") body[key] = receipt[key];
    });
    return fetch(form.dataset.endpoint, {
      method: "POST",
      headers: headers,
      body: JSON.stringify(body),
    })
      .then(function (response) {
        if (response.status >= 500 || RETRYABLE_STATUS.indexOf(response.status) >= 0)
          throw new Error("the server answered " + response.status);
        return answerBody(response).then(function (answer) {
          if (response.ok) {
            var sent = { state: "sent", attempts: attempt + 1 };
            var mark = answer.countersignature;
            if (mark && typeof mark === "object" && typeof mark.received_at === "string") {
              receipt.countersignature = mark; // schema/receipt.schema.json countersignature
              sent.received_at = mark.received_at;
            }
            return sent;
          }
          var reason = Array.isArray(answer.problems) ? answer.problems.join(" ") : "";
          return { state: "refused", attempts: attempt + 1, status: response.status, reason: reason };
        });
      })
      .catch(function (error) {
        var reason = String((error && error.message) || error);
        if (attempt >= RETRY_DELAYS_MS.length) {
          return { state: "failed", attempts: attempt + 1, error: reason };
        }
        var delay = RETRY_DELAYS_MS[attempt];
        storeReceipt(receipt, { state: "sending", attempts: attempt + 1, error: reason }, true);
        setStatus(
          "Sending failed (" + reason + "). Trying again in " + delay / 1000 +
            " s — your receipt is safe in this browser."
        );
        return wait(delay).then(function () {
          return send(form, receipt, attempt + 1);
        });
      });
  }

  function deliver(form, receipt) {
    if (!form.dataset.endpoint) return Promise.resolve();
    var sending = { state: "sending", attempts: 0 };
    storeReceipt(receipt, sending, true);
    showDelivery(form, sending);
    var resend = document.getElementById("ph-receipt-resend");
    if (resend) resend.hidden = true;
    return send(form, receipt, 0).then(function (result) {
      storeReceipt(receipt, result, true);
      if (document.getElementById("ph-ack-form") !== form) return;
      if (result.received_at) renderReceipt(form, receipt, result, { focus: false });
      else showDelivery(form, result);
    });
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
        storeReceipt(receipt, delivery);
        var store = storage();
        if (store) store.removeItem(draftKey(form));
        renderReceipt(form, receipt, delivery);
        return deliver(form, receipt);
      })
      .catch(function (error) {
        document.getElementById("ph-ack-status").textContent =
          "Could not prepare the receipt: " + ((error && error.message) || error) + ".";
      })
      .then(function () {
        form.dataset.phBusy = "0";
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

  /* ---------- personal signing links ---------- */

  /* The token of ?invite=…, kept for this page's receipts and taken out of the address bar. */
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
    return typeof kept === "string" ? kept : null;
  }

  function prefillFromInvite(form, token) {
    if (!token || !form.dataset.endpoint) return;
    var headers = {};
    headers[INVITE_HEADER] = token;
    fetch(form.dataset.endpoint, { method: "GET", headers: headers, cache: "no-store" })
      .then(function (response) {
        return answerBody(response).then(function (answer) {
          var status = document.getElementById("ph-ack-status");
          if (!response.ok) {
            if (response.status === 422) {
              var store = storage();
              if (store) store.removeItem(INVITE_KEY); // not a usable link: sign without it
              status.textContent = Array.isArray(answer.problems) ? answer.problems.join(" ") : "";
            }
            return;
          }
          ["full_name", "employee_id", "department"].forEach(function (name) {
            var input = inputOf(form, name);
            if (input && !input.value && typeof answer[name] === "string") input.value = answer[name];
          });
          saveDraft(form);
          status.textContent =
            "Your personal link filled in your name, employee ID and department. Check them, " +
            "then sign.";
        });
      })
      .catch(function () {
        /* offline: the employee types them; the token still goes with the receipt */
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

    form.addEventListener("input", function () {
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
    var hasDraft = readJSON(draftKey(form), null) !== null;
    if (entry && (interrupted || !hasDraft)) {
      // signed this revision already (maybe the page was reloaded while sending): show the
      // receipt; an unsent one is sent again with the same Idempotency-Key
      renderReceipt(form, entry.receipt, delivery, { focus: false });
      if (interrupted) deliver(form, entry.receipt);
    } else if (!entry && earlier.length) {
      earlier.sort(function (a, b) {
        return String(a.receipt.signed_at) < String(b.receipt.signed_at) ? -1 : 1;
      });
      showChangedSince(form, revisionPromise, earlier[earlier.length - 1].receipt);
    }
    if (restoreDraft(form)) {
      document.getElementById("ph-ack-status").textContent = "Your unsent answers were restored.";
    } else if (!inputOf(form, "date").value) {
      inputOf(form, "date").value = today();
    }
    if (!entry || !(interrupted || !hasDraft)) prefillFromInvite(form, inviteToken());
    else inviteToken(); // keep the token for the receipt being sent
  }

  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(init);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
