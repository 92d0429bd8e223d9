"""The employment-of-relatives calculator: is this person a relative the handbook's rule
covers, and may they be hired, kept on or supervised?

Parameters read (under ``relatives.`` in the ``policy:`` of the section stating the rule):

- Which relatives are covered — either degrees, ``consanguinity_limit`` and
  ``affinity_limit`` (highest degree covered by blood and by marriage), or a list of named
  relations, ``covered_relations`` (e.g. ``[father, mother, …]``, names from
  :data:`calculators.kinship.RELATIONS`), optionally with ``household_members_covered`` (any
  relative living in the same household is covered too) and
  ``household_counts_step_relations`` (for that rule, anyone linked through one marriage —
  a step-brother, a parent's spouse's child — is a relative; two marriages still are not).
- ``affinity_ends_with_marriage`` (a marriage ended by divorce or death ends the relationships
  it created) and ``living_child_keeps_affinity`` (unless a child of that marriage is living).
- ``restricted_actions.<role>``: the actions (``hire``, ``continue``, ``supervise``, ``audit``,
  ``conflict``) the rule forbids for a covered relative of a ``board_member``,
  ``executive_director``, ``supervisor`` or ``employee``.
- Optional ``continuation.<selection>``: ``{days|months|years: N}`` of continuous employment
  before the official took office that lets a relative stay (``continue``), by how the official
  was selected (``appointed``, ``elected_other``, ``elected_general``).
- Optional ``spouses_may_be_required_to_leave_after``: ``{days|months|years: N}`` after their
  marriage from which the employer may require one of two employees who married each other
  (and are in a covered position) to leave it, when they do not agree who moves.
"""

from __future__ import annotations

from typing import Any

from calculators import relatives_tables  # noqa: F401  (registers the relatives tables)
from calculators.dates import add_period
from calculators.errors import InputError, PolicyError
from calculators.inputs import Choice, Field
from calculators.kinship import (
    RELATIONS,
    STEPS,
    Kinship,
    canonical,
    classify,
    ordinal_word,
    path_of,
)
from calculators.policy import PolicyReader
from calculators.registry import Calculator, register

__all__ = ["FIELDS", "NEPOTISM", "ROLES", "compute"]

ROLES = (
    Choice("board_member", "a member of the Board"),
    Choice("executive_director", "the Executive Director (or chief administrator)"),
    Choice("supervisor", "the supervisor the person would work under"),
    Choice("employee", "another employee (a co-worker)"),
)
ACTIONS = (
    Choice("hire", "Hire the person"),
    Choice("continue", "Keep the person employed (the official is new)"),
    Choice("supervise", "Place the person under the official's supervision"),
    Choice("audit", "Have one audit the other's work"),
    Choice("conflict", "Another actual or foreseeable conflict of interest between them"),
)
SELECTIONS = (
    Choice("appointed", "Appointed"),
    Choice("elected_other", "Elected at an election other than the general election"),
    Choice("elected_general", "Elected at the general election for state and county officers"),
)
_ROLE_NAMES = {c.value: c.label for c in ROLES}
_ACTION_NAMES = {
    "hire": "hiring",
    "continue": "continued employment",
    "supervise": "supervision",
    "audit": "auditing the work",
    "conflict": "a position with another conflict of interest",
}

