/* Acknowledgement form, part 3 of 6: the receipt (made from the form and revision.json), its
 * view (table, download, print, e-mail, delivery status) and removing everything from this
 * browser (with a confirmation when unsent receipts would be lost). */
(function () {
  "use strict";
  var handbook = (window.handbook = window.handbook || {});
  var lib = (handbook.acknowledgement = handbook.acknowledgement || {});

  /* ---------- receipt ---------- */

  function makeReceipt(form, revision) {
    var employee = {};
    lib.fieldNames(form).forEach(function (name) {
      employee[name] = lib.inputOf(form, name).value.trim();
    });
    var sections = {};
    Object.keys(revision.sections).forEach(function (id) {
      sections[id] = revision.sections[id].digest;
    });
    return {
      format: lib.FORMAT,
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
    lib.fieldInputs(form).forEach(function (input) {
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
    return lib.humanDate(when.toISOString()) + " at " + time + " UTC";
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
    lib.fieldInputs(form).forEach(function (input) {
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
    return lib.el("table", { class: "ph-receipt-table" }, [
      lib.el(
        "tbody",
        {},
        rows.map(function (row) {
          return lib.el("tr", {}, [
            lib.el("th", { scope: "row", text: row[0] }),
            lib.el("td", { text: row[1] }),
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
      lib.el("a", {
        class: "md-button md-button--primary",
        href: setDownload(box, receipt),
        download: "acknowledgement-" + receipt.receipt_id + ".json",
        id: "ph-receipt-download",
        text: "Download the receipt (JSON)",
      }),
      lib.button("ph-receipt-print", "Print the receipt"),
    ];
    if (form.dataset.hrEmail) {
      actions.push(
        lib.el("a", {
          class: "md-button",
          href: mailtoHref(form, receipt),
          id: "ph-receipt-mail",
          text: "E-mail it to Human Resources",
        })
      );
    }
    if (form.dataset.endpoint) {
      actions.push(lib.button("ph-receipt-resend", "Send again")); // shown after a failure
    }
    var after = lib.el("p", { class: "ph-receipt-after" }, [
      lib.button("ph-receipt-new", "Start a new acknowledgement"),
      lib.button("ph-receipt-forget", "Remove my details from this browser"),
    ]);
    box.appendChild(lib.el("h2", { id: "ph-receipt-title", tabindex: "-1", text: "Your receipt" }));
    box.appendChild(
      lib.el("p", {}, [
        "You acknowledged the employee handbook of " + receipt.organization + ", revision ",
        lib.el("code", { text: receipt.revision }),
        ". Keep this receipt: print it or download it.",
      ])
    );
    box.appendChild(
      lib.el("blockquote", { class: "ph-receipt-statement", text: receipt.statement })
    );
    box.appendChild(receiptTable(receiptRows(form, receipt, delivery)));
    box.appendChild(lib.el("p", { class: "ph-receipt-actions" }, actions));
    box.appendChild(
      lib.el("p", {
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
        lib.deliver(form, receipt);
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
    return lib.storedReceipts().filter(function (item) {
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
    var yes = lib.button("ph-forget-confirm", "Remove them");
    var no = lib.button("ph-forget-cancel", "Keep my receipts");
    no.classList.add("md-button--primary");
    dialog = lib.el(
      "dialog",
      {
        id: "ph-forget-dialog",
        class: "ph-dialog",
        "aria-labelledby": "ph-forget-title",
        "aria-describedby": "ph-forget-text",
      },
      [
        lib.el("h2", { id: "ph-forget-title", text: "Remove receipts that were not sent?" }),
        lib.el("p", { id: "ph-forget-text", text: forgetQuestion(unsent.length) }),
        lib.el("p", { class: "ph-dialog-actions" }, [no, yes]),
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
      lib.cancelDeliveries(); // a later answer must neither store the receipt again nor show it
      lib.removeKey(lib.RECEIPTS_KEY);
      lib.removeKey(lib.DRAFT_KEY);
      lib.removeKey(lib.INVITE_KEY);
      delete form.dataset.phInvite;
      lib.storedKeys(lib.LEGACY_DRAFT_PREFIX).forEach(lib.removeKey);
    }
    form.reset();
    lib.inputOf(form, "date").value = lib.today();
    form.hidden = false;
    document.getElementById("ph-ack-status").textContent = forget
      ? "Your details and receipts were removed from this browser."
      : "";
    lib.inputOf(form, "full_name").focus();
  }

  lib.makeReceipt = makeReceipt;
  lib.setStatus = setStatus;
  lib.renderReceipt = renderReceipt;
  lib.showDelivery = showDelivery;
})();
