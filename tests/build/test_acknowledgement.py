"""The acknowledgement page: its Markdown/HTML from index + settings + revision document (pure),
and whole builds with ``build_hooks/acknowledgement/hooks.py`` listed after the core hooks."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from mkdocs.exceptions import Abort, PluginError

from build_hooks.acknowledgement.hooks import SCRIPTS as ACK_SCRIPTS
from build_hooks.acknowledgement.page import FIELDS, PAGE_URI, acknowledgement_page, form_html
from build_hooks.content.index import load_handbook
from build_hooks.content.revision import revision_document
from build_hooks.content.settings import read_settings
from tests.build.handbooks import ACK_HOOKS, HOOKS, build_site, failed_build, write_config

EVIL = '<script>alert("x")</script> & [link](javascript:alert(1)) *bold*'


def section_text(id: str, number: str, title: str, history: list[tuple[str, str]]) -> str:
    lines = [f"  - date: {when}\n    note: {json.dumps(note)}\n" for when, note in history]
    return (
        f'---\nid: {id}\nnumber: "{number}"\ntitle: {json.dumps(title)}\neffective: 2020-01-01\n'
        f"history:\n{''.join(lines)}---\nBody of {id}.\n"
    )


DOCS = {
    "index.md": "---\ntitle: Home\n---\nWelcome.\n",
    "01-general/index.md": section_text("general", "1.00", "General", [("2020-01-01", "Adopted.")]),
    "01-general/01-01-purpose.md": section_text(
        "purpose", "1.01", "Purpose", [("2020-01-01", "Adopted.")]
    ),
    "02-leave/02-01-leave.md": section_text(
        "leave-rules",
        "2.01",
        'Leave & "Rules"',
        [("2026-01-01", "Cap raised " + EVIL), ("2020-01-01", "Adopted.")],
    ),
    "02-leave/02-02-sick.md": section_text(
        "sick-leave", "2.02", "Sick Leave", [("2025-06-01", "Doctor's note after 3 days.")]
    ),
}


def write_docs(root: Path, files: dict[str, str] = DOCS) -> Path:
    for relative, text in files.items():
        path = root / "docs" / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root / "docs"


def settings_of(**acknowledgement: str) -> object:
    return read_settings(
        {
            "handbook": {
                "organization": "Test Agency",
                "revision": "2026-01-01",
                "previous_revision": "2025-01-01",
                "acknowledgement": acknowledgement,
            }
        }
    )


def page_of(tmp_path: Path, settings: object) -> tuple[str, dict]:
    handbook = load_handbook(write_docs(tmp_path), display_root=tmp_path)
    urls = {s.id: s.src_uri.removesuffix(".md") + "/" for s in handbook}
    document = revision_document(handbook, settings, urls)
    return acknowledgement_page(handbook, settings, document), document


class Elements(HTMLParser):
    """Every start tag with its attributes, in order."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, {k: v or "" for k, v in attrs}))


def elements(markup: str) -> list[tuple[str, dict[str, str]]]:
    parser = Elements()
    parser.feed(markup)
    return parser.tags


# --- the page as Markdown/HTML (no MkDocs) ---------------------------------------------------


def test_form_is_bound_to_the_revision_and_lists_only_this_revisions_changes(tmp_path):
    page, document = page_of(tmp_path, settings_of())
    assert page.startswith("---\ntitle: Acknowledgement\n")
    assert f'data-revision="{document["revision"]}"' in page
    assert f"<code>{document['revision']}</code>" in page
    changed = page.split("## Changed in this revision since the revision of January 1, 2025")[1]
    changed = changed.split("## Your acknowledgement")[0]
    bullets = [line for line in changed.splitlines() if line.startswith("- ")]
    assert [b.split("](")[1].split(")")[0] for b in bullets] == [
        "../02-leave/02-01-leave.md",  # 2026-01-01, newest first
        "../02-leave/02-02-sick.md",  # 2025-06-01
    ]
    assert [c["id"] for c in document["changed"]] == ["leave-rules", "sick-leave"]
    assert "Adopted" not in changed  # 2020 entries are older revisions
    assert "[revisions page](../revisions/index.md)" in page


def test_revision_json_publishes_the_statement_digest(tmp_path):
    """``verify`` compares a receipt's statement with this (issue 14)."""
    import hashlib

    settings = settings_of(statement="I, of {organization}, received it & <read> it.")
    _, document = page_of(tmp_path, settings)
    shown = "I, of Test Agency, received it & <read> it."
    assert document["statement_sha256"] == hashlib.sha256(shown.encode()).hexdigest()


