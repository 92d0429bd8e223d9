"""Pyodide release comparison (issue 17): the calculators' first result and the bytes a boot
downloads under the installed Pyodide (0.25.1) and newer releases, side by side in one run, in
headless Chromium on localhost.

    .venv/bin/python benchmarks/pyodide_versions.py [--versions installed,0.27.8,0.29.5]
        [--runs 3] [--markdown] [--no-snapshot | --snapshot-from node|browser]

For each version:

- the runtime comes from ``node_modules/pyodide`` (``installed``, or the same version number) or
  from ``npm pack pyodide@<version>`` into ``.cache/pyodide-versions/<version>/`` (done once);
- ``calculators/`` is compiled to ``.pyc`` by *that* release's Python, running that Pyodide under
  Node (``benchmarks/pyodide_compile.mjs``), and zipped to unpack in the browser;
- a dedicated Web Worker (classic below 314, a module worker from 314 on, as the runtime's
  ``pyodide.asm.mjs`` requires) measures, from navigation to the worker's answer:
  ``bare`` — boot and ``1+1``; ``first`` — boot, unpack the zip, ``import calculators`` and one
  leave calculation through ``calculators.run_json``; ``snapshot`` — the same calculation from a
  memory snapshot made after importing every calculators module (releases with
  ``makeMemorySnapshot``), under Node as a site build could (``benchmarks/pyodide_snapshot.mjs``)
  or, with ``--snapshot-from browser``, in the browser's worker; ``--no-snapshot`` skips it. Each
  answer must equal the first one. Cold is a new browser context, warm a reload in it (the server
  sends ``Cache-Control: max-age=600`` like GitHub Pages).

Bytes are what the server sent during the cold visit (raw, and gzip -6 of the same files).
Prints one table (medians over ``--runs``); ``--markdown`` prints it again as Markdown.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import shutil
import statistics
import subprocess
import sys
import tarfile
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import partial
from http.server import ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))  # run as a script: the shared localhost helpers live in tests/
from tests.browser.local_site import StaticHandler, find_chromium, launch_args  # noqa: E402

INSTALLED = REPO / "node_modules" / "pyodide"
CACHE = REPO / ".cache" / "pyodide-versions"
COMPILER = REPO / "benchmarks" / "pyodide_compile.mjs"
SNAPSHOTTER = REPO / "benchmarks" / "pyodide_snapshot.mjs"
DEFAULT_VERSIONS = "installed,0.27.8,0.28.3,0.29.5,314.0.8"
LEAVE_INPUTS = {"hire_date": "2020-03-03", "as_of": "2025-03-03", "employment": "regular_full_time"}
RUNTIME_NAMES = (  # what a boot may fetch from the runtime folder
    "pyodide.js",
    "pyodide.mjs",
    "pyodide.asm.js",
    "pyodide.asm.mjs",
    "pyodide.asm.wasm",
    "python_stdlib.zip",
    "pyodide-lock.json",
)
MODES = ("bare", "first", "snapshot")
TIMEOUT_MS = 180_000

PAGE_HTML = """<!doctype html><html lang="en"><head><meta charset="utf-8"><title>pyodide</title>
<script src="page.js"></script></head><body>Pyodide release benchmark</body></html>
"""
PAGE_JS = """(function () {
  var params = new URLSearchParams(location.search);
  var module = params.get("module") === "1";
  var worker = new Worker((module ? "worker.mjs" : "worker.js") + location.search,
                          module ? {type: "module"} : undefined);
  worker.onmessage = function (event) {
    window.__done = Object.assign({ms: performance.now()}, event.data);
  };
  worker.onerror = function (event) {
    window.__done = {ms: performance.now(), ok: false, error: "worker error: " + event.message};
  };
})();
"""
# One body for both workers; worker.js starts with MODULE = false, worker.mjs with true.
WORKER_BODY = """
const params = new URLSearchParams(self.location.search);
const version = params.get("v");
const mode = params.get("mode");
const indexURL = new URL("rt/" + version + "/", self.location.href).href;
const app = new URL("app/" + version + "/", self.location.href).href;
const policyURL = new URL("policy.json", self.location.href).href;
const INPUTS = JSON.stringify(LEAVE_INPUTS_JSON);
const SNAPSHOT_IMPORTS = [
  "import importlib, pkgutil, calculators",
  "for info in pkgutil.walk_packages(calculators.__path__, 'calculators.'):",
  "    if info.name != 'calculators.__main__':",
  "        importlib.import_module(info.name)",
].join("\\n");

