"""Plain-text references to sections: "see Leave Records" instead of ``[[leave-records]]``.

A reference written as a title in running text is never checked by the build: when the section
is renamed, removed or was never written, the text still points at it. This check reads the text
of each inline run (markdown-it tokens, the shared parser of :mod:`.markdown`; links, ``[[id]]``
references and code spans end a run, so text inside them is never read) and looks for

* ``see <Title>`` / ``see also <Title>`` / ``see the <Title>`` — a capitalised phrase after
  "see": reported whether or not a section has that title, because either way it should be a
  ``[[id]]`` (or go);
* ``covered in``, ``described in``, ``explained in``, ``governed by``, ``set out in`` followed by
  the exact title of a section of this handbook: reported as a reference to write as ``[[id]]``.
  (After these words a capitalised phrase is often not a title — "in the Human Resources
  Office" — so only real titles are reported there.)

A capitalised phrase is a run of capitalised words, with short joining words (and, of, the, …)
allowed between them: "Continuation of Group Insurance", "Filing a Grievance". An office or a
person after "see" ("see Human Resources") is reported too: write "ask" or "contact" instead.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING

from build_hooks.content.markdown import inline_tokens
from build_hooks.content.problems import Problem
from build_hooks.content.references import link_label

if TYPE_CHECKING:
    from markdown_it.token import Token

    from build_hooks.content.index import Handbook, Section

__all__ = ["check_plain_references", "find_plain_references"]

_WORD = r"[A-Z][\w'’/-]*"
_JOIN = r"(?:and|of|a|an|the|for|on|to|in|upon|during|with|or|from|by|at)"
_PHRASE = rf"{_WORD}(?:\s+(?:{_JOIN}\s+)*{_WORD})*"
# "see" must be a word of its own; the phrase may run over a soft line break.
SEE = re.compile(rf"\b(?P<lead>[Ss]ee(?:\s+also)?)\s+(?:the\s+)?(?P<phrase>{_PHRASE})")
TITLE_ONLY = re.compile(
    rf"\b(?P<lead>(?:covered|described|explained|set\s+out)\s+in|governed\s+by)\s+(?:the\s+)?"
    rf"(?P<phrase>{_PHRASE})"
)
# Stands in for a link, an [[id]] or a code span: no phrase can run through it.
_BREAK = "\x00"


def _norm(text: str) -> str:
    return " ".join(text.replace("’", "'").split()).casefold()


def _run_text(token: Token) -> str:
    """The inline run's text: soft and hard breaks as newlines, links and code as breaks."""
    parts: list[str] = []
    inside_link = 0
    for child in token.children or ():
        if child.type == "link_open":
            inside_link += 1
            parts.append(_BREAK)
        elif child.type == "link_close":
            inside_link -= 1
        elif inside_link:
            continue
        elif child.type == "text":
            parts.append(child.content)
        elif child.type in {"softbreak", "hardbreak"}:
            parts.append("\n")
        else:  # xref, code_inline, html_inline, image, emphasis markers …
            parts.append(_BREAK if child.type in {"xref", "code_inline", "html_inline"} else "")
    return "".join(parts)


def _suggestion(phrase: str, titles: Mapping[str, Section]) -> Section | None:
    """A section the phrase probably means: a title that starts with it, or a close title."""
    wanted = _norm(phrase)
    starting = [s for key, s in titles.items() if key.startswith(wanted + " ")]
    if len(starting) == 1:
        return starting[0]
    close = difflib.get_close_matches(wanted, list(titles), n=1, cutoff=0.75)
    return titles[close[0]] if close else None


def find_plain_references(section: Section, titles: Mapping[str, Section]) -> list[Problem]:
    """Every plain-text reference in one section's body, as problems with their file lines.

    Args:
        section: The section to read.
        titles: Every section of the handbook by its title, folded with :func:`_norm`.

    Returns:
        One problem per phrase, each saying which ``[[id]]`` to write or that no section exists.
    """
    problems = []
    for block_line, token in inline_tokens(section.body):
        text = _run_text(token)
        for pattern in (SEE, TITLE_ONLY):
            for match in pattern.finditer(text):
                phrase = " ".join(match["phrase"].split())
                quoted = " ".join(match.group(0).split())
                target = titles.get(_norm(phrase))
                line = section.body_line + block_line + text.count("\n", 0, match.start())
                if target is not None:
                    message = (
                        f'"{quoted}" names {link_label(target)} in plain text, which the build '
                        f"cannot check — write [[{target.id}]]"
                    )
                elif pattern is TITLE_ONLY:
                    continue
                else:
                    guess = _suggestion(phrase, titles)
                    hint = f" (did you mean {link_label(guess)}, [[{guess.id}]]?)" if guess else ""
                    message = (
                        f'"{quoted}" names no section of this handbook{hint} — link the section '
                        "with [[id]], or remove the reference (for a person or an office, write "
                        '"ask" or "contact" instead of "see")'
                    )
                problems.append(Problem(section.source, line, "", message))
    return problems


def check_plain_references(handbook: Handbook | Iterable[Section]) -> list[Problem]:
    """Plain-text references in every section of the handbook (see the module docstring)."""
    sections = list(handbook)
    titles = {_norm(s.title): s for s in sections}
    problems: list[Problem] = []
    for section in sections:
        problems.extend(find_plain_references(section, titles))
    return problems
