"""The built site's revision history: archive pages, word-by-word differences, feed, JSON data.

Built from a temporary git repository with three revisions (tests/history_repo.py).
"""

from __future__ import annotations

import hashlib
import json
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from tests.build.handbooks import ACK_HOOKS, HOOKS, build_site, html_of
from tests.history_repo import git, make_history_repo

HOOK_LINES = f"hooks:\n  - {HOOKS}\n  - {ACK_HOOKS}\n"
ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """(repository, site) of the three-revision handbook, built once."""
    root = tmp_path_factory.mktemp("history-site") / "repo"
    config = make_history_repo(root, HOOK_LINES)
    return root, build_site(config, root / "site")


def _digest(root: Path, commit: str, path: str) -> str:
    return hashlib.sha256(git(root, "show", f"{commit}:{path}").encode()).hexdigest()


def test_archive_pages_hold_each_past_revision_read_only(built: tuple[Path, Path]) -> None:
    _, site = built
    assert sorted(p.name for p in (site / "archive").iterdir()) == ["2024-01-01", "2025-01-01"]
    page = html_of(site, "archive/2024-01-01/index.html")
    assert "Archived text, not in force." in page
    assert '<a href="../../">Read the current handbook</a>' in page
    assert '<a href="../../revisions/#r2024-01-01">see what changed</a>' in page
    assert 'id="s-gamma"' in page and "Gamma goes." in page  # removed since, kept here
    assert "No longer in the handbook." in page
    assert '<a href="../../01-general/01-01-alpha/">The current text</a>' in page
    assert "Receipts are kept for three years." in page
    assert "Test &lt;Agency&gt; &amp; Co Employee Handbook as of January 1, 2024" in page
    later = html_of(site, "archive/2025-01-01/index.html")
    assert 'id="s-epsilon"' in later and "Epsilon &lt;b&gt;is&lt;/b&gt;" not in later


def test_archive_pages_are_left_out_of_navigation_search_and_sitemap(
    built: tuple[Path, Path],
) -> None:
    _, site = built
    search = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert not [d for d in search["docs"] if d["location"].startswith("archive/")]
    assert "/archive/" not in (site / "sitemap.xml").read_text(encoding="utf-8")
    assert "/revisions/" in (site / "sitemap.xml").read_text(encoding="utf-8")
    assert "archive/2024-01-01/" not in html_of(site, "index.html")


def test_revisions_page_shows_every_revision_word_by_word(built: tuple[Path, Path]) -> None:
    _, site = built
    page = html_of(site, "revisions/index.html")
    for day in ("2026-01-01", "2025-01-01", "2024-01-01"):
        assert f'id="r{day}"' in page
    assert page.index('id="r2026-01-01"') < page.index('id="r2025-01-01"')
    assert '<a href="../archive/2025-01-01/">The handbook as of this revision</a>' in page
    assert (
        'Travel is paid <del class="ph-del"><span class="ph-visually-hidden">removed: </span>'
        'monthly</del><ins class="ph-ins"><span class="ph-visually-hidden">inserted: </span>'
        "weekly</ins> to every<ins" in page
    )
    assert (
        '<th scope="row">test › mileage rate</th><td>0.655</td><td>0.70</td><td>2025-01-01</td>'
        in page
    )
    assert '§1.04 Epsilon <span class="ph-change-kind">(new section)</span>' in page
    assert '§1.03 Gamma <span class="ph-change-kind">(section removed)</span>' in page
    assert "(changed, moved from §2.01 Delta)" in page
    assert "§1.04 Epsilon &amp; Co" in page and "Beta &lt;changed&gt;." in page
    assert '<a href="../archive/2025-01-01/#s-beta">The text before</a>' in page
    assert '<a href="../01-general/01-02-beta/">The current text</a>' in page
    assert '<a href="../revisions.atom">revisions feed</a>' in page