def test_everything_from_authors_and_settings_is_escaped(tmp_path):
    settings = settings_of(
        statement='I, of {organization}, agree "fully" <b>now</b>.',
        endpoint='https://hr.example/ack?a=1&b="><script>x</script>',
        hr_email='hr"@example.org',
    )
    page, _ = page_of(tmp_path, settings)
    assert "<script" not in page
    assert "<b>now</b>" not in page
    assert "I, of Test Agency, agree &quot;fully&quot; &lt;b&gt;now&lt;/b&gt;." in page
    assert 'data-endpoint="https://hr.example/ack?a=1&amp;b=&quot;&gt;&lt;script&gt;' in page
    assert 'data-hr-email="hr&quot;@example.org"' in page
    # author text in Markdown: HTML-escaped and Markdown-inert
    assert r"§2.01 Leave &amp; &quot;Rules&quot;" in page
    assert r"\[link\]\(javascript:alert\(1\)\) \*bold\*" in page


def test_fields_have_labels_help_and_error_slots_tied_by_aria(tmp_path):
    markup = form_html(settings_of(), {"revision": "2026-01-01-0123456789ab"})
    tags = elements(markup)
    ids = {attrs["id"] for _, attrs in tags if "id" in attrs}
    labels = {attrs["for"] for tag, attrs in tags if tag == "label"}
    inputs = [attrs for tag, attrs in tags if tag == "input"]
    assert [i["name"] for i in inputs] == [f.name for f in FIELDS] + ["read"]
    for attrs in inputs:
        assert attrs["id"] in labels, attrs
        assert "required" in attrs and attrs["aria-required"] == "true"
        described = attrs["aria-describedby"].split()
        assert described[0] == attrs["id"] + "-error"
        assert set(described) <= ids, attrs
    assert next(i for i in inputs if i["name"] == "date")["type"] == "date"
    summary = next(a for _, a in tags if a.get("id") == "ph-ack-errors")
    assert summary["role"] == "alert" and summary["tabindex"] == "-1"
    status = next(a for _, a in tags if a.get("id") == "ph-ack-status")
    assert status["role"] == "status" and status["aria-live"] == "polite"
    form = next(a for t, a in tags if t == "form")
    assert form["data-revision-url"] == "../revision.json"
    assert "novalidate" in form  # the script validates and announces; no browser bubbles
    assert all(tag != "script" for tag, _ in tags)


def test_the_page_declares_each_field_its_limit_and_the_endpoints_contract():
    schema = json.loads((Path(__file__).parents[2] / "schema/receipt.schema.json").read_text())
    employee = schema["properties"]["employee"]["properties"]
    markup = form_html(
        settings_of(endpoint="https://hr.example/receipts/"),
        {"revision": "2026-01-01-0123456789ab"},
    )
    tags = elements(markup)
    fields = {a["data-ph-field"]: a for t, a in tags if t == "input" and "data-ph-field" in a}
    assert list(fields) == list(employee)  # the script reads the fields from the page
    assert {name: a.get("data-max-length") for name, a in fields.items()} == {
        "full_name": "200",
        "employee_id": "100",
        "department": "200",
        "signature": "200",
        "date": None,
    }
    assert fields["signature"]["data-receipt-label"] == "Signature"
    assert fields["full_name"]["data-missing"] == "Enter your full name."
    form = next(a for t, a in tags if t == "form")
    assert form["data-timeout-ms"] == "15000"
    # personal links are read from the endpoint itself (GET with X-Invite-Token, receiver/app.py)
    assert form["data-endpoint"] == "https://hr.example/receipts/"
    assert "data-invite-url" not in form


@pytest.mark.parametrize(
    ("acknowledgement", "note"),
    [
        ({"endpoint": "https://hr.example/ack"}, "your acknowledgement is sent to Human Resources"),
        ({"hr_email": "hr@example.org"}, "e-mail the receipt file to Human Resources"),
        ({}, "give it to Human Resources"),
    ],
    ids=["endpoint", "email", "neither"],
)
def test_the_page_says_how_the_acknowledgement_reaches_hr(acknowledgement, note):
    assert note in form_html(settings_of(**acknowledgement), {"revision": "r"})


