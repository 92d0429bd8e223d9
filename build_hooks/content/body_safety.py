"""What a section's text may contain besides Markdown: safe links and a short list of HTML.

Anyone who can open a pull request can write a section, and the preview of that pull request
is opened by reviewers. So section text may not run script: links and images must point to
web, mail or phone addresses or to other pages of the site (never ``javascript:``, ``data:``,
``vbscript:``), raw HTML is limited to the elements and attributes below, and ``attr_list``
attributes (``{: …}``) are limited to ids, classes and a few harmless attributes.

The list is documented for HR in CONTRIBUTING.md ("HTML in sections"). Markdown is parsed with
markdown-it (its own link filter switched off, so every link the site would render is seen);
raw HTML is read with the standard library's HTML parser. No MkDocs import.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from html.parser import HTMLParser
from urllib.parse import urlsplit

from markdown_it.token import Token

from build_hooks.content.markdown import section_tokens
from build_hooks.content.problems import Problem

__all__ = ["ALLOWED_ATTRIBUTES", "ALLOWED_TAGS", "SAFE_SCHEMES", "check_body"]

SAFE_SCHEMES = frozenset({"http", "https", "mailto", "tel"})
"""Link schemes section text may use; links without a scheme stay inside the site."""

ALLOWED_TAGS = frozenset(
    [
        "a",
        "abbr",
        "b",
        "blockquote",
        "br",
        "caption",
        "cite",
        "code",
        "col",
        "colgroup",
        "dd",
        "del",
        "details",
        "dfn",
        "div",
        "dl",
        "dt",
        "em",
        "figcaption",
        "figure",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "hr",
        "i",
        "img",
        "ins",
        "kbd",
        "li",
        "mark",
        "ol",
        "p",
        "pre",
        "q",
        "s",
        "samp",
        "small",
        "span",
        "strong",
        "sub",
        "summary",
        "sup",
        "table",
        "tbody",
        "td",
        "tfoot",
        "th",
        "thead",
        "time",
        "tr",
        "u",
        "ul",
        "var",
    ]
)
"""HTML elements section text may use (no script, style, form, frame, object or embed)."""

_GLOBAL_ATTRIBUTES = frozenset({"id", "class", "title", "lang", "dir", "role", "markdown"})
ALLOWED_ATTRIBUTES: dict[str, frozenset[str]] = {
    "a": frozenset({"href", "hreflang", "rel", "target"}),
    "img": frozenset({"src", "alt", "width", "height", "loading"}),
    "td": frozenset({"colspan", "rowspan", "headers"}),
    "th": frozenset({"colspan", "rowspan", "headers", "scope", "abbr"}),
    "col": frozenset({"span"}),
    "colgroup": frozenset({"span"}),
    "ol": frozenset({"start", "type", "reversed"}),
    "time": frozenset({"datetime"}),
    "details": frozenset({"open"}),
    "q": frozenset({"cite"}),
    "blockquote": frozenset({"cite"}),
    "del": frozenset({"cite", "datetime"}),
    "ins": frozenset({"cite", "datetime"}),
}
"""Attributes allowed per element, besides ids, classes, ``title``, ``lang``, ``dir``,
``role`` and ``aria-*``. Event handlers (``on…``) and ``style`` are never allowed."""

_URL_ATTRIBUTES = frozenset({"href", "src", "cite"})
_ATTR_LIST = re.compile(r"\{:?([^{}\n]*)\}")
_ATTR_LIST_ITEM = re.compile(r"""([\w-]+)\s*=\s*(?:"[^"]*"|'[^']*'|\S+)""")
_HTML_HINT = (
    "use Markdown, or one of the HTML elements listed in CONTRIBUTING.md ('HTML in sections')"
)


def unsafe_url(url: str) -> str | None:
    """The scheme of ``url`` when it may not be linked from section text, else None."""
    cleaned = "".join(ch for ch in url if ch > " " and ch != "\x7f")  # browsers drop these
    scheme = urlsplit(cleaned).scheme.lower() if ":" in cleaned else ""
    if not scheme or scheme in SAFE_SCHEMES:
        return None
    if len(scheme) == 1:  # a Windows drive letter is not a scheme a browser runs
        return None
    return scheme


class _HtmlChecker(HTMLParser):
    """Record every disallowed element, attribute or URL in a piece of raw HTML."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.findings: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in ALLOWED_TAGS:
            self.findings.append(f"<{tag}> is not allowed in section text — {_HTML_HINT}")
            return
        allowed = _GLOBAL_ATTRIBUTES | ALLOWED_ATTRIBUTES.get(tag, frozenset())
        for name, value in attrs:
            if name not in allowed and not name.startswith("aria-"):
                self.findings.append(
                    f"attribute '{name}' on <{tag}> is not allowed in section text — "
                    "remove it (event handlers and inline styles never are)"
                )
            elif name in _URL_ATTRIBUTES and value and (scheme := unsafe_url(value)):
                self.findings.append(_scheme_message(scheme, value))

    handle_startendtag = handle_starttag


def _scheme_message(scheme: str, url: str) -> str:
    shown = url if len(url) <= 40 else url[:37] + "…"
    return (
        f"link target '{shown}' uses '{scheme}:', which can run code or hide content — "
        "link to a web page (https://…), an e-mail address (mailto:…) or a section ([[id]])"
    )


def _html_findings(html: str) -> list[str]:
    checker = _HtmlChecker()
    checker.feed(html)
    checker.close()
    return checker.findings


def _attr_list_findings(text: str) -> list[str]:
    findings = []
    for block in _ATTR_LIST.finditer(text):
        for item in _ATTR_LIST_ITEM.finditer(block.group(1)):
            name = item.group(1).lower()
            if name not in _GLOBAL_ATTRIBUTES and not name.startswith("aria-"):
                findings.append(
                    f"attribute '{name}' in '{{: …}}' is not allowed in section text — use "
                    "only #id, .class, title, lang or dir there"
                )
    return findings


def _walk(tokens: Sequence[Token], line: int) -> Iterator[tuple[int, Token]]:
    for token in tokens:
        at = token.map[0] if token.map else line
        yield at, token
        if token.children:
            yield from _walk(token.children, at)


def check_body(body: str, source: str, body_line: int) -> list[Problem]:
    """Every unsafe link, HTML element or attribute in one section's text.

    Args:
        body: The Markdown after the front-matter.
        source: The file as shown to the author.
        body_line: Line of the body's first line in the file.

    Returns:
        One problem per finding, at its line.
    """
    problems: list[Problem] = []
    # every link whatever its URL: each one Python-Markdown renders is seen
    for offset, token in _walk(section_tokens(body, every_link=True), 0):
        findings: list[str] = []
        if token.type in ("link_open", "image"):
            url = str(token.attrGet("href") or token.attrGet("src") or "")
            if scheme := unsafe_url(url):
                findings.append(_scheme_message(scheme, url))
        elif token.type in ("html_block", "html_inline"):
            findings.extend(_html_findings(token.content))
        elif token.type == "text":  # code spans are other tokens: their braces are literal
            findings.extend(_attr_list_findings(token.content))
        problems.extend(Problem(source, body_line + offset, "", f) for f in findings)
    return sorted(set(problems))
