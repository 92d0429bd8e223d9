"""The generated acknowledgement page (``/acknowledgement/``) for the current revision.

The page states what the employee acknowledges, lists the sections changed in this revision, and
holds the form. Its behaviour (draft kept in the browser, receipt, submission, "changed since you
signed") lives in ``assets/acknowledgement/acknowledgement.js``; the page carries the data it needs
in ``data-*`` attributes only — no inline script. Everything from authors or settings is escaped.
"""

from __future__ import annotations

import html
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from build_hooks.render import escape_md, human_date, relative_link, time_tag
from build_hooks.revision import changes_between
from build_hooks.xrefs import link_label

if TYPE_CHECKING:
    from build_hooks.index import Handbook
    from build_hooks.settings import HandbookSettings

__all__ = ["FIELDS", "PAGE_URI", "acknowledgement_link", "acknowledgement_page"]

PAGE_URI = "acknowledgement/index.md"
REVISIONS = "revisions/index.md"

# name, label, input type, autocomplete, help text
FIELDS: tuple[tuple[str, str, str, str, str], ...] = (
    ("full_name", "Full name", "text", "name", "As it appears on your employment records."),
    ("employee_id", "Employee ID", "text", "off", "On your pay statement or badge."),
    ("department", "Department", "text", "organization-title", ""),
    (
        "signature",
        "Signature (type your full name)",
        "text",
        "off",
        "Typing your name here is your signature.",
    ),
    ("date", "Date", "date", "off", "Today's date."),
)


def _field(name: str, label: str, kind: str, autocomplete: str, help_text: str) -> str:
    ident = f"ph-ack-{name.replace('_', '-')}"
    described = f"{ident}-error" + (f" {ident}-help" if help_text else "")
    help_html = (
        f'<p class="ph-help" id="{ident}-help">{html.escape(help_text)}</p>' if help_text else ""
    )
    return (
        f'<div class="ph-field">'
        f'<label for="{ident}">{html.escape(label)}</label>{help_html}'
        f'<p class="ph-error" id="{ident}-error"></p>'
        f'<input id="{ident}" name="{name}" type="{kind}" autocomplete="{autocomplete}" '
        f'required aria-required="true" aria-describedby="{described}">'
        f"</div>"
    )


def acknowledgement_page(
    handbook: Handbook, settings: HandbookSettings, revision: Mapping[str, Any]
) -> str:
    """Markdown (with one HTML form block) of the acknowledgement page.

    Args:
        handbook: This build's index.
        settings: ``extra.handbook`` (organization, revision dates, acknowledgement settings).
        revision: The revision document (:func:`build_hooks.revision.revision_document`).
    """
    ack = settings.acknowledgement
    organization = settings.organization
    statement = ack.statement.replace("{organization}", organization)
    changes = changes_between(handbook, settings.previous_revision, settings.revision)
    since = (
        f" since the revision of {human_date(settings.previous_revision)}"
        if settings.previous_revision
        else ""
    )
    parts = [
        "---\ntitle: Acknowledgement\nsearch:\n  exclude: true\nhide:\n  - toc\n---\n",
        "# Acknowledgement of the Employee Handbook\n",
        f'<p class="ph-revision">{html.escape(organization)} — revision of '
        f"{time_tag(settings.revision)}, revision id "
        f"<code>{html.escape(str(revision['revision']))}</code></p>\n",
        "Read the handbook, then complete this form. What you type stays in this browser until "
        "you submit it; you always get a receipt to print or save.\n",
        f"## Changed in this revision{since}\n",
    ]
    if changes:
        parts.extend(
            f"- [{escape_md(link_label(c.section))}]"
            f"({relative_link(PAGE_URI, c.section.src_uri)}) — {escape_md(c.note)}"
            for c in changes
        )
        parts.append("")
    else:
        parts.append("No section changed in this revision.\n")
    parts.append(
        f"Every earlier change is on the [revisions page]({relative_link(PAGE_URI, REVISIONS)}).\n"
    )
    fields = "".join(_field(*spec) for spec in FIELDS)
    endpoint = html.escape(ack.endpoint or "")
    email = html.escape(ack.hr_email or "")
    form = (
        '<div class="ph-ack" id="ph-ack">\n'
        '<section class="ph-ack-changed" id="ph-ack-changed" aria-live="polite" hidden></section>\n'
        f'<form class="ph-ack-form" id="ph-ack-form" novalidate '
        f'data-revision="{html.escape(str(revision["revision"]))}" '
        f'data-revision-date="{settings.revision.isoformat()}" '
        f'data-organization="{html.escape(organization)}" '
        f'data-endpoint="{endpoint}" data-hr-email="{email}" '
        f'data-revision-url="../revision.json">'
        '<div class="ph-error-summary" id="ph-ack-errors" role="alert" tabindex="-1" hidden></div>'
        '<h2 id="statement">Statement</h2>'
        f'<p class="ph-ack-statement">{html.escape(statement)}</p>'
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
    parts.append("## Your acknowledgement\n")
    parts.append(form)
    return "\n".join(parts)


def acknowledgement_link() -> tuple[str, str]:
    """The home page quick link: (label, description)."""
    return ("Acknowledgement", "New employees: acknowledge this revision and keep a receipt")
