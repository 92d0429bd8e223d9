"""Pages and data made from the revision history (:mod:`build_hooks.history`).

* ``/archive/<date>/`` — a past revision's sections on one page, read-only, with a banner
  linking to the current text (one page per revision, not per section: Material renders the
  whole navigation into every page, so the archive's build cost grows with its text, not with
  revisions × sections pages);
* the "word by word" part of ``/revisions/`` — every revision, newest first, with each changed
  section's differences;
* ``revision-changes.json`` — for "changed since you signed": by section id and the digest a
  receipt recorded, the differences from that text to the current one.

Every text from a section passes through :mod:`build_hooks.history.diff_html` or
:func:`~build_hooks.handbook.render.escape_md`. Addresses are relative to the site root
(``01-general/01-01-alpha/``) in ``current_urls``.
"""

from __future__ import annotations

import functools
import hashlib
import html
import re
from collections.abc import Mapping
from datetime import date
from pathlib import Path
from typing import Any

from build_hooks.content.checked import load_checked
from build_hooks.content.index import Section
from build_hooks.content.problems import ContentError
from build_hooks.handbook.print_page import sections_markdown
from build_hooks.handbook.render import escape_md, human_date, time_tag
from build_hooks.history.compare import compare
from build_hooks.history.diff_html import archive_url, change_document, changes_block
from build_hooks.history.history import History
from build_hooks.history.snapshot import Snapshot

__all__ = [
    "CHANGES_JSON",
    "archive_page",
    "archive_uri",
    "changes_since_document",
    "revisions_history",
]

CHANGES_JSON = "revision-changes.json"
ARCHIVE_FOLDER = "archive"
FEED_URI = "revisions.atom"


def archive_uri(day: date) -> str:
    """``archive/2025-01-01.md`` (served at ``archive/2025-01-01/``).

    One folder deep, like a section file, so relative links in the archived bodies resolve as
    they did in the sections.
    """
    return f"archive/{day.isoformat()}.md"


def revisions_history(
    history: History,
    current_urls: Mapping[str, str],
    *,
    feed: bool,
    page_uri: str,
) -> str:
    """Markdown added to the revisions page: the differences of every revision, newest first.

    Args:
        history: This build's history.
        current_urls: Section id → address of its current page, from the site root.
        feed: Whether ``revisions.atom`` is published (linked when it is).
        page_uri: The revisions page's ``src_uri`` (for relative links).
    """
    prefix = "../" * page_uri.count("/")
    parts = ["## Word by word {: #word-by-word }\n"]
    if feed:
        parts.append(
            f"Follow new revisions in a feed reader: [revisions feed]({prefix}{FEED_URI}).\n"
        )
    if history.note:
        parts.append(f'!!! note "No differences to show"\n\n    Note: {escape_md(history.note)}.\n')
    for snapshot, changes in reversed(history.timeline):
        day = snapshot.date
        current = " (current)" if snapshot.commit is None else ""
        parts.append(f"### Revision of {human_date(day)}{current} {{: #r{day.isoformat()} }}\n")
        if snapshot.commit is not None:
            parts.append(
                f"[The handbook as of this revision]({prefix}{archive_uri(day)}) "
                f"({len(snapshot)} sections, read-only).\n"
            )
        if changes is None:
            parts.append("The first revision recorded in the repository's history.\n")
            continue
        count = len(changes.sections)
        parts.append(
            f"Compared with the revision of {time_tag(changes.old.date)}: "
            f"{count} section{'s' if count != 1 else ''} changed.\n"
            if count
            else f"No section changed since the revision of {time_tag(changes.old.date)}.\n"
        )
        if count:
            parts.append(changes_block(changes, current_urls, prefix))
    return "\n".join(parts) + "\n"


