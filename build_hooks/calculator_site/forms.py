"""Accessible HTML forms for the browser calculators, generated from ``describe(name)``.

Pure functions: a calculator's description (:func:`calculators.registry.describe`) in, an HTML
string out. Every piece of text from the description is escaped. The form carries no script;
``build_hooks/calculator_site/assets/calculator-main.js`` finds it by ``form.ph-calc`` and wires
it to the worker.

Ids: every element id of a form starts with ``calc-<name>-`` so two forms on one page (the
``/calculators/`` page hosts all of them) never clash. Items of repeatable lists are rendered
from a ``<template>`` by the loader; the server-side HTML holds ``minimum`` rows (at least one
for a list of objects) with ids ``calc-<name>-<field>-<index>-<item field>``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from html import escape
from typing import Any

__all__ = [
    "NUMERIC_TYPES",
    "calculator_form",
    "field_id",
    "form_id",
]

NUMERIC_TYPES = ("integer", "decimal", "money")
_ID_UNSAFE = re.compile(r"[^A-Za-z0-9_-]+")


def _e(value: Any) -> str:
    """``value`` as escaped HTML text (``None`` is empty)."""
    return "" if value is None else escape(str(value), quote=True)


def _slug(value: Any) -> str:
    return _ID_UNSAFE.sub("-", str(value)).strip("-") or "x"


def form_id(name: str) -> str:
    """The id prefix of calculator ``name``'s form, e.g. ``calc-leave``."""
    return f"calc-{_slug(name)}"


def field_id(name: str, *path: Any) -> str:
    """The id of a field of calculator ``name``; ``path`` is the field (and item) names."""
    return "-".join([form_id(name), *(_slug(p) for p in path)])


def _attrs(pairs: Mapping[str, Any]) -> str:
    """``key="value"`` pairs; ``True`` gives a bare attribute, ``None``/``False`` are dropped."""
    out = []
    for key, value in pairs.items():
        if value is None or value is False:
            continue
        if value is True:
            out.append(f" {key}")
        else:
            out.append(f' {key}="{_e(value)}"')
    return "".join(out)


def _step(kind: str) -> str | None:
    return {"money": "0.01", "integer": "1"}.get(kind)


def _label_text(field: Mapping[str, Any]) -> str:
    label = _e(field.get("label") or field.get("name"))
    unit = field.get("unit")
    if unit:
        label += f' <span class="ph-calc-unit">({_e(unit)})</span>'
    if field.get("required"):
        label += ' <span class="ph-calc-required">(required)</span>'
    return label


def _describedby(base: str, has_help: bool) -> str:
    ids = ([f"{base}-help"] if has_help else []) + [f"{base}-error"]
    return " ".join(ids)


def _help_and_error(base: str, help_text: str) -> str:
    parts = []
    if help_text:
        parts.append(f'<p class="ph-calc-help" id="{_e(base)}-help">{_e(help_text)}</p>')
    parts.append(f'<p class="ph-calc-error" id="{_e(base)}-error" data-error-for="{_e(base)}"></p>')
    return "".join(parts)


def _control(
    field: Mapping[str, Any],
    kind: str,
    control_id: str,
    input_name: str,
    *,
    describedby: str,
    required: bool,
    value: Any = None,
) -> str:
    """One input element (no label) for a scalar of type ``kind``."""
    common: dict[str, Any] = {
        "id": control_id,
        "name": input_name,
        "aria-describedby": describedby,
        "aria-invalid": "false",
    }
    if required:
        common["required"] = True
        common["aria-required"] = "true"
    default = field.get("default") if value is None else value
    if kind == "choice":
        options = []
        if not required:
            selected = default in (None, "")
            options.append(f'<option value=""{" selected" if selected else ""}>— none —</option>')
        elif default in (None, ""):
            options.append('<option value="" selected disabled>— choose —</option>')
        for choice in field.get("choices") or ():
            selected = default is not None and str(choice.get("value")) == str(default)
            options.append(
                f"<option{_attrs({'value': choice.get('value'), 'selected': selected})}>"
                f"{_e(choice.get('label') or choice.get('value'))}</option>"
            )
        return f"<select{_attrs(common)}>{''.join(options)}</select>"
    if kind == "boolean":
        common["type"] = "checkbox"
        common["value"] = "true"
        common["checked"] = default is True
        common.pop("required", None)
        common.pop("aria-required", None)
        return f"<input{_attrs(common)}>"
    if kind == "date":
        common["type"] = "date"
        common["min"] = field.get("minimum")
        common["max"] = field.get("maximum")
    else:  # integer, decimal, money, and anything unknown: a text box the Python validates
        common["type"] = "text"
        common["inputmode"] = "decimal" if kind in NUMERIC_TYPES else None
        common["autocomplete"] = "off"
        if kind in NUMERIC_TYPES:
            common["min"] = field.get("minimum")
            common["max"] = field.get("maximum")
            common["data-step"] = _step(kind)
    common["data-kind"] = kind
    if default not in (None, "") and not isinstance(default, list | dict):
        common["value"] = default
    return f"<input{_attrs(common)}>"


