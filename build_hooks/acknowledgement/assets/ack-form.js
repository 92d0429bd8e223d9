/* Acknowledgement form, part 2 of 6: the form's fields as the page declares them (data-ph-field,
 * data-receipt-label, data-missing, data-max-length), the draft carried from revision to
 * revision, validation and the errors announced next to each field and in the summary. */
(function () {
  "use strict";
  var handbook = (window.handbook = window.handbook || {});
  var lib = (handbook.acknowledgement = handbook.acknowledgement || {});

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
    lib.writeJSON(lib.DRAFT_KEY, {
      revision: form.dataset.revision,
      values: values,
      read: lib.inputOf(form, "read").checked,
    });
  }

  /* The draft, moving one kept under a revision's own key (before drafts followed the person)
   * to the one key. */
  function loadDraft() {
    var draft = lib.readJSON(lib.DRAFT_KEY, null);
    lib.storedKeys(lib.LEGACY_DRAFT_PREFIX).forEach(function (key) {
      var old = lib.readJSON(key, null);
      if (!draft && old && typeof old === "object") {
        var values = {};
        Object.keys(old).forEach(function (name) {
          if (typeof old[name] === "string") values[name] = old[name];
        });
        draft = {
          revision: key.slice(lib.LEGACY_DRAFT_PREFIX.length),
          values: values,
          read: old.read === true,
        };
        lib.writeJSON(lib.DRAFT_KEY, draft);
      }
      lib.removeKey(key);
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
      lib.inputOf(form, "read").checked = draft.read === true;
      return "Your unsent answers were restored.";
    }
    lib.inputOf(form, "read").checked = false;
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
      else if (input.type === "date" && !lib.isRealDate(value))
        errors.push([name, "Enter a real date, for example " + lib.today() + "."]);
      else if (input.type === "date" && value > lib.today())
        errors.push([name, "The date cannot be in the future: enter today's date."]);
    });
    var fullName = lib.inputOf(form, "full_name").value.trim();
    var signature = lib.inputOf(form, "signature").value.trim();
    if (fullName && signature && fullName.toLowerCase() !== signature.toLowerCase())
      errors.push(["signature", "Type your full name exactly as in the Full name field."]);
    if (!lib.inputOf(form, "read").checked)
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
    var list = lib.el("ul");
    errors.forEach(function (error) {
      var input = lib.inputOf(form, error[0]);
      input.setAttribute("aria-invalid", "true");
      var slot = document.getElementById(input.id + "-error");
      slot.textContent = error[1];
      slot.dataset.phLength = input.dataset && lengthError(input) === error[1] ? "1" : "0";
      var link = lib.el("a", { href: "#" + input.id, text: error[1] });
      link.addEventListener("click", function (event) {
        // keep Material's instant navigation out: it would reload the page for this link
        event.preventDefault();
        event.stopPropagation();
        input.focus();
        input.scrollIntoView({ block: "center" });
      });
      list.appendChild(lib.el("li", {}, [link]));
    });
    summary.appendChild(lib.el("h2", { text: "There is a problem" }));
    summary.appendChild(list);
    summary.hidden = false;
    summary.focus();
  }

  lib.fieldInputs = fieldInputs;
  lib.fieldNames = fieldNames;
  lib.saveDraft = saveDraft;
  lib.loadDraft = loadDraft;
  lib.restoreDraft = restoreDraft;
  lib.validate = validate;
  lib.checkLength = checkLength;
  lib.showErrors = showErrors;
})();