def test_acknowledgement_page_shows_what_changed_in_this_revision(
    built: tuple[Path, Path],
) -> None:
    _, site = built
    page = html_of(site, "acknowledgement/index.html")
    assert "What changed, word by word, since the revision of" in page
    assert (
        'Beta text <del class="ph-del"><span class="ph-visually-hidden">removed: </span>stays the'
        ' same</del><ins class="ph-ins"><span class="ph-visually-hidden">inserted: </span>now '
        "changes</ins>." in page
    )
    assert '<th scope="row">title</th><td>Epsilon</td><td>Epsilon &amp; Co</td>' in page


def test_changes_since_data_is_keyed_by_the_digest_a_receipt_records(
    built: tuple[Path, Path],
) -> None:
    root, site = built
    revision = json.loads((site / "revision.json").read_text(encoding="utf-8"))
    assert revision["changes_since"] == "revision-changes.json"
    data = json.loads((site / "revision-changes.json").read_text(encoding="utf-8"))
    assert data["revisions"] == ["2024-01-01", "2025-01-01"]
    commit_2025 = git(root, "rev-list", "-n1", "--grep", "revision: 2025-01-01", "HEAD").strip()
    beta_2025 = _digest(root, commit_2025, "docs/01-general/01-02-beta.md")
    entry = data["sections"]["beta"][beta_2025]
    assert entry["revision"] == "2025-01-01"  # same text in 2024 and 2025: the later names it
    assert entry["archive"] == "archive/2025-01-01/#s-beta"
    assert entry["change"]["text"] == [
        ["=", "Beta text "],
        ["-", "stays the same"],
        ["+", "now changes"],
        ["=", "."],
    ]
    commit_2024 = git(root, "rev-list", "-n1", "--grep", "revision: 2024-01-01", "HEAD").strip()
    alpha_2024 = _digest(root, commit_2024, "docs/01-general/01-01-alpha.md")
    assert data["sections"]["alpha"][alpha_2024]["change"]["fields"] == [
        ["test › mileage rate", "0.655", "0.70", "2025-01-01"]
    ]
    assert revision["sections"]["beta"]["digest"] not in data["sections"]["beta"]


def test_feed_lists_each_revision_with_its_changed_sections(built: tuple[Path, Path]) -> None:
    _, site = built
    feed = ET.fromstring((site / "revisions.atom").read_bytes())
    entries = feed.findall(f"{ATOM}entry")
    assert [e.find(f"{ATOM}title").text for e in entries] == [
        "Revision of January 1, 2026",
        "Revision of January 1, 2025",
        "Revision of January 1, 2024",
    ]
    newest = entries[0].find(f"{ATOM}content").text
    assert (
        '<a href="http://127.0.0.1:8000/01-general/01-02-beta/">§1.02 Beta (changed)</a>' in newest
    )
    assert (
        feed.find(f"{ATOM}link[@rel='self']").get("href") == "http://127.0.0.1:8000/revisions.atom"
    )


def test_a_rebuild_reads_no_history(built: tuple[Path, Path], tmp_path: Path) -> None:
    """With git's object store gone, only references can be read: the cache must do."""
    root, _ = built
    copy = tmp_path / "repo"
    shutil.copytree(root, copy, ignore=shutil.ignore_patterns("site"))
    config = copy / "mkdocs.yml"
    first = build_site(config, copy / "site")
    shutil.move(copy / ".git" / "objects", tmp_path / "objects")
    (copy / ".git" / "objects").mkdir()
    second = build_site(config, tmp_path / "site-again")
    assert html_of(second, "revisions/index.html") == html_of(first, "revisions/index.html")
    assert html_of(second, "archive/2024-01-01/index.html") == html_of(
        first, "archive/2024-01-01/index.html"
    )


