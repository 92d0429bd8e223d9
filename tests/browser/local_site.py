"""Serving a built site on localhost and finding Chromium: shared by the browser tests'
fixtures and ``benchmarks/browser_calculators.py`` (plain module, no pytest)."""

from __future__ import annotations

import os
from http.server import SimpleHTTPRequestHandler
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
# Without these, Chromium keeps trying to reach the internet (see ../shared/TOOLING.md).
CHROMIUM_ARGS = (
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
)


class StaticHandler(SimpleHTTPRequestHandler):
    """Static files with the MIME types Pyodide needs, without request logging."""

    extensions_map = {  # noqa: RUF012 — class attribute of the stdlib handler
        **SimpleHTTPRequestHandler.extensions_map,
        ".wasm": "application/wasm",
        ".mjs": "text/javascript",
        ".js": "text/javascript",
        ".json": "application/json",
        ".whl": "application/zip",
        ".zip": "application/zip",
    }

    def log_message(self, format: str, *args: object) -> None:
        """Keep output clean."""


def find_chromium() -> str | None:
    """$CHROMIUM_PATH, then .chromium-path (written by make setup), then Debian's Chromium."""
    candidates = [os.environ.get("CHROMIUM_PATH", "")]
    stamp = REPO / ".chromium-path"
    if stamp.is_file():
        candidates.append(stamp.read_text().strip())
    candidates.append("/usr/bin/chromium")
    return next((c for c in candidates if c and Path(c).is_file()), None)


def launch_args() -> list[str]:
    """Chromium's arguments here: the offline flags, plus --no-sandbox when running as root."""
    args = list(CHROMIUM_ARGS)
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        args.append("--no-sandbox")
    return args