function get(url) {
  return fetch(url).then(function (response) {
    if (!response.ok) throw new Error("could not load " + url + " (HTTP " + response.status + ")");
    return response;
  });
}
function bytes(url) { return get(url).then(function (r) { return r.arrayBuffer(); }); }
function text(url) { return get(url).then(function (r) { return r.text(); }); }

async function loader() {
  if (MODULE) return (await import(indexURL + "pyodide.mjs")).loadPyodide;
  importScripts(indexURL + "pyodide.js");
  return self.loadPyodide;
}

function answer(py, policy) {
  const calculators = py.pyimport("calculators");
  const out = calculators.run_json("leave", INPUTS, policy);
  const python = py.runPython("import sys; '.'.join(map(str, sys.version_info[:3]))");
  calculators.destroy();
  return {answer: out, python: python};
}

async function main() {
  const options = {indexURL: indexURL, stdout: function () {}, stderr: function () {}};
  if (mode === "bare") {
    const loadPyodide = await loader();
    const py = await loadPyodide(options);
    return {value: py.runPython("1+1")};
  }
  if (mode === "first") {
    const zip = bytes(app + "calculators.zip");
    const policy = text(policyURL);
    const loadPyodide = await loader();
    const parts = await Promise.all([loadPyodide(options), zip, policy]);
    parts[0].unpackArchive(parts[1], "zip");
    return answer(parts[0], parts[2]);
  }
  if (mode === "make") {
    const zip = bytes(app + "calculators.zip");
    const loadPyodide = await loader();
    const making = loadPyodide(Object.assign({_makeSnapshot: true}, options));
    const parts = await Promise.all([making, zip]);
    parts[0].unpackArchive(parts[1], "zip");
    // The snapshot keeps memory, not the file system: import every module now (the worker
    // imports some lazily), then a boot from the snapshot needs no .pyc files at all.
    parts[0].runPython(SNAPSHOT_IMPORTS);
    const snapshot = parts[0].makeMemorySnapshot();
    const stored = await fetch(app + "snapshot.bin", {method: "PUT", body: snapshot});
    if (!stored.ok) throw new Error("could not store the snapshot (HTTP " + stored.status + ")");
    return {bytes: snapshot.length};
  }
  if (mode === "snapshot") {
    const snapshot = bytes(app + "snapshot.bin");
    const policy = text(policyURL);
    const loadPyodide = await loader();
    const py = await loadPyodide(Object.assign({_loadSnapshot: snapshot}, options));
    return answer(py, await policy);
  }
  throw new Error("unknown mode " + mode);
}