def _scalar_field(calc: str, field: Mapping[str, Any], *, prefix: tuple[Any, ...] = ()) -> str:
    """A labelled scalar field with its help and error paragraphs."""
    name = str(field.get("name"))
    path = (*prefix, name)
    base = field_id(calc, *path)
    help_text = str(field.get("help") or "")
    kind = str(field.get("type"))
    control = _control(
        field,
        kind,
        base,
        ".".join(str(p) for p in path),
        describedby=_describedby(base, bool(help_text)),
        required=bool(field.get("required")),
    )
    label = f'<label for="{_e(base)}">{_label_text(field)}</label>'
    if kind == "boolean":
        inner = f'<div class="ph-calc-check">{control}{label}</div>'
    else:
        inner = label + control
    dotted = ".".join(map(str, path))
    return (
        f'<div class="ph-calc-field ph-calc-{_e(kind)}" data-field="{_e(dotted)}">'
        f"{inner}{_help_and_error(base, help_text)}</div>"
    )


def _object_row(calc: str, field: Mapping[str, Any], index: Any) -> str:
    """One row of a list of objects: its item fields and a Remove button."""
    name = str(field.get("name"))
    cells = [
        _scalar_field(calc, item, prefix=(name, index)) for item in field.get("item_fields") or ()
    ]
    number = "" if index == "__INDEX__" else int(index) + 1
    return (
        f'<fieldset class="ph-calc-row" data-index="{_e(index)}">'
        f'<legend class="ph-calc-row-legend">{_e(field.get("label") or name)} '
        f'<span class="ph-calc-row-number">{_e(number)}</span></legend>'
        f"{''.join(cells)}"
        f'<button type="button" class="ph-calc-remove md-button" data-action="remove">'
        f'Remove <span class="ph-calc-visually-hidden">{_e(field.get("label") or name)} '
        f'<span class="ph-calc-row-number">{_e(number)}</span></span></button>'
        f"</fieldset>"
    )


def _scalar_row(calc: str, field: Mapping[str, Any], index: Any) -> str:
    """One item of a list of scalars: a labelled input and a Remove button."""
    name = str(field.get("name"))
    base = field_id(calc, name, index)
    kind = str(field.get("item_type") or "decimal")
    number = "" if index == "__INDEX__" else int(index) + 1
    item = {
        "name": name,
        "type": kind,
        "choices": field.get("choices") or (),
        "default": None,
        "minimum": field.get("item_minimum"),
        "maximum": field.get("item_maximum"),
    }
    control = _control(
        item,
        kind,
        base,
        f"{name}.{index}",
        describedby=f"{base}-error",
        required=False,
    )
    unit = field.get("unit")
    unit_html = f' <span class="ph-calc-unit">({_e(unit)})</span>' if unit else ""
    return (
        f'<div class="ph-calc-row ph-calc-item" data-index="{_e(index)}" '
        f'data-field="{_e(name)}.{_e(index)}">'
        f'<label for="{_e(base)}">{_e(field.get("label") or name)} '
        f'<span class="ph-calc-row-number">{_e(number)}</span>{unit_html}</label>'
        f"{control}"
        f'<button type="button" class="ph-calc-remove md-button" data-action="remove">'
        f'Remove <span class="ph-calc-visually-hidden">{_e(field.get("label") or name)} '
        f'<span class="ph-calc-row-number">{_e(number)}</span></span></button>'
        f'<p class="ph-calc-error" id="{_e(base)}-error" data-error-for="{_e(base)}"></p>'
        f"</div>"
    )


def _list_field(calc: str, field: Mapping[str, Any]) -> str:
    """A repeatable list (of objects or of scalars) with Add/Remove buttons and a template."""
    name = str(field.get("name"))
    base = field_id(calc, name)
    help_text = str(field.get("help") or "")
    objects = bool(field.get("item_fields"))
    row = _object_row if objects else _scalar_row
    try:
        start = int(field.get("minimum") or 0)
    except (TypeError, ValueError):
        start = 0
    if objects:
        start = max(start, 1)
    rows = "".join(row(calc, field, index) for index in range(start))
    attrs = {
        "class": "ph-calc-list",
        "id": base,
        "data-field": name,
        "data-list": "objects" if objects else "scalars",
        "data-min": field.get("minimum"),
        "data-max": field.get("maximum"),
        "aria-describedby": _describedby(base, bool(help_text)),
    }
    label = field.get("label") or name
    unit = field.get("unit")
    unit_html = f' <span class="ph-calc-unit">({_e(unit)})</span>' if unit else ""
    return (
        f"<fieldset{_attrs(attrs)}>"
        f'<legend class="ph-calc-list-legend">{_e(label)}{unit_html}</legend>'
        f"{_help_and_error(base, help_text)}"
        f'<div class="ph-calc-rows">{rows}</div>'
        f'<template class="ph-calc-template">{row(calc, field, "__INDEX__")}</template>'
        f'<button type="button" class="ph-calc-add md-button" data-action="add">'
        f'Add <span class="ph-calc-visually-hidden">{_e(label)}</span></button>'
        f"</fieldset>"
    )


