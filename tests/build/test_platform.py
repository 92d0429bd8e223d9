"""The platform path: the sample handbook builds the same under ProperDocs as under MkDocs.

ProperDocs is a maintained fork of MkDocs 1.6 that keeps ``hooks:``; it is the first step of the
migration plan in ``docs-dev/platform.md``. Both command-line tools build the real sample
(``mkdocs.yml``, all three hooks) in their own process, and every file of the two sites must be
byte-for-byte equal, except the ``generator`` meta element each page carries (and so the
pages' digests in ``offline.json`` and the offline version in ``service-worker.js``, which are
computed from the pages' bytes).
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from importlib.metadata import version
from pathlib import Path

import pytest

from tests.conftest import REPO

GENERATOR = re.compile(rb'<meta name="generator" content="[^"]*">')
BIN = Path(sys.executable).parent


def build_with(tool: str, site: Path) -> Path:
    """``TOOL build --strict`` of the sample handbook into ``site`` (fixed build date)."""
    env = {
        **os.environ,
        "NO_MKDOCS_2_WARNING": "1",
        "SOURCE_DATE_EPOCH": "1767225600",  # 2026-01-01: the sitemap's dates do not follow today
    }
    result = subprocess.run(
        [str(BIN / tool), "build", "--strict", "-f", "mkdocs.yml", "-d", str(site)],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, f"{tool} build failed:\n{result.stderr[-3000:]}"
    return site


def files_of(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in site.rglob("*") if p.is_file()}


def without_page_digests(files: dict[str, bytes]) -> dict[str, bytes]:
    """``offline.json`` without the pages' digests and the version made from them, and
    ``service-worker.js`` without that version: both follow the generator meta of the pages."""
    listing = json.loads(files["offline.json"])
    version = listing.pop("version").encode()
    listing["files"] = {
        url: "page" if url.endswith(("/", ".html")) else digest
        for url, digest in listing["files"].items()
    }
    return {
        **files,
        "offline.json": json.dumps(listing, sort_keys=True).encode(),
        "service-worker.js": files["service-worker.js"].replace(version, b"VERSION"),
    }


@pytest.mark.slow
def test_properdocs_builds_the_sample_like_mkdocs(tmp_path):
    mkdocs = without_page_digests(files_of(build_with("mkdocs", tmp_path / "mkdocs")))
    properdocs = without_page_digests(files_of(build_with("properdocs", tmp_path / "properdocs")))
    assert sorted(properdocs) == sorted(mkdocs)
    pages = [name for name in mkdocs if name.endswith(".html")]
    assert len(pages) > 150  # every section, chapter and generated page
    generators = set()
    for name, content in mkdocs.items():
        other = properdocs[name]
        if name.endswith(".html"):
            generators.update(GENERATOR.findall(content) + GENERATOR.findall(other))
            content, other = GENERATOR.sub(b"", content), GENERATOR.sub(b"", other)
        assert other == content, f"{name} differs between the MkDocs and ProperDocs builds"
    material = f"mkdocs-material-{version('mkdocs-material')}"
    assert generators == {
        f'<meta name="generator" content="{name}, {material}">'.encode()
        for name in (f"mkdocs-{version('mkdocs')}", f"mkdocs-ProperDocs {version('properdocs')}")
    }