main().then(
  function (data) { self.postMessage(Object.assign({ok: true}, data)); },
  function (error) {
    const message = String((error && (error.stack || error.message)) || error);
    self.postMessage({ok: false, error: message});
  }
);
"""


@dataclass
class Version:
    """One Pyodide release under test."""

    label: str  # as asked on the command line
    version: str  # package.json's version
    runtime: Path  # folder holding pyodide.js, pyodide.asm.wasm, …
    python: str = ""
    module_worker: bool = False
    can_snapshot: bool = False
    compiled: Path | None = None
    snapshot_note: str = ""
    snapshot_bytes: tuple[int, int] = (0, 0)  # snapshot.bin raw, gzip
    answer: str = ""  # the first leave answer seen; every later one must be the same
    samples: dict[str, list[float]] = field(default_factory=dict)
    bytes_raw: dict[str, int] = field(default_factory=dict)
    bytes_gzip: dict[str, int] = field(default_factory=dict)
    fetched: dict[str, list[str]] = field(default_factory=dict)

    @property
    def key(self) -> str:
        """The version as a URL-safe folder name."""
        return self.version


class BenchHandler(StaticHandler):
    """Static files with ``Cache-Control: max-age=600``, a log of every GET path, and ``PUT``
    of ``app/<version>/snapshot.bin`` (the worker stores the snapshot it made)."""

    def end_headers(self) -> None:
        """Cache like GitHub Pages does."""
        self.send_header("Cache-Control", "max-age=600")
        super().end_headers()

    def do_GET(self) -> None:  # noqa: N802 — the name http.server dispatches to
        """Record the path, then serve the file."""
        self.server.requests.append(urlsplit(self.path).path)  # type: ignore[attr-defined]
        super().do_GET()

    def do_PUT(self) -> None:  # noqa: N802
        """Store a snapshot (and nothing else)."""
        path = urlsplit(self.path).path
        parts = path.strip("/").split("/")
        if len(parts) != 3 or parts[0] != "app" or parts[2] != "snapshot.bin":
            self.send_error(403)
            return
        length = int(self.headers.get("Content-Length", "0"))
        target = Path(self.directory) / "app" / parts[1] / "snapshot.bin"
        if not target.parent.is_dir():
            self.send_error(404)
            return
        with target.open("wb") as handle:
            remaining = length
            while remaining:
                block = self.rfile.read(min(remaining, 1 << 20))
                if not block:
                    break
                handle.write(block)
                remaining -= len(block)
        self.send_response(201)
        self.send_header("Content-Length", "0")
        self.end_headers()


@contextmanager
def serve(root: Path) -> Iterator[tuple[str, list[str]]]:
    """Serve ``root`` on a free localhost port; yields the base URL and the request log."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(BenchHandler, directory=str(root)))
    server.requests = []  # type: ignore[attr-defined]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/", server.requests  # type: ignore[attr-defined]
    finally:
        server.shutdown()
        server.server_close()


def chromium_path() -> str:
    """Chromium as the test suite finds it."""
    found = find_chromium()
    if found is None:
        raise SystemExit("Chromium not found — run `make setup` or set CHROMIUM_PATH")
    return found


def _node() -> str:
    node = shutil.which("node")
    if node is None:
        raise SystemExit("`node` is not on PATH: compiling for each Pyodide release needs Node.js")
    return node


def _package_version(runtime: Path) -> str:
    return str(json.loads((runtime / "package.json").read_text("utf-8"))["version"])


def fetch_runtime(label: str, cache: Path = CACHE) -> Version:
    """The runtime for ``label``: ``installed`` (or the installed version number) is
    ``node_modules/pyodide``; any other version is ``npm pack``-ed once into ``cache``.

    Args:
        label: ``installed`` or an exact npm version of ``pyodide``.
        cache: Where downloaded runtimes are kept, one folder per version.

    Returns:
        The version with its runtime folder, worker kind and snapshot support filled in.
    """
    if label == "installed" or (INSTALLED.is_dir() and label == _package_version(INSTALLED)):
        if not (INSTALLED / "pyodide.asm.wasm").is_file():
            raise SystemExit(f"no Pyodide runtime at {INSTALLED} — run `make setup` (npm ci)")
        runtime = INSTALLED
    else:
        runtime = cache / label
        if not (runtime / "package.json").is_file():
            runtime.parent.mkdir(parents=True, exist_ok=True)
            with tempfile.TemporaryDirectory(dir=runtime.parent, prefix=".pack-") as tmp:
                subprocess.run(
                    ["npm", "pack", f"pyodide@{label}", "--silent", "--pack-destination", tmp],
                    check=True,
                    stdout=subprocess.DEVNULL,
                )
                (tarball,) = Path(tmp).glob("*.tgz")
                with tarfile.open(tarball) as archive:
                    archive.extractall(tmp, filter="data")
                shutil.rmtree(runtime, ignore_errors=True)
                (Path(tmp) / "package").replace(runtime)
    has_asm_js = (runtime / "pyodide.asm.js").is_file()
    return Version(
        label=label,
        version=_package_version(runtime),
        runtime=runtime,
        module_worker=not has_asm_js and (runtime / "pyodide.asm.mjs").is_file(),
        can_snapshot="makeMemorySnapshot" in (runtime / "pyodide.d.ts").read_text("utf-8"),
    )


def _sources() -> dict[str, str]:
    package = REPO / "calculators"
    files = sorted(p for p in package.rglob("*.py") if "__pycache__" not in p.parts)
    return {p.relative_to(REPO).as_posix(): p.read_text("utf-8") for p in files}


