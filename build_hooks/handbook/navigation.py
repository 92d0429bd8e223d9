"""Order and title the navigation by section number, one folder per chapter."""

from __future__ import annotations

import html
from collections.abc import Sequence
from typing import TYPE_CHECKING

from mkdocs.structure.nav import Navigation, Section
from mkdocs.structure.pages import Page

if TYPE_CHECKING:
    from mkdocs.structure import StructureItem

    from build_hooks.content.index import Handbook, Section

__all__ = ["order_navigation", "page_title"]

_LAST = (10**6,)


def page_title(section: Section) -> str:
    """The page's title as the theme prints it (navigation, ``<title>``, search): escaped HTML.

    MkDocs' Jinja environment does not autoescape, so the escaping happens here, once.
    """
    text = f"{section.number} {section.title}" if section.number else section.title
    return html.escape(text, quote=True)


def _chapter_page(item: Section) -> Page | None:
    for child in item.children:
        if isinstance(child, Page) and child.file.src_uri.endswith("index.md"):
            return child
    return None


def _sort_key(item: StructureItem, handbook: Handbook) -> tuple[int, tuple[int, ...], str]:
    if isinstance(item, Page):
        if item.file.src_uri == "index.md":
            return (0, (), "")
        section = handbook.by_uri.get(item.file.src_uri)
        if section is not None:
            return (1, section.sort_key, "")
        return (2, _LAST, item.file.src_uri)
    if isinstance(item, Section):
        page = _chapter_page(item)
        section = handbook.by_uri.get(page.file.src_uri) if page else None
        if section is not None:
            return (1, section.sort_key, "")
        return (2, _LAST, item.title or "")
    return (3, _LAST, getattr(item, "title", "") or "")


def _order(items: Sequence[StructureItem], handbook: Handbook) -> list[StructureItem]:
    ordered = sorted(items, key=lambda item: _sort_key(item, handbook))
    for item in ordered:
        if isinstance(item, Section):
            page = _chapter_page(item)
            section = handbook.by_uri.get(page.file.src_uri) if page else None
            if section is not None:
                # MkDocs' Jinja does not autoescape: every title reaches the theme escaped
                item.title = html.escape(f"{section.chapter}. {section.title}")
            item.children = _order(item.children, handbook)
        elif isinstance(item, Page):
            section = handbook.by_uri.get(item.file.src_uri)
            if section is not None:
                item.title = page_title(section) if section.number else None
    return ordered


def _pages_in_order(items: Sequence[StructureItem]) -> list[Page]:
    pages: list[Page] = []
    for item in items:
        if isinstance(item, Page):
            pages.append(item)
        elif isinstance(item, Section):
            pages.extend(_pages_in_order(item.children))
    return pages


def order_navigation(nav: Navigation, handbook: Handbook) -> Navigation:
    """Sort every level by section number, title chapters ``6. Leave`` and pages ``6.03 …``.

    MkDocs links "previous"/"next" before hooks see the navigation, so the links are redone
    for the new order.

    Args:
        nav: The navigation MkDocs built from the files.
        handbook: The index.

    Returns:
        The same navigation object, reordered.
    """
    nav.items = _order(nav.items, handbook)
    pages = _pages_in_order(nav.items)
    for index, page in enumerate(pages):
        page.previous_page = pages[index - 1] if index > 0 else None
        page.next_page = pages[index + 1] if index + 1 < len(pages) else None
    nav.pages = pages
    return nav