def _field(calc: str, field: Mapping[str, Any]) -> str:
    if field.get("type") == "list":
        return _list_field(calc, field)
    return _scalar_field(calc, field)


def _groups(
    fields: Sequence[Mapping[str, Any]],
) -> list[tuple[str | None, list[Mapping[str, Any]]]]:
    """Fields by ``group``, groups in order of first appearance."""
    groups: dict[str | None, list[Mapping[str, Any]]] = {}
    for field in fields:
        groups.setdefault(field.get("group"), []).append(field)
    return list(groups.items())


def calculator_form(
    description: Mapping[str, Any],
    *,
    tables_hint: str = "the tables on this page",
    heading_level: int | None = None,
    show_title: bool = True,
) -> str:
    """The HTML of one calculator's form.

    Args:
        description: ``calculators.registry.describe(name)``.
        tables_hint: Where a reader without JavaScript or WebAssembly finds the figures.
        heading_level: When set, the form starts with an ``<hN>`` heading of the title.
        show_title: ``False`` when the page already shows the title in a heading of its own:
            the form is then named by ``aria-label``.

    Returns:
        A ``<section class="ph-calc-block">`` with the form, its result region and the
        no-script message; no ``<script>``.
    """
    name = str(description.get("name"))
    base = form_id(name)
    title = description.get("title") or name
    title_id = f"{base}-title"
    naming = f'aria-labelledby="{_e(title_id)}"' if show_title else f'aria-label="{_e(title)}"'
    parts = [
        f'<section class="ph-calc-block" id="{_e(base)}-block" data-calculator="{_e(name)}" '
        f"{naming}>"
    ]
    level = heading_level if heading_level in (2, 3, 4, 5, 6) else None
    if show_title and level:
        parts.append(f'<h{level} id="{_e(title_id)}">{_e(title)}</h{level}>')
    elif show_title:
        parts.append(
            f'<p class="ph-calc-title" id="{_e(title_id)}"><strong>{_e(title)}</strong></p>'
        )
    if description.get("summary"):
        parts.append(f'<p class="ph-calc-summary">{_e(description.get("summary"))}</p>')
    message = (
        f"This calculator runs in your browser and needs JavaScript and WebAssembly. "
        f"Without them, use {tables_hint}."
    )
    parts.append(f'<noscript><p class="ph-calc-message">{_e(message)}</p></noscript>')
    parts.append(
        f'<p class="ph-calc-message ph-calc-nowasm" id="{_e(base)}-nowasm" hidden>{_e(message)}</p>'
    )
    parts.append(
        f'<form class="ph-calc" id="{_e(base)}" data-calculator="{_e(name)}" novalidate {naming}>'
    )
    parts.append(
        '<p class="ph-calc-intro">Your entries stay on this device: the calculation runs in '
        "your browser. Fields marked (required) must be filled.</p>"
    )
    for group, fields in _groups(description.get("fields") or ()):
        inner = "".join(_field(name, f) for f in fields)
        legend = group if group else "Inputs"
        parts.append(
            f'<fieldset class="ph-calc-group"><legend>{_e(legend)}</legend>{inner}</fieldset>'
        )
    parts.append(
        '<div class="ph-calc-actions">'
        '<button type="submit" class="md-button md-button--primary">Calculate</button> '
        '<button type="reset" class="md-button">Clear</button> '
        '<button type="button" class="md-button" data-action="share">Link to these inputs'
        "</button>"
        "</div>"
    )
    parts.append(
        f'<p class="ph-calc-share" hidden><label for="{_e(base)}-share">Link to these inputs '
        "(your entries travel in the link, after the #; they are not sent to the website)"
        f'</label> <input type="url" id="{_e(base)}-share" readonly '
        f'aria-describedby="{_e(base)}-share-note"> '
        f'<span class="ph-calc-share-note" id="{_e(base)}-share-note"></span></p>'
    )
    parts.append(
        f'<p class="ph-calc-error ph-calc-form-error" id="{_e(base)}-form-error" '
        f'data-error-for="{_e(base)}"></p>'
    )
    parts.append(
        f'<div class="ph-calc-result" id="{_e(base)}-result" role="status" aria-live="polite" '
        f'aria-atomic="false" data-calculator="{_e(name)}">'
        f'<p class="ph-calc-status">Fill in the form to see the result.</p></div>'
    )
    parts.append("</form>")
    parts.append("</section>")
    return "".join(parts)
