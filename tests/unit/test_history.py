"""Revision history from git: revision commits, cache, word diffs, field changes, feed, e-mail."""

from __future__ import annotations

import itertools
import shutil
import xml.etree.ElementTree as ET
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from build_hooks.content.frontmatter import parse_text
from build_hooks.history.announce import announcement, page_url
from build_hooks.history.compare import compare, trim_context
from build_hooks.history.diff_html import change_document, change_html, fields_table, ops_html
from build_hooks.history.feed import FeedRevision, revisions_feed
from build_hooks.history.field_changes import FieldChange, field_changes
from build_hooks.history.git_repository import open_repository
from build_hooks.history.history import NO_EARLIER_REVISION, load_history
from build_hooks.history.word_diff import DiffOp, tokenize, word_diff
from tests.history_repo import git, make_history_repo

CURRENT = date(2026, 1, 1)
ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_history_repo(tmp_path_factory.mktemp("history") / "repo").parent


@pytest.fixture
def fresh_repo(repo: Path, tmp_path: Path) -> Path:
    """A copy of the repository with an empty cache (the copy keeps the whole history)."""
    copy = tmp_path / "repo"
    shutil.copytree(repo, copy, ignore=shutil.ignore_patterns(".cache"))
    return copy


def _load(root: Path, revision: date = CURRENT):
    return load_history(root / "mkdocs.yml", root / "docs", revision)


# ---------- revision commits ----------


def test_revisions_are_the_commits_that_set_the_revision_line(repo: Path) -> None:
    repository = open_repository(repo)
    commits = repository.revision_commits("mkdocs.yml")
    subjects = [git(repo, "log", "-1", "--format=%s", c.commit).strip() for c in commits]
    assert [c.date.isoformat() for c in commits] == ["2024-01-01", "2025-01-01", "2026-01-01"]
    assert subjects == ["revision: 2024-01-01", "revision: 2025-01-01", "revision: 2026-01-01"]


def test_a_handbook_tag_names_the_revision_commit_and_wins(fresh_repo: Path) -> None:
    first_content = git(fresh_repo, "rev-list", "--reverse", "HEAD").split()[0]
    git(fresh_repo, "tag", "handbook/2023-06-01", first_content)
    git(fresh_repo, "tag", "-a", "-m", "cut", "handbook/2025-01-01", "HEAD~2")  # annotated
    git(fresh_repo, "tag", "handbook/not-a-date", "HEAD")
    commits = open_repository(fresh_repo).revision_commits("mkdocs.yml")
    assert [c.date.isoformat() for c in commits] == [
        "2023-06-01",
        "2024-01-01",
        "2025-01-01",
        "2026-01-01",
    ]
    assert commits[0].commit == first_content
    assert commits[2].commit == git(fresh_repo, "rev-parse", "HEAD~2").strip()


def test_history_reads_past_revisions_and_the_working_tree(fresh_repo: Path) -> None:
    history = _load(fresh_repo)
    assert history.note is None
    assert [s.date.isoformat() for s in history.past] == ["2024-01-01", "2025-01-01"]
    assert [s.id for s in history.past[0]] == [
        "chapter-1",
        "alpha",
        "beta",
        "gamma",
        "chapter-2",
        "delta",
    ]
    assert [s.id for s in history.current] == [
        "chapter-1",
        "alpha",
        "beta",
        "epsilon",
        "chapter-2",
        "chapter-3",
        "delta",
    ]
    assert history.current.commit is None
    folder = history.folders[date(2024, 1, 1)]
    assert (folder / "01-general" / "01-03-gamma.md").is_file()
    assert folder.is_relative_to(fresh_repo / ".cache" / "handbook-history")


def test_a_rebuild_with_nothing_changed_reads_no_history(fresh_repo: Path) -> None:
    first = _load(fresh_repo)
    assert {c[0] for c in first.commands} == {
        "rev-parse",
        "for-each-ref",
        "log",
        "cat-file",
        "ls-tree",
    }
    second = _load(fresh_repo)
    assert [c[0] for c in second.commands] == ["rev-parse", "for-each-ref"]
    assert [s.digests for s in second.past] == [s.digests for s in first.past]
    # A new commit re-reads the list of revisions, but not the files of cached revisions.
    (fresh_repo / "notes.txt").write_text("x", encoding="utf-8")
    git(fresh_repo, "add", "notes.txt")
    git(fresh_repo, "commit", "-q", "-m", "unrelated")
    third = _load(fresh_repo)
    assert [c[0] for c in third.commands] == ["rev-parse", "for-each-ref", "log", "cat-file"]


