"""One Material template made linear: the navigation's lookup of a section's index page.

Material 9's ``partials/nav-item.html`` finds a section's index page (``navigation.indexes``)
by looping over *all* of the section's children, for every section of the navigation, on every
page — even for sections ``navigation.prune`` leaves out. With chapters of 40 sections that is
O(sections) of template work per page and O(n²) per build: at 2,000 sections the navigation
took 12 ms of each page's 18 ms (6.6 ms more per page than at 500).

:func:`patched_templates` writes a copy of the *installed* template with that loop replaced by
a lookup that stops at the first index page — the same index, so the same HTML (only blank
lines the loop printed are gone) — and each pruned section's link drawn once per build and way
to the site root instead of on every page (:func:`memo`, a template global the hook adds in
``on_env``), into a cache folder that the hook puts between the site's
own ``custom_dir`` and the theme. The copy is made from the installed file each time the
template changes, so a Material update is never shadowed by an old copy; if the installed
template does not contain the loop exactly (another Material version), nothing is patched.

No MkDocs import.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path

__all__ = [
    "INDEX_LOOKUP",
    "LINEAR_INDEX_LOOKUP",
    "MEMO_PRUNED_ITEM",
    "PRUNED_ITEM",
    "TEMPLATE",
    "memo",
    "patched_templates",
]

TEMPLATE = Path("partials") / "nav-item.html"

INDEX_LOOKUP = """    {% set _ = namespace(index = none) %}
    {% if "navigation.indexes" in features %}
      {% for item in nav_item.children %}
        {% if item.is_index and _.index is none %}
          {% set _.index = item %}
        {% endif %}
      {% endfor %}
    {% endif %}
    {% set index = _.index %}"""
"""Material 9.x's lookup, exactly as the installed template writes it."""

LINEAR_INDEX_LOOKUP = """    {% set index = none %}
    {% if "navigation.indexes" in features %}
      {% set index = nav_item.children | selectattr("is_index") | first | default(none) %}
    {% endif %}"""
"""The same lookup, stopping at the first index page (``selectattr`` and ``first`` are lazy)."""


PRUNED_ITEM = "        {{ render_pruned(nav_item) }}\n"
"""A pruned section's link: the same HTML on every page with the same way to the site root."""

MEMO_PRUNED_ITEM = (
    '        {% call ph_memo(nav_item, base_url, (page.url or "").split("/")[0]) %}'
    "{{ render_pruned(nav_item) }}{% endcall %}\n"
)
"""The same link, drawn once per section, way to the root and top folder of the page (a pruned
section is never the page's own, so its link's relative URL depends on nothing else)."""


def memo(store: dict[tuple[object, ...], str]) -> Callable[..., str]:
    """The template global ``ph_memo(*key, caller)``: the caller's output, kept in ``store``
    by key (objects by identity), so each distinct output is rendered once per build."""

    def ph_memo(*key: object, caller: Callable[[], str]) -> str:
        found = tuple(part if isinstance(part, str | int) else id(part) for part in key)
        if found not in store:
            store[found] = caller()
        return store[found]

    return ph_memo


def patched_templates(theme_dir: Path, cache_dir: Path) -> Path | None:
    """A template folder holding the patched ``partials/nav-item.html``, or None.

    Args:
        theme_dir: The installed theme's templates (``material/templates``).
        cache_dir: Where patched copies are kept, one folder per original's digest.

    Returns:
        The folder to put ahead of the theme, or None when the installed template is missing
        or does not contain :data:`INDEX_LOOKUP` exactly once.
    """
    original = theme_dir / TEMPLATE
    try:
        text = original.read_text(encoding="utf-8")
    except OSError:
        return None
    if text.count(INDEX_LOOKUP) != 1 or text.count(PRUNED_ITEM) != 1:
        return None
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]
    folder = cache_dir / digest
    target = folder / TEMPLATE
    patched = text.replace(INDEX_LOOKUP, LINEAR_INDEX_LOOKUP).replace(PRUNED_ITEM, MEMO_PRUNED_ITEM)
    if not target.is_file() or target.read_text(encoding="utf-8") != patched:
        target.parent.mkdir(parents=True, exist_ok=True)
        partial = target.with_suffix(".tmp")
        partial.write_text(patched, encoding="utf-8")
        partial.replace(target)  # atomic: a parallel build never reads half a template
    return folder
