"""``make announce``: an e-mail-ready summary of the current revision, plain text and HTML.

    python -m build_hooks announce [--config mkdocs.yml] [--format both|text|html|mime]

Lists every section changed since the previous revision (compared with it in git when the
history is there; from the sections' ``history`` notes otherwise), each with its notes and its
address, then links to the word-by-word differences and the acknowledgement page. ``mime`` prints
a whole message (``multipart/alternative``) for ``sendmail -t``. Exit status 0, or 2 when the
config cannot be read.
"""

from __future__ import annotations

import argparse
import html
import os
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import yaml

from build_hooks.history.compare import compare
from build_hooks.history.history import History, load_history
from build_hooks.history.snapshot import SectionText

__all__ = ["AnnouncedSection", "Announcement", "announcement", "main", "page_url"]


@dataclass(frozen=True)
class AnnouncedSection:
    """One changed section in the announcement."""

    label: str
    state: str  # "changed", "new section", "removed", "changed; moved from §…"
    notes: tuple[str, ...]
    url: str


@dataclass(frozen=True)
class Announcement:
    """The message: subject, plain text and HTML."""

    subject: str
    text: str
    html: str


def page_url(src_uri: str) -> str:
    """A section file's address relative to the site root (MkDocs directory URLs)."""
    stem = src_uri[: -len(".md")] if src_uri.endswith(".md") else src_uri
    if stem == "index" or stem.endswith("/index"):
        return stem[: -len("index")]
    return stem + "/"


def _human(day: date) -> str:
    return f"{day:%B} {day.day}, {day.year}"


def _sections(history: History, previous_revision: date | None) -> list[AnnouncedSection]:
    current = history.current
    if history.previous is not None:
        found = []
        for change in compare(history.previous, current).sections:
            state = change.summary()[len(change.section.label) + 2 : -1]
            url = page_url(change.new.src_uri) if change.new is not None else ""
            found.append(
                AnnouncedSection(
                    change.section.label, state, tuple(n for _, n in change.notes), url
                )
            )
        return found
    noted: list[tuple[SectionText, list[str]]] = [
        (section, [note for _, note in section.notes_between(previous_revision, current.date)])
        for section in current
    ]
    return [
        AnnouncedSection(section.label, "changed", tuple(notes), page_url(section.src_uri))
        for section, notes in noted
        if notes
    ]


def announcement(
    organization: str,
    site_url: str,
    history: History,
    previous_revision: date | None,
) -> Announcement:
    """The summary of the current revision.

    Args:
        organization: ``extra.handbook.organization``.
        site_url: The site's absolute address, ending with ``/``.
        history: The loaded history (:func:`build_hooks.history.history.load_history`).
        previous_revision: ``extra.handbook.previous_revision`` (used without git history).
    """
    day = history.current.date
    sections = _sections(history, previous_revision)
    subject = f"{organization} Employee Handbook — revision of {_human(day)}"
    diff_url = f"{site_url}revisions/#r{day.isoformat()}"
    ack_url = f"{site_url}acknowledgement/"
    count = f"{len(sections)} section{'s' if len(sections) != 1 else ''}"
    lines = [
        f"The {organization} Employee Handbook has a new revision, dated {_human(day)}.",
        "",
        f"What changed ({count}):" if sections else "No section changed in this revision.",
    ]
    for item in sections:
        lines.append(f"  * {item.label} ({item.state})")
        lines.extend(f"      {note}" for note in item.notes)
        if item.url:
            lines.append(f"      {site_url}{item.url}")
    lines += [
        "",
        f"Every change, word by word: {diff_url}",
        f"Please read the changed sections, then acknowledge this revision: {ack_url}",
        "",
    ]
    items = []
    for item in sections:
        label = html.escape(item.label)
        if item.url:
            label = f'<a href="{html.escape(site_url + item.url)}">{label}</a>'
        notes = "".join(f"<br>{html.escape(note)}" for note in item.notes)
        items.append(f"<li>{label} ({html.escape(item.state)}){notes}</li>")
    body = [
        f"<p>The {html.escape(organization)} Employee Handbook has a new revision, dated "
        f"{html.escape(_human(day))}.</p>",
        f"<p>What changed ({count}):</p>\n<ul>\n" + "\n".join(items) + "\n</ul>"
        if sections
        else "<p>No section changed in this revision.</p>",
        f'<p><a href="{html.escape(diff_url)}">Every change, word by word</a></p>',
        f'<p>Please read the changed sections, then <a href="{html.escape(ack_url)}">'
        "acknowledge this revision</a>.</p>",
    ]
    page = (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        f"<title>{html.escape(subject)}</title></head><body>\n"
        + "\n".join(body)
        + "\n</body></html>\n"
    )
    return Announcement(subject, "\n".join(lines), page)


def _env_value(value: Any) -> Any:
    """MkDocs' ``!ENV [NAME, default]`` read as plain YAML: the variable, else the default."""
    if isinstance(value, list) and value:
        names, default = (value[:-1], value[-1]) if len(value) > 1 else (value, None)
        for name in names:
            if os.environ.get(str(name)):
                return os.environ[str(name)]
        return default
    return value


def _read_config(path: Path) -> dict[str, Any]:
    text = path.read_text(encoding="utf-8").replace("!ENV", "")
    data = yaml.safe_load(text) or {}
    if not isinstance(data, dict):
        raise ValueError("not a mapping")
    return data


def main(argv: Sequence[str] | None = None) -> int:
    """Command line; see the module docstring."""
    parser = argparse.ArgumentParser(prog="python -m build_hooks announce")
    parser.add_argument("--config", default="mkdocs.yml", help="default: mkdocs.yml")
    parser.add_argument("--format", choices=["both", "text", "html", "mime"], default="both")
    args = parser.parse_args(argv)
    config = Path(args.config)
    try:
        data = _read_config(config)
        handbook = data["extra"]["handbook"]
        organization = str(handbook["organization"]).strip()
        revision = date.fromisoformat(str(handbook["revision"]))
        previous = handbook.get("previous_revision")
        previous_revision = date.fromisoformat(str(previous)) if previous else None
    except (OSError, ValueError, KeyError, TypeError, yaml.YAMLError) as exc:
        print(f"{config}: cannot read extra.handbook ({exc}) — run from the repository root")
        return 2
    site_url = str(_env_value(data.get("site_url")) or "")
    if site_url and not site_url.endswith("/"):
        site_url += "/"
    docs = config.parent / str(data.get("docs_dir", "docs"))
    history = load_history(config, docs, revision)
    message = announcement(organization, site_url, history, previous_revision)
    if history.note:
        print(f"note: {history.note}", file=sys.stderr)
    if args.format == "mime":
        mail = EmailMessage()
        mail["Subject"] = message.subject
        mail.set_content(message.text)
        mail.add_alternative(message.html, subtype="html")
        sys.stdout.write(mail.as_string())
        return 0
    if args.format in ("both", "text"):
        if args.format == "both":
            print("----- Subject -----")
            print(message.subject)
            print("----- Plain text -----")
        print(message.text)
    if args.format in ("both", "html"):
        if args.format == "both":
            print("----- HTML -----")
        print(message.html, end="")
    return 0


if __name__ == "__main__":
    sys.exit(main())
