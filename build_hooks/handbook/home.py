"""The home page: organization, current revision, quick links and chapters.

The quick links are what the features added to :attr:`build_hooks.state.BuildState.home_links`
(revisions, print, acknowledgement, calculators), in the order they added them.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from build_hooks.handbook.render import escape_md, link_list, relative_link, time_tag

if TYPE_CHECKING:
    from build_hooks.content.index import Handbook
    from build_hooks.content.settings import HandbookSettings
    from build_hooks.state import HomeLink

__all__ = ["home_page"]


def home_page(
    handbook: Handbook,
    settings: HandbookSettings,
    *,
    page_uri: str,
    author_text: str,
    extra_links: Iterable[HomeLink] = (),
) -> str:
    """The home page: organization, current revision, quick links and chapters.

    Args:
        handbook: The index.
        settings: ``extra.handbook``.
        page_uri: The home page's ``src_uri``.
        author_text: What the author wrote in the home page's body (kept after the title).
        extra_links: The quick links the features added in this build (revisions, print,
            acknowledgement, calculators), in order.

    Returns:
        The home page Markdown.
    """
    parts = [f"# {escape_md(settings.organization)} Employee Handbook\n"]
    parts.append(f'<p class="ph-revision">Current revision: {time_tag(settings.revision)}</p>\n')
    if author_text.strip():
        parts.append(author_text.strip() + "\n")
    if settings.modeled_on:
        parts.append(
            '!!! note "A sample handbook"\n\n'
            f"    {escape_md(settings.organization)} is a fictional organization. Its handbook "
            f"is modeled on {escape_md(settings.modeled_on)}, rewritten as sample content for "
            "Policy Handbook.\n"
        )
    quick = list(extra_links)
    if quick:
        parts.append("## Quick links\n")
        lines = [
            f"- [{escape_md(link.label)}]({relative_link(page_uri, link.uri)})"
            f" — {escape_md(link.text)}"
            for link in quick
        ]
        parts.append("\n".join(lines) + "\n")
    parts.append("## Chapters\n")
    parts.append(link_list(page_uri, handbook.chapters(), with_summary=True))
    return "\n".join(parts)
