/* Acknowledgement form: draft kept in this browser, validation announced next to each field,
 * a receipt (printable, JSON download, e-mail), optional POST with retries, and "changed since
 * you signed". Loaded on every page; it does nothing unless the page has #ph-ack-form.
 * Initialises through Material's document$ (instant navigation), once per page view. */
(function () {
  "use strict";

  var RECEIPTS_KEY = "policy-handbook:receipts";
  var FORMAT = "policy-handbook-receipt/1";
  var FIELDS = ["full_name", "employee_id", "department", "signature", "date"];
  var LABELS = {
    full_name: "Full name",
    employee_id: "Employee ID",
    department: "Department",
    signature: "Signature",
    date: "Date",
    read: "I have read and understood",
  };
  var RETRY_DELAYS_MS = [1000, 2000, 4000, 8000];

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
    if (store) store.setItem(key, JSON.stringify(value));
  }

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

  function inputOf(form, name) {
    return form.elements.namedItem(name);
  }

  function draftKey(form) {
    return "policy-handbook:ack-draft:" + form.dataset.revision;
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
    if (!draft) return false;
    FIELDS.forEach(function (name) {
      if (typeof draft[name] === "string") inputOf(form, name).value = draft[name];
    });
    inputOf(form, "read").checked = draft.read === true;
    return true;
  }

  function today() {
    var now = new Date();
    var month = String(now.getMonth() + 1).padStart(2, "0");
    var day = String(now.getDate()).padStart(2, "0");
    return now.getFullYear() + "-" + month + "-" + day;
  }

  function validate(form) {
    var errors = [];
    FIELDS.forEach(function (name) {
      var value = inputOf(form, name).value.trim();
      if (!value) errors.push([name, "Enter your " + LABELS[name].toLowerCase() + "."]);
      else if (name === "date" && !/^\d{4}-\d{2}-\d{2}$/.test(value))
        errors.push([name, "Enter the date as YYYY-MM-DD."]);
    });
    var name = inputOf(form, "full_name").value.trim();
    var signature = inputOf(form, "signature").value.trim();
    if (name && signature && name.toLowerCase() !== signature.toLowerCase())
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
        event.preventDefault();
        input.focus();
      });
      list.appendChild(el("li", {}, [link]));
    });
    summary.appendChild(el("h2", { text: "There is a problem" }));
    summary.appendChild(list);
    summary.hidden = false;
    summary.focus();
  }

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
      employee: employee,
      read_and_understood: true,
      sections: sections,
    };
  }

  function storeReceipt(receipt, delivery) {
    var receipts = readJSON(RECEIPTS_KEY, []);
    var entry = { receipt: receipt, delivery: delivery };
    var index = receipts.findIndex(function (item) {
      return item.receipt && item.receipt.receipt_id === receipt.receipt_id;
    });
    if (index >= 0) receipts[index] = entry;
    else receipts.push(entry);
    writeJSON(RECEIPTS_KEY, receipts);
  }

  function mailtoHref(form, receipt) {
    var subject = "Handbook acknowledgement " + receipt.revision + " — " + receipt.employee.full_name;
    return (
      "mailto:" +
      encodeURIComponent(form.dataset.hrEmail) +
      "?subject=" +
      encodeURIComponent(subject) +
      "&body=" +
      encodeURIComponent(
        "Please find my acknowledgement receipt below (also attached as the downloaded JSON " +
          "file).\n\n" +
          JSON.stringify(receipt, null, 1)
      )
    );
  }

  function renderReceipt(form, receipt) {
    var box = document.getElementById("ph-ack-receipt");
    box.textContent = "";
    var rows = [
      ["Receipt number", receipt.receipt_id],
      ["Organization", receipt.organization],
      ["Revision", receipt.revision],
      ["Signed at", receipt.signed_at],
    ];
    FIELDS.forEach(function (name) {
      rows.push([LABELS[name], receipt.employee[name]]);
    });
    var table = el("table", { class: "ph-receipt-table" }, [
      el(
        "tbody",
        {},
        rows.map(function (row) {
          return el("tr", {}, [el("th", { scope: "row", text: row[0] }), el("td", { text: row[1] })]);
        })
      ),
    ]);
    var blob = new Blob([JSON.stringify(receipt, null, 2) + "\n"], { type: "application/json" });
    var download = el("a", {
      class: "md-button",
      href: URL.createObjectURL(blob),
      download: "acknowledgement-" + receipt.receipt_id + ".json",
      id: "ph-receipt-download",
      text: "Download the receipt (JSON)",
    });
    var print = el("button", { type: "button", class: "md-button", text: "Print the receipt" });
    print.addEventListener("click", function () {
      window.print();
    });
    var actions = [download, " ", print];
    if (form.dataset.hrEmail) {
      actions.push(" ");
      actions.push(
        el("a", {
          class: "md-button",
          href: mailtoHref(form, receipt),
          id: "ph-receipt-mail",
          text: "E-mail it to Human Resources",
        })
      );
    }
    box.appendChild(el("h2", { id: "ph-receipt-title", tabindex: "-1", text: "Your receipt" }));
    box.appendChild(
      el("p", {
        text:
          "You acknowledged revision " +
          receipt.revision +
          ". Keep this receipt: print it or download it.",
      })
    );
    box.appendChild(table);
    box.appendChild(el("p", { class: "ph-receipt-actions" }, actions));
    box.hidden = false;
    document.getElementById("ph-ack").classList.add("ph-ack--signed");
    box.querySelector("h2").focus();
  }

  function setStatus(text) {
    var status = document.getElementById("ph-ack-status");
    if (status) status.textContent = text;
    var copy = document.getElementById("ph-receipt-status");
    if (copy) copy.textContent = text;
  }

  function wait(ms) {
    return new Promise(function (resolve) {
      window.setTimeout(resolve, ms);
    });
  }

  function send(form, receipt, attempt) {
    var endpoint = form.dataset.endpoint;
    return fetch(endpoint, {
      method: "POST",
      headers: { "Content-Type": "application/json", "Idempotency-Key": receipt.receipt_id },
      body: JSON.stringify(receipt),
    })
      .then(function (response) {
        if (response.ok) return { state: "sent", attempts: attempt + 1 };
        if (response.status >= 500) throw new Error("the server answered " + response.status);
        return { state: "refused", attempts: attempt + 1, status: response.status };
      })
      .catch(function (error) {
        if (attempt >= RETRY_DELAYS_MS.length) {
          return { state: "failed", attempts: attempt + 1, error: String(error.message || error) };
        }
        var delay = RETRY_DELAYS_MS[attempt];
        setStatus(
          "Sending failed (" + (error.message || error) + "). Trying again in " +
            delay / 1000 + " s — your receipt is safe."
        );
        return wait(delay).then(function () {
          return send(form, receipt, attempt + 1);
        });
      });
  }

  function deliver(form, receipt) {
    if (!form.dataset.endpoint) {
      setStatus(
        form.dataset.hrEmail
          ? "Download your receipt and e-mail it to Human Resources (" + form.dataset.hrEmail + ")."
          : "Download your receipt and give it to Human Resources."
      );
      return Promise.resolve();
    }
    setStatus("Sending your acknowledgement to Human Resources…");
    storeReceipt(receipt, { state: "sending" });
    return send(form, receipt, 0).then(function (result) {
      storeReceipt(receipt, result);
      if (result.state === "sent") {
        setStatus("Sent: Human Resources has your acknowledgement. Keep your receipt too.");
      } else if (result.state === "refused") {
        setStatus(
          "Human Resources' system refused the acknowledgement (HTTP " + result.status +
            "). Your receipt is kept: e-mail it to Human Resources."
        );
      } else {
        setStatus(
          "Could not reach Human Resources' system after " + result.attempts +
            " attempts. Your receipt is kept: download it and e-mail it to Human Resources."
        );
      }
    });
  }

  function onSubmit(form, event) {
    event.preventDefault();
    var errors = validate(form);
    showErrors(form, errors);
    if (errors.length) return;
    saveDraft(form);
    setStatus("Preparing your receipt…");
    fetchRevision(form)
      .then(function (revision) {
        if (revision.revision !== form.dataset.revision) {
          throw new Error(
            "the handbook has changed since this page was loaded — reload the page; your " +
              "answers are kept"
          );
        }
        var receipt = makeReceipt(form, revision);
        storeReceipt(receipt, { state: form.dataset.endpoint ? "pending" : "not-configured" });
        var store = storage();
        if (store) store.removeItem(draftKey(form));
        renderReceipt(form, receipt);
        var status = el("p", { id: "ph-receipt-status", role: "status", "aria-live": "polite" });
        document.getElementById("ph-ack-receipt").appendChild(status);
        return deliver(form, receipt);
      })
      .catch(function (error) {
        setStatus("Could not prepare the receipt: " + (error.message || error) + ".");
      });
  }

  function showChangedSince(form) {
    var receipts = readJSON(RECEIPTS_KEY, []).filter(function (item) {
      return item && item.receipt && item.receipt.format === FORMAT;
    });
    if (!receipts.length) return;
    var last = receipts[receipts.length - 1].receipt;
    if (last.revision === form.dataset.revision) return;
    fetchRevision(form)
      .then(function (revision) {
        var changed = Object.keys(revision.sections).filter(function (id) {
          return last.sections[id] !== revision.sections[id].digest;
        });
        var box = document.getElementById("ph-ack-changed");
        box.textContent = "";
        var signedOn = String(last.signed_at).slice(0, 10);
        box.appendChild(el("h2", { text: "Changed since you signed on " + signedOn }));
        if (!changed.length) {
          box.appendChild(el("p", { text: "No section's text has changed." }));
        } else {
          var list = el("ul");
          changed.forEach(function (id) {
            var info = revision.sections[id];
            list.appendChild(
              el("li", {}, [
                el("a", { href: revision.base + info.url, text: "§" + info.number + " " + info.title }),
              ])
            );
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

  function init() {
    var form = document.getElementById("ph-ack-form");
    if (!form || form.dataset.phReady === "1") return;
    form.dataset.phReady = "1";
    if (restoreDraft(form)) setStatus("Your unsent answers were restored.");
    else if (!inputOf(form, "date").value) inputOf(form, "date").value = today();
    form.addEventListener("input", function () {
      saveDraft(form);
    });
    form.addEventListener("change", function () {
      saveDraft(form);
    });
    form.addEventListener("submit", function (event) {
      onSubmit(form, event);
    });
    showChangedSince(form);
  }

  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(init);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
