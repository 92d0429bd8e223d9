/* Acknowledgement form (/acknowledgement/): draft kept in this browser, errors announced next to
 * each field, a receipt (printable view, JSON download, e-mail), optional POST with a timeout and
 * retries, personal signing links (?invite=TOKEN), and "changed since you signed" for returning
 * employees.
 *
 * Part 6 of 6: the page wiring (revision.json, submit, init). The other parts, loaded before this
 * one as classic scripts and shared through window.handbook.acknowledgement: ack-store.js
 * (storage, DOM helpers), ack-form.js (fields, draft, errors), ack-receipt.js (receipt view),
 * ack-send.js (receiver, invites), ack-changes.js ("changed since you signed").
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
 * localStorage keys (kept by ack-store.js):
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
  var handbook = (window.handbook = window.handbook || {});
  var lib = (handbook.acknowledgement = handbook.acknowledgement || {});

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

  function onSubmit(form, revisionPromise, event) {
    event.preventDefault();
    if (form.dataset.phBusy === "1") return;
    var errors = lib.validate(form);
    lib.showErrors(form, errors);
    if (errors.length) return;
    lib.saveDraft(form);
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
        var receipt = lib.makeReceipt(form, revision);
        var delivery = { state: form.dataset.endpoint ? "pending" : "not-configured" };
        var invite = form.dataset.phInvite || "";
        lib.storeReceipt(receipt, delivery, false, invite);
        lib.removeKey(lib.DRAFT_KEY);
        lib.renderReceipt(form, receipt, delivery);
        return lib.deliver(form, receipt, invite);
      })
      .catch(function (error) {
        document.getElementById("ph-ack-status").textContent =
          "Could not prepare the receipt: " + ((error && error.message) || error) + ".";
      })
      .then(function () {
        form.dataset.phBusy = "0";
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
      lib.checkLength(event.target);
      lib.saveDraft(form);
    });
    form.addEventListener("change", function () {
      lib.saveDraft(form);
    });
    form.addEventListener("submit", function (event) {
      onSubmit(form, revisionPromise, event);
    });

    var receipts = lib.storedReceipts();
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
    var hasDraft = lib.loadDraft() !== null;
    if (entry && (interrupted || !hasDraft)) {
      // signed this revision already (maybe the page was reloaded while sending): show the
      // receipt; an unsent one is sent again with the same Idempotency-Key
      lib.renderReceipt(form, entry.receipt, delivery, { focus: false });
      if (interrupted) lib.deliver(form, entry.receipt, entry.invite);
    } else if (!entry && earlier.length) {
      earlier.sort(function (a, b) {
        return String(a.receipt.signed_at) < String(b.receipt.signed_at) ? -1 : 1;
      });
      lib.showChangedSince(form, revisionPromise, earlier[earlier.length - 1].receipt);
    }
    var restored = lib.restoreDraft(form);
    if (restored) {
      document.getElementById("ph-ack-status").textContent = restored;
    } else if (!lib.inputOf(form, "date").value) {
      lib.inputOf(form, "date").value = lib.today();
    }
    lib.useInvite(form);
  }

  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(init);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
