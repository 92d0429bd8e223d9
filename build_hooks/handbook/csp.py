"""The site's Content-Security-Policy, computed from the built pages.

Our own code is never inline (``extra_javascript`` files only), but the theme writes a few inline
scripts into every page (the palette, the hash target, one ``__md_scope`` per page depth). The
policy allows exactly those by their SHA-256 hashes, computed here from the built HTML — never
copied by hand — so a theme update or an injected script changes the hashes and nothing else
runs. The same policy goes into every page as ``<meta http-equiv>`` (GitHub Pages sends no
custom headers) and into ``_headers`` for hosts that can send it as a real header, with the
directives a ``<meta>`` policy cannot carry.

No MkDocs import: the adapter in the handbook hook feeds it page HTML.
"""

from __future__ import annotations

import base64
import hashlib
import re
from collections.abc import Iterable
from html import unescape as html_unescape
from urllib.parse import urlsplit

__all__ = [
    "HEADERS_FILE",
    "build_policy",
    "endpoint_origin",
    "header_policy",
    "headers_file",
    "inject_meta",
    "inline_script_hashes",
    "inline_scripts",
    "meta_tag",
]

HEADERS_FILE = "_headers"
"""Netlify / Cloudflare Pages header file written at the site root."""

# Types a browser executes as classic or module script; others (application/json, …) are data.
_SCRIPT_TYPES = {
    "",
    "text/javascript",
    "application/javascript",
    "module",
    "text/ecmascript",
    "application/ecmascript",
}


# One pass over the page in the order an HTML tokenizer meets things: a comment (skipped), or a
# <script>/<style> element, whose text runs to its end tag (script and style content is raw
# text: no tags inside). Attribute values may hold ">" when quoted.
_ELEMENTS = re.compile(
    r"<!--.*?-->"
    r"|<(?P<tag>script|style)\b(?P<attrs>(?:[^>\"']|\"[^\"]*\"|'[^']*')*)>"
    r"(?P<text>.*?)</(?P=tag)\s*>",
    re.DOTALL | re.IGNORECASE,
)
_ATTRIBUTE = re.compile(
    r"""([^\s=/>"']+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>"']+)))?""", re.DOTALL
)


def _attributes(text: str) -> dict[str, str]:
    """A start tag's attributes by lower-case name (values unescaped), first one winning."""
    values: dict[str, str] = {}
    for match in _ATTRIBUTE.finditer(text):
        name = match.group(1).lower()
        value = next((v for v in match.group(2, 3, 4) if v is not None), "")
        values.setdefault(name, html_unescape(value))
    return values


def inline_scripts(page: str) -> list[str]:
    """The exact text of every inline, executable ``<script>`` element of ``page``, in order.

    A regular-expression tokenizer rather than :class:`html.parser.HTMLParser`: on a 130 kB page
    it is about forty times faster, and the build runs it on every page. It follows the same
    rules for what it looks at: comments are skipped, ``<style>`` text is not searched for
    tags, a script's text runs to the first ``</script>``; ``src`` or a data ``type``
    (``application/json``, …) make a script not inline/executable.
    """
    scripts = []
    for match in _ELEMENTS.finditer(page):
        if (match.group("tag") or "").lower() != "script":
            continue
        values = _attributes(match.group("attrs"))
        if "src" in values or values.get("type", "").strip().lower() not in _SCRIPT_TYPES:
            continue
        scripts.append(match.group("text"))
    return scripts


def inline_script_hashes(html: str) -> set[str]:
    """The CSP hash source (``'sha256-…'``) of every inline executable script in ``html``."""
    return {
        "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode() + "'"
        for text in inline_scripts(html)
    }


def endpoint_origin(endpoint: str | None) -> str | None:
    """The origin of a cross-origin endpoint (``https://hr.example``), None for a site path."""
    if not endpoint:
        return None
    parts = urlsplit(endpoint)
    if parts.scheme in ("http", "https") and parts.netloc:
        return f"{parts.scheme}://{parts.netloc}"
    return None


def build_policy(script_hashes: Iterable[str], connect_origins: Iterable[str] = ()) -> str:
    """The policy every page carries, as one header/meta value.

    Args:
        script_hashes: Hash sources of the theme's inline scripts, site-wide.
        connect_origins: Extra origins pages may send data to (a cross-origin
            acknowledgement receiver).

    Returns:
        ``default-src 'self'; script-src 'self' 'wasm-unsafe-eval' 'sha256-…'; …``.
    """
    connect = " ".join(["'self'", *sorted(set(connect_origins))])
    directives = [
        "default-src 'self'",
        # 'wasm-unsafe-eval': Pyodide compiles WebAssembly; no 'unsafe-eval', no 'unsafe-inline'
        "script-src " + " ".join(["'self'", "'wasm-unsafe-eval'", *sorted(set(script_hashes))]),
        "style-src 'self'",
        "img-src 'self' data:",  # the theme's icons are data: URLs
        "font-src 'self'",
        f"connect-src {connect}",
        "worker-src 'self'",
        "manifest-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        f"form-action {connect}",
    ]
    return "; ".join(directives)


def header_policy(policy: str) -> str:
    """The header form: adds what a ``<meta>`` policy is not allowed to say."""
    return policy + "; frame-ancestors 'self'"


def meta_tag(policy: str) -> str:
    """``<meta http-equiv="Content-Security-Policy" content="…">`` (attribute-escaped)."""
    escaped = policy.replace("&", "&amp;").replace('"', "&quot;")
    return f'<meta http-equiv="Content-Security-Policy" content="{escaped}">'


def inject_meta(html: str, tag: str) -> str:
    """Put ``tag`` first in ``<head>``, before any script it must govern.

    Raises:
        ValueError: The page has no ``<head>`` (the policy could not protect it).
    """
    marker = html.find("<head>")
    if marker < 0:
        raise ValueError("page has no <head> element; cannot add the Content-Security-Policy")
    at = marker + len("<head>")
    charset = html.find("<meta charset", at)
    if charset >= 0 and html[at:charset].strip() == "":
        at = html.index(">", charset) + 1  # keep <meta charset> first: it must be in 1024 bytes
    return html[:at] + "\n" + tag + html[at:]


def headers_file(policy: str) -> str:
    """A ``_headers`` file that sends the policy and two related headers for every path."""
    return (
        "# Generated by Policy Handbook — the same policy as each page's <meta> tag, plus\n"
        "# frame-ancestors, which only a header can carry. See README, 'Deploying'.\n"
        "/*\n"
        f"  Content-Security-Policy: {header_policy(policy)}\n"
        "  X-Content-Type-Options: nosniff\n"
        "  Referrer-Policy: same-origin\n"
    )