def test_a_shallow_clone_has_a_note_and_no_past_revisions(repo: Path, tmp_path: Path) -> None:
    clone = tmp_path / "shallow"
    git(tmp_path, "clone", "-q", "--depth", "1", f"file://{repo}", str(clone))
    history = _load(clone)
    assert history.past == ()
    assert history.note is not None and "shallow git clone" in history.note
    assert "fetch-depth: 0" in history.note
    assert len(history.current) == 7


def test_a_copy_without_git_has_a_note(repo: Path, tmp_path: Path) -> None:
    copy = tmp_path / "zip"
    shutil.copytree(repo, copy, ignore=shutil.ignore_patterns(".git", ".cache"))
    history = _load(copy)
    assert history.past == ()
    assert history.note is not None and "no git history" in history.note


def test_the_first_revision_has_nothing_to_compare_with(repo: Path) -> None:
    history = _load(repo, date(2024, 1, 1))
    assert history.past == ()
    assert history.note == NO_EARLIER_REVISION


# ---------- differences ----------


def test_exact_differences_between_the_first_two_revisions(repo: Path) -> None:
    history = _load(repo)
    changes = compare(history.past[0], history.past[1])
    assert [c.summary() for c in changes.sections] == [
        "§1.01 Alpha (changed)",
        "§1.04 Epsilon (new section)",
        "§3.00 Moved (new section)",
        "§3.01 Delta (changed; moved from §2.01 Delta)",
        "§1.03 Gamma (removed)",
    ]
    alpha = changes.sections[0]
    assert alpha.text == (
        DiffOp("=", "Travel is paid "),
        DiffOp("-", "monthly"),
        DiffOp("+", "weekly"),
        DiffOp("=", " to every"),
        DiffOp("+", " regular"),
        DiffOp("=", " employee who drives on duty.\n\n"),
        DiffOp("-", "Receipts are kept for three years.\n\n"),
        DiffOp("=", "Ask the Finance office first."),
    )
    assert alpha.fields == (FieldChange("test › mileage rate", "0.655", "0.70", "2025-01-01"),)
    assert alpha.notes == ((date(2025, 1, 1), "Paid weekly; receipts rule dropped."),)
    delta = changes.sections[3]
    assert delta.moved and delta.text == ()
    assert delta.fields == (FieldChange("number", "2.01", "3.01"),)
    assert [c.kind for c in changes.sections] == ["changed", "new", "new", "changed", "removed"]


def test_exact_differences_of_the_current_revision(repo: Path) -> None:
    history = _load(repo)
    assert history.previous is not None
    changes = compare(history.previous, history.current)
    assert [c.summary() for c in changes.sections] == [
        "§1.02 Beta (changed)",
        "§1.04 Epsilon & Co (changed)",
    ]
    beta, epsilon = changes.sections
    assert beta.text == (
        DiffOp("=", "Beta text "),
        DiffOp("-", "stays the same"),
        DiffOp("+", "now changes"),
        DiffOp("=", "."),
    )
    assert epsilon.text == ()
    assert epsilon.fields == (FieldChange("title", "Epsilon", "Epsilon & Co"),)


def test_word_diff_keeps_numbers_and_references_whole_and_ignores_rewrapping() -> None:
    assert tokenize("Rate 0.725, see [[travel-rates]].") == [
        "Rate",
        " ",
        "0.725",
        ",",
        " ",
        "see",
        " ",
        "[[travel-rates]]",
        ".",
    ]
    assert word_diff("a b\nc", "a b c") == [DiffOp("=", "a b c")]
    assert word_diff("x a b c y", "x d e y") == [
        DiffOp("=", "x "),
        DiffOp("-", "a b c"),
        DiffOp("+", "d e"),
        DiffOp("=", " y"),
    ]


@given(st.text(alphabet="ab .\n", max_size=40), st.text(alphabet="ab .\n", max_size=40))
def test_word_diff_gives_back_both_texts(old: str, new: str) -> None:
    ops = word_diff(old, new)
    assert "".join(op.text for op in ops if op.kind != "-") == new
    removed_and_kept = "".join(op.text for op in ops if op.kind != "+")
    assert removed_and_kept.split() == old.split()
    assert all(a.kind != b.kind for a, b in itertools.pairwise(ops))


def test_long_unchanged_stretches_are_shortened() -> None:
    words = " ".join(f"w{i}" for i in range(40))
    ops = word_diff(f"{words} old {words}", f"{words} new {words}")
    trimmed = trim_context(ops, words=3)
    assert trimmed == (
        DiffOp("=", "… w37 w38 w39 "),
        DiffOp("-", "old"),
        DiffOp("+", "new"),
        DiffOp("=", " w0 w1 w2 …"),
    )
    assert trim_context(word_diff("same", "same")) == ()