FIELDS = (
    Field(
        "relation",
        "choice",
        "Relation",
        "Who the other person is to you, e.g. mother-in-law — or leave this empty and build the "
        "path step by step.",
        choices=tuple(Choice(name, name) for name in RELATIONS),
        group="The relationship",
    ),
    Field(
        "path",
        "list",
        "Path, step by step",
        "From you to the other person: parent, child, sibling or spouse at each step "
        "(your spouse's mother is spouse, parent).",
        item_type="choice",
        choices=tuple(Choice(step, step) for step in STEPS),
        minimum="1",
        maximum="8",
        group="The relationship",
    ),
    Field(
        "marriage_ended",
        "boolean",
        "The marriage in this relationship has ended (divorce or death)",
        group="The relationship",
        default=False,
    ),
    Field(
        "child_of_marriage_living",
        "boolean",
        "A child of that marriage is living",
        group="The relationship",
        default=False,
    ),
    Field(
        "lives_in_household",
        "boolean",
        "The person lives in the same household",
        "Some handbooks cover any relative living in the household.",
        group="The relationship",
        default=False,
    ),
    Field(
        "married_on",
        "date",
        "Date of the marriage",
        "When the two of you are employees who married each other.",
        minimum="1950-01-01",
        maximum="2100-12-31",
        group="The relationship",
    ),
    Field(
        "official_role",
        "choice",
        "You are",
        "Your position relative to the other person.",
        choices=ROLES,
        group="The decision",
    ),
    Field("action", "choice", "Question", choices=ACTIONS, group="The decision"),
    Field(
        "official_selection",
        "choice",
        "How the official took office",
        "Needed to keep a relative employed when a Board member or executive takes office.",
        choices=SELECTIONS,
        group="Continued employment",
    ),
    Field(
        "employed_since",
        "date",
        "Relative continuously employed since",
        minimum="1950-01-01",
        maximum="2100-12-31",
        group="Continued employment",
    ),
    Field(
        "official_since",
        "date",
        "Official took office on",
        minimum="1950-01-01",
        maximum="2100-12-31",
        group="Continued employment",
    ),
)


def _path(inputs: dict[str, Any]) -> tuple[tuple[str, ...], str | None]:
    relation, path = inputs["relation"], inputs["path"]
    if relation and path:
        raise InputError(
            "path", "give either a named relation or a path, not both (clear one of them)"
        )
    if relation:
        return path_of(relation), relation
    if not path:
        raise InputError(
            "relation", "name the relation (e.g. mother-in-law) or give the path step by step"
        )
    return tuple(path), None


def _covered(
    reader: PolicyReader,
    kin: Kinship,
    path: tuple[str, ...],
    household: bool,
    ended: bool,
    steps: list[str],
) -> bool:
    if reader.has("relatives.covered_relations"):
        names = reader.get("relatives.covered_relations")
        if not isinstance(names, list):
            raise PolicyError("policy parameter 'relatives.covered_relations' must be a list")
        unknown = [str(n) for n in names if str(n).lower() not in RELATIONS]
        if unknown:
            raise PolicyError(
                f"policy parameter 'relatives.covered_relations': unknown relation "
                f"{unknown[0]!r}; use names such as {', '.join(list(RELATIONS)[:12])}, …"
            )
        if kin.kind is None and not (household and _household_relative(reader, kin, path, ended)):
            steps.append("This person is not a relative, so the rule does not cover them.")
            return False
        wanted = canonical(path)
        listed = [
            n for n in names if kin.kind and canonical(RELATIONS.get(str(n).lower(), ())) == wanted
        ]
        by_household = household and _household_relative(reader, kin, path, ended)
        if listed:
            steps.append(f"The rule covers these named relatives, and {listed[0]} is one of them.")
            return True
        if by_household:
            if kin.kind is None:
                steps.append(
                    "The household rule counts no degrees: anyone linked to you through one "
                    "marriage — a step-relative such as a parent's spouse's child — is a relative "
                    "for it, and this person lives in your household."
                )
            else:
                steps.append("The rule covers any relative living in the same household.")
            return True
        steps.append(
            "The rule covers only these relatives: "
            + ", ".join(str(n) for n in names)
            + (
                " (and relatives in the same household)"
                if reader.has("relatives.household_members_covered")
                else ""
            )
            + f"; a {kin.name} is not one of them."
        )
        return False
    limits = {
        "consanguinity": reader.integer("relatives.consanguinity_limit"),
        "affinity": reader.integer("relatives.affinity_limit"),
    }
    if kin.kind is None:
        blood, marriage = ordinal_word(limits["consanguinity"]), ordinal_word(limits["affinity"])
        steps.append(
            f"The rule covers relatives by blood to the {blood} degree and by marriage to the "
            f"{marriage}; this person is not a relative."
        )
        return False
    limit = limits[kin.kind]
    within = kin.degree is not None and kin.degree <= limit
    what = "blood" if kin.kind == "consanguinity" else "marriage"
    steps.append(
        f"The rule covers relatives by {what} up to the {ordinal_word(limit)} degree: the "
        f"{ordinal_word(kin.degree or 0)} degree is {'within' if within else 'outside'} it."
    )
    return within


