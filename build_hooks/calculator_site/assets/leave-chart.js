/* The leave projection as an accessible inline SVG chart, drawn by the project (ES module).
 *
 * Input: display.chart of the leave result (calculators/headline_leave.py): two series (annual,
 * sick) with one point per credited pay period ({date, value, cap, at_cap}), the events to mark
 * ({date, label}) and the period table. Output: a <figure> with the SVG (role="img", <title>
 * and <desc> written by Python), a legend, the marked dates as a list, and the period table,
 * collapsed, as the chart's text alternative. No figure is computed here: positions only. */
import { el, svg, table, uniqueId } from "./dom.js";

const WIDTH = 640;
const HEIGHT = 280;
const PAD = { left: 48, right: 16, top: 20, bottom: 40 };

const day = (iso) => Date.UTC(+iso.slice(0, 4), +iso.slice(5, 7) - 1, +iso.slice(8, 10));
const num = (text) => (text === null || text === undefined ? null : parseFloat(text));

function niceMax(value) {
  if (value <= 0) return 10;
  const step = Math.pow(10, Math.floor(Math.log10(value)));
  return Math.ceil((value * 1.08) / step) * step;
}

export function leaveChart(chart) {
  const series = chart.series || [];
  const points0 = series.length ? series[0].points : [];
  const dates = points0.map((p) => p.date);
  if (!dates.length) return null;
  // the scale fits the balances; a cap far above them (480 hours of sick leave against a
  // 20-hour balance) would flatten every line, so it is named in the legend instead
  const balances = [];
  series.forEach((s) => s.points.forEach((p) => balances.push(num(p.value))));
  const highest = Math.max(...balances, 1);
  const shown = (cap) => cap !== null && cap !== undefined && num(cap) <= highest * 1.5;
  const values = balances.slice();
  series.forEach((s) => s.points.forEach((p) => shown(p.cap) && values.push(num(p.cap))));
  const top = niceMax(Math.max(...values));
  const first = day(dates[0]);
  const span = Math.max(day(dates[dates.length - 1]) - first, 1);
  const plotW = WIDTH - PAD.left - PAD.right;
  const plotH = HEIGHT - PAD.top - PAD.bottom;
  const x = (iso) => PAD.left + (dates.length === 1 ? plotW / 2 : ((day(iso) - first) / span) * plotW);
  const y = (value) => PAD.top + plotH - (value / top) * plotH;

  const titleId = uniqueId("ph-chart-title");
  const descId = uniqueId("ph-chart-desc");
  const root = svg("svg", {
    viewBox: `0 0 ${WIDTH} ${HEIGHT}`,
    role: "img",
    "aria-labelledby": `${titleId} ${descId}`,
    class: "ph-chart",
    focusable: "false",
  });
  const title = svg("title", { id: titleId });
  title.textContent = chart.title;
  const desc = svg("desc", { id: descId });
  desc.textContent = chart.description;
  root.append(title, desc);

  const axes = svg("g", { class: "ph-chart-axes", "aria-hidden": "true" });
  for (let i = 0; i <= 4; i++) {
    const value = (top / 4) * i;
    axes.appendChild(svg("line", { x1: PAD.left, x2: WIDTH - PAD.right, y1: y(value), y2: y(value), class: "ph-chart-grid" }));
    const label = svg("text", { x: PAD.left - 6, y: y(value) + 4, "text-anchor": "end", class: "ph-chart-label" });
    label.textContent = String(Math.round(value));
    axes.appendChild(label);
  }
  const ticks = dates.length <= 6 ? dates : [dates[0], dates[Math.floor(dates.length / 2)], dates[dates.length - 1]];
  ticks.forEach((iso, i) => {
    const anchor = ticks.length > 1 && i === ticks.length - 1 ? "end" : i === 0 && ticks.length > 1 ? "start" : "middle";
    const label = svg("text", { x: x(iso), y: HEIGHT - PAD.bottom + 18, "text-anchor": anchor, class: "ph-chart-label" });
    label.textContent = points0[dates.indexOf(iso)].label;
    axes.appendChild(label);
  });
  const unit = svg("text", { x: PAD.left + 4, y: PAD.top - 4, class: "ph-chart-label" });
  unit.textContent = "hours";
  axes.appendChild(unit);
  root.appendChild(axes);

  (chart.marks || []).forEach((mark) => {
    if (day(mark.date) < first || day(mark.date) > first + span) return;
    root.appendChild(svg("line", {
      x1: x(mark.date), x2: x(mark.date), y1: PAD.top, y2: PAD.top + plotH,
      class: "ph-chart-mark", "data-date": mark.date, "aria-hidden": "true",
    }));
  });

  series.forEach((s) => {
    const group = svg("g", { class: `ph-chart-series ph-chart-${s.key}`, "data-series": s.key, "aria-hidden": "true" });
    const capped = s.points.filter((p) => shown(p.cap));
    if (capped.length) {
      // the cap in force each period, as a step line (it rises with a new service-year tier)
      let path = "";
      capped.forEach((p, i) => {
        const cx = x(p.date);
        const cy = y(num(p.cap));
        path += i === 0 ? `M${PAD.left},${cy} H${cx}` : ` V${cy} H${cx}`;
      });
      path += ` H${WIDTH - PAD.right}`;
      group.appendChild(svg("path", { d: path, class: "ph-chart-cap", "data-series": s.key }));
    }
    const line = s.points.map((p) => `${x(p.date)},${y(num(p.value))}`).join(" ");
    group.appendChild(svg("polyline", { points: line, class: "ph-chart-line" }));
    s.points.forEach((p) => {
      group.appendChild(svg("circle", {
        cx: x(p.date), cy: y(num(p.value)), r: p.at_cap ? 5 : 3.5,
        class: p.at_cap ? "ph-chart-point ph-chart-at-cap" : "ph-chart-point",
        "data-date": p.date, "data-at-cap": p.at_cap ? "true" : "false",
      }));
    });
    root.appendChild(group);
  });

  const figure = el("figure", null, "ph-calc-chart-figure");
  figure.appendChild(root);
  const legend = el("ul", null, "ph-chart-legend");
  series.forEach((s) => {
    const item = el("li", null, `ph-chart-key ph-chart-${s.key}`);
    item.appendChild(el("span", s.label));
    if (s.points.some((p) => shown(p.cap))) item.appendChild(el("span", `${s.cap_text} (dashed)`, "ph-chart-key-cap"));
    else if (s.cap_text) item.appendChild(el("span", `${s.cap_text} (above this chart)`));
    legend.appendChild(item);
  });
  legend.appendChild(el("li", "Large dot: the balance is at its cap", "ph-chart-key"));
  figure.appendChild(legend);
  if ((chart.marks || []).length) {
    const marks = el("ul", null, "ph-chart-marks");
    chart.marks.forEach((mark) => marks.appendChild(el("li", mark.text)));
    figure.appendChild(el("p", "Marked dates (thin lines):", "ph-chart-marks-title"));
    figure.appendChild(marks);
  }
  const details = el("details", null, "ph-calc-periods");
  details.appendChild(el("summary", "The same figures as a table, pay period by pay period"));
  const t = chart.table;
  details.appendChild(table(t.caption, t.columns, t.rows.map((row) => row.cells.map((cell) => ({
    text: cell.text,
    className: cell.at_cap ? "ph-calc-capped" : "",
    extra: cell.at_cap ? [el("span", "(at cap)", "ph-calc-cap")] : [],
  })))));
  figure.appendChild(details);
  return figure;
}
