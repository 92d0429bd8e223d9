"""Golden files for the generated pages: revisions, whole handbook (print), acknowledgement,
and a section page with its calculator form, built from ``tests/golden/handbook/``.

Each page's own content (Material's ``<article>``, without the navigation every page repeats) is
compared with ``tests/golden/NAME.html``, one element per line. The revision id is a digest of
every section's text and of the revision rules, so it reads ``REVISION-ID`` in the golden
files; nothing else in these pages depends on the day of the build. After an intended change:
``pytest tests/build/test_golden_pages.py --update-golden`` and review the diff.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from tests.build.handbooks import build_site, html_of, write_config
from tests.conftest import GOLDEN

REVISION_ID = re.compile(r"\b\d{4}-\d{2}-\d{2}-[0-9a-f]{12}\b")

PAGES = {
    "revisions.html": "revisions/index.html",
    "print.html": "print/index.html",
    "acknowledgement.html": "acknowledgement/index.html",
    "calculator-form.html": "04-employment/04-02-relatives/index.html",
}


@pytest.fixture(scope="module")
def golden_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("golden")
    shutil.copytree(GOLDEN / "handbook" / "docs", root / "docs")
    config = write_config(root, acknowledgement={"hr_email": "hr@golden-valley.example"})
    return build_site(config, root / "site")


def normalised(page_html: str) -> str:
    """The page's ``<article>``, revision ids replaced, one tag per line."""
    start = page_html.index('<article class="md-content__inner')
    article = page_html[start : page_html.index("</article>", start) + len("</article>")]
    article = REVISION_ID.sub("REVISION-ID", article)
    return re.sub(r">\s*<", ">\n<", article).strip() + "\n"


@pytest.mark.parametrize("name", list(PAGES))
def test_generated_page_matches_its_golden_file(golden_site, golden, name):
    golden(name, normalised(html_of(golden_site, PAGES[name])))


def test_the_revision_id_is_the_only_thing_normalised(golden_site):
    revisions = html_of(golden_site, PAGES["revisions.html"])
    assert len(set(REVISION_ID.findall(revisions))) == 1
    assert "REVISION-ID" not in revisions
