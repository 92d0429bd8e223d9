"""Kinship: how two people are related, from the steps between them, by the civil-law method.

This is vocabulary and arithmetic, not policy: which degrees a handbook covers is a parameter
(see :mod:`calculators.nepotism`). A **path** is the list of steps from the employee (or
official) to the other person, each ``parent``, ``child``, ``sibling`` or ``spouse``.

- By blood (consanguinity) the degree is the generations up to the nearest common ancestor plus
  the generations down to the other person; a sibling is one up and one down, so ``sibling`` is
  read as ``parent`` then ``child`` (a half-sibling is therefore a second-degree relative too).
- By marriage (affinity) a person is related to their spouse (first degree), to their spouse's
  blood relatives and to their blood relatives' spouses, in the degree of the blood link. Two
  marriages in one path (a spouse's relative's spouse) make no relationship.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from calculators.errors import InputError

__all__ = [
    "RELATIONS",
    "STEPS",
    "Kinship",
    "blood_name",
    "canonical",
    "classify",
    "name_of",
    "names_by_degree",
    "ordinal_word",
    "path_of",
]

STEPS = ("parent", "child", "sibling", "spouse")

#: Named relations, as the path from the employee to that person. Gendered names share a path.
RELATIONS: dict[str, tuple[str, ...]] = {
    # blood, first degree
    "parent": ("parent",),
    "father": ("parent",),
    "mother": ("parent",),
    "child": ("child",),
    "son": ("child",),
    "daughter": ("child",),
    # blood, second degree
    "sibling": ("sibling",),
    "brother": ("sibling",),
    "sister": ("sibling",),
    "half-brother": ("parent", "child"),
    "half-sister": ("parent", "child"),
    "grandparent": ("parent", "parent"),
    "grandfather": ("parent", "parent"),
    "grandmother": ("parent", "parent"),
    "grandchild": ("child", "child"),
    "grandson": ("child", "child"),
    "granddaughter": ("child", "child"),
    # blood, third degree
    "great-grandparent": ("parent", "parent", "parent"),
    "great-grandfather": ("parent", "parent", "parent"),
    "great-grandmother": ("parent", "parent", "parent"),
    "great-grandchild": ("child", "child", "child"),
    "great-grandson": ("child", "child", "child"),
    "great-granddaughter": ("child", "child", "child"),
    "aunt": ("parent", "sibling"),
    "uncle": ("parent", "sibling"),
    "niece": ("sibling", "child"),
    "nephew": ("sibling", "child"),
    # blood, fourth degree
    "first cousin": ("parent", "sibling", "child"),
    "great-aunt": ("parent", "parent", "sibling"),
    "great-uncle": ("parent", "parent", "sibling"),
    "grandniece": ("sibling", "child", "child"),
    "grandnephew": ("sibling", "child", "child"),
    "great-great-grandparent": ("parent", "parent", "parent", "parent"),
    "great-great-grandchild": ("child", "child", "child", "child"),
    # marriage, first degree
    "spouse": ("spouse",),
    "husband": ("spouse",),
    "wife": ("spouse",),
    "parent-in-law": ("spouse", "parent"),
    "father-in-law": ("spouse", "parent"),
    "mother-in-law": ("spouse", "parent"),
    "child-in-law": ("child", "spouse"),
    "son-in-law": ("child", "spouse"),
    "daughter-in-law": ("child", "spouse"),
    "stepchild": ("spouse", "child"),
    "stepson": ("spouse", "child"),
    "stepdaughter": ("spouse", "child"),
    "step-parent": ("parent", "spouse"),
    "stepfather": ("parent", "spouse"),
    "stepmother": ("parent", "spouse"),
    # marriage, second degree
    "sibling-in-law": ("spouse", "sibling"),
    "brother-in-law": ("spouse", "sibling"),
    "sister-in-law": ("spouse", "sibling"),
    "sibling's spouse": ("sibling", "spouse"),
    "grandparent-in-law": ("spouse", "parent", "parent"),
    "grandchild-in-law": ("child", "child", "spouse"),
    "step-grandchild": ("spouse", "child", "child"),
    "step-grandparent": ("parent", "parent", "spouse"),
    # marriage, third degree
    "aunt by marriage": ("parent", "sibling", "spouse"),
    "uncle by marriage": ("parent", "sibling", "spouse"),
    "spouse's aunt or uncle": ("spouse", "parent", "sibling"),
    "spouse's niece or nephew": ("spouse", "sibling", "child"),
    "niece-in-law or nephew-in-law": ("sibling", "child", "spouse"),
    # no relationship by these rules
    "stepsibling": ("parent", "spouse", "child"),
    "stepbrother": ("parent", "spouse", "child"),
    "stepsister": ("parent", "spouse", "child"),
    "spouse's sibling's spouse": ("spouse", "sibling", "spouse"),
    "sibling's spouse's sibling": ("sibling", "spouse", "sibling"),
}

_BLOOD_NAMES = {
    (1, 0): "parent",
    (0, 1): "child",
    (1, 1): "sibling",
    (2, 0): "grandparent",
    (0, 2): "grandchild",
    (3, 0): "great-grandparent",
    (0, 3): "great-grandchild",
    (2, 1): "aunt or uncle",
    (1, 2): "niece or nephew",
    (2, 2): "first cousin",
    (3, 1): "great-aunt or great-uncle",
    (1, 3): "grandniece or grandnephew",
    (4, 0): "great-great-grandparent",
    (0, 4): "great-great-grandchild",
}

_SPOUSE_SIDE_NAMES = {
    (1, 0): "parent-in-law",
    (0, 1): "stepchild",
    (1, 1): "sibling-in-law",
    (2, 0): "grandparent-in-law",
    (0, 2): "step-grandchild",
}

_RELATIVE_SIDE_NAMES = {
    (1, 0): "step-parent",
    (0, 1): "child-in-law",
    (1, 1): "sibling's spouse",
    (2, 0): "step-grandparent",
    (0, 2): "grandchild-in-law",
    (2, 1): "aunt or uncle by marriage",
}


@dataclass(frozen=True)
class Kinship:
    """How two people are related.

    ``kind`` is ``"consanguinity"``, ``"affinity"`` or ``None`` (not related); ``degree`` is
    ``None`` when not related. ``up``/``down`` are the generations of the blood link (for
    affinity, of the blood link on either side of the marriage). ``marriage`` says whether the
    relationship runs through a marriage; ``reason`` explains a ``None`` kind.
    """

    kind: str | None
    degree: int | None
    up: int
    down: int
    marriage: bool
    name: str
    reason: str = ""


def blood_name(up: int, down: int) -> str:
    """A plain name for a blood relative ``up`` generations up and ``down`` down."""
    if (up, down) in _BLOOD_NAMES:
        return _BLOOD_NAMES[(up, down)]
    if up >= 2 and down >= 2:
        removed = abs(up - down)
        cousin = ordinal_word(min(up, down) - 1)
        return f"{cousin} cousin" + (f", {removed} times removed" if removed else "")
    return f"blood relative {up} generation(s) up and {down} down"


def ordinal_word(n: int) -> str:
    """``1`` → ``"first"`` … ``5`` → ``"fifth"``, then ``"6th"``: degrees and cousins in words."""
    return {1: "first", 2: "second", 3: "third", 4: "fourth", 5: "fifth"}.get(n, f"{n}th")


def canonical(path: Sequence[str]) -> tuple[str, ...]:
    """``path`` with each ``sibling`` written as ``parent, child`` (a sibling and a
    half-sibling are the same link for every rule here)."""
    out: list[str] = []
    for step in path:
        out.extend(("parent", "child") if step == "sibling" else (step,))
    return tuple(out)


def path_of(relation: str) -> tuple[str, ...]:
    """The path of a named relation (case and surrounding spaces ignored).

    Raises:
        InputError: On field ``relation`` when the name is not known (the names are listed).
    """
    key = relation.strip().lower() if isinstance(relation, str) else ""
    if key not in RELATIONS:
        raise InputError(
            "relation",
            f"unknown relation {relation!r}; choose one of: {', '.join(RELATIONS)} — or describe "
            "the relationship step by step as a path",
        )
    return RELATIONS[key]


def _blood(steps: Sequence[str], where: int) -> tuple[int, int]:
    """Generations up and down of a run of blood steps (``sibling`` = up one, down one)."""
    up = down = 0
    for offset, step in enumerate(steps):
        moves = ("parent", "child") if step == "sibling" else (step,)
        for move in moves:
            if move == "parent":
                if down:
                    raise InputError(
                        f"path[{where + offset}]",
                        "a path goes up (parent) before it goes down (child or sibling); "
                        f"'{step}' after a child does not name one person (a child's parent is "
                        "you or your child's other parent — use 'spouse' for your spouse)",
                    )
                up += 1
            else:
                down += 1
    return up, down


def classify(path: Sequence[str]) -> Kinship:
    """The relationship at the end of ``path``, by the civil-law method.

    Args:
        path: Steps from the employee to the other person.

    Returns:
        The kinship (kind, degree, generations, a plain name).

    Raises:
        InputError: On ``path`` when it is empty, or ``path[i]`` for a step that is not one of
            ``parent``, ``child``, ``sibling``, ``spouse`` or that cannot follow the one before.
    """
    if not path:
        raise InputError("path", "the path is empty; add at least one step, e.g. 'parent'")
    for index, step in enumerate(path):
        if step not in STEPS:
            raise InputError(f"path[{index}]", f"expected one of {', '.join(STEPS)}; got {step!r}")
        if step == "spouse" and index and path[index - 1] == "spouse":
            raise InputError(
                f"path[{index}]",
                "two 'spouse' steps in a row lead back to the same person; remove one",
            )
    marriages = [i for i, step in enumerate(path) if step == "spouse"]
    if not marriages:
        up, down = _blood(path, 0)
        return Kinship("consanguinity", up + down, up, down, False, blood_name(up, down))
    if len(marriages) > 1:
        return Kinship(
            None,
            None,
            0,
            0,
            True,
            "relative through two marriages",
            "a relationship by marriage reaches only a spouse's blood relatives and a blood "
            "relative's spouse; this path crosses two marriages, so there is no relationship",
        )
    at = marriages[0]
    before, after = path[:at], path[at + 1 :]
    if before and after:
        return Kinship(
            None,
            None,
            0,
            0,
            True,
            "blood relative's spouse's relative",
            "a relationship by marriage reaches only a spouse's blood relatives and a blood "
            "relative's spouse; the relatives of a blood relative's spouse are not related",
        )
    if not before and not after:
        return Kinship("affinity", 1, 0, 0, True, "spouse")
    if after:
        up, down = _blood(after, at + 1)
        name = _SPOUSE_SIDE_NAMES.get((up, down), f"spouse's {blood_name(up, down)}")
    else:
        up, down = _blood(before, 0)
        name = _RELATIVE_SIDE_NAMES.get((up, down), f"{blood_name(up, down)}'s spouse")
    return Kinship("affinity", up + down, up, down, True, name)


def name_of(path: Sequence[str]) -> str:
    """A plain name for the person at the end of ``path`` (see :func:`classify`)."""
    return classify(path).name


def names_by_degree() -> dict[tuple[str, int], list[str]]:
    """The plain (gender-neutral) names of the named relations, by ``(kind, degree)``.

    Each list keeps the order of :data:`RELATIONS`, without repeats; relations that make no
    relationship (two marriages in the path) are left out. The degree charts (the handbook's
    table and the nepotism calculator's result) use these as each degree's examples.

    Returns:
        A new mapping from ``("consanguinity" | "affinity", degree)`` to the names.
    """
    out: dict[tuple[str, int], list[str]] = {}
    for path in RELATIONS.values():
        kin = classify(path)
        if kin.kind is None or kin.degree is None:
            continue
        names = out.setdefault((kin.kind, kin.degree), [])
        if kin.name not in names:
            names.append(kin.name)
    return out