def compile_calculators(version: Version, cache: Path = CACHE) -> None:
    """Compile ``calculators/`` with ``version``'s own Python (Pyodide under Node) into a zip of
    ``.pyc``, cached by the sources' digest; fills ``version.compiled`` and ``version.python``."""
    sources = _sources()
    digest = hashlib.sha256(json.dumps(sources, sort_keys=True).encode()).hexdigest()[:16]
    folder = cache / "compiled" / version.version
    target = folder / f"calculators-{digest}.zip"
    info = target.with_suffix(".json")
    if not (target.is_file() and info.is_file()):
        folder.mkdir(parents=True, exist_ok=True)
        for stale in folder.iterdir():
            stale.unlink()
        with tempfile.TemporaryDirectory() as tmp:
            spec = Path(tmp) / "sources.json"
            spec.write_text(json.dumps(sources), encoding="utf-8")
            done = subprocess.run(
                [_node(), str(COMPILER), str(version.runtime), str(spec), str(target)],
                capture_output=True,
                text=True,
                timeout=600,
                check=False,
            )
        if done.returncode != 0:
            raise SystemExit(
                f"compiling the calculators under Pyodide {version.version} failed:\n"
                + (done.stderr or done.stdout)[-3000:]
            )
        info.write_text(done.stdout.strip().splitlines()[-1], encoding="utf-8")
    version.compiled = target
    version.python = json.loads(info.read_text("utf-8"))["python"]


def policy_text() -> str:
    """The sample handbook's merged policy, as the build writes ``policy.json``."""
    from build_hooks.content import load_policy

    return json.dumps(load_policy(REPO / "docs"), sort_keys=True)


def _gzip_size(path: Path, memo: dict[Path, int]) -> int:
    real = path.resolve()
    if real not in memo:
        memo[real] = len(gzip.compress(real.read_bytes(), compresslevel=6, mtime=0))
    return memo[real]


def prepare(root: Path, versions: list[Version]) -> None:
    """Lay out the served folder: pages, workers, policy and, per version, the runtime (a
    symlink) and the compiled calculators."""
    body = WORKER_BODY.replace("LEAVE_INPUTS_JSON", json.dumps(LEAVE_INPUTS))
    (root / "page.html").write_text(PAGE_HTML, encoding="utf-8")
    (root / "page.js").write_text(PAGE_JS, encoding="utf-8")
    (root / "worker.js").write_text('"use strict";\nvar MODULE = false;\n' + body, "utf-8")
    (root / "worker.mjs").write_text("const MODULE = true;\n" + body, encoding="utf-8")
    (root / "policy.json").write_text(policy_text(), encoding="utf-8")
    (root / "rt").mkdir()
    for version in versions:
        (root / "rt" / version.key).symlink_to(version.runtime.resolve(), target_is_directory=True)
        app = root / "app" / version.key
        app.mkdir(parents=True)
        assert version.compiled is not None
        shutil.copyfile(version.compiled, app / "calculators.zip")


def _visit(page, base: str, version: Version, mode: str) -> dict:
    query = f"?v={version.key}&mode={mode}&module={int(version.module_worker)}"
    page.goto(base + "page.html" + query)
    page.wait_for_function("() => window.__done", timeout=TIMEOUT_MS)
    return page.evaluate("() => window.__done")


def _check(version: Version, mode: str, done: dict) -> None:
    if not done.get("ok"):
        raise RuntimeError(f"Pyodide {version.version} {mode}: {done.get('error')}")
    if mode == "bare":
        if done.get("value") != 2:
            raise RuntimeError(f"Pyodide {version.version} bare: 1+1 gave {done.get('value')!r}")
        return
    answer = json.loads(done["answer"])
    if "result" not in answer:
        raise RuntimeError(f"Pyodide {version.version} {mode}: no result in {done['answer'][:300]}")
    if version.answer and done["answer"] != version.answer:
        raise RuntimeError(f"Pyodide {version.version} {mode}: another answer than before")
    version.answer = done["answer"]
    if done.get("python") != version.python:
        raise RuntimeError(
            f"Pyodide {version.version} {mode}: ran Python {done.get('python')}, "
            f"compiled for {version.python}"
        )