def test_field_changes_of_dated_parameters_and_lists() -> None:
    old = parse_text(
        "---\nid: x\ntitle: T\naudience: [all, staff]\npolicy:\n  travel:\n    mileage_rate:\n"
        "      2025-01-01: 0.70\n    per_diem: 50\n    tiers:\n      - hours: 8\n---\n"
    )
    new = parse_text(
        "---\nid: x\ntitle: T\naudience: [all]\nrevised: 2026-01-01\npolicy:\n  travel:\n"
        "    mileage_rate:\n      2025-01-01: 0.70\n      2026-01-01: 0.725\n    tiers:\n"
        "      - hours: 10\n    lodging: 110.00\n---\n"
    )
    assert field_changes(old, new) == [
        FieldChange("audience", "all, staff", "all"),
        FieldChange("travel › mileage rate", "0.70", "0.725", "2026-01-01"),
        FieldChange("travel › tiers › 1 › hours", "8", "10"),
        FieldChange("travel › lodging", "—", "110.00"),
        FieldChange("travel › per diem", "50", "—"),
    ]


# ---------- HTML, JSON, feed, e-mail ----------


def test_diff_html_marks_changes_for_screen_readers_and_escapes() -> None:
    ops = [DiffOp("=", "a <b> "), DiffOp("-", "x&y"), DiffOp("+", "z\n\nw"), DiffOp("=", ".")]
    assert ops_html(ops) == (
        '<p class="ph-diff-text">a &lt;b&gt; '
        '<del class="ph-del"><span class="ph-visually-hidden">removed: </span>x&amp;y</del>'
        '<ins class="ph-ins"><span class="ph-visually-hidden">inserted: </span>z<br><br>w</ins>'
        ".</p>"
    )
    table = fields_table([FieldChange("rate <x>", "0.70", "0.725", "2026-01-01")])
    assert (
        '<th scope="row">rate &lt;x&gt;</th><td>0.70</td><td>0.725</td><td>2026-01-01</td>' in table
    )
    assert "<caption>Details that changed</caption>" in table


def test_change_html_and_document_of_a_section(repo: Path) -> None:
    history = _load(repo)
    beta, epsilon = compare(history.previous, history.current).sections
    block = change_html(epsilon, [("Current text", "../x/?a=1&b=2")])
    assert block.startswith(
        '<details class="ph-change ph-change-changed"><summary>§1.04 Epsilon &amp; Co '
    )
    assert '<a href="../x/?a=1&amp;b=2">Current text</a>' in block
    assert "2026-01-01</time> — Renamed.</li>" in block
    assert "\n" not in block
    assert change_document(beta, lambda i: f"/{i}/") == {
        "id": "beta",
        "number": "1.02",
        "title": "Beta",
        "kind": "changed",
        "moved_from": None,
        "url": "/beta/",
        "text": [["=", "Beta text "], ["-", "stays the same"], ["+", "now changes"], ["=", "."]],
        "fields": [],
        "notes": [["2026-01-01", "Beta <changed>."]],
    }


def test_feed_has_one_entry_per_revision_newest_first(repo: Path) -> None:
    history = _load(repo)
    revisions = history.revisions()
    entries = [FeedRevision(revisions[0], None)] + [
        FeedRevision(new, compare(old, new)) for old, new in itertools.pairwise(revisions)
    ]
    xml = revisions_feed(
        "Test <Agency> & Co", "https://hb.example/", entries, lambda i: f"https://hb.example/{i}/"
    )
    root = ET.fromstring(xml)
    assert root.find(f"{ATOM}title").text == "Test <Agency> & Co — Employee Handbook revisions"
    assert root.find(f"{ATOM}updated").text == "2026-01-01T00:00:00+00:00"
    found = root.findall(f"{ATOM}entry")
    assert [e.find(f"{ATOM}title").text for e in found] == [
        "Revision of January 1, 2026",
        "Revision of January 1, 2025",
        "Revision of January 1, 2024",
    ]
    assert [e.find(f"{ATOM}id").text for e in found] == [
        f"https://hb.example/revisions/#r{day}"
        for day in ("2026-01-01", "2025-01-01", "2024-01-01")
    ]
    assert found[0].find(f"{ATOM}content").text == (
        '<ul><li><a href="https://hb.example/beta/">§1.02 Beta (changed)</a> — Beta &lt;changed&gt;.</li>'
        '<li><a href="https://hb.example/epsilon/">§1.04 Epsilon &amp; Co (changed)</a> — Renamed.</li></ul>'
    )
    assert "§1.03 Gamma (removed)</li>" in found[1].find(f"{ATOM}content").text
    assert found[2].find(f"{ATOM}content").text == "<p>The first recorded revision: 6 sections.</p>"
    assert b"&lt;Agency&gt; &amp; Co" in xml


