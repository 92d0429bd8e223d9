"""HTML and JSON of revision differences. Every text from a section is escaped here.

Inserted and removed words are ``<ins>``/``<del>`` and start with a visually hidden
"inserted:"/"removed:" that screen readers announce, so the change never rests on colour or
strike-through alone. The JSON form (:func:`change_document`) is what the acknowledgement page's
script renders the same way with ``textContent``.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Iterable, Mapping
from datetime import date
from typing import Any

from build_hooks.history.compare import RevisionChanges, SectionChange
from build_hooks.history.field_changes import FieldChange
from build_hooks.history.history import History
from build_hooks.history.word_diff import DiffOp

__all__ = [
    "HIDDEN_CLASS",
    "archive_url",
    "change_document",
    "change_html",
    "changes_block",
    "current_changes_html",
    "fields_table",
    "ops_html",
]

HIDDEN_CLASS = "ph-visually-hidden"
MARKERS = {"-": ("del", "removed: "), "+": ("ins", "inserted: ")}


def _text_html(text: str) -> str:
    return html.escape(text).replace("\n", "<br>")


def ops_html(ops: Iterable[DiffOp]) -> str:
    """The body differences as one HTML paragraph block (no blank lines, Markdown-safe)."""
    parts = []
    for op in ops:
        if op.kind == "=":
            parts.append(_text_html(op.text))
            continue
        tag, marker = MARKERS[op.kind]
        parts.append(
            f'<{tag} class="ph-{tag}"><span class="{HIDDEN_CLASS}">{marker}</span>'
            f"{_text_html(op.text)}</{tag}>"
        )
    return f'<p class="ph-diff-text">{"".join(parts)}</p>'


def fields_table(rows: Iterable[FieldChange]) -> str:
    """A small table of front-matter changes: detail, before, after, from."""
    body = "".join(
        "<tr>"
        f'<th scope="row">{html.escape(row.field)}</th>'
        f"<td>{html.escape(row.before)}</td>"
        f"<td>{html.escape(row.after)}</td>"
        f"<td>{html.escape(row.effective)}</td>"
        "</tr>"
        for row in rows
    )
    return (
        '<table class="ph-field-changes"><caption>Details that changed</caption>'
        '<thead><tr><th scope="col">Detail</th><th scope="col">Before</th>'
        '<th scope="col">After</th><th scope="col">In force from</th></tr></thead>'
        f"<tbody>{body}</tbody></table>"
    )


def _kind_words(change: SectionChange) -> str:
    if change.kind == "new":
        return "new section"
    if change.kind == "removed":
        return "section removed"
    words = "changed"
    if change.moved and change.old is not None:
        words += f", moved from {change.old.label}"
    return words


def change_html(
    change: SectionChange,
    links: Iterable[tuple[str, str]] = (),
    *,
    open_: bool = False,
) -> str:
    """One section's differences as a ``<details>`` block (one line of HTML).

    Args:
        change: The section's change.
        links: ``(label, href)`` pairs shown under the differences (current text, archive);
            hrefs are escaped here.
        open_: Start expanded.
    """
    parts = []
    if change.notes:
        parts.append(
            '<ul class="ph-change-notes">'
            + "".join(
                f'<li><time datetime="{day.isoformat()}">{day.isoformat()}</time> — '
                f"{html.escape(note)}</li>"
                for day, note in change.notes
            )
            + "</ul>"
        )
    if change.kind == "new":
        parts.append("<p>This section is new in this revision.</p>")
    elif change.kind == "removed":
        parts.append("<p>This section was removed from the handbook in this revision.</p>")
    elif change.text:
        parts.append(ops_html(change.text))
    elif change.formatting_only:
        parts.append("<p>Only the formatting of the text changed, not its words.</p>")
    elif not change.fields:
        parts.append("<p>The text is unchanged; only its history or revision date changed.</p>")
    else:
        parts.append("<p>The text is unchanged.</p>")
    if change.fields:
        parts.append(fields_table(change.fields))
    link_items = "".join(
        f'<li><a href="{html.escape(href)}">{html.escape(label)}</a></li>' for label, href in links
    )
    if link_items:
        parts.append(f'<ul class="ph-change-links">{link_items}</ul>')
    summary = (
        f"{html.escape(change.section.label)} "
        f'<span class="ph-change-kind">({html.escape(_kind_words(change))})</span>'
    )
    return (
        f'<details class="ph-change ph-change-{change.kind}"{" open" if open_ else ""}>'
        f"<summary>{summary}</summary>{''.join(parts)}</details>"
    )


def change_document(
    change: SectionChange, url_of: Callable[[str], str] | None = None
) -> dict[str, Any]:
    """The JSON form of one section's change, for the browser.

    ``text`` is ``[[kind, text], …]`` with kind ``=`` (unchanged), ``-`` (removed) or ``+``
    (inserted); ``fields`` is ``[[detail, before, after, in force from], …]``.
    """
    section = change.section
    return {
        "id": change.id,
        "number": section.number,
        "title": section.title,
        "kind": change.kind,
        "moved_from": change.old.label if change.moved and change.old else None,
        "url": url_of(change.id) if url_of else "",
        "text": [[op.kind, op.text] for op in change.text],
        "fields": [[r.field, r.before, r.after, r.effective] for r in change.fields],
        "notes": [[day.isoformat(), note] for day, note in change.notes],
    }


def _time_tag(day: date) -> str:
    return f'<time datetime="{day.isoformat()}">{day:%B} {day.day}, {day.year}</time>'


def archive_url(day: date, section_id: str | None = None) -> str:
    """``archive/2025-01-01/#s-<id>``: a past revision's page (or a section on it), from the
    site root."""
    anchor = f"#s-{section_id}" if section_id else ""
    return f"archive/{day.isoformat()}/{anchor}"


def _links(
    change: SectionChange, changes: RevisionChanges, current_urls: Mapping[str, str], prefix: str
) -> list[tuple[str, str]]:
    links = []
    if change.old is not None:
        links.append(("The text before", prefix + archive_url(changes.old.date, change.id)))
    if change.new is not None:
        if changes.new.commit is None:
            if change.id in current_urls:
                links.append(("The current text", prefix + current_urls[change.id]))
        else:
            links.append(("The text after", prefix + archive_url(changes.new.date, change.id)))
    return links


def changes_block(changes: RevisionChanges, current_urls: Mapping[str, str], prefix: str) -> str:
    """Every changed section of ``changes`` as ``<details>`` blocks, with links to the text
    before (archive) and after (archive, or the current page); ``prefix`` leads to the site
    root from the page."""
    blocks = "".join(
        change_html(change, _links(change, changes, current_urls, prefix))
        for change in changes.sections
    )
    return f'<div class="ph-changes">{blocks}</div>\n'


def current_changes_html(
    history: History,
    current_urls: Mapping[str, str],
    page_uri: str,
) -> str:
    """The differences of the current revision for the acknowledgement page (or the note)."""
    prefix = "../" * page_uri.count("/")
    if history.previous is None:
        note = history.note or "no earlier revision to compare with"
        return f'<p class="ph-history-note">Word-by-word differences: {html.escape(note)}.</p>\n'
    changes = history.timeline[-1][1]
    if changes is None or not changes.sections:
        return ""
    return (
        f'<p class="ph-changes-intro">What changed, word by word, since the revision of '
        f"{_time_tag(history.previous.date)}:</p>\n" + changes_block(changes, current_urls, prefix)
    )