def _record_bytes(version: Version, mode: str, root: Path, requests: list[str], memo: dict) -> None:
    paths = sorted({p.lstrip("/") for p in requests})
    files = [root / p for p in paths if (root / p).is_file()]
    version.fetched[mode] = paths
    if mode == "snapshot":
        snapshot = root / "app" / version.key / "snapshot.bin"
        version.snapshot_bytes = (snapshot.stat().st_size, _gzip_size(snapshot, memo))
    version.bytes_raw[mode] = sum(f.resolve().stat().st_size for f in files)
    version.bytes_gzip[mode] = sum(_gzip_size(f, memo) for f in files)


def _node_snapshot(version: Version, target: Path) -> dict:
    """Make the snapshot under Node (``pyodide_snapshot.mjs``), as a site build could."""
    assert version.compiled is not None
    done = subprocess.run(
        [_node(), str(SNAPSHOTTER), str(version.runtime), str(version.compiled), str(target)],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    if done.returncode != 0:
        return {"ok": False, "error": (done.stderr or done.stdout).strip()[-300:]}
    return {"ok": True, **json.loads(done.stdout.strip().splitlines()[-1])}


def make_snapshots(
    browser,
    base: str,
    root: Path,
    versions: list[Version],
    origin: str = "browser",
) -> None:
    """Make each capable version's memory snapshot after importing every calculators module,
    in the browser's worker or under Node (``origin``); a version whose snapshot cannot be made
    gets a note instead."""
    for version in versions:
        if not version.can_snapshot:
            version.snapshot_note = f"{version.version} has no makeMemorySnapshot"
            continue
        if origin == "node":
            done = _node_snapshot(version, root / "app" / version.key / "snapshot.bin")
        else:
            ctx = browser.new_context()
            try:
                done = _visit(ctx.new_page(), base, version, "make")
            except Exception as exc:  # reported, not raised: the rest still runs
                done = {"ok": False, "error": str(exc).splitlines()[0]}
            finally:
                ctx.close()
        if not done.get("ok"):
            version.can_snapshot = False
            version.snapshot_note = f"making failed: {str(done.get('error'))[:200]}"
        elif not (root / "app" / version.key / "snapshot.bin").is_file():
            version.can_snapshot = False
            version.snapshot_note = "the snapshot was not stored"


def measure(versions: list[Version], runs: int, snapshots: str | None) -> None:
    """Every mode of every version, cold and warm, ``runs`` times, the versions interleaved (the
    order rotates each run); fills ``samples``, ``bytes_*`` and ``fetched``. ``snapshots`` is
    where the snapshots are made (``browser`` or ``node``), or None for none."""
    from playwright.sync_api import sync_playwright

    memo: dict[Path, int] = {}
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        prepare(root, versions)
        with serve(root) as (base, requests), sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=chromium_path(), headless=True, args=launch_args()
            )
            ctx = browser.new_context()  # warm-up, not measured: the browser's own start-up
            _check(versions[0], "bare", _visit(ctx.new_page(), base, versions[0], "bare"))
            ctx.close()
            if snapshots:
                make_snapshots(browser, base, root, versions, snapshots)
            else:
                for version in versions:
                    version.can_snapshot = False
                    version.snapshot_note = "skipped (--no-snapshot)"
            for run in range(runs):
                shift = run % len(versions)
                for version in versions[shift:] + versions[:shift]:
                    for mode in MODES:
                        if mode == "snapshot" and not version.can_snapshot:
                            continue
                        ctx = browser.new_context()
                        page = ctx.new_page()
                        try:
                            for temperature in ("cold", "warm"):
                                requests.clear()
                                try:
                                    done = _visit(page, base, version, mode)
                                    _check(version, mode, done)
                                except Exception as exc:
                                    if mode != "snapshot":
                                        raise
                                    version.can_snapshot = False
                                    version.snapshot_note = (
                                        f"booting from it failed: {str(exc).splitlines()[0][:200]}"
                                    )
                                    break
                                version.samples.setdefault(f"{mode}_{temperature}", []).append(
                                    done["ms"]
                                )
                                if temperature == "cold" and run == 0:
                                    _record_bytes(version, mode, root, list(requests), memo)
                        finally:
                            ctx.close()
            browser.close()


