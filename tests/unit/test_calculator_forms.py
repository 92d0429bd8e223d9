"""The calculator forms: accessible structure, escaping, every field of every calculator."""

from __future__ import annotations

from html.parser import HTMLParser
from typing import Any

import pytest

from build_hooks.calculator_site.forms import calculator_form, field_id

calculators = pytest.importorskip("calculators")


class Tree(HTMLParser):
    """Start tags with their attributes, and the text of each label (by its ``for``)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str]]] = []
        self.texts: list[str] = []
        self._label: str | None = None
        self.labels: dict[str, str] = {}
        self.in_template = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k: v or "" for k, v in attrs}
        if tag == "template":
            self.in_template += 1
        if not self.in_template:
            self.tags.append((tag, values))
        if tag == "label" and not self.in_template:
            self._label = values.get("for", "")
            self.labels.setdefault(self._label, "")

    def handle_endtag(self, tag: str) -> None:
        if tag == "template":
            self.in_template -= 1
        if tag == "label":
            self._label = None

    def handle_data(self, data: str) -> None:
        self.texts.append(data)
        if self._label is not None:
            self.labels[self._label] += data

    def ids(self) -> list[str]:
        return [a["id"] for _, a in self.tags if "id" in a]

    def controls(self) -> list[dict[str, str]]:
        return [a for t, a in self.tags if t in ("input", "select", "textarea")]


def parse(html: str) -> Tree:
    tree = Tree()
    tree.feed(html)
    tree.close()
    return tree


def field(name: str, type: str, **extra: Any) -> dict[str, Any]:
    base = {
        "name": name,
        "type": type,
        "label": name.replace("_", " ").title(),
        "help": "",
        "required": False,
        "choices": [],
        "minimum": None,
        "maximum": None,
        "default": None,
        "item_fields": [],
        "item_type": None,
        "group": None,
        "unit": None,
    }
    base.update(extra)
    return base


SAMPLE = {
    "name": "travel",
    "title": "Travel reimbursement",
    "summary": "Mileage, per diem and ride fares.",
    "fields": [
        field("depart", "date", required=True, help="First day of travel.", group="Trip"),
        field("miles", "decimal", minimum="0", maximum="5000", unit="miles", group="Trip"),
        field("fare", "money", group="Trip"),
        field("nights", "integer", minimum="0", group="Trip"),
        field(
            "tier",
            "choice",
            choices=[{"value": "a", "label": "Tier A"}, {"value": "b", "label": "Tier B"}],
            group="Trip",
        ),
        field("kind", "choice", required=True, choices=[{"value": "x", "label": "X"}]),
        field("overnight", "boolean", group="Trip"),
        field(
            "tnc",
            "list",
            label="Ride-hailing trips",
            help="One row per ride.",
            maximum="20",
            item_fields=[field("fare", "money", required=True), field("tip", "money")],
            group="Rides",
        ),
        field(
            "lodging", "list", label="Nightly rate", item_type="money", unit="USD", group="Rides"
        ),
    ],
}


def test_every_control_has_a_label_and_described_ids_exist():
    tree = parse(calculator_form(SAMPLE))
    ids = tree.ids()
    assert len(ids) == len(set(ids)), "duplicate ids"
    for control in tree.controls():
        assert control["id"] in tree.labels, control
        assert tree.labels[control["id"]].strip(), control
        for described in control["aria-describedby"].split():
            assert described in ids, (control["id"], described)
        if "name" in control:  # an input the calculator reads (not the read-only share link)
            assert f"{control['id']}-error" in control["aria-describedby"].split()
    for target in tree.labels:
        assert target in ids


def test_structure_and_types():
    html = calculator_form(SAMPLE)
    tree = parse(html)
    form = next(a for t, a in tree.tags if t == "form")
    assert form["class"] == "ph-calc" and form["data-calculator"] == "travel"
    assert "novalidate" in form
    by_id = {a["id"]: (t, a) for t, a in tree.tags if "id" in a}
    assert by_id[field_id("travel", "depart")][1]["type"] == "date"
    assert "required" in by_id[field_id("travel", "depart")][1]
    miles = by_id[field_id("travel", "miles")][1]
    assert miles["inputmode"] == "decimal" and miles["min"] == "0" and miles["max"] == "5000"
    assert by_id[field_id("travel", "fare")][1]["inputmode"] == "decimal"
    assert by_id[field_id("travel", "nights")][1]["inputmode"] == "decimal"
    assert by_id[field_id("travel", "tier")][0] == "select"
    assert by_id[field_id("travel", "overnight")][1]["type"] == "checkbox"
    # optional choice has an empty option; required one has no selectable empty option
    assert '<option value="" selected>— none —</option>' in html
    assert '<option value="" selected disabled>' in html
    # groups become fieldsets with legends, in order of first appearance
    legends = [t for t in tree.texts if t in ("Trip", "Rides", "Inputs")]
    assert legends[:3] == ["Trip", "Inputs", "Rides"]
    # a repeatable list of objects: one row rendered, Add/Remove buttons, a template
    assert by_id[field_id("travel", "tnc", 0, "fare")][0] == "input"
    assert by_id[field_id("travel", "tnc", 0, "tip")][0] == "input"
    assert 'data-action="add"' in html and 'data-action="remove"' in html
    assert 'id="calc-travel-tnc-__INDEX__-fare"' in html  # inside the template
    assert 'data-list="objects"' in html and 'data-list="scalars"' in html
    # units, the result region, the no-script message
    assert "(miles)" in html and "(USD)" in html
    region = next(a for t, a in tree.tags if a.get("class") == "ph-calc-result")
    assert region["role"] == "status" and region["aria-live"] == "polite"
    assert "<noscript>" in html and "tables on this page" in html
    assert "<script" not in html


def test_hostile_text_is_escaped():
    hostile = '<script>alert("x")</script>&'
    description = {
        "name": "evil",
        "title": hostile,
        "summary": hostile,
        "fields": [
            field(
                "a",
                "choice",
                label=hostile,
                help=hostile,
                unit=hostile,
                group=hostile,
                default='"><img src=x>',
                choices=[{"value": '"><b>', "label": hostile}],
            ),
            field("b", "text-unknown", label=hostile, default='"><img src=x onerror=alert(1)>'),
            field("c", "list", label=hostile, item_fields=[field("d", "money", label=hostile)]),
        ],
    }
    html = calculator_form(description, tables_hint=hostile)
    assert "<script>" not in html
    assert "<img" not in html
    assert "<b>" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&amp;" in html
    parse(html)  # well-formed enough to parse


def test_show_title_false_names_the_form_by_aria_label():
    tree = parse(calculator_form(SAMPLE, show_title=False))
    form = next(a for t, a in tree.tags if t == "form")
    assert form["aria-label"] == "Travel reimbursement"
    assert "aria-labelledby" not in form


def test_heading_level():
    html = calculator_form(SAMPLE, heading_level=2)
    assert '<h2 id="calc-travel-title">Travel reimbursement</h2>' in html


@pytest.mark.parametrize("name", calculators.calculator_names())
def test_every_field_of_every_registered_calculator_is_rendered(name):
    description = calculators.describe(name)
    html = calculator_form(description)
    tree = parse(html)
    ids = set(tree.ids())
    for f in description["fields"]:
        if f["type"] == "list":
            assert field_id(name, f["name"]) in ids, f["name"]
            if f["item_fields"]:
                for item in f["item_fields"]:
                    assert f'id="{field_id(name, f["name"], "__INDEX__", item["name"])}"' in html
            else:
                assert f'id="{field_id(name, f["name"], "__INDEX__")}"' in html
        else:
            assert field_id(name, f["name"]) in ids, f["name"]
            assert field_id(name, f["name"]) in tree.labels
        if f["label"]:
            assert any(f["label"] in t for t in tree.texts) or f["label"] in html
    for control in tree.controls():
        assert control["id"] in tree.labels
        for described in control["aria-describedby"].split():
            assert described in ids