def _household_relative(
    reader: PolicyReader, kin: Kinship, path: tuple[str, ...], ended: bool
) -> bool:
    """True when the household rule applies and counts this person as a relative (a link
    through one marriage counts while that marriage lasts, where the handbook says so)."""
    if not (
        reader.has("relatives.household_members_covered")
        and reader.boolean("relatives.household_members_covered")
    ):
        return False
    if kin.kind is not None:
        return True
    steps_of_marriage = sum(1 for step in path if step == "spouse")
    return (
        not ended
        and steps_of_marriage == 1
        and reader.has("relatives.household_counts_step_relations")
        and reader.boolean("relatives.household_counts_step_relations")
    )


def _marriage(
    reader: PolicyReader, inputs: dict[str, Any], path: tuple[str, ...], steps: list[str]
) -> dict[str, Any] | None:
    """The rule for two employees who married each other, when a marriage date is given."""
    married = inputs["married_on"]
    if married is None:
        return None
    if tuple(path) != ("spouse",):
        raise InputError(
            "married_on", "the marriage date is for two employees married to each other"
        )
    where = "relatives.spouses_may_be_required_to_leave_after"
    if not reader.has(where):
        steps.append(
            "This handbook sets no date by which one of two employees who marry must leave: "
            "the rule on the positions they hold applies as for any covered relative."
        )
        return {"married_on": married, "may_require_leaving_from": None, "window": None}
    complete, words = add_period(married, reader.get(where), where)
    steps.append(
        f"Employees who marry each other decide which of them moves; if they do not agree, one "
        f"may be required to leave the position {words} after the marriage: from {complete}."
    )
    return {"married_on": married, "may_require_leaving_from": complete, "window": words}


def _generations(n: int) -> str:
    return f"{n} generation" + ("" if n == 1 else "s")


def _ended(reader: PolicyReader, kin: Kinship, inputs: dict[str, Any], steps: list[str]) -> bool:
    """True when an ended marriage ends this relationship by marriage."""
    if not inputs["marriage_ended"]:
        return False
    if not kin.marriage:
        steps.append("No marriage links you, so an ended marriage does not change anything.")
        return False
    if kin.kind is None:
        return False
    if not reader.boolean("relatives.affinity_ends_with_marriage"):
        steps.append("Under this handbook a relationship by marriage continues after it ends.")
        return False
    keeps = reader.has("relatives.living_child_keeps_affinity") and reader.boolean(
        "relatives.living_child_keeps_affinity"
    )
    if keeps and inputs["child_of_marriage_living"]:
        steps.append(
            "The marriage has ended, but a child of that marriage is living, so the "
            "relationship by marriage continues."
        )
        return False
    steps.append(
        "The marriage has ended (divorce or death)"
        + (" and no child of it is living" if keeps else "")
        + ", so the relationship by marriage has ended."
    )
    return True


def _continuation(
    reader: PolicyReader, inputs: dict[str, Any], steps: list[str]
) -> tuple[bool, dict[str, Any]]:
    """Whether the continuation exception lets the relative stay, and its details."""
    for name in ("official_selection", "employed_since", "official_since"):
        if inputs[name] is None:
            raise InputError(
                name,
                "needed to decide whether the relative may stay: how the official took office, "
                "since when the relative has worked here, and when the official took office",
            )
    selection = inputs["official_selection"]
    where = f"relatives.continuation.{selection}"
    window = reader.get(where)
    since, took_office = inputs["employed_since"], inputs["official_since"]
    complete, words = add_period(since, window, where)
    meets = complete <= took_office
    label = {c.value: c.label.lower() for c in SELECTIONS}[selection]
    steps.append(
        f"A relative may stay if continuously employed for at least {words} before an official "
        f"{label} took office. Employed since {since.isoformat()}, the {words} were complete on "
        f"{complete.isoformat()}; the official took office on {took_office.isoformat()}, so the "
        f"exception {'applies' if meets else 'does not apply'}."
    )
    detail = {
        "window": words,
        "complete_on": complete,
        "official_since": took_office,
        "meets": meets,
    }
    return meets, detail


