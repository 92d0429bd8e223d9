"""The Content-Security-Policy's inline-script scan (build_hooks/handbook/csp.py) finds exactly
the scripts a browser would run inline, the way an HTML tokenizer reads the page."""

from __future__ import annotations

import base64
import hashlib

import pytest

from build_hooks.handbook.csp import inline_script_hashes, inline_scripts


@pytest.mark.parametrize(
    ("page", "expected"),
    [
        ("<script>a()</script>", ["a()"]),
        ('<SCRIPT type="module">b()</Script >', ["b()"]),
        ("<script type='text/javascript' >c()</script\n>", ["c()"]),
        ("<script type=module>d()</script>", ["d()"]),
        ('<script src="x.js"></script>', []),
        ('<script type="application/json">{"a": 1}</script>', []),
        ('<script type="text/plain">not run</script>', []),
        ("<!-- <script>commented()</script> --><script>e()</script>", ["e()"]),
        ('<style>a::after {content: "<script>x()</script>"}</style><script>f()</script>', ["f()"]),
        ('<div title="a>b"><script>g()</script></div>', ["g()"]),
        ('<script data-note="<script>">h()</script>', ["h()"]),
        ("<scripts>not a script</scripts>", []),
        ("<script>if (a < b) i('</scr' + 'ipt>')</script>", ["if (a < b) i('</scr' + 'ipt>')"]),
        (
            "<script>\n  one();\n</script><p>text</p><script>two()</script>",
            ["\n  one();\n", "two()"],
        ),
        ('<script src="a.js" type="module"></script><script>three()</script>', ["three()"]),
    ],
)
def test_inline_scripts_are_the_ones_a_browser_runs(page: str, expected: list[str]) -> None:
    assert inline_scripts(page) == expected


def test_hash_sources_are_sha256_of_the_exact_text() -> None:
    text = "var x = 1;\n"
    digest = base64.b64encode(hashlib.sha256(text.encode()).digest()).decode()
    assert inline_script_hashes(f"<head><script>{text}</script></head>") == {f"'sha256-{digest}'"}
