"""Hostile front-matter and section text: nothing an author writes may run as script.

Anyone who can open a pull request can write a section, and reviewers open its preview. Every
front-matter field gets a script payload; the built site must carry none of them as markup (the
theme's Jinja does not autoescape, so the hooks escape), and markup where it cannot be made safe
(a title, a ``javascript:`` link, an event handler) is refused with the file and line.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from mkdocs.exceptions import Abort

from build_hooks.commands.check import main as check_main
from tests.build.handbooks import build_site, write_config

PAYLOAD = "<img src=x onerror=alert('PH-XSS')>\"'><script>alert('PH-XSS')</script>"
# What must never appear in a built page: the payload's tags as real markup.
RAW_MARKUP = re.compile(r"<img src=x onerror|<script>alert\('PH-XSS'\)")


def hostile_section(id: str, number: str, title: str, body: str = "Text.") -> str:
    """A valid section whose every free-text field carries the payload."""
    evil = json.dumps(PAYLOAD)
    return (
        "---\n"
        f"id: {id}\n"
        f'number: "{number}"\n'
        f"title: {json.dumps(title)}\n"
        "effective: 2020-01-01\n"
        "revised: 2026-01-01\n"
        f"owner: {evil}\n"
        f"audience: [{evil}, Employees]\n"
        f"summary: {evil}\n"
        f"legal_refs: [{evil}]\n"
        "related: [general]\n"
        "history:\n"
        f"  - date: 2026-01-01\n    note: {evil}\n"
        "  - date: 2020-01-01\n    note: Adopted.\n"
        "policy:\n"
        f"  hostile_note: {evil}\n"
        "---\n"
        f"{body}\n"
    )


DOCS = {
    "index.md": "---\ntitle: Home\n---\nWelcome.\n",
    "01-general/index.md": (
        '---\nid: general\nnumber: "1.00"\ntitle: General\neffective: 2020-01-01\n---\n'
        "See [[travel-and-meals]].\n"
    ),
    # everything a title may hold that needs escaping: ampersand, quotes, apostrophe
    "01-general/01-01-travel.md": hostile_section(
        "travel-and-meals", "1.01", "Travel & \"Meals\" 'Lodging'", "See [[general]]."
    ),
}
HOSTILE_SETTINGS = {
    "statement": "I have read the handbook of {organization}. " + PAYLOAD,
    "hr_email": "hr@agency.example",
}


def write_hostile(root: Path, docs: dict[str, str]) -> Path:
    for relative, text in docs.items():
        path = root / "docs" / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    config = write_config(root, acknowledgement=HOSTILE_SETTINGS)
    text = config.read_text(encoding="utf-8").replace(
        "organization: Test Agency", f"organization: {json.dumps('Agency ' + PAYLOAD)}"
    )
    config.write_text(text, encoding="utf-8")
    return config


@pytest.mark.slow
def test_hostile_values_in_every_field_land_escaped(tmp_path: Path) -> None:
    site = build_site(write_hostile(tmp_path, DOCS), tmp_path / "site")
    pages = sorted(site.rglob("*.html"))
    assert len(pages) >= 5  # home, chapter, section, revisions, print, acknowledgement, …
    unescaped = [
        f"{page.relative_to(site)}: …{text[max(0, m.start() - 60) : m.end() + 20]}…"
        for page in pages
        for text in [page.read_text(encoding="utf-8")]
        for m in RAW_MARKUP.finditer(text)
    ]
    assert unescaped == []
    section = (site / "01-general/01-01-travel/index.html").read_text(encoding="utf-8")
    # the payload is there, as text
    assert "&lt;img src=x onerror=alert(&#x27;PH-XSS&#x27;)&gt;" in section
    # the title reaches <title>, the navigation and the heading escaped, never as raw quotes
    assert "<title>1.01 Travel &amp; &quot;Meals&quot; &#x27;Lodging&#x27;" in section
    assert 'Travel & "Meals"' not in section


def test_markup_in_a_title_is_refused_with_file_and_line(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    docs = dict(DOCS)
    docs["01-general/01-01-travel.md"] = hostile_section(
        "travel-and-meals", "1.01", "General Travel <img src=x onerror=alert(1)></title><script>"
    )
    with pytest.raises(Abort):
        build_site(write_hostile(tmp_path, docs), tmp_path / "site")
    assert (
        "docs/01-general/01-01-travel.md:4: title: contains markup ('<') — write the title as "
        "plain text, without HTML tags or character entities (the site adds all formatting)"
    ) in caplog.text


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (
            "Click [here](javascript:alert(1)).",
            "docs/01-general/01-01-travel.md:20: link target 'javascript:alert(1)' uses "
            "'javascript:', which can run code or hide content — link to a web page (https://…), "
            "an e-mail address (mailto:…) or a section ([[id]])",
        ),
        (
            "Text.\n\n<img src=x onerror=alert(1)>",
            "docs/01-general/01-01-travel.md:22: attribute 'onerror' on <img> is not allowed in "
            "section text — remove it (event handlers and inline styles never are)",
        ),
        (
            "<script>alert(1)</script>",
            "docs/01-general/01-01-travel.md:20: <script> is not allowed in section text — use "
            "Markdown, or one of the HTML elements listed in CONTRIBUTING.md ('HTML in sections')",
        ),
        (
            "![chart](data:text/html;base64,PHNjcmlwdD4=)",
            "docs/01-general/01-01-travel.md:20: link target 'data:text/html;base64,PHNjcmlwdD4=' "
            "uses 'data:', which can run code or hide content — link to a web page (https://…), "
            "an e-mail address (mailto:…) or a section ([[id]])",
        ),
        (
            '## Steps {: onclick="alert(1)" }',
            "docs/01-general/01-01-travel.md:20: attribute 'onclick' in '{: …}' is not allowed "
            "in section text — use only #id, .class, title, lang or dir there",
        ),
        (
            "[Policy][p]\n\n[p]: JAVASCRIPT:alert(1)",
            "docs/01-general/01-01-travel.md:20: link target 'JAVASCRIPT:alert(1)' uses "
            "'javascript:', which can run code or hide content — link to a web page (https://…), "
            "an e-mail address (mailto:…) or a section ([[id]])",
        ),
    ],
    ids=[
        "javascript-link",
        "event-handler",
        "script-element",
        "data-image",
        "attr-list",
        "ref-def",
    ],
)
def test_unsafe_section_text_is_refused_by_check_content(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], body: str, expected: str
) -> None:
    docs = dict(DOCS)
    docs["01-general/01-01-travel.md"] = hostile_section("travel-and-meals", "1.01", "Travel", body)
    write_hostile(tmp_path, docs)
    code = check_main([str(tmp_path / "docs")])
    out = capsys.readouterr()
    assert code == 1
    assert expected in out.out + out.err


def test_allowed_html_and_links_pass(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    body = (
        'Write to <a href="mailto:hr@agency.example">HR</a> or see '
        "[the form](https://agency.example/form.pdf), [§1.00](../index.md) and "
        '<abbr title="Fair Labor Standards Act">FLSA</abbr>.\n\n'
        '<details class="note" markdown><summary>More</summary>Text.</details>\n\n'
        "`[x](javascript:alert(1))` in code is literal.\n"
    )
    docs = dict(DOCS)
    docs["01-general/01-01-travel.md"] = hostile_section("travel-and-meals", "1.01", "Travel", body)
    write_hostile(tmp_path, docs)
    assert check_main([str(tmp_path / "docs")]) == 0, capsys.readouterr()
