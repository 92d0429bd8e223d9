/* A calculator result on the page (ES module): the headline first, then the picture (leave
 * chart, travel receipt and claim, degree chart), the figures grouped by what a person asks,
 * and "How this was worked out" (every step and the sections applied) one click away.
 *
 * Everything shown comes from the result's `headline` and `display` (the contract declared in
 * calculators/display.py): no key names are read here, no figure is formatted here. */
import { el, table } from "./dom.js";
import { leaveChart } from "./leave-chart.js";
import { claimBox, receipt } from "./travel-claim.js";

const ROOT = new URL("../../", import.meta.url).href;

function groups(display) {
  const box = el("div", null, "ph-calc-groups");
  (display.groups || []).forEach((group) => {
    const part = el("section", null, "ph-calc-part");
    part.appendChild(el("h4", group.title));
    const dl = el("dl", null, "ph-calc-figures");
    group.figures.forEach((figure) => {
      dl.appendChild(el("dt", figure.label));
      dl.appendChild(el("dd", figure.text, `ph-calc-${figure.kind}`));
    });
    part.appendChild(dl);
    if (group.note) part.appendChild(el("p", group.note, "ph-calc-note"));
    box.appendChild(part);
  });
  return box;
}

function degreeChart(degrees) {
  const rows = degrees.rows.map((row) => [
    { text: String(row.degree) },
    ...row.cells.map((cell) => {
      const extra = [];
      if (cell.covered === true) extra.push(el("span", "(covered)", "ph-calc-covered"));
      if (cell.this) extra.push(el("strong", "← " + degrees.this_person));
      return { text: cell.text, className: cell.this ? "ph-calc-highlight" : "", extra };
    }),
  ]);
  const wrap = table(degrees.caption, degrees.columns, rows);
  wrap.classList.add("ph-calc-chart");
  return wrap;
}

function details(result, sections) {
  const box = el("details", null, "ph-calc-how");
  box.appendChild(el("summary", "How this was worked out"));
  const steps = Array.isArray(result.explanation) ? result.explanation : [];
  const ol = el("ol", null, "ph-calc-explanation");
  steps.forEach((step) => ol.appendChild(el("li", step)));
  box.appendChild(ol);
  const citations = Array.isArray(result.citations) ? result.citations : [];
  if (citations.length) {
    box.appendChild(el("h4", "Rules applied"));
    const ul = el("ul", null, "ph-calc-citations");
    box.appendChild(ul);
    sections.then((map) => {
      citations.forEach((citation) => {
        const li = el("li");
        const text = [citation.number, citation.title].filter(Boolean).join(" ") || citation.id;
        const target = map[citation.id];
        if (target && typeof target.url === "string") {
          const a = el("a", text);
          a.href = new URL(target.url, ROOT).href;
          li.appendChild(a);
        } else {
          li.textContent = text;
        }
        ul.appendChild(li);
      });
    });
  }
  return box;
}

/**
 * Show a result in its region.
 * @param {HTMLElement} region the form's .ph-calc-result
 * @param {object} result the calculator's result (with headline and display)
 * @param {{sections: Promise<object>}} context sections.json (id -> {url}) for the citations
 */
export function renderResult(region, result, context) {
  const display = result.display || {};
  const parts = [el("h3", "Your answer", "ph-calc-result-title")];
  if (result.headline) parts.push(el("p", result.headline, "ph-calc-headline"));
  if (display.chart) {
    const chart = leaveChart(display.chart);
    if (chart) parts.push(chart);
  }
  if (display.items) parts.push(receipt(display.items));
  if (display.degrees) parts.push(degreeChart(display.degrees));
  parts.push(groups(display));
  if (display.claim) {
    const previous = region.querySelector(".ph-calc-claim-box");
    const name = previous && previous.querySelector(".ph-claim-name-field input");
    const kept = previous ? { open: previous.open, name: name ? name.value : "" } : null;
    parts.push(claimBox(display.claim, kept));
  }
  parts.push(details(result, context.sections));
  region.replaceChildren(...parts);
}