def changes_since_document(history: History, current_urls: Mapping[str, str]) -> dict[str, Any]:
    """``revision-changes.json``: the differences from each past text to the current one.

    ``sections[id][digest]`` holds ``revision`` (the date of the past revision with that text),
    ``archive`` (its address on the archive page) and ``change`` (see
    :func:`build_hooks.history.diff_html.change_document`). Sections whose text is current are
    left out. Addresses are relative to the site root.
    """
    sections: dict[str, dict[str, Any]] = {}
    for past in reversed(history.past):  # a text found in two revisions: the later one names it
        changes = compare(past, history.current)
        for change in changes.sections:
            if change.old is None:
                continue
            by_digest = sections.setdefault(change.id, {})
            by_digest.setdefault(
                change.old.digest,
                {
                    "revision": past.date.isoformat(),
                    "archive": archive_url(past.date, change.id),
                    "change": change_document(change, lambda i: current_urls.get(i, "")),
                },
            )
    return {
        "current": history.current.date.isoformat(),
        "note": history.note,
        "revisions": [past.date.isoformat() for past in history.past],
        "sections": sections,
    }


def _banner(day: date, home: str) -> str:
    return (
        '<div class="ph-archive-banner" role="note"><p><strong>Archived text, not in force.'
        f"</strong> This is the handbook as it was in the revision of {time_tag(day)}. "
        f'<a href="{home}">Read the current handbook</a> or '
        f'<a href="{home}revisions/#r{day.isoformat()}">see what changed</a>.</p></div>\n'
    )


_CURRENT_LINK = re.compile(r"<!--ph-current:(?P<id>[^>]*?)-->")


@functools.cache
def _code_version() -> str:
    """A digest of the build hooks' code: archive pages cached by an older version are redone."""
    digest = hashlib.sha256()
    for path in sorted(Path(__file__).resolve().parents[1].rglob("*.py")):
        digest.update(path.read_bytes())
    return digest.hexdigest()


def _archived_sections(snapshot: Snapshot, folder: Path) -> str:
    """The sections' Markdown, with a placeholder where each "current text" link goes.

    Loading and rendering a revision takes about as long as a build's own index, so the result
    is kept next to the cached revision, keyed by the commit and the code that made it.
    """
    key = hashlib.sha256(f"{snapshot.commit}\0{_code_version()}".encode()).hexdigest()[:16]
    cached = folder.with_name(f"{folder.name}.archive-{key}.md")
    if cached.is_file():
        return cached.read_text(encoding="utf-8")

    def placeholder(section: Section | Any) -> str:
        return f"<!--ph-current:{section.id}-->\n"

    try:
        checked = load_checked(folder, display_root=folder, archive=True)
    except ContentError as exc:
        count = len(exc.problems)
        parts = [
            '<p class="ph-archive-plain-note">This revision is shown as its source text: it does '
            f"not pass today's checks ({count} problem{'s' if count != 1 else ''}), so its "
            "references and tables are not rendered.</p>\n"
        ]
        for section in snapshot:
            parts.append(f"## {escape_md(section.label.lstrip('§'))} {{: #s-{section.id} }}\n")
            parts.append(placeholder(section))
            parts.extend(
                f'<p class="ph-archive-plain">{html.escape(paragraph)}</p>\n'
                for paragraph in section.body.strip().split("\n\n")
            )
    else:
        parts = sections_markdown(
            checked.handbook, checked.references, checked.policy, placeholder, archive=True
        )
    text = "\n".join(parts)
    cached.write_text(text, encoding="utf-8")
    return text


def archive_page(
    snapshot: Snapshot, folder: Path, organization: str, current_urls: Mapping[str, str]
) -> str:
    """Markdown of ``/archive/<date>/``: the past revision's sections, read-only.

    The revision is loaded like a docs folder (so references and policy tables render as they
    did), without the rules added for authors since it was published (``load_checked``'s
    ``archive``); a revision whose front-matter, references or text today's build cannot read
    is shown as plain text instead. Each
    section links to its current page, or says it is no longer in the handbook.
    """
    home = "../../"
    day = snapshot.date

    def current_link(match: re.Match[str]) -> str:
        url = current_urls.get(match["id"])
        if url is None:
            return '<p class="ph-archive-current">No longer in the handbook.</p>'
        href = html.escape(home + url)
        return f'<p class="ph-archive-current"><a href="{href}">The current text</a></p>'

    return "\n".join(
        [
            f"---\ntitle: Handbook as of {human_date(day)}\nsearch:\n  exclude: true\n"
            "hide:\n  - toc\n---\n",
            f"# {escape_md(organization)} Employee Handbook as of {human_date(day)}\n",
            _banner(day, home),
            _CURRENT_LINK.sub(current_link, _archived_sections(snapshot, folder)),
        ]
    )