@pytest.mark.parametrize("kind", ["shallow", "no-git"])
def test_shallow_clones_and_copies_without_git_build_with_a_note(
    built: tuple[Path, Path], tmp_path: Path, kind: str
) -> None:
    root, _ = built
    copy = tmp_path / "copy"
    if kind == "shallow":
        git(tmp_path, "clone", "-q", "--depth", "1", f"file://{root}", str(copy))
        expected = "shallow git clone"
    else:
        shutil.copytree(root, copy, ignore=shutil.ignore_patterns(".git", ".cache", "site"))
        expected = "no git history"
    site = build_site(copy / "mkdocs.yml", copy / "site")
    page = html_of(site, "revisions/index.html")
    assert "No differences to show" in page and expected in page
    assert not (site / "archive").exists() and not (site / "revision-changes.json").exists()
    assert json.loads((site / "revision.json").read_text(encoding="utf-8"))["changes_since"] is None
    assert "Word-by-word differences: this copy" in html_of(site, "acknowledgement/index.html")


def test_a_past_revision_that_fails_todays_checks_is_archived_as_escaped_text(
    tmp_path: Path,
) -> None:
    from datetime import date

    from build_hooks.handbook.history_pages import archive_page
    from build_hooks.history.snapshot import snapshot_from_folder

    folder = tmp_path / "abc" / "docs"
    (folder / "01-x").mkdir(parents=True)
    (folder / "01-x" / "01-01-old.md").write_text(
        '---\nid: old\nnumber: "1.01"\ntitle: Old <rule>\n---\n\nFirst line\n**kept** <b>x</b>\n'
        "\nSecond paragraph.\n",
        encoding="utf-8",
    )
    snapshot = snapshot_from_folder(date(2024, 1, 1), "abc", folder)
    page = archive_page(snapshot, folder, "Org & Co", {"old": "01-x/01-01-old/"})
    assert "it does not pass today's checks (" in page
    assert "## 1.01 Old &lt;rule&gt; {: #s-old }" in page
    assert '<p class="ph-archive-plain">First line\n**kept** &lt;b&gt;x&lt;/b&gt;</p>' in page
    assert '<a href="../../01-x/01-01-old/">The current text</a>' in page
    assert "# Org &amp; Co Employee Handbook as of January 1, 2024" in page


def test_a_past_revision_is_rendered_without_the_rules_added_for_authors_since(
    tmp_path: Path,
) -> None:
    """A plain-text reference ("see Old Rule", refused in today's sections) and a table that
    today's calculators cannot draw from the revision's parameters do not turn the archive
    into source text: it is rendered, and the table says why it is missing."""
    from datetime import date

    from build_hooks.handbook.history_pages import archive_page
    from build_hooks.handbook.policy_tables import UNDRAWABLE_NOTE
    from build_hooks.history.snapshot import snapshot_from_folder

    folder = tmp_path / "def" / "docs"
    (folder / "01-x").mkdir(parents=True)
    front = (
        '---\nid: {id}\nnumber: "{number}"\ntitle: {title}\neffective: 2020-01-01\n'
        "owner: Human Resources\nsummary: What it settles.\nhistory:\n"
        "  - date: 2020-01-01\n    note: Adopted.\n---\n\n"
    )
    (folder / "01-x" / "01-01-old-rule.md").write_text(
        front.format(id="old-rule", number="1.01", title="Old Rule") + "The **old** rule.\n",
        encoding="utf-8",
    )
    (folder / "01-x" / "01-02-other.md").write_text(
        front.format(id="other", number="1.02", title="Other")
        + "For exceptions, see Old Rule.\n\n```policy-table\nper-diem\n```\n",
        encoding="utf-8",
    )
    from build_hooks.content.checked import load_checked
    from build_hooks.content.problems import ContentError

    with pytest.raises(ContentError) as refused:  # what today's build says of it as docs
        load_checked(folder)
    assert [p.message.split(" ")[0] for p in refused.value.problems] == ['"see', "policy-table"]
    snapshot = snapshot_from_folder(date(2024, 1, 1), "def", folder)
    page = archive_page(snapshot, folder, "Org", {"old-rule": "01-x/01-01-old-rule/"})
    assert "today's checks" not in page
    assert "The **old** rule." in page  # Markdown, rendered by the page
    assert "For exceptions, see Old Rule." in page
    assert UNDRAWABLE_NOTE in page
    assert "## 1.02 Other {: #s-other }" in page
