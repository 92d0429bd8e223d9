/* Acknowledgement form, part 4 of 6: sending to HR's receiver (receiver/intake.py, app.py) and
 * personal signing links.
 *   POST <endpoint> (Idempotency-Key, X-Invite-Token) -> 201/200 {status: "stored"|
 *     "already-stored", receipt_id, received_at, attributed_to, countersignature}, or
 *     {status: "refused", problems: [...]} (400/403/409/422; 503 and 429 are retried);
 *   GET <endpoint> with X-Invite-Token -> 200 {employee_id, full_name, department, expires},
 *     or 422 {status: "refused", problems: [...]} (whom a personal link is for).
 * Each try has the form's data-timeout-ms; failures are retried after 1, 2, 4 and 8 s. */
(function () {
  "use strict";
  var handbook = (window.handbook = window.handbook || {});
  var lib = (handbook.acknowledgement = handbook.acknowledgement || {});

  var RETRY_DELAYS_MS = [1000, 2000, 4000, 8000];
  var RETRYABLE_STATUS = [408, 409, 425, 429]; // 409 without the stored record: still storing
  var INVITE_HEADER = "X-Invite-Token";
  var deliveries = {}; // receipt_id -> {cancelled, controller, timer} of the running delivery

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
        lib.storeReceipt(receipt, { state: "sending", attempts: attempt + 1, error: reason }, true);
        if (document.getElementById("ph-ack-receipt").dataset.receiptId === receipt.receipt_id) {
          lib.setStatus(
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
    lib.storeReceipt(receipt, sending, true);
    lib.showDelivery(form, receipt, sending);
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
        lib.storeReceipt(kept, result, true);
        lib.showDelivery(form, kept, result);
      },
      function (error) {
        delete deliveries[id];
        if (!(error instanceof Cancelled)) throw error;
      }
    );
  }

  function storedInvite(receiptId) {
    var item = lib.storedReceipts().find(function (entry) {
      return entry.receipt.receipt_id === receiptId;
    });
    return (item && item.invite) || "";
  }

  /* ---------- personal signing links (?invite=TOKEN) ---------- */

  /* The link's token: taken out of the address bar (it is personal) and kept in this browser
   * for the next visit; null without one. */
  function inviteToken() {
    var params = new URLSearchParams(window.location.search);
    var token = params.get("invite");
    if (token) {
      lib.writeJSON(lib.INVITE_KEY, token);
      params.delete("invite");
      var rest = params.toString();
      window.history.replaceState(
        window.history.state,
        "",
        window.location.pathname + (rest ? "?" + rest : "") + window.location.hash
      );
      return token;
    }
    var kept = lib.readJSON(lib.INVITE_KEY, null);
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
              lib.removeKey(lib.INVITE_KEY); // not a usable link: sign without it
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
        lib.fieldInputs(form).forEach(function (input) {
          var value = invite[input.dataset.phField];
          if (typeof value !== "string" || !value) return;
          if (input.dataset.phField === "employee_id" || !input.value.trim()) {
            input.value = value;
            filled.push(input.dataset.receiptLabel);
          }
        });
        lib.saveDraft(form);
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

  lib.cancelDeliveries = cancelDeliveries;
  lib.deliver = deliver;
  lib.useInvite = useInvite;
})();
