"""MkDocs hooks of the browser calculators: forms in pages, ``/calculators/``, the bundle.

List this file under ``hooks:`` in ``mkdocs.yml`` after ``build_hooks/handbook/hooks.py`` and
``build_hooks/acknowledgement/hooks.py``. What a form looks like lives in
:mod:`build_hooks.calculator_site.forms`; what it does in the browser lives in
``build_hooks/calculator_site/assets/``; the compiled wheel, ``policy.json`` and the Pyodide runtime
are written by :mod:`build_hooks.calculator_site.bundle`. No module-level mutable state: everything
per build is kept on the build's config (:func:`build_hooks.state.current`).

Site layout:

- ``assets/calculator-ui/``: the ES modules, worker and stylesheet (copied from
  ``build_hooks/calculator_site/assets/``), ``sections.json`` (section id -> page URL, for the
  links to the sections a result cites) and ``files.json`` (the UI's files, kept for offline
  use). The entry module ``calculator-main.js`` is on every page (Material's instant navigation
  never loads scripts later) but starts nothing unless the page holds a form.
- ``assets/calculators/``: the bundle (``manifest.json``, the wheel, ``policy.json``,
  ``pyodide-<version>/``), only ever fetched by the worker.
- The service worker is the handbook feature's (``build_hooks/handbook/offline.py``, at the
  site root); ``offline.js`` registers that same worker on calculator pages and asks it to keep
  the calculators' runtime for offline use.
"""

from __future__ import annotations

import json
import re
from html import escape as html_escape
from pathlib import Path
from typing import TYPE_CHECKING, Any

from mkdocs.config.config_options import ExtraScriptValue
from mkdocs.exceptions import PluginError
from mkdocs.plugins import get_plugin_logger
from mkdocs.structure.files import File, Files
from mkdocs.utils import get_relative_url

from build_hooks.calculator_site.bundle import BundleError, write_bundle
from build_hooks.calculator_site.forms import calculator_form
from build_hooks.handbook.render import escape_md, relative_link
from build_hooks.state import CalculatorSite, HomeLink, current
from calculators import describe_all

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.pages import Page

log = get_plugin_logger("handbook.calculators")

REPO = Path(__file__).resolve().parents[2]
ASSETS_DIR = Path(__file__).resolve().parent / "assets"
ASSETS_URI = "assets/calculator-ui"
SCRIPT = f"{ASSETS_URI}/calculator-main.js"  # ES module, imports the other modules
START_SCRIPT = f"{ASSETS_URI}/calculator-start.js"  # ES module, <head> of calculator pages
FILES_URI = f"{ASSETS_URI}/files.json"  # the UI's files, for the service worker's precache
STYLESHEET = f"{ASSETS_URI}/calculators.css"
SECTIONS_URI = f"{ASSETS_URI}/sections.json"
PAGE_URI = "calculators/index.md"
CACHE_DIR = REPO / ".cache" / "bundle"

_CHARSET = re.compile(r"<meta charset=[^>]*>", re.IGNORECASE)
_SLOT = re.compile(r'<div class="ph-calc-slot" data-calculator="([A-Za-z0-9_-]+)"></div>')
_FOOTER = re.compile(r'<h2[^>]*\bid="(?:referenced-by|see-also)"|<details class="info"')


def _calculators() -> dict[str, dict[str, Any]]:
    """``describe(name)`` of every registered calculator, by name."""
    return {d["name"]: d for d in describe_all()}


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    """Register the entry module and stylesheet (once, even if the config is reused).

    The entry module (``type="module"``) does nothing on a page without a calculator form: no
    worker, no Pyodide request; the modules it imports are fetched by the browser, no bundler.
    """
    if SCRIPT not in [str(js) for js in config.extra_javascript]:
        script = ExtraScriptValue(SCRIPT)
        script.type = "module"
        config.extra_javascript.append(script)
    if STYLESHEET not in [str(css) for css in config.extra_css]:
        config.extra_css.append(STYLESHEET)
    return config


def _calculators_page(descriptions: dict[str, dict[str, Any]], hosts: dict[str, list[Any]]) -> str:
    """Markdown of ``/calculators/``: per calculator a heading, its section link and a slot."""
    parts = [
        "# Calculators\n",
        "These calculators apply the handbook's own rules to your figures. They run entirely in "
        "your browser: what you enter never leaves this device. Each result cites the sections "
        "it applies.\n",
    ]
    for name, description in descriptions.items():
        parts.append(f"## {escape_md(description.get('title') or name)}\n")
        sections = hosts.get(name, [])
        if sections:
            links = ", ".join(
                f"[{escape_md(s.label)}]({relative_link(PAGE_URI, s.src_uri)})" for s in sections
            )
            parts.append(f"The rules: {links}.\n")
        parts.append(f'<div class="ph-calc-slot" data-calculator="{name}"></div>\n')
    return "\n".join(parts)


