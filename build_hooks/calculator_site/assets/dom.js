/* Small DOM helpers for the calculator modules. Every value from a result or an input goes
 * onto the page as text (textContent), never as HTML. */

/** A new element with optional text and class. */
export function el(tag, text, className) {
  const node = document.createElement(tag);
  if (text !== undefined && text !== null) node.textContent = String(text);
  if (className) node.className = className;
  return node;
}

const SVG_NS = "http://www.w3.org/2000/svg";

/** A new SVG element with attributes. */
export function svg(tag, attributes = {}) {
  const node = document.createElementNS(SVG_NS, tag);
  Object.entries(attributes).forEach(([name, value]) => node.setAttribute(name, String(value)));
  return node;
}

/** A table: caption, header cells (scope col) and body rows of cells ({text, className}); the
 * first cell of each row is its header (scope row). */
export function table(caption, columns, rows, className = "ph-calc-table") {
  const wrap = el("div", null, "ph-calc-table-wrap");
  const node = el("table", null, className);
  node.appendChild(el("caption", caption));
  const head = el("thead");
  const headRow = el("tr");
  columns.forEach((text) => {
    const th = el("th", text);
    th.setAttribute("scope", "col");
    headRow.appendChild(th);
  });
  head.appendChild(headRow);
  node.appendChild(head);
  const body = el("tbody");
  rows.forEach((cells) => {
    const tr = el("tr");
    cells.forEach((cell, i) => {
      const td = el(i === 0 ? "th" : "td", cell.text, cell.className);
      if (i === 0) td.setAttribute("scope", "row");
      (cell.extra || []).forEach((node) => td.append(" ", node));
      tr.appendChild(td);
    });
    body.appendChild(tr);
  });
  node.appendChild(body);
  wrap.appendChild(node);
  return wrap;
}

let counter = 0;
/** An id unique on the page, from a readable prefix. */
export function uniqueId(prefix) {
  counter += 1;
  return `${prefix}-${counter}`;
}
