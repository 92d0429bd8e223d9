"""Cross-references between sections: ``[[id]]``, ``[[id|text]]``, ``[[id#anchor]]``.

Section bodies are parsed with the shared parser of :mod:`build_hooks.content.markdown`: a
reference inside a code span or a fenced code block stays literal text, ``[[id]]`` inside
``!!! note`` is a reference, and each reference carries its exact place in the body (line,
column, character offsets), which :mod:`build_hooks.handbook.links` rewrites.

Every reference is found in ``on_files``, before any page renders, so backlinks are complete
("Referenced by" on page A sees the reference written in page B even though A renders first).
"""

from __future__ import annotations

import difflib
import re
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from markdown.extensions.toc import slugify, unique

from build_hooks.content.markdown import inline_tokens, section_tokens
from build_hooks.content.problems import Problem
from build_hooks.content.validation import unknown_id_message

if TYPE_CHECKING:
    from markdown_it.token import Token

    from build_hooks.content.index import Handbook, Section

__all__ = [
    "Reference",
    "References",
    "collect_references",
    "heading_anchors",
    "link_label",
    "reference_summary",
]

ATTR_ID = re.compile(r"\s*\{:?[^}]*#(?P<id>[\w-]+)[^}]*\}\s*$")


@dataclass(frozen=True)
class Reference:
    """One ``[[...]]`` in one section's body.

    Attributes:
        source: Id of the section the reference is written in.
        target: The section id referred to (as written).
        anchor: The heading anchor, if any (``[[id#anchor]]``).
        text: The author's link text, if any (``[[id|text]]``).
        raw: The reference exactly as written (``body[start:end]``).
        line: 1-based line in the source file.
        column: 1-based column in that line (None: markdown-it found it, but not where).
        start: Offset of its first character in the section body (None as for ``column``).
        end: Offset just after its last character in the section body.
    """

    source: str
    target: str
    anchor: str | None
    text: str | None
    raw: str
    line: int
    column: int | None = None
    start: int | None = None
    end: int | None = None


@dataclass(frozen=True)
class References:
    """Every reference of a handbook, both ways."""

    outgoing: Mapping[str, tuple[Reference, ...]] = field(default_factory=dict)
    incoming: Mapping[str, tuple[str, ...]] = field(default_factory=dict)

    def referenced_by(self, section_id: str) -> tuple[str, ...]:
        """Ids of the sections that link to ``section_id`` (each once, in no set order)."""
        return self.incoming.get(section_id, ())


def find_references(section: Section) -> list[Reference]:
    """Every ``[[...]]`` in the section's body, in order, with its line in the file."""
    found = []
    for _block_line, token in inline_tokens(section.body):
        for child in token.children or ():
            if child.type == "xref":
                meta = child.meta
                found.append(
                    Reference(
                        source=section.id,
                        target=meta["id"],
                        anchor=meta["anchor"],
                        text=meta["text"],
                        raw=meta["raw"],
                        line=section.body_line + meta["line"],
                        column=None if meta["column"] is None else meta["column"] + 1,
                        start=meta["start"],
                        end=meta["end"],
                    )
                )
    return found


def _plain_text(token: Token) -> str:
    parts = []
    for child in token.children or ():
        if child.type in {"text", "code_inline"}:
            parts.append(child.content)
        elif child.type == "xref":
            parts.append(child.meta["text"] or child.meta["id"])
    return "".join(parts)


def heading_anchors(section: Section) -> set[str]:
    """The ids the page's headings get: toc's slugify, ``{#id}`` from attr_list, ``_1`` suffixes."""
    anchors: set[str] = set()
    taken: set[str] = set()  # toc's unique() adds to it
    tokens = section_tokens(section.body)
    for i, token in enumerate(tokens[:-1]):
        if token.type != "heading_open":
            continue
        inline = tokens[i + 1]
        custom = ATTR_ID.search(inline.content)
        if custom:
            anchors.add(custom["id"])
            continue
        anchors.add(unique(slugify(_plain_text(inline), "-"), taken))
    return anchors


def link_label(section: Section) -> str:
    """Default text of a reference: ``§6.03 Annual Leave Accrual``, or ``Chapter 6: Leave``."""
    if section.is_chapter:
        return f"Chapter {section.chapter}: {section.title}"
    return section.label


def collect_references(handbook: Handbook) -> tuple[References, list[Problem]]:
    """Find and check every reference in the handbook.

    Returns:
        The references both ways, and a problem for each unknown section or anchor (all of
        them, so one run reports everything).
    """
    ids = list(handbook.by_id)
    outgoing: dict[str, tuple[Reference, ...]] = {}
    incoming: dict[str, set[str]] = defaultdict(set)
    problems: list[Problem] = []
    anchors_of: dict[str, set[str]] = {}
    for section in handbook:
        refs = find_references(section)
        outgoing[section.id] = tuple(refs)
        for ref in refs:
            if ref.start is None:
                problems.append(
                    Problem(
                        section.source,
                        ref.line,
                        "",
                        f"{ref.raw} cannot be located on this line for rewriting — put the "
                        "reference on a line without tabs or unusual markup (and report it)",
                    )
                )
                continue
            target = handbook.by_id.get(ref.target)
            if not ref.target:
                problems.append(
                    Problem(
                        section.source,
                        ref.line,
                        "",
                        f"{ref.raw} names no section — write [[section-id]]",
                    )
                )
                continue
            if target is None:
                problems.append(
                    Problem(section.source, ref.line, "", unknown_id_message(ref.target, ids))
                )
                continue
            if ref.anchor is not None:
                if target.id not in anchors_of:
                    anchors_of[target.id] = heading_anchors(target)
                known = anchors_of[target.id]
                if ref.anchor not in known:
                    hint = _closest(ref.anchor, known)
                    problems.append(
                        Problem(
                            section.source,
                            ref.line,
                            "",
                            f"unknown anchor '#{ref.anchor}' in section '{target.id}' — {hint}",
                        )
                    )
                    continue
            if target.id != section.id:
                incoming[target.id].add(section.id)
    return (
        References(outgoing=outgoing, incoming={k: tuple(v) for k, v in incoming.items()}),
        problems,
    )


def _closest(anchor: str, known: set[str]) -> str:
    guess = difflib.get_close_matches(anchor, sorted(known), n=1, cutoff=0.5)
    if guess:
        return f"did you mean '#{guess[0]}'?"
    if known:
        return "its headings are: " + ", ".join(f"#{a}" for a in sorted(known))
    return "that section has no headings to link to"


def reference_summary(references: References) -> dict[str, Any]:
    """Counts for the build log: references and sections that are linked to."""
    total = sum(len(refs) for refs in references.outgoing.values())
    return {"references": total, "linked_sections": len(references.incoming)}
