/* Travel: the receipt-like table of a result, and the expense claim to print (ES module).
 *
 * Input: display.items and display.claim of the travel result
 * (calculators/headline_travel.py). The claim is a <section class="ph-calc-claim"> kept inside
 * a collapsed <details>: "Print the claim" puts a copy of it directly in <body> and marks
 * <html data-ph-print="claim"> so the print stylesheet prints that copy alone, then calls
 * window.print() (the copy goes after printing); "Download the
 * claim (JSON)" saves the same data. The traveller's name is typed here, for the claim only:
 * it is never sent anywhere nor stored. */
import { el, table } from "./dom.js";

/** The items paid (category, rule, section, amount), the total, what is not paid, and the
 * figures to check before claiming (a rate used past its published dates). */
export function receipt(items) {
  const box = el("div", null, "ph-calc-receipt");
  const rows = items.rows.map((row) => [
    { text: row.category },
    { text: row.rule },
    { text: row.section },
    { text: row.text, className: "ph-calc-money" },
  ]);
  const wrap = table(items.caption, ["Expense", "How it was worked out", "Rule", "Amount"], rows);
  const foot = el("tfoot");
  const tr = el("tr");
  const th = el("th", "Total to claim");
  th.setAttribute("scope", "row");
  th.colSpan = 3;
  tr.append(th, el("td", items.total_text, "ph-calc-money ph-calc-total"));
  foot.appendChild(tr);
  wrap.querySelector("table").appendChild(foot);
  box.appendChild(wrap);
  if (items.unpaid.length) {
    box.appendChild(
      table(
        "Not paid, and why",
        ["Expense", "Why it is not paid", "Rule", "Amount"],
        items.unpaid.map((row) => [
          { text: row.category },
          { text: row.reason },
          { text: row.section },
          { text: row.text, className: "ph-calc-money" },
        ]),
        "ph-calc-table ph-calc-unpaid"
      )
    );
  }
  if (items.checks && items.checks.length) {
    box.appendChild(
      table(
        "Check before you claim",
        ["Figure", "What to check", "Rule"],
        items.checks.map((row) => [{ text: row.category }, { text: row.reason }, { text: row.section }]),
        "ph-calc-table ph-calc-checks"
      )
    );
  }
  return box;
}

function claimData(claim, name) {
  return {
    title: claim.title,
    traveller: name || null,
    trip: claim.trip,
    items: claim.items.map(({ category, rule, section, amount }) => ({ category, rule, section, amount })),
    total: claim.total,
    not_paid: claim.unpaid.map(({ category, reason, section, amount }) => ({ category, reason, section, amount })),
    to_check: (claim.checks || []).map(({ category, reason, section }) => ({ category, reason, section })),
    mileage_claim_deadline: claim.deadline,
    statement: claim.statement,
    signatures: claim.signatures,
  };
}

function download(claim, name) {
  const text = JSON.stringify(claimData(claim, name), null, 2) + "\n";
  const link = el("a");
  link.href = URL.createObjectURL(new Blob([text], { type: "application/json" }));
  link.download = "travel-expense-claim.json";
  document.body.appendChild(link);
  link.click();
  link.remove();
  window.setTimeout(() => URL.revokeObjectURL(link.href), 1000);
}

function signatureBlock(role) {
  const block = el("div", null, "ph-claim-signature");
  block.appendChild(el("p", role, "ph-claim-role"));
  const lines = el("dl", null, "ph-claim-lines");
  ["Signature", "Printed name", "Date"].forEach((label) => {
    lines.appendChild(el("dt", label));
    lines.appendChild(el("dd", "", "ph-claim-line"));
  });
  block.appendChild(lines);
  return block;
}

let claims = 0;

/** The claim itself: trip, items, total, statement and both signature blocks. */
function claimSection(claim) {
  const section = el("section", null, "ph-calc-claim");
  section.setAttribute("aria-label", claim.title);
  section.appendChild(el("h4", claim.title, "ph-claim-title"));
  const trip = el("dl", null, "ph-claim-trip");
  trip.appendChild(el("dt", "Traveller"));
  trip.appendChild(el("dd", "", "ph-claim-traveller ph-claim-line"));
  claim.trip.forEach((row) => {
    trip.appendChild(el("dt", row.label));
    trip.appendChild(el("dd", row.text));
  });
  if (claim.deadline) {
    trip.appendChild(el("dt", "Claim mileage by"));
    trip.appendChild(el("dd", claim.deadline));
  }
  section.appendChild(trip);
  section.appendChild(receipt({ caption: "Expenses claimed", rows: claim.items, total_text: claim.total_text, unpaid: claim.unpaid, checks: claim.checks }));
  section.appendChild(el("p", claim.statement, "ph-claim-statement"));
  const signatures = el("div", null, "ph-claim-signatures");
  claim.signatures.forEach((role) => signatures.appendChild(signatureBlock(role)));
  section.appendChild(signatures);
  return section;
}

/**
 * The claim section with its name field and its print and download buttons.
 * @param {object} claim the result's display.claim
 * @param {{open: boolean, name: string}} [kept] the previous result's claim box as the reader
 *   left it: a recalculation keeps it open and keeps the name typed in it
 */
export function claimBox(claim, kept) {
  claims += 1;
  const details = el("details", null, "ph-calc-claim-box");
  details.appendChild(el("summary", "Expense claim to print and sign"));
  const nameId = `ph-claim-name-${claims}`;
  const field = el("p", null, "ph-claim-name-field");
  const label = el("label", "Your name (printed on the claim only)");
  label.htmlFor = nameId;
  const input = el("input");
  input.id = nameId;
  input.type = "text";
  input.autocomplete = "name";
  input.value = (kept && kept.name) || "";
  field.append(label, input);
  details.appendChild(field);

  // the claim is drawn when the box is first opened: a recalculation redraws no hidden claim
  let section = null;
  const traveller = () => section && section.querySelector(".ph-claim-traveller");
  const draw = () => {
    if (section) return;
    section = claimSection(claim);
    traveller().textContent = input.value;
    field.after(section);
  };
  details.addEventListener("toggle", () => {
    if (details.open) draw();
  });
  input.addEventListener("input", () => {
    if (section) traveller().textContent = input.value;
  });
  if (kept && kept.open) {
    details.open = true;
    draw();
  }

  const actions = el("p", null, "ph-calc-actions ph-claim-actions");
  const print = el("button", "Print the claim", "md-button md-button--primary");
  print.type = "button";
  print.addEventListener("click", () => {
    // a copy of the claim directly in <body>: the print stylesheet then prints it alone, on as
    // few pages as it needs (the page around it is display: none)
    draw();
    const copy = el("div", null, "ph-print-claim");
    copy.appendChild(section.cloneNode(true));
    document.body.appendChild(copy);
    document.documentElement.setAttribute("data-ph-print", "claim");
    const done = () => {
      document.documentElement.removeAttribute("data-ph-print");
      copy.remove();
    };
    window.addEventListener("afterprint", done, { once: true });
    window.print();
  });
  const save = el("button", "Download the claim (JSON)", "md-button");
  save.type = "button";
  save.addEventListener("click", () => download(claim, input.value.trim()));
  actions.append(print, " ", save);
  details.appendChild(actions);
  return details;
}