def on_files(files: Files, config: MkDocsConfig) -> Files:
    """Add ``/calculators/``, the calculator assets and the section map; flag the home page.

    Runs after the core hook's ``on_files`` (hooks run in the order ``mkdocs.yml`` lists them),
    so this build's handbook index and policy exist; before any page is rendered, so the home
    page lists the quick links added here.

    Raises:
        PluginError: The core hooks did not run first, a section names an unknown calculator,
            or ``/calculators/`` exists already.
    """
    state = current(config)
    handbook = state.handbook
    if handbook is None:
        raise PluginError(
            "calculator hooks: no handbook index — list build_hooks/handbook/hooks.py before "
            "build_hooks/calculator_site/hooks.py under 'hooks:'"
        )
    descriptions = _calculators()
    if not descriptions:
        log.info("No calculator registered: no calculator forms")
        return files

    hosts: dict[str, list[Any]] = {}
    unknown = []
    for section in handbook:
        if section.calculator:
            if section.calculator not in descriptions:
                unknown.append(f"{section.source}: calculator: {section.calculator}")
            else:
                hosts.setdefault(section.calculator, []).append(section)
    if unknown:
        raise PluginError(
            "Unknown calculator named in front-matter (the calculators are "
            + ", ".join(descriptions)
            + "):\n  "
            + "\n  ".join(unknown)
        )
    state.add_page(
        config,
        files,
        uri=PAGE_URI,
        content=_calculators_page(descriptions, hosts),
        feature="calculators",
        home_link=HomeLink(
            PAGE_URI,
            "Calculators",
            "Work out your leave and more with the handbook's rules, in your browser",
        ),
    )
    for section in handbook:  # each section with a form, in handbook order
        if section.calculator:
            state.add_home_link(
                HomeLink(
                    section.src_uri,
                    f"{str(section.calculator).capitalize()} calculator",
                    f"in {section.label}",
                )
            )
    state.calculator_site = CalculatorSite(
        descriptions=descriptions,
        hosts={name: [s.src_uri for s in hosts.get(name, [])] for name in descriptions},
    )

    urls = {}
    for section in handbook:
        file = files.get_file_from_path(section.src_uri)
        if file is not None:
            urls[section.id] = {"url": file.url, "label": section.label}
    files.append(
        File.generated(config, SECTIONS_URI, content=json.dumps(urls, sort_keys=True) + "\n")
    )
    ui_files = sorted(
        a.relative_to(ASSETS_DIR).as_posix() for a in ASSETS_DIR.rglob("*") if a.is_file()
    )
    files.append(File.generated(config, FILES_URI, content=json.dumps(ui_files) + "\n"))
    for asset in sorted(ASSETS_DIR.rglob("*")):
        if not asset.is_file():
            continue
        uri = f"{ASSETS_URI}/{asset.relative_to(ASSETS_DIR).as_posix()}"
        if files.get_file_from_path(uri) is None:
            files.append(File.generated(config, uri, abs_src_path=str(asset)))
    return files


def _insert_before_footer(html: str, block: str) -> str:
    """``block`` after the section's text, before "Referenced by"/"See also"/history."""
    match = _FOOTER.search(html)
    if match is None:
        return html + block
    return html[: match.start()] + block + html[match.start() :]


def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    """Add the calculator form to the pages whose section names one, and fill ``/calculators/``."""
    state = current(config)
    site = state.calculator_site
    if site is None:
        return html
    descriptions = site.descriptions
    uri = page.file.src_uri
    if uri == PAGE_URI:

        def fill(match: re.Match[str]) -> str:
            description = descriptions[match.group(1)]
            return calculator_form(
                description,
                tables_hint="the tables in the handbook section linked above",
                show_title=False,
            )

        return _SLOT.sub(fill, html)
    handbook = state.handbook
    section = handbook.by_uri.get(uri) if handbook is not None else None
    if section is None or not section.calculator:
        return html
    form = calculator_form(
        descriptions[section.calculator],
        tables_hint="the tables on this page",
        heading_level=2,
    )
    return _insert_before_footer(html, form)


def on_post_page(output: str, page: Page, config: MkDocsConfig) -> str:
    """On a page with a calculator form, start the worker from the top of ``<head>`` (an
    ``async`` module, right after ``<meta charset>``): the browser fetches it first and Pyodide
    boots while the rest of the page loads. Other pages are left untouched."""
    if 'class="ph-calc"' not in output or "</head>" not in output:
        return output
    src = get_relative_url(START_SCRIPT, page.url)
    tag = f'<script type="module" src="{html_escape(src)}" async></script>'
    charset = _CHARSET.search(output)
    if charset is None:
        return output.replace("</head>", tag + "</head>", 1)
    return output[: charset.end()] + "\n" + tag + output[charset.end() :]


def on_post_build(config: MkDocsConfig) -> None:
    """Write the calculators bundle (wheel, policy, runtime, manifest) into the site.

    Raises:
        PluginError: The bundle could not be made (its message says which make target fixes it).
    """
    state = current(config)
    if state.calculator_site is None or state.checked is None:
        return
    try:
        manifest = write_bundle(
            Path(config.site_dir), state.checked.policy, repo=REPO, cache_dir=CACHE_DIR
        )
    except BundleError as exc:
        raise PluginError(f"Calculators bundle: {exc}") from exc
    log.info(
        "Calculators bundle %s: Pyodide %s, %s",
        manifest.get("version"),
        manifest.get("pyodide_version"),
        manifest.get("wheel"),
    )
