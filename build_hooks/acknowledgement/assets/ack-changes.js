/* Acknowledgement form, part 5 of 6: "changed since you signed" for returning employees — the
 * sections whose digest differs from the last receipt's, with word-by-word differences from
 * revision-changes.json. Everything is put on the page with textContent, never as HTML. */
(function () {
  "use strict";
  var handbook = (window.handbook = window.handbook || {});
  var lib = (handbook.acknowledgement = handbook.acknowledgement || {});

  /* ---------- returning employees ---------- */

  /* What changed since a receipt, word by word: revision-changes.json (named by revision.json's
   * "changes_since", made by build_hooks/handbook/history_pages.py) holds, by section id and by
   * the digest a receipt recorded, the differences from that exact text to the current one:
   * {revision, archive, change: {text: [[kind, text]], fields: [[detail, before, after, from]]}}
   * with kind "=" unchanged, "-" removed, "+" inserted. */
  function fetchChangesSince(revision) {
    if (!revision.changes_since) return Promise.resolve(null);
    return fetch(revision.base + revision.changes_since, { cache: "no-cache" })
      .then(function (response) {
        if (!response.ok) throw new Error("revision-changes.json: HTTP " + response.status);
        return response.json();
      })
      .catch(function () {
        return null; // the list of sections is still shown, without the differences
      });
  }

  function appendLines(parent, text) {
    String(text)
      .split("\n")
      .forEach(function (line, index) {
        if (index > 0) parent.appendChild(lib.el("br"));
        if (line) parent.appendChild(document.createTextNode(line));
      });
  }

  function diffParagraph(ops) {
    var paragraph = lib.el("p", { class: "ph-diff-text" });
    ops.forEach(function (op) {
      var target = paragraph;
      if (op[0] === "-" || op[0] === "+") {
        var removed = op[0] === "-";
        target = lib.el(removed ? "del" : "ins", { class: removed ? "ph-del" : "ph-ins" }, [
          lib.el("span", {
            class: "ph-visually-hidden",
            text: removed ? "removed: " : "inserted: ",
          }),
        ]);
        paragraph.appendChild(target);
      }
      appendLines(target, op[1]);
    });
    return paragraph;
  }

  function fieldsTable(rows) {
    var head = lib.el("tr", {}, ["Detail", "Before", "After", "In force from"].map(function (name) {
      return lib.el("th", { scope: "col", text: name });
    }));
    var body = rows.map(function (row) {
      return lib.el("tr", {}, [
        lib.el("th", { scope: "row", text: row[0] }),
        lib.el("td", { text: row[1] }),
        lib.el("td", { text: row[2] }),
        lib.el("td", { text: row[3] }),
      ]);
    });
    return lib.el("table", { class: "ph-field-changes" }, [
      lib.el("caption", { text: "Details that changed" }),
      lib.el("thead", {}, [head]),
      lib.el("tbody", {}, body),
    ]);
  }

  function differencesSince(entry, base) {
    var change = entry.change;
    var parts = [
      lib.el("summary", {}, ["What changed since the text you signed (revision of ",
        lib.timeTag(entry.revision), ")"]),
    ];
    if (change.text.length) parts.push(diffParagraph(change.text));
    else parts.push(lib.el("p", { text: "The text is unchanged." }));
    if (change.fields.length) parts.push(fieldsTable(change.fields));
    parts.push(
      lib.el("p", {}, [lib.el("a", { href: base + entry.archive, text: "The text you signed" })])
    );
    return lib.el("details", { class: "ph-change ph-change-since" }, parts);
  }

  function showChangedSince(form, revisionPromise, last) {
    revisionPromise
      .get()
      .then(function (revision) {
        return fetchChangesSince(revision).then(function (since) {
          return [revision, since];
        });
      })
      .then(function (loaded) {
        var revision = loaded[0];
        var since = loaded[1];
        var signed = last.sections || {};
        var changed = Object.keys(revision.sections).filter(function (id) {
          return signed[id] !== revision.sections[id].digest;
        });
        var removed = Object.keys(signed).filter(function (id) {
          return !(id in revision.sections);
        });
        var box = document.getElementById("ph-ack-changed");
        box.textContent = "";
        box.appendChild(
          lib.el("h2", { id: "ph-ack-changed-title" }, [
            "Changed since you signed on ",
            lib.timeTag(String(last.signed_at)),
          ])
        );
        if (!changed.length && !removed.length) {
          box.appendChild(
            lib.el("p", {
              text: "No section's text has changed; sign below to acknowledge this revision.",
            })
          );
        } else {
          var list = lib.el("ul");
          changed.forEach(function (id) {
            var info = revision.sections[id];
            var item = lib.el("li", {}, [
              lib.el("a", {
                href: revision.base + info.url,
                text: "§" + info.number + " " + info.title,
              }),
            ]);
            if (!(id in signed)) item.appendChild(document.createTextNode(" (new)"));
            var entry = since && since.sections[id] && since.sections[id][signed[id]];
            if (entry) item.appendChild(differencesSince(entry, revision.base));
            else if (since && id in signed)
              item.appendChild(
                document.createTextNode(
                  " (the text you signed is not in the handbook's recorded revisions: read " +
                    "the whole section)"
                )
              );
            list.appendChild(item);
          });
          removed.forEach(function (id) {
            list.appendChild(lib.el("li", { text: id + " (removed from the handbook)" }));
          });
          box.appendChild(lib.el("p", { text: "Read these sections, then sign again below:" }));
          box.appendChild(list);
        }
        box.hidden = false;
      })
      .catch(function () {
        /* offline: the form still works; the comparison is shown next time */
      });
  }

  lib.showChangedSince = showChangedSince;
})();