def compute(inputs: dict[str, Any], reader: PolicyReader) -> dict[str, Any]:
    """Relationship, degree and whether the rule forbids the action.

    Args:
        inputs: Typed inputs (see :data:`FIELDS`).
        reader: The handbook's parameters.

    Returns:
        ``related``, ``kind``, ``degree``, ``relation_name``, ``path``,
        ``within_prohibited_degree``, ``prohibited`` (``None`` without an action),
        ``continuation`` (when checked), ``limits`` (the degrees covered by blood and by
        marriage, ``None`` for a rule that lists relatives by name) and ``explanation``.
    """
    path, named = _path(inputs)
    kin = classify(path)
    steps = [f"Path from you to the other person: {', '.join(path)}."]
    if kin.kind is None:
        steps.append(kin.reason[0].upper() + kin.reason[1:] + ".")
    elif kin.kind == "consanguinity":
        steps.append(
            f"By blood: {_generations(kin.up)} up to the nearest common ancestor and "
            f"{_generations(kin.down)} down — "
            f"a {kin.name}, related in the {ordinal_word(kin.degree or 0)} degree by consanguinity."
        )
    elif kin.up + kin.down == 0:
        steps.append("Husband and wife are related in the first degree by affinity.")
    else:
        steps.append(
            f"By marriage: a {kin.name} takes the degree of the blood link "
            f"({_generations(kin.up)} up, {_generations(kin.down)} down) — the "
            f"{ordinal_word(kin.degree or 0)} degree by affinity."
        )
    ended = bool(inputs["marriage_ended"]) and reader.boolean(
        "relatives.affinity_ends_with_marriage"
    )
    if _ended(reader, kin, inputs, steps):
        kin = Kinship(None, None, kin.up, kin.down, True, kin.name, "the marriage has ended")
    related = kin.kind is not None
    covered = _covered(reader, kin, path, inputs["lives_in_household"], ended, steps)
    limits = None
    if not reader.has("relatives.covered_relations"):
        limits = {
            "consanguinity": reader.integer("relatives.consanguinity_limit"),
            "affinity": reader.integer("relatives.affinity_limit"),
        }
    result: dict[str, Any] = {
        "household_relative": bool(
            inputs["lives_in_household"] and _household_relative(reader, kin, path, ended)
        ),
        "marriage": _marriage(reader, inputs, path, steps),
        "related": related,
        "kind": kin.kind,
        "degree": kin.degree,
        "relation_name": named or kin.name,
        "path": list(path),
        "within_prohibited_degree": covered,
        "prohibited": None,
        "continuation": None,
        "limits": limits,
    }
    action, role = inputs["action"], inputs["official_role"]
    if action is None:
        if role is not None:
            steps.append("Choose a question (hire, keep employed, supervise) for a decision.")
        result["explanation"] = steps
        return result
    if role is None:
        raise InputError("official_role", "say who you are to the person to decide about an action")
    restricted = reader.get(f"relatives.restricted_actions.{role}")
    if not isinstance(restricted, list):
        raise PolicyError(f"policy parameter 'relatives.restricted_actions.{role}' must be a list")
    who = _ROLE_NAMES[role]
    if not covered:
        steps.append(
            f"Not a covered relative, so the rule does not restrict {_ACTION_NAMES[action]}."
        )
        result["prohibited"] = False
    elif action not in restricted:
        steps.append(f"The rule does not restrict {_ACTION_NAMES[action]} of a relative of {who}.")
        result["prohibited"] = False
    elif action == "continue" and reader.has("relatives.continuation"):
        meets, detail = _continuation(reader, inputs, steps)
        result["continuation"] = detail
        result["prohibited"] = not meets
        if meets:
            steps.append("The official may take no part in decisions about the relative's job.")
    else:
        steps.append(f"The rule forbids {_ACTION_NAMES[action]} of a covered relative of {who}.")
        result["prohibited"] = True
    result["explanation"] = steps
    return result


NEPOTISM = register(
    Calculator(
        name="nepotism",
        title="Employment of relatives",
        summary="How you are related to someone (degree by blood or marriage) and whether the "
        "handbook lets the Council hire them, keep them on, or place them under you.",
        fields=FIELDS,
        compute=compute,
    )
)
