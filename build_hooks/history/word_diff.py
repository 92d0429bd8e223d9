"""Word-level differences between two texts, with :mod:`difflib` from the standard library.

Why difflib: it is maintained with CPython, needs no install, and its ``SequenceMatcher`` over
word tokens gives exact, deterministic results for texts the size of a handbook section. A
character-level library (diff-match-patch) would need its results regrouped into words anyway.

Paragraphs are matched first (a paragraph equal but for its line breaks is unchanged), then
words only inside the paragraphs that differ: a long section with one changed sentence costs
little, where one word-level pass over the whole text grows with the square of its length.

Texts are split into words (``0.725``, ``don't`` and ``[[id]]`` stay whole), punctuation marks
and runs of whitespace. Whitespace compares equal whatever it is, so re-wrapping a paragraph is
not a change; a run of unchanged whitespace between two changes joins them, so "a b c" → "x y z"
reads as one replacement, not three.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import Literal

__all__ = ["DiffOp", "Kind", "tokenize", "word_diff"]

Kind = Literal["=", "-", "+"]

_PARAGRAPH = re.compile(r".*?(?:\n[ \t]*\n\s*|\Z)", re.S)
_TOKEN = re.compile(r"\s+|\[\[[^\]\s]+\]\]|\w+(?:[.,'’:/-]\w+)*|[^\w\s]")


@dataclass(frozen=True)
class DiffOp:
    """A run of text: unchanged (``=``), removed (``-``) or inserted (``+``)."""

    kind: Kind
    text: str


def tokenize(text: str) -> list[str]:
    """Words, punctuation marks and whitespace runs; ``"".join(tokenize(t)) == t``."""
    return _TOKEN.findall(text)


def _key(token: str) -> str:
    return " " if token.isspace() else token


def _append(ops: list[DiffOp], kind: Kind, text: str) -> None:
    if not text:
        return
    if ops and ops[-1].kind == kind:
        ops[-1] = DiffOp(kind, ops[-1].text + text)
    else:
        ops.append(DiffOp(kind, text))


def word_diff(old: str, new: str) -> list[DiffOp]:
    """The differences between ``old`` and ``new`` as runs of words.

    Joining the ``=`` and ``-`` runs gives ``old`` back (whitespace as in ``old`` only inside
    changes); joining the ``=`` and ``+`` runs gives ``new``. Unchanged runs carry ``new``'s text.

    Args:
        old: The earlier text.
        new: The later text.

    Returns:
        Runs in reading order; adjacent runs never have the same kind; a removal comes before
        the insertion that replaces it.
    """
    ops: list[DiffOp] = []
    a, b = _paragraphs(old), _paragraphs(new)
    matcher = SequenceMatcher(None, [_words(p) for p in a], [_words(p) for p in b], autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            _append(ops, "=", "".join(b[j1:j2]))
            continue
        for op in _word_level("".join(a[i1:i2]), "".join(b[j1:j2])):
            _append(ops, op.kind, op.text)
    return ops


def _paragraphs(text: str) -> list[str]:
    return [p for p in _PARAGRAPH.findall(text) if p]


def _words(paragraph: str) -> str:
    return " ".join(paragraph.split())


def _word_level(old: str, new: str) -> list[DiffOp]:
    a, b = tokenize(old), tokenize(new)
    matcher = SequenceMatcher(None, [_key(t) for t in a], [_key(t) for t in b], autojunk=False)
    # Join changes separated by nothing but whitespace into one replacement.
    spans: list[tuple[bool, int, int, int, int]] = []  # (changed, i1, i2, j1, j2)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        changed = tag != "equal"
        if (
            changed
            and len(spans) >= 2
            and spans[-2][0]
            and not spans[-1][0]
            and all(token.isspace() for token in a[spans[-1][1] : spans[-1][2]])
        ):
            spans.pop()
            _, start_a, _, start_b, _ = spans.pop()
            spans.append((True, start_a, i2, start_b, j2))
        else:
            spans.append((changed, i1, i2, j1, j2))
    ops: list[DiffOp] = []
    for changed, i1, i2, j1, j2 in spans:
        if changed:
            _append(ops, "-", "".join(a[i1:i2]))
            _append(ops, "+", "".join(b[j1:j2]))
        else:
            _append(ops, "=", "".join(b[j1:j2]))
    return ops
