"""Employment-of-relatives tables shown in the handbook's pages, from the same parameters the
nepotism calculator reads: the degree chart, the covered relatives, the continuation windows."""

from __future__ import annotations

from datetime import date

from calculators.dates import add_period
from calculators.kinship import RELATIONS, names_by_degree, ordinal_word
from calculators.policy import PolicyReader
from calculators.tables import Table, register_table

__all__ = ["continuation_windows", "covered_relatives", "degree_chart", "restrictions"]

_CHART_DEGREES = 4
_SELECTION_NAMES = {
    "appointed": "Appointed",
    "elected_other": "Elected at an election other than the general election",
    "elected_general": "Elected at the general election for state and county officers",
}


@register_table("degree-chart")
def degree_chart(reader: PolicyReader) -> Table:
    """Relatives by degree of blood and of marriage, with the degrees the rule covers."""
    blood = reader.integer("relatives.consanguinity_limit")
    marriage = reader.integer("relatives.affinity_limit")
    names = names_by_degree()
    rows = []
    for degree in range(1, _CHART_DEGREES + 1):
        rows.append(
            (
                str(degree),
                ", ".join(names.get(("consanguinity", degree), [])),
                "covered" if degree <= blood else "not covered",
                ", ".join(names.get(("affinity", degree), [])) or "—",
                "covered" if degree <= marriage else "not covered",
            )
        )
    return Table(
        caption="Degrees of relationship (civil-law method)",
        headers=("Degree", "By blood (consanguinity)", "Rule", "By marriage (affinity)", "Rule"),
        rows=tuple(rows),
        note=f"The rule covers relatives by blood to the {ordinal_word(blood)} degree and by "
        f"marriage to the {ordinal_word(marriage)} degree. A spouse's relative's spouse is not "
        "related.",
    )


@register_table("covered-relatives")
def covered_relatives(reader: PolicyReader) -> Table:
    """The named relatives the rule covers (handbooks that list them instead of degrees)."""
    names = reader.get("relatives.covered_relations")
    rows = tuple((str(name), ", ".join(RELATIONS.get(str(name).lower(), ("?",)))) for name in names)
    household = reader.has("relatives.household_members_covered") and reader.boolean(
        "relatives.household_members_covered"
    )
    steps = reader.has("relatives.household_counts_step_relations") and reader.boolean(
        "relatives.household_counts_step_relations"
    )
    note = ""
    if household:
        note = "Also any relative living in the same household"
        note += (
            ", counting anyone linked to you through one marriage (step-relatives too)."
            if steps
            else "."
        )
    return Table(
        caption="Relatives the rule covers",
        headers=("Relative", "Path from you"),
        rows=rows,
        note=note,
    )


_ROLE_NAMES = {
    "board_member": "A member of the Board",
    "executive_director": "The chief executive",
    "supervisor": "A supervisor",
    "employee": "A co-worker",
}
_ACTION_WORDS = {
    "hire": "hire",
    "continue": "keep employed",
    "supervise": "supervise",
    "audit": "audit the work of",
    "conflict": "hold a position in another conflict of interest with",
}


@register_table("relatives-restrictions")
def restrictions(reader: PolicyReader) -> Table:
    """What each position may not do with respect to a covered relative."""
    restricted = reader.get("relatives.restricted_actions")
    rows = []
    for role, actions in restricted.items():
        words = ", ".join(_ACTION_WORDS.get(str(a), str(a)) for a in actions) or "no restriction"
        rows.append((_ROLE_NAMES.get(role, role), words))
    note = ""
    where = "relatives.spouses_may_be_required_to_leave_after"
    if reader.has(where):
        _, words = add_period(date(2000, 1, 1), reader.get(where), where)
        note = (
            f"Two employees who marry each other and are in such a position choose who moves; "
            f"without agreement one may be required to leave it {words} after the marriage."
        )
    return Table(
        caption="What the rule forbids, by position",
        headers=("Who", "May not, for a covered relative"),
        rows=tuple(rows),
        note=note,
    )


@register_table("continuation-windows")
def continuation_windows(reader: PolicyReader) -> Table:
    """Continuous employment that lets a relative stay when an official takes office."""
    windows = reader.get("relatives.continuation")
    rows = []
    for selection, window in windows.items():
        _, words = add_period(date(2000, 1, 1), window, f"relatives.continuation.{selection}")
        rows.append((_SELECTION_NAMES.get(selection, selection), words))
    return Table(
        caption="Continuous employment needed before the official took office",
        headers=("The official was", "Employed at least"),
        rows=tuple(rows),
    )