def test_a_first_revision_without_changes(tmp_path):
    settings = read_settings({"handbook": {"organization": "A", "revision": "2019-01-01"}})
    page, _ = page_of(tmp_path, settings)
    assert "## Changed in this revision\n" in page
    assert "No section changed in this revision." in page
    assert "I confirm that I have received the employee handbook of A," in page  # default


# --- whole builds ----------------------------------------------------------------------------


@pytest.fixture
def handbook_dir(tmp_path: Path) -> Path:
    write_docs(tmp_path)
    write_config(
        tmp_path,
        [HOOKS, ACK_HOOKS],
        instant=True,
        acknowledgement={"hr_email": "hr@example.org", "endpoint": "https://hr.example/ack"},
    )
    return tmp_path


def test_build_makes_the_page_assets_and_home_link(handbook_dir, tmp_path):
    site = build_site(handbook_dir / "mkdocs.yml", tmp_path / "site")
    page = (site / "acknowledgement" / "index.html").read_text("utf-8")
    revision = json.loads((site / "revision.json").read_text("utf-8"))
    assert f'data-revision="{revision["revision"]}"' in page
    assert 'data-endpoint="https://hr.example/ack"' in page
    assert 'data-hr-email="hr@example.org"' in page
    scripts = [uri.rsplit("/", 1)[1] for uri in ACK_SCRIPTS]
    assert scripts == [
        "ack-store.js",
        "ack-form.js",
        "ack-receipt.js",
        "ack-send.js",
        "ack-changes.js",
        "acknowledgement.js",
    ]
    for asset in (*scripts, "acknowledgement.css"):
        assert (site / "assets" / "acknowledgement" / asset).is_file()
    article = page.split("<article")[1].split("</article>")[0]
    assert "<script" not in article
    assert 'href="../02-leave/02-01-leave/"' in article  # .md links resolved by MkDocs
    # each script is registered once, in order, and loaded from a file on every page, never inline
    for html_file in (site / "index.html", site / "acknowledgement" / "index.html"):
        text = html_file.read_text("utf-8")
        loaded = re.findall(r'<script src="[./]*(assets/acknowledgement/[\w-]+\.js)', text)
        assert loaded == list(ACK_SCRIPTS)
        for script in ACK_SCRIPTS:
            assert text.count(script) == 1
        assert text.count("assets/acknowledgement/acknowledgement.css") == 1
    assert 'href="acknowledgement/"' in (site / "index.html").read_text("utf-8")
    assert not (handbook_dir / "docs" / "acknowledgement").exists()  # virtual, never in docs/


def test_a_second_build_in_the_same_process_binds_the_new_revision(handbook_dir, tmp_path):
    first = build_site(handbook_dir / "mkdocs.yml", tmp_path / "one")
    first_id = json.loads((first / "revision.json").read_text("utf-8"))["revision"]
    sick = handbook_dir / "docs" / "02-leave" / "02-02-sick.md"
    sick.write_text(sick.read_text("utf-8").replace("Body of", "Body, amended, of"), "utf-8")
    second = build_site(handbook_dir / "mkdocs.yml", tmp_path / "two")
    second_id = json.loads((second / "revision.json").read_text("utf-8"))["revision"]
    assert second_id != first_id
    page = (second / "acknowledgement" / "index.html").read_text("utf-8")
    assert f'data-revision="{second_id}"' in page and first_id not in page
    js = (second / "assets" / "acknowledgement" / "acknowledgement.js").read_text("utf-8")
    assert "document$" in js  # instant navigation: initialised per page view


def test_the_hook_needs_the_core_hooks_first(tmp_path, caplog):
    write_docs(tmp_path)
    config = write_config(
        tmp_path, [ACK_HOOKS, HOOKS], instant=True, acknowledgement={"hr_email": "hr@example.org"}
    )
    with pytest.raises((PluginError, Abort, RuntimeError)) as caught:
        build_site(config, tmp_path / "site")
    message = str(caught.value) + caplog.text
    assert "build_hooks/handbook/hooks.py" in message


def test_an_authored_acknowledgement_page_is_refused(handbook_dir, tmp_path, caplog):
    authored = handbook_dir / "docs" / PAGE_URI
    authored.parent.mkdir()
    authored.write_text(
        section_text("my-ack", "20.01", "My form", [("2020-01-01", "Adopted.")]), encoding="utf-8"
    )
    message = failed_build(handbook_dir / "mkdocs.yml", tmp_path / "site", caplog)
    assert "'acknowledgement/index.md' already exists" in message
