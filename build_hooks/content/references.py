"""Cross-references between sections: ``[[id]]``, ``[[id|text]]``, ``[[id#anchor]]``.

Section bodies are parsed with markdown-it-py and a small inline rule, so a reference inside a
code span or a fenced code block stays literal text. Indented code is switched off in the parser:
in this handbook indentation means an admonition's or a tab's content (Python-Markdown
extensions), never code, so ``[[id]]`` inside ``!!! note`` is a reference.

Every reference is found in ``on_files``, before any page renders, so backlinks are complete
("Referenced by" on page A sees the reference written in page B even though A renders first).
"""

from __future__ import annotations

import difflib
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from markdown.extensions.toc import slugify, unique
from markdown_it import MarkdownIt
from markdown_it.rules_inline import StateInline

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
    "inline_tokens",
    "link_label",
    "reference_summary",
]

# [[id]], [[id#anchor]], [[id|text]], [[id#anchor|text]] — no brackets or line breaks inside.
XREF = re.compile(
    r"\[\[(?P<id>[^\[\]\n|#]*)(?:#(?P<anchor>[^\[\]\n|]*))?(?:\|(?P<text>[^\[\]\n]*))?\]\]"
)
ATTR_ID = re.compile(r"\s*\{:?[^}]*#(?P<id>[\w-]+)[^}]*\}\s*$")


@dataclass(frozen=True)
class Reference:
    """One ``[[...]]`` in one section's body.

    Attributes:
        source: Id of the section the reference is written in.
        target: The section id referred to (as written).
        anchor: The heading anchor, if any (``[[id#anchor]]``).
        text: The author's link text, if any (``[[id|text]]``).
        raw: The reference exactly as written.
        line: 1-based line in the source file.
    """

    source: str
    target: str
    anchor: str | None
    text: str | None
    raw: str
    line: int


@dataclass(frozen=True)
class References:
    """Every reference of a handbook, both ways."""

    outgoing: Mapping[str, tuple[Reference, ...]] = field(default_factory=dict)
    incoming: Mapping[str, tuple[str, ...]] = field(default_factory=dict)

    def referenced_by(self, section_id: str) -> tuple[str, ...]:
        """Ids of the sections that link to ``section_id`` (each once, in no set order)."""
        return self.incoming.get(section_id, ())


def _xref_rule(state: StateInline, silent: bool) -> bool:
    if not state.src.startswith("[[", state.pos):
        return False
    match = XREF.match(state.src, state.pos)
    if match is None:
        return False
    if not silent:
        token = state.push("xref", "", 0)
        token.meta = {
            "id": match["id"].strip(),
            "anchor": match["anchor"].strip() if match["anchor"] is not None else None,
            "text": match["text"].strip() if match["text"] is not None else None,
            "raw": match.group(0),
            "line_offset": state.src.count("\n", 0, state.pos),
        }
    state.pos = match.end()
    return True


@lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    """CommonMark + tables, indented code off, with the ``[[...]]`` rule (stateless, cached)."""
    md = MarkdownIt("commonmark").enable("table").disable("code")
    md.inline.ruler.before("link", "xref", _xref_rule)
    return md


def inline_tokens(body: str) -> Iterable[tuple[int, Token]]:
    """(0-based line of the block, inline token) for every inline run in ``body``."""
    for token in _parser().parse(body):
        if token.type == "inline" and token.map is not None:
            yield token.map[0], token


def find_references(section: Section) -> list[Reference]:
    """Every ``[[...]]`` in the section's body, in order, with its line in the file."""
    found = []
    for block_line, token in inline_tokens(section.body):
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
                        line=section.body_line + block_line + meta["line_offset"],
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
    tokens = _parser().parse(section.body)
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