def test_announcement_text_and_html(repo: Path) -> None:
    history = _load(repo)
    message = announcement("Test <Agency>", "https://hb.example/", history, date(2025, 1, 1))
    assert message.subject == "Test <Agency> Employee Handbook — revision of January 1, 2026"
    assert message.text == (
        "The Test <Agency> Employee Handbook has a new revision, dated January 1, 2026.\n"
        "\n"
        "What changed (2 sections):\n"
        "  * §1.02 Beta (changed)\n"
        "      Beta <changed>.\n"
        "      https://hb.example/01-general/01-02-beta/\n"
        "  * §1.04 Epsilon & Co (changed)\n"
        "      Renamed.\n"
        "      https://hb.example/01-general/01-04-epsilon/\n"
        "\n"
        "Every change, word by word: https://hb.example/revisions/#r2026-01-01\n"
        "Please read the changed sections, then acknowledge this revision: "
        "https://hb.example/acknowledgement/\n"
    )
    assert "<title>Test &lt;Agency&gt; Employee Handbook" in message.html
    assert (
        '<li><a href="https://hb.example/01-general/01-02-beta/">§1.02 Beta</a> (changed)<br>Beta &lt;changed&gt;.</li>'
        in message.html
    )


def test_page_urls_follow_mkdocs_directory_urls() -> None:
    assert page_url("06-leave/06-03-annual.md") == "06-leave/06-03-annual/"
    assert page_url("06-leave/index.md") == "06-leave/"
    assert page_url("index.md") == ""


def test_announce_command_prints_a_mime_message(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from email import message_from_string, policy

    from build_hooks.commands import run

    assert run("announce", ["--config", str(repo / "mkdocs.yml"), "--format", "mime"]) == 0
    mail = message_from_string(capsys.readouterr().out, policy=policy.default)
    assert mail["Subject"] == "Test <Agency> & Co Employee Handbook — revision of January 1, 2026"
    assert mail.get_content_type() == "multipart/alternative"
    text = mail.get_body(("plain",)).get_content()
    assert "  * §1.02 Beta (changed)\n      Beta <changed>.\n" in text
    assert "http://127.0.0.1:8000/revisions/#r2026-01-01" in text
    page = mail.get_body(("html",)).get_content()
    assert "Test &lt;Agency&gt; &amp; Co Employee Handbook has a new revision" in page


def test_announce_command_without_a_config(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from build_hooks.commands import run

    assert run("announce", ["--config", str(tmp_path / "mkdocs.yml")]) == 2
    assert "cannot read extra.handbook" in capsys.readouterr().out


def test_differences_are_of_the_words_readers_see(repo: Path) -> None:
    from build_hooks.history.compare import readable

    history = _load(repo)
    text = "See [[beta]], [[epsilon#x|the new rule]] and **bold** __text__; [[nowhere]]."
    assert readable(text, history.current) == (
        "See §1.02 Beta, the new rule and bold text; [[nowhere]]."
    )


def test_a_markup_only_change_is_named_as_formatting() -> None:
    from build_hooks.history.snapshot import snapshot_from_files

    head = '---\nid: a\nnumber: "1.01"\ntitle: A\n---\n'
    old = snapshot_from_files(
        date(2025, 1, 1), "c1", {"a.md": (head + "Pay **weekly**.\n").encode()}
    )
    new = snapshot_from_files(date(2026, 1, 1), None, {"a.md": (head + "Pay weekly.\n").encode()})
    (change,) = compare(old, new).sections
    assert change.formatting_only and change.text == ()
    assert change.summary() == "§1.01 A (changed; formatting only)"
    assert "Only the formatting of the text changed, not its words." in change_html(change)


def test_differences_leave_out_the_markup_of_blocks(repo: Path) -> None:
    from build_hooks.history.compare import readable

    history = _load(repo)
    text = (
        "## Eligibility {: #who }\n\nRead [the form](https://example.org/f.pdf) first.\n\n"
        '- one *item*\n- two `code`\n\n!!! note "Keep this"\n    Inside the note.\n\n'
        "| Days | Pay |\n| --- | --- |\n| 1 | $5 |\n\n<p>Raw <b>tag</b></p>\n"
    )
    assert readable(text, history.current) == (
        "Eligibility\n\nRead the form (https://example.org/f.pdf) first.\n\n• one item\n\n• two code\n\nKeep this\n\n"
        "Inside the note.\n\nDays | Pay\n\n1 | $5\n\nRaw tag"
    )
