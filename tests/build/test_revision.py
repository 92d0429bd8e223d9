"""Revision ids and the changes a revision lists."""

from __future__ import annotations

from datetime import date

from build_hooks.content.index import load_handbook
from build_hooks.content.revision import changes_between, revision_document, revision_id
from build_hooks.content.settings import read_settings
from tests.conftest import section

HISTORY = (
    "2026-01-01\nhistory:\n  - date: 2026-01-01\n    note: Rate updated.\n"
    "  - date: 2024-03-01\n    note: Earlier change.\n  - date: 2020-01-01\n    note: Adopted."
)


def test_revision_id_is_the_date_and_a_digest_that_changes_only_with_content(write_docs):
    docs = write_docs({"a.md": section("a", "1.01"), "b/c.md": section("c", "1.02")})
    first = revision_id(load_handbook(docs), date(2026, 1, 1))
    assert first.startswith("2026-01-01-") and len(first) == len("2026-01-01-") + 12
    assert revision_id(load_handbook(docs), date(2026, 1, 1)) == first  # same text, same id

    (docs / "b/c.md").write_text(section("c", "1.02") + "A comma, added.\n")
    edited = revision_id(load_handbook(docs), date(2026, 1, 1))
    assert edited != first

    (docs / "b/c.md").write_text(section("c", "1.02"))
    assert revision_id(load_handbook(docs), date(2026, 1, 1)) == first  # reverting restores it

    (docs / "b/c.md").rename(docs / "b/d.md")
    assert revision_id(load_handbook(docs), date(2026, 1, 1)) != first  # a move counts too


def _published_digests(docs) -> dict[str, str]:
    """Each section's digest as revision.json publishes it."""
    settings = read_settings({"handbook": {"organization": "A", "revision": "2026-01-01"}})
    document = revision_document(load_handbook(docs), settings, {})
    return {section_id: entry["digest"] for section_id, entry in document["sections"].items()}


def test_published_digests_name_the_changed_section(write_docs):
    docs = write_docs({"a.md": section("a", "1.01"), "b.md": section("b", "1.02")})
    before = _published_digests(docs)
    (docs / "b.md").write_text(section("b", "1.02") + "New rule.\n")
    after = _published_digests(docs)
    assert [k for k in before if before[k] != after[k]] == ["b"]
    assert all(len(digest) == 64 for digest in after.values())  # full sha256 hex


def test_changes_between_takes_entries_after_the_previous_revision_up_to_this_one(write_docs):
    docs = write_docs(
        {
            "a.md": section("a", "1.01", revised=HISTORY),
            "b.md": section(
                "b", "1.02", revised="2025-06-01\nhistory:\n  - date: 2025-06-01\n    note: X."
            ),
        }
    )
    handbook = load_handbook(docs)
    changes = changes_between(handbook, date(2025, 1, 1), date(2026, 1, 1))
    assert [(c.section.id, c.date.isoformat(), c.note) for c in changes] == [
        ("a", "2026-01-01", "Rate updated."),
        ("b", "2025-06-01", "X."),
    ]
    assert changes_between(handbook, date(2026, 1, 1), date(2026, 1, 1)) == []
    assert len(changes_between(handbook, None, date(2026, 1, 1))) == 4