def _mb(n: int | None) -> str:
    return "–" if n is None else f"{n / 1e6:.2f}"


def rows(versions: list[Version]) -> tuple[list[str], list[list[str]]]:
    """The table's header and one row per version (medians, ms; bytes in MB)."""
    header = [
        "pyodide",
        "python",
        "worker",
        "bare MB raw/gz",
        "first MB raw/gz",
        "bare cold",
        "bare warm",
        "first cold",
        "first warm",
        "first/bare cold",
        "first/bare warm",
        "snap MB raw/gz",
        "snap cold",
        "snap warm",
    ]
    out = []
    for v in versions:
        med = {name: statistics.median(values) for name, values in v.samples.items()}

        def ms(name: str, med: dict[str, float] = med) -> str:
            return f"{med[name]:.0f}" if name in med else "–"

        def ratio(a: str, b: str, med: dict[str, float] = med) -> str:
            return f"{med[a] / med[b]:.2f}" if a in med and b in med else "–"

        def size(mode: str, v: Version = v) -> str:
            if mode not in v.bytes_raw:
                return "–"
            return f"{_mb(v.bytes_raw[mode])}/{_mb(v.bytes_gzip[mode])}"

        snap = v.can_snapshot and "snapshot_cold" in med
        out.append(
            [
                v.version,
                v.python,
                "module" if v.module_worker else "classic",
                size("bare"),
                size("first"),
                ms("bare_cold"),
                ms("bare_warm"),
                ms("first_cold"),
                ms("first_warm"),
                ratio("first_cold", "bare_cold"),
                ratio("first_warm", "bare_warm"),
                size("snapshot") if snap else "–",
                ms("snapshot_cold") if snap else "–",
                ms("snapshot_warm") if snap else "–",
            ]
        )
    return header, out


def format_table(header: list[str], body: list[list[str]]) -> str:
    """Plain text, columns aligned."""
    widths = [max(len(r[i]) for r in [header, *body]) for i in range(len(header))]
    lines = [
        "  ".join(cell.rjust(w) for cell, w in zip(r, widths, strict=True)) for r in [header, *body]
    ]
    return "\n".join(lines)


def format_markdown(header: list[str], body: list[list[str]]) -> str:
    """The same table as Markdown."""
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---:" for _ in header) + "|"]
    lines += ["| " + " | ".join(r) + " |" for r in body]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Fetch, compile, measure, print."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--versions",
        default=DEFAULT_VERSIONS,
        help=f"npm versions of pyodide or `installed`, by commas (default {DEFAULT_VERSIONS})",
    )
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--markdown", action="store_true", help="print the table as Markdown too")
    parser.add_argument("--no-snapshot", action="store_true", help="skip the memory snapshots")
    parser.add_argument(
        "--snapshot-from",
        choices=("node", "browser"),
        default="node",
        help="make the snapshots under Node, as a build could (default), or in the browser",
    )
    args = parser.parse_args(argv)
    labels = [v.strip() for v in args.versions.split(",") if v.strip()]
    versions: list[Version] = []
    for label in labels:
        version = fetch_runtime(label)
        if any(v.version == version.version for v in versions):
            continue
        compile_calculators(version)
        versions.append(version)
    measure(versions, args.runs, snapshots=None if args.no_snapshot else args.snapshot_from)
    header, body = rows(versions)
    print(
        f"runs={args.runs} (medians, ms from navigation to the worker's answer; MB = 10^6 bytes;"
        f" snapshots made in: {'-' if args.no_snapshot else args.snapshot_from})"
    )
    print(format_table(header, body))
    for v in versions:
        if v.snapshot_note:
            print(f"snapshot {v.version}: {v.snapshot_note}")
        elif "snapshot" in v.fetched:
            print(
                f"snapshot {v.version}: snapshot.bin {_mb(v.snapshot_bytes[0])}/"
                f"{_mb(v.snapshot_bytes[1])} MB raw/gz; the boot fetched "
                + ", ".join(p for p in v.fetched["snapshot"] if p.startswith(("rt/", "app/")))
            )
    if args.markdown:
        print()
        print(format_markdown(header, body))
    return 0


if __name__ == "__main__":
    sys.exit(main())
