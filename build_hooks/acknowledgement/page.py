"""The generated acknowledgement page (``/acknowledgement/``) for the current revision.

The page states what the employee acknowledges, lists the sections changed in this revision, and
holds the form. Its behaviour (draft kept in the browser, receipt, submission, "changed since you
signed") lives in ``assets/acknowledgement/*.js`` (``SCRIPTS``); the page carries the data it needs
in ``data-*`` attributes only — no inline script. Everything from authors or settings is escaped.

Pure functions: the hook (:mod:`build_hooks.acknowledgement.hooks`) passes in this build's index,
settings and revision document (:func:`build_hooks.content.revision.revision_document`).
"""

from __future__ import annotations

import html
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from build_hooks.content.receipt_schema import receipt_limits
from build_hooks.content.references import link_label
from build_hooks.handbook.render import escape_md, human_date, relative_link, time_tag
from build_hooks.state import HomeLink

if TYPE_CHECKING:
    from build_hooks.content.index import Handbook
    from build_hooks.content.settings import HandbookSettings

__all__ = [
    "FIELDS",
    "PAGE_URI",
    "Field",
    "acknowledgement_link",
    "acknowledgement_page",
    "changed_list",
    "form_html",
]

PAGE_URI = "acknowledgement/index.md"
REVISIONS_URI = "revisions/index.md"
REVISION_JSON = "../revision.json"  # from the page's URL (acknowledgement/) to the site root
REQUEST_TIMEOUT_MS = 15_000  # a request to the endpoint unanswered this long is retried


@dataclass(frozen=True)
class Field:
    """One text input of the form; ``name`` is also its key in the receipt's ``employee``.

    The browser reads everything it needs about a field from the input's ``data-*`` attributes
    (receipt label, the message when empty, the longest value the receipt schema allows): the
    script holds no copy of this list.
    """

    name: str
    label: str
    missing: str
    kind: str = "text"
    autocomplete: str = "off"
    help: str = ""
    receipt_label: str = ""

    @property
    def ident(self) -> str:
        """The input's HTML id, e.g. ``ph-ack-full-name``."""
        return "ph-ack-" + self.name.replace("_", "-")

    @property
    def max_length(self) -> int | None:
        """``maxLength`` of this field in ``schema/receipt.schema.json`` (``None``: no limit)."""
        return receipt_limits().employee.get(self.name)


FIELDS: tuple[Field, ...] = (
    Field(
        "full_name",
        "Full name",
        "Enter your full name.",
        autocomplete="name",
        help="As on your employment records.",
    ),
    Field(
        "employee_id",
        "Employee ID",
        "Enter your employee ID.",
        help="On your pay statement or badge.",
    ),
    Field("department", "Department", "Enter your department."),
    Field(
        "signature",
        "Signature (type your full name)",
        "Type your full name as your signature.",
        help="Typing your full name here is your signature.",
        receipt_label="Signature",
    ),
    Field("date", "Date", "Enter today's date.", kind="date", help="Today's date."),
)


def _field_html(field: Field) -> str:
    ident = field.ident
    described = f"{ident}-error" + (f" {ident}-help" if field.help else "")
    help_html = f'<p class="ph-help" id="{ident}-help">{html.escape(field.help)}</p>'
    data = {
        "data-ph-field": field.name,
        "data-receipt-label": field.receipt_label or field.label,
        "data-missing": field.missing,
    }
    if field.max_length is not None:
        data["data-max-length"] = str(field.max_length)
    attributes = " ".join(f'{name}="{html.escape(value)}"' for name, value in data.items())
    return (
        f'<div class="ph-field">'
        f'<label for="{ident}">{html.escape(field.label)}</label>'
        f"{help_html if field.help else ''}"
        f'<p class="ph-error" id="{ident}-error"></p>'
        f'<input id="{ident}" name="{field.name}" type="{field.kind}" '
        f'autocomplete="{field.autocomplete}" required aria-required="true" '
        f'aria-describedby="{described}" {attributes}>'
        f"</div>"
    )


def changed_list(handbook: Handbook, revision: Mapping[str, Any]) -> str:
    """Markdown list of the sections changed in this revision, each linked, with its note.

    Taken from the revision document (``changed``), so the page and ``revision.json`` agree.

    Args:
        handbook: This build's index (to turn section ids into relative ``.md`` links).
        revision: The revision document.

    Returns:
        A Markdown bullet list ending with a newline, or ``""`` when nothing changed.
    """
    lines = []
    for change in revision.get("changed", []):
        section = handbook.by_id.get(change["id"])
        if section is None:  # the revision document is made from this same index
            continue
        when = date.fromisoformat(change["date"])
        lines.append(
            f"- [{escape_md(link_label(section))}]({relative_link(PAGE_URI, section.src_uri)})"
            f" — {escape_md(change['note'])} ({time_tag(when)})"
        )
    return "\n".join(lines) + "\n" if lines else ""


