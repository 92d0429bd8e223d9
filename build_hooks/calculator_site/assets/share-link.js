/* "Link to these inputs" (ES module): a form's inputs in the URL fragment,
 * #calc=<name>&inputs=<{rows, values} as JSON>. Browsers never send the fragment to the server;
 * the link reopens the form with the same entries (form-controller.js reads it on load). */

/** The inputs a link carries for the calculator `name`, or null. */
export function linkedInputs(name, hash = window.location.hash) {
  const params = new URLSearchParams(String(hash || "").replace(/^#/, ""));
  if (params.get("calc") !== name || !params.has("inputs")) return null;
  try {
    const saved = JSON.parse(params.get("inputs"));
    return saved && typeof saved === "object" && saved.values ? saved : null;
  } catch (e) {
    return null;
  }
}

/** The address of this page with `saved` inputs of calculator `name` in its fragment. */
export function shareLink(name, saved) {
  const params = new URLSearchParams({ calc: name, inputs: JSON.stringify(saved) });
  return window.location.href.split("#")[0] + "#" + params.toString();
}

/** Show the link in the block's .ph-calc-share box (focused, selected, copied when allowed)
 * and put it in the address bar. */
export function shareInputs(block, name, saved) {
  const link = shareLink(name, saved);
  window.history.replaceState(window.history.state, "", link);
  const box = block.querySelector(".ph-calc-share");
  const field = box && box.querySelector("input");
  const note = box && box.querySelector(".ph-calc-share-note");
  if (!field) return link;
  box.hidden = false;
  field.value = link;
  field.focus();
  field.select();
  const warning = "It holds your entries; send it only to people who may see them.";
  const copied = () => (note.textContent = "Link copied. " + warning);
  const manual = () => (note.textContent = "Copy the link above. " + warning);
  if (navigator.clipboard && window.isSecureContext) navigator.clipboard.writeText(link).then(copied, manual);
  else manual();
  return link;
}
