"""What changed between two revisions, section by section (sections are matched by ``id``)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Literal

from build_hooks.content.markdown import section_tokens
from build_hooks.history.field_changes import FieldChange, field_changes
from build_hooks.history.snapshot import SectionText, Snapshot
from build_hooks.history.word_diff import DiffOp, tokenize, word_diff

if TYPE_CHECKING:
    from markdown_it.token import Token

__all__ = ["RevisionChanges", "SectionChange", "compare", "readable", "trim_context"]

CONTEXT_WORDS = 12  # unchanged words kept on each side of a change
_LINE_BREAKS = re.compile(r"[ \t]*\n(?:[ \t]*\n)*[ \t]*")


@dataclass(frozen=True)
class SectionChange:
    """One section that differs between two revisions.

    Attributes:
        id: The section id.
        old: The earlier version (``None``: the section is new).
        new: The later version (``None``: the section was removed).
        text: Word differences of the body, unchanged stretches shortened (empty: same body).
        fields: Front-matter changes.
        notes: The later version's history entries in this revision (newest first).
    """

    id: str
    old: SectionText | None
    new: SectionText | None
    text: tuple[DiffOp, ...]
    fields: tuple[FieldChange, ...]
    notes: tuple[tuple[date, str], ...]

    @property
    def kind(self) -> Literal["new", "removed", "changed"]:
        """``new``, ``removed`` or ``changed``."""
        if self.old is None:
            return "new"
        if self.new is None:
            return "removed"
        return "changed"

    @property
    def moved(self) -> bool:
        """True when the section kept its id but got another number or file."""
        return (
            self.old is not None
            and self.new is not None
            and (self.old.number != self.new.number or self.old.src_uri != self.new.src_uri)
        )

    @property
    def formatting_only(self) -> bool:
        """True when the body changed but not in the words readers see (markup only)."""
        return (
            self.old is not None
            and self.new is not None
            and not self.text
            and self.old.body.strip() != self.new.body.strip()
        )

    @property
    def section(self) -> SectionText:
        """The later version, or the removed one."""
        version = self.new or self.old
        assert version is not None
        return version

    def summary(self) -> str:
        """One plain line: ``§6.03 Annual Leave (changed; moved from §6.02)``."""
        words = {"new": "new section", "removed": "removed", "changed": "changed"}[self.kind]
        if self.moved and self.old is not None:
            words += f"; moved from {self.old.label}"
        if self.kind == "changed" and not self.text and not self.fields:
            words += (
                "; formatting only"
                if self.formatting_only
                else "; only its history or revision date"
            )
        return f"{self.section.label} ({words})"


@dataclass(frozen=True)
class RevisionChanges:
    """Every section that differs between ``old`` and ``new``, in the later number order."""

    old: Snapshot
    new: Snapshot
    sections: tuple[SectionChange, ...]

    def by_kind(self, kind: str) -> list[SectionChange]:
        """The changes of one kind (``new``, ``removed``, ``changed``)."""
        return [change for change in self.sections if change.kind == kind]


# "!!! note", '??? tip "Title"', '=== "Tab"': Python-Markdown blocks whose marker readers never see
_BLOCK_MARKER = re.compile(
    r"^(?P<indent>[ \t]*)(?:[!?]{3}\+?[ \t]+(?P<kind>[\w-]+)|===)"
    r'(?:[ \t]+"(?P<title>[^"]*)")?[ \t]*$',
    re.MULTILINE,
)
_ATTRIBUTES = re.compile(r"[ \t]*\{:?[ \t]*[#.][^{}\n]*\}[ \t]*$")  # attr_list: {: #id .class }
_TAG = re.compile(r"<[^>]*>")
_OUTSIDE = re.compile(r"(?:https?|mailto|tel):", re.IGNORECASE)


def _block_title(match: re.Match[str]) -> str:
    title = match["title"] if match["title"] is not None else (match["kind"] or "")
    return f"{match['indent']}{title[:1].upper()}{title[1:]}\n" if title else "\n"


def _inline_text(children: list[Token], snapshot: Snapshot) -> str:
    parts = []
    address = None  # an outside address, named after its link's text: a new one is a change
    for child in children:
        if child.type == "link_open":
            href = str(child.attrGet("href") or "")
            address = href if _OUTSIDE.match(href) else None
        elif child.type == "link_close" and address:
            parts.append(f" ({address})")
            address = None
        elif child.type in ("text", "code_inline"):
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append("\n")
        elif child.type == "image":
            parts.append(child.content)  # its alternative text
        elif child.type == "xref":
            meta = child.meta
            target = snapshot.sections.get(meta["id"])
            if meta.get("text"):
                parts.append(meta["text"])
            elif target is not None:
                parts.append(target.label)
            else:
                parts.append(meta.get("raw") or f"[[{meta['id']}]]")
    return _ATTRIBUTES.sub("", "".join(parts))


def readable(body: str, snapshot: Snapshot) -> str:
    """The body as readers see its words, one paragraph per block: headings, paragraphs, list
    items ("• "), table rows (cells joined by " | "), code as written; ``[[id]]`` as the
    section's label in that revision (``[[id|text]]`` as its text), a link to another site as
    its text and address; emphasis, attribute lists, HTML tags and admonition markers dropped.
    Read from the same markdown-it tokens as the build's checks, so code stays code.
    Differences are computed on this, so a reader is not shown markup they never see."""
    blocks: list[str] = []
    row: list[str] | None = None
    bullets = 0
    for token in section_tokens(_BLOCK_MARKER.sub(_block_title, body)):
        if token.type in ("bullet_list_open", "ordered_list_open"):
            bullets += 1
        elif token.type in ("bullet_list_close", "ordered_list_close"):
            bullets -= 1
        elif token.type == "tr_open":
            row = []
        elif token.type == "tr_close" and row is not None:
            blocks.append(" | ".join(row))
            row = None
        elif token.type == "inline":
            text = _inline_text(token.children or [], snapshot)
            if row is not None:
                row.append(" ".join(text.split()))
            else:
                blocks.append(("• " if bullets else "") + text)
        elif token.type in ("fence", "code_block"):
            blocks.append(token.content.rstrip("\n"))
        elif token.type == "html_block":
            blocks.append(_TAG.sub("", token.content).strip())
    return "\n\n".join(block for block in blocks if block.strip())


def _normalize(text: str) -> str:
    return _LINE_BREAKS.sub(lambda m: "\n\n" if m.group().count("\n") > 1 else " ", text)


def _words(text: str) -> list[str]:
    return tokenize(text)


def _head(text: str, words: int) -> str:
    tokens, count = _words(text), 0
    for index, token in enumerate(tokens):
        count += not token.isspace()
        if count > words:
            return "".join(tokens[:index]).rstrip() + " …"
    return text


def _tail(text: str, words: int) -> str:
    tokens, count = _words(text), 0
    for index in range(len(tokens) - 1, -1, -1):
        count += not tokens[index].isspace()
        if count > words:
            return "… " + "".join(tokens[index + 1 :]).lstrip()
    return text


def trim_context(ops: list[DiffOp], words: int = CONTEXT_WORDS) -> tuple[DiffOp, ...]:
    """Shorten unchanged stretches to ``words`` words next to each change; blank lines kept.

    Line breaks inside a paragraph become spaces (Markdown joins them too); paragraph breaks
    stay as one blank line. No change at all gives an empty tuple.
    """
    if all(op.kind == "=" for op in ops):
        return ()
    trimmed = []
    for index, op in enumerate(ops):
        text = _normalize(op.text)
        if op.kind == "=":
            first, last = index == 0, index == len(ops) - 1
            if first:
                text = _tail(text, words)
            elif last:
                text = _head(text, words)
            elif len([t for t in _words(text) if not t.isspace()]) > 2 * words:
                text = _head(text, words) + " " + _tail(text, words)
        trimmed.append(DiffOp(op.kind, text))
    return tuple(trimmed)


def compare(old: Snapshot, new: Snapshot) -> RevisionChanges:
    """The sections that are new, removed or differ in any byte between two revisions.

    A section whose file changed only in ``history``/``revised`` is listed too (its digest, and
    so a receipt's, differs) with no text or field differences.
    """
    changes = []
    for ident in sorted(set(old.sections) | set(new.sections)):
        before, after = old.sections.get(ident), new.sections.get(ident)
        if (
            before is not None
            and after is not None
            and (before.digest, before.src_uri) == (after.digest, after.src_uri)
        ):
            continue
        text: tuple[DiffOp, ...] = ()
        fields: tuple[FieldChange, ...] = ()
        if before is not None and after is not None:  # new and removed sections are named only
            text = trim_context(
                word_diff(readable(before.body, old).strip(), readable(after.body, new).strip())
            )
            fields = tuple(field_changes(before.parsed, after.parsed))
        notes = tuple(after.notes_between(old.date, new.date)) if after is not None else ()
        changes.append(SectionChange(ident, before, after, text, fields, notes))
    changes.sort(key=lambda c: (c.kind == "removed", c.section.sort_key, c.section.src_uri))
    return RevisionChanges(old, new, tuple(changes))