def _delivery_note(settings: HandbookSettings) -> str:
    ack = settings.acknowledgement
    if ack.endpoint:
        text = (
            "When you sign, your acknowledgement is sent to Human Resources and you get a "
            "receipt to print or save."
        )
    elif ack.hr_email:
        text = (
            "When you sign, you get a receipt to print or save; e-mail the receipt file to "
            "Human Resources."
        )
    else:
        text = "When you sign, you get a receipt to print or save; give it to Human Resources."
    return (
        f'<p class="ph-ack-how">{html.escape(text)} What you type is kept in this browser only '
        "until you sign, so a reload or a crash loses nothing.</p>"
    )


def form_html(settings: HandbookSettings, revision: Mapping[str, Any]) -> str:
    """The HTML block of the form, the receipt area and the "changed since you signed" area.

    Args:
        settings: ``extra.handbook`` (organization, revision date, acknowledgement settings).
        revision: The revision document (its ``revision`` id is bound to the form).

    Returns:
        One HTML block (no blank lines, so Markdown leaves it alone).
    """
    ack = settings.acknowledgement
    attributes = {
        "data-revision": str(revision["revision"]),
        "data-revision-date": settings.revision.isoformat(),
        "data-organization": settings.organization,
        "data-endpoint": ack.endpoint or "",
        "data-hr-email": ack.hr_email or "",
        "data-revision-url": REVISION_JSON,
        "data-timeout-ms": str(REQUEST_TIMEOUT_MS),
    }
    data = " ".join(f'{name}="{html.escape(value)}"' for name, value in attributes.items())
    fields = "".join(_field_html(field) for field in FIELDS)
    return (
        '<div class="ph-ack" id="ph-ack">\n'
        '<section class="ph-ack-changed" id="ph-ack-changed" aria-live="polite" hidden></section>\n'
        f'<form class="ph-ack-form" id="ph-ack-form" novalidate {data}>'
        '<div class="ph-error-summary" id="ph-ack-errors" role="alert" tabindex="-1" hidden></div>'
        '<h2 id="statement">Statement</h2>'
        f'<p class="ph-ack-statement" id="ph-ack-statement">'
        f"{html.escape(ack.statement)}</p>"
        f"{_delivery_note(settings)}"
        "<fieldset><legend>Your details</legend>"
        f"{fields}</fieldset>"
        '<div class="ph-field ph-check">'
        '<p class="ph-error" id="ph-ack-read-error"></p>'
        '<input id="ph-ack-read" name="read" type="checkbox" required aria-required="true" '
        'aria-describedby="ph-ack-read-error">'
        '<label for="ph-ack-read">I have read and understood the handbook and this statement.'
        "</label></div>"
        '<button class="md-button md-button--primary" type="submit">Sign and get my receipt'
        "</button>"
        '<p class="ph-ack-status" id="ph-ack-status" role="status" aria-live="polite"></p>'
        "</form>\n"
        '<section class="ph-receipt" id="ph-ack-receipt" aria-labelledby="ph-receipt-title" '
        "hidden></section>\n"
        "<noscript><p>This form needs JavaScript. Print this page, sign it and give it to Human "
        "Resources instead.</p></noscript>\n"
        "</div>\n"
    )


def acknowledgement_page(
    handbook: Handbook,
    settings: HandbookSettings,
    revision: Mapping[str, Any],
    differences_html: str = "",
) -> str:
    """Markdown (with one HTML form block) of the acknowledgement page.

    Args:
        handbook: This build's index.
        settings: ``extra.handbook`` (organization, revision dates, acknowledgement settings).
        revision: The revision document (:func:`build_hooks.content.revision.revision_document`).
        differences_html: The word-by-word differences of this revision, already escaped
            (:func:`build_hooks.handbook.history_pages.current_changes_html`).

    Returns:
        The page's Markdown, front-matter included.
    """
    organization = settings.organization
    since = (
        f" since the revision of {human_date(settings.previous_revision)}"
        if settings.previous_revision
        else ""
    )
    changes = changed_list(handbook, revision)
    parts = [
        "---\ntitle: Acknowledgement\nsearch:\n  exclude: true\nhide:\n  - toc\n---\n",
        "# Acknowledgement of the Employee Handbook\n",
        f'<p class="ph-revision">{html.escape(organization)} — revision of '
        f"{time_tag(settings.revision)}, revision id "
        f"<code>{html.escape(str(revision['revision']))}</code></p>\n",
        "Read the handbook, then complete this form. Your receipt records the revision id above "
        "and a fingerprint of every section, so it shows exactly which text you acknowledged.\n",
        f"## Changed in this revision{since}\n",
        changes or "No section changed in this revision.\n",
        differences_html,
        "Every earlier change is on the "
        f"[revisions page]({relative_link(PAGE_URI, REVISIONS_URI)}).\n",
        "## Your acknowledgement\n",
        form_html(settings, revision),
    ]
    return "\n".join(parts)


def acknowledgement_link() -> HomeLink:
    """The home page quick link to this page."""
    return HomeLink(
        PAGE_URI, "Acknowledgement", "New employees: acknowledge this revision and keep a receipt"
    )
